/**
 * The debug server's access rule. Tokens are one-time: the printed URL's token, and every invite
 * token an attached page asks for, can be exchanged once for a session cookie (HttpOnly,
 * SameSite=Strict, its name carrying the port so that two debuggers in one browser do not log each
 * other out), and are void from then on. Requests must name the loopback host they were sent to (no
 * DNS rebinding); API requests from a page must come from this server's own origin.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The cookie a browser gets for a token, for the server on `port`. */
export const cookieName = (port: number): string => `exvm_debug_${port}`;

const equal = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
const secret = (): string => randomBytes(16).toString('hex');

/** Most invite tokens waiting to be used at once (older ones are voided first). */
const MAX_OPEN_TOKENS = 64;

/** The secrets of one server: its unused tokens and the cookies issued for them. */
export class Access {
  /** The token in the printed URL: new, random, for this server only, usable once. */
  readonly token = secret();
  #tokens: string[] = [this.token];
  readonly #cookies = new Set<string>();

  /** A new one-time token (for another browser). */
  invite(): string {
    const token = secret();
    this.#tokens = [...this.#tokens, token].slice(-MAX_OPEN_TOKENS);
    return token;
  }

  /** Voids the URL's token and returns a new session cookie for it; undefined when the token is not (or no longer) valid. */
  exchange(url: URL): string | undefined {
    const token = url.searchParams.get('token');
    const at = token === null ? -1 : this.#tokens.findIndex((open) => equal(open, token));
    if (at < 0) return undefined;
    this.#tokens = this.#tokens.filter((_, index) => index !== at);
    const cookie = secret();
    this.#cookies.add(cookie);
    return cookie;
  }

  /** Whether the request carries a cookie this server (on `port`) issued. */
  hasCookie(request: IncomingMessage, port: number): boolean {
    const prefix = `${cookieName(port)}=`;
    const cookies = (request.headers.cookie ?? '').split(';').map((part) => part.trim());
    return cookies.some((part) => part.startsWith(prefix) && this.#known(part.slice(prefix.length)));
  }

  #known(cookie: string): boolean {
    for (const issued of this.#cookies) if (equal(issued, cookie)) return true;
    return false;
  }
}

/** Whether the Host header names the loopback address and port the server listens on. */
export function loopbackHost(request: IncomingMessage, port: number): boolean {
  const host = request.headers.host ?? '';
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/**
 * Whether an API request comes from this server's own page (or from a client that is not a browser):
 * an Origin header, when present, must be this server's, and Sec-Fetch-Site, when present, same-origin.
 */
export function sameOrigin(request: IncomingMessage, port: number): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) return false;
  const site = request.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin';
}
