/** The debug server: the token (or its cookie) is required, bad requests are answered and never hurt the session. */
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

const command = (body: string, headers: Record<string, string> = {}): Promise<Response> => fetch(`${origin}/api/command`, { method: 'POST', body, headers });

test('the URL is on 127.0.0.1 and carries a token', () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{32}$/);
});

test('requests without the token are refused, pages and API alike', async () => {
  for (const path of ['/', '/index.html', '/app.js', '/api/events', `/?token=${'0'.repeat(32)}`, '/?token=']) {
    const response = await fetch(`${origin}${path}`, { redirect: 'manual' });
    assert.equal(response.status, 403, path);
    assert.match(await response.text(), /^forbidden: open the URL with the token/);
  }
  const refused = await command('{"type":"step"}');
  assert.equal(refused.status, 403);
  assert.equal(session.state().time, 0, 'the refused command did nothing');
  const withCookie = await command('{"type":"step"}', { cookie: 'exvm_debug=guessed' });
  assert.equal(withCookie.status, 403);
});

test('the token is exchanged for a cookie that then opens everything', async () => {
  const login = await fetch(server.url, { redirect: 'manual' });
  assert.equal(login.status, 303);
  assert.equal(login.headers.get('location'), '/');
  const cookie = /^(exvm_debug=[0-9a-f]+); HttpOnly; SameSite=Strict; Path=\/$/.exec(login.headers.get('set-cookie') ?? '')?.[1];
  assert.ok(cookie);
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
  const token = `?token=${server.token}`;
  const post = (body: string): Promise<Response> => fetch(`${origin}/api/command${token}`, { method: 'POST', body });
  for (const body of ['', 'null', '{"type":"step","pc":1}', '\u0000\uffff', '{"type":"runToCursor","pc":"7"}']) {
    const response = await post(body);
    assert.equal(response.status, 400, body);
    const message = decodeServerMessage(await response.text());
    assert.ok(message.ok && message.value.type === 'error' && message.value.message.startsWith('malformed message: '));
  }
  const tooBig = await post('x'.repeat((1 << 24) + 10)).catch(() => undefined);
  assert.ok(tooBig === undefined || tooBig.status === 413);
  const before = session.state().time;
  assert.equal((await post('{"type":"step"}')).status, 204);
  assert.equal(session.state().time, before + 1);
  assert.equal((await fetch(`${origin}/api/command${token}`)).status, 405);
});

test('every attached client gets the state pushed', async () => {
  /** An event stream and what it has delivered. */
  const attach = async (): Promise<{ readonly until: (pattern: RegExp) => Promise<string> }> => {
    const response = await fetch(`${origin}/api/events?token=${server.token}`);
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
  const stepBack = await fetch(`${origin}/api/command?token=${server.token}`, { method: 'POST', body: '{"type":"stepBack"}' });
  assert.equal(stepBack.status, 204);
  for (const client of clients) {
    const events = (await client.until(/"reason":"step back"/)).split('\n\n').filter((event) => event.startsWith('data: ')).map((event) => decodeServerMessage(event.slice(6)));
    assert.ok(events.every((event) => event.ok));
    const types = events.map((event) => (event.ok ? event.value.type : 'bad'));
    assert.deepEqual(types.slice(0, 2), ['target', 'state']);
    assert.equal(types.at(-1), 'state');
  }
});
