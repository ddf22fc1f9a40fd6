/** Serving the built page (web/dist) without ever leaving its folder. */
import { readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

/** Sends a plain-text answer. */
export function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  response.end(text);
}

/**
 * Sends the file `path` of `root` ('/' is index.html); `rewrite` may change the HTML.
 * Answers 404 for anything missing or outside `root`.
 */
export function sendStatic(response: ServerResponse, root: string, path: string, rewrite: (html: string) => string = (html) => html): void {
  const relative = normalize(decodeURIComponent(path === '/' ? '/index.html' : path)).replace(/^([/\\])+/, '');
  const file = join(root, relative);
  if (relative.startsWith('..') || !file.startsWith(root.endsWith(sep) ? root : root + sep) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
    return sendText(response, 404, 'not found');
  }
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  const body = type.startsWith('text/html') ? rewrite(readFileSync(file, 'utf8')) : readFileSync(file);
  response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  response.end(body);
}
