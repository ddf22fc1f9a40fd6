/** The debug server: a one-time token (then its cookie) is required, bad requests are answered and never hurt the session. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { DebugServer } from '../../src/debug/node/server.js';
import { startDebugServer } from '../../src/debug/node/server.js';
import { decodeServerMessage } from '../../src/debug/protocol.js';
import { FIB, open } from './fixtures.js';
import { login } from './login.js';

const page = mkdtempSync(join(tmpdir(), 'exvm-page-'));
writeFileSync(join(page, 'index.html'), '<meta name="exvm-mode" content="playground" />page');
writeFileSync(join(page, 'app.js'), 'console.log(1)');
const { session } = open(FIB);
let server: DebugServer;
let origin: string;

before(async () => {
  server = await startDebugServer(session, { pageRoot: page });
  origin = `http://127.0.0.1:${server.port}`;
});
after(() => server.close());

const command = (body: string, headers: Record<string, string> = {}): Promise<Response> => fetch(`${origin}/api/command`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

/** A cookie for the tests that only need to be attached. */
let attached: string;

test('the URL is on 127.0.0.1 and carries a token', () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{32}$/);
});

test('requests without the token are refused, pages and API alike', async () => {
  for (const path of ['/', '/index.html', '/app.js', '/api/events', `/?token=${'0'.repeat(32)}`, '/?token=', `/api/events?token=${server.token}`]) {
    const response = await fetch(`${origin}${path}`, { redirect: 'manual' });
    assert.equal(response.status, 403, path);
    assert.match(await response.text(), /^forbidden: /);
  }
  const refused = await command('{"type":"step"}');
  assert.equal(refused.status, 403);
  assert.equal(session.state().time, 0, 'the refused command did nothing');
  const withCookie = await command('{"type":"step"}', { cookie: `exvm_debug_${server.port}=guessed` });
  assert.equal(withCookie.status, 403);
  const withToken = await fetch(`${origin}/api/command?token=${server.token}`, { method: 'POST', body: '{"type":"step"}', headers: { 'content-type': 'application/json' } });
  assert.equal(withToken.status, 403, 'the API takes the cookie only, never the token');
});

