/**
 * The debug server's access rule: a random token printed with the URL. A browser that opens the URL
 * exchanges the token for a session cookie (HttpOnly, SameSite=Strict); API clients may send the
 * token itself. Requests must also name the loopback host they were sent to (no DNS rebinding).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The cookie a browser gets for the token. */
export const COOKIE_NAME = 'exvm_debug';

const equal = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The secrets of one server: its token and the cookies issued for it. */
export class Access {
  /** The token in the printed URL: new, random, for this server only. */
  readonly token = randomBytes(16).toString('hex');
  readonly #cookies = new Set<string>();

  /** A new session cookie value (each browser gets its own). */
  issueCookie(): string {
    const cookie = randomBytes(16).toString('hex');
    this.#cookies.add(cookie);
    return cookie;
  }

  /** Whether the request's URL carries the token. */
  hasToken(url: URL): boolean {
    const token = url.searchParams.get('token');
    return token !== null && equal(token, this.token);
  }

  /** Whether the request carries a cookie this server issued. */
  hasCookie(request: IncomingMessage): boolean {
    const cookies = (request.headers.cookie ?? '').split(';').map((part) => part.trim());
    return cookies.some((part) => part.startsWith(`${COOKIE_NAME}=`) && this.#known(part.slice(COOKIE_NAME.length + 1)));
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
