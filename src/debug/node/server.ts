/**
 * The debugger's HTTP server on the loopback interface. The page is the built web/dist; the state
 * goes to every attached browser as server-sent events (`GET /api/events`), commands come in as
 * `POST /api/command` with a JSON ClientMessage. Opening the page with a one-time token sets the
 * session cookie every other request needs; an attached page gets further one-time URLs for other
 * browsers from `POST /api/invite`. Malformed requests get an error answer and never disturb the session.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DebugSession } from '../session.js';
import type { ServerMessage } from '../protocol.js';
import { MAX_MESSAGE_CHARS } from '../protocol.js';
import { Access, cookieName, loopbackHost, sameOrigin } from './auth.js';
import { eventWriter } from './event-stream.js';
import { sendStatic, sendText } from './static-files.js';
import { errorReason } from '../../messages.js';

/** Where and how to serve. */
export interface DebugServerOptions {
  /** The port; 0 (the default) picks a free one. */
  readonly port?: number;
  /** The built page's folder (web/dist). */
  readonly pageRoot: string;
}

/** A running debug server. */
export interface DebugServer {
  /** The URL to open, with its one-time token. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** The one-time token of `url`. */
  readonly token: string;
  /** A new one-time URL for another browser. */
  invite(): string;
  /** Stops serving and ends every event stream. */
  close(): Promise<void>;
}

/** The largest command body accepted, in bytes. */
const MAX_BODY = MAX_MESSAGE_CHARS;

/** Marks the served page as attached to a server (the built page defaults to the playground). */
export const serverMode = (html: string): string => html.replace('<meta name="exvm-mode" content="playground"', '<meta name="exvm-mode" content="server"');

/** The body, or undefined when it is larger than MAX_BODY (the rest is read and dropped, so that the 413 answer arrives). */
function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

const json = (response: ServerResponse, status: number, message: ServerMessage): void => {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(message));
};

/** Streams the session's messages to one client (see eventWriter for a client that does not read). */
function events(session: DebugSession, request: IncomingMessage, response: ServerResponse, streams: Set<ServerResponse>): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  streams.add(response);
  const unsubscribe = session.subscribe(eventWriter(response));
  const detach = (): void => {
    unsubscribe();
    streams.delete(response);
  };
  request.on('close', detach);
  response.on('error', detach);
}

async function command(session: DebugSession, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await readBody(request);
  if (body === undefined) return json(response, 413, { type: 'error', message: `command is larger than ${MAX_BODY} bytes` });
  let refusal: ServerMessage | undefined;
  session.receive(body, (message) => (refusal = message));
  if (refusal === undefined) {
    response.writeHead(204);
    response.end();
  } else json(response, 400, refusal);
}

/** Whether the request says its body is JSON. */
const jsonBody = (request: IncomingMessage): boolean => /^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '');

/** Serves `session` on 127.0.0.1. Rejects when the port cannot be listened on. */
export async function startDebugServer(session: DebugSession, options: DebugServerOptions): Promise<DebugServer> {
  const access = new Access();
  const streams = new Set<ServerResponse>();
  let port = 0;
  const invite = (): string => `http://127.0.0.1:${port}/?token=${access.invite()}`;
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (!loopbackHost(request, port)) return sendText(response, 403, 'forbidden: unexpected Host header');
    const isApi = url.pathname.startsWith('/api/');
    if (!isApi && request.method === 'GET' && url.searchParams.has('token')) {
      // Trade the one-time token for a cookie, and take it out of the address bar.
      const cookie = access.exchange(url);
      const attached = access.hasCookie(request, port);
      if (cookie === undefined && !attached) return sendText(response, 403, 'forbidden: this token was already used (tokens work once): ask an attached page for an invite link');
      // A browser that already has its cookie keeps it (the used token in its address bar is just removed).
      const setCookie = cookie === undefined ? {} : { 'set-cookie': `${cookieName(port)}=${cookie}; HttpOnly; SameSite=Strict; Path=/` };
      response.writeHead(303, { location: url.pathname, 'cache-control': 'no-store', ...setCookie });
      return void response.end();
    }
    if (!access.hasCookie(request, port)) return sendText(response, 403, 'forbidden: open the URL with the token that exvm debug printed');
    if (isApi && !sameOrigin(request, port)) return sendText(response, 403, 'forbidden: API requests must come from the debugger page itself');
    if (url.pathname === '/api/command' && request.method === 'POST' && !jsonBody(request)) return sendText(response, 415, 'unsupported media type: send commands as application/json');
    if (url.pathname === '/api/invite' && request.method === 'POST') return json(response, 200, { type: 'invite', url: invite() });
    if (url.pathname === '/api/events' && request.method === 'GET') return events(session, request, response, streams);
    if (url.pathname === '/api/command' && request.method === 'POST') return command(session, request, response);
    if (request.method !== 'GET' || isApi) return sendText(response, 405, 'method not allowed: GET /api/events, POST /api/command, POST /api/invite');
    sendStatic(response, options.pageRoot, url.pathname, serverMode);
  };
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendText(response, 400, `bad request: ${errorReason(error)}`);
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${access.token}`,
    port,
    token: access.token,
    invite,
    close: () =>
      new Promise<void>((resolve) => {
        session.close();
        for (const stream of streams) stream.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