test('the token is exchanged once for a cookie (named after the port) that then opens everything', async () => {
  const login = await fetch(server.url, { redirect: 'manual' });
  assert.equal(login.status, 303);
  assert.equal(login.headers.get('location'), '/');
  const cookie = new RegExp(`^(exvm_debug_${server.port}=[0-9a-f]+); HttpOnly; SameSite=Strict; Path=/$`).exec(login.headers.get('set-cookie') ?? '')?.[1];
  assert.ok(cookie);
  attached = cookie;
  const again = await fetch(server.url, { redirect: 'manual' });
  assert.equal(again.status, 403, 'the token works once');
  assert.match(await again.text(), /already used/);
  const reopened = await fetch(server.url, { redirect: 'manual', headers: { cookie } });
  assert.equal(reopened.status, 303, 'a browser that has its cookie may open the used URL again');
  assert.equal(reopened.headers.get('set-cookie'), null);
  const index = await fetch(`${origin}/`, { headers: { cookie } });
  assert.equal(await index.text(), '<meta name="exvm-mode" content="server" />page', 'the page is told it has a server');
  assert.equal((await fetch(`${origin}/app.js`, { headers: { cookie } })).headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.equal((await fetch(`${origin}/../../etc/passwd`, { headers: { cookie } })).status, 404);
  assert.equal((await fetch(`${origin}/%2e%2e/%2e%2e/etc/passwd`, { headers: { cookie } })).status, 404);
  assert.equal((await fetch(`${origin}/%E0%A4%A`, { headers: { cookie } })).status, 400, 'a malformed path is a bad request');
  const stepped = await command('{"type":"step"}', { cookie });
  assert.equal(stepped.status, 204);
  assert.equal(session.state().time, 1);
});

test('a request naming another host is refused (no DNS rebinding)', async () => {
  const status = await new Promise<number | undefined>((resolve, reject) => {
    request(`${server.url}`, { headers: { host: 'attacker.example' } }, (response) => {
      response.resume();
      resolve(response.statusCode);
    }).on('error', reject).end();
  });
  assert.equal(status, 403);
});

test('malformed commands get an error message; the server and the session go on', async () => {
  const post = (body: string): Promise<Response> => command(body, { cookie: attached });
  for (const body of ['', 'null', '{"type":"step","pc":1}', '\u0000\uffff', '{"type":"runToCursor","pc":"7"}']) {
    const response = await post(body);
    assert.equal(response.status, 400, body);
    const message = decodeServerMessage(await response.text());
    assert.ok(message.ok && message.value.type === 'error' && message.value.message.startsWith('malformed message: '));
  }
  const tooBig = await post('x'.repeat((1 << 24) + 10));
  assert.equal(tooBig.status, 413);
  assert.match(await tooBig.text(), /larger than/);
  const before = session.state().time;
  assert.equal((await post('{"type":"step"}')).status, 204);
  assert.equal(session.state().time, before + 1);
  assert.equal((await fetch(`${origin}/api/command`, { headers: { cookie: attached } })).status, 405);
});

test('every attached client gets the state pushed', async () => {
  /** An event stream and what it has delivered. */
  const attach = async (): Promise<{ readonly until: (pattern: RegExp) => Promise<string> }> => {
    const response = await fetch(`${origin}/api/events`, { headers: { cookie: attached } });
    const reader = response.body?.getReader();
    assert.ok(reader);
    let text = '';
    return {
      until: async (pattern) => {
        while (!pattern.test(text)) {
          const chunk = await reader.read();
          if (chunk.done) break;
          text += new TextDecoder().decode(chunk.value);
        }
        return text;
      },
    };
  };
  const clients = await Promise.all([attach(), attach()]);
  for (const client of clients) await client.until(/"type":"state"/); // attached: target and state arrived
  const stepBack = await command('{"type":"stepBack"}', { cookie: attached });
  assert.equal(stepBack.status, 204);
  for (const client of clients) {
    const events = (await client.until(/"reason":"step back"/)).split('\n\n').filter((event) => event.startsWith('data: ')).map((event) => decodeServerMessage(event.slice(6)));
    assert.ok(events.every((event) => event.ok));
    const types = events.map((event) => (event.ok ? event.value.type : 'bad'));
    assert.deepEqual(types.slice(0, 2), ['target', 'state']);
    assert.equal(types.at(-1), 'state');
  }
});

test('API requests from another origin, cross-site fetches and commands that are not JSON are refused', async () => {
  const before = session.state().time;
  const refusals: [Record<string, string>, number][] = [
    [{ origin: 'http://evil.com' }, 403],
    [{ origin: 'http://127.0.0.1:1' }, 403],
    [{ 'sec-fetch-site': 'same-site' }, 403],
    [{ 'sec-fetch-site': 'cross-site' }, 403],
    [{ 'content-type': 'text/plain' }, 415],
  ];
  for (const [headers, status] of refusals) {
    const response = await command('{"type":"step"}', { cookie: attached, ...headers });
    assert.equal(response.status, status, JSON.stringify(headers));
  }
  const events = await fetch(`${origin}/api/events`, { headers: { cookie: attached, origin: 'http://evil.com' } });
  assert.equal(events.status, 403);
  assert.equal(session.state().time, before, 'nothing was done');
  assert.equal((await command('{"type":"step"}', { cookie: attached, origin, 'sec-fetch-site': 'same-origin' })).status, 204);
});

test('an attached page gets one-time invite URLs for other browsers', async () => {
  const refused = await fetch(`${origin}/api/invite`, { method: 'POST' });
  assert.equal(refused.status, 403, 'only an attached client may invite');
  const answer = await fetch(`${origin}/api/invite`, { method: 'POST', headers: { cookie: attached } });
  const message = decodeServerMessage(await answer.text());
  assert.ok(message.ok && message.value.type === 'invite');
  const url = message.value.url;
  assert.match(url, new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[0-9a-f]{32}$`));
  const cookie = await login(url);
  assert.equal((await command('{"type":"memory","address":0}', { cookie })).status, 204);
  assert.equal((await fetch(url, { redirect: 'manual' })).status, 403, 'an invite works once');
});
