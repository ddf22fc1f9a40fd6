/** `exvm debug`: what it accepts, what it refuses, and the image path. */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertFails, exvm, scratch } from '../cli/cli.js';
import { startDebug } from '../web/debug-process.js';
import { decodeServerMessage } from '../../src/debug/protocol.js';
import type { TargetInfo } from '../../src/debug/protocol.js';
import { login } from './login.js';

test('an application or a VM config (.toml) that cannot be loaded is reported, and program options are refused', () => {
  const dir = scratch({ 'vm.toml': '[base]\nid = 1\n', 'app.toml': '[[process]]\nname = "p"\n' });
  assert.equal(exvm(['debug', join(dir, 'vm.toml')]).status, 1);
  assertFails(exvm(['debug', join(dir, 'app.toml')]), 1, [/app\.toml: process\[0\]\.code/]);
  assertFails(exvm(['debug', 'examples/apps/batch/app.toml', '--gas', '5']), 2, [/app\.toml: an application or a VM config \(\.toml\) takes no --gas/]);
});

test('exvm debug serves an application and a VM config', async () => {
  for (const [file, kind] of [['examples/apps/producer-consumer/app.toml', 'application'], ['examples/vmm/uart.toml', 'vm']] as const) {
    const debug = await startDebug([file]);
    try {
      // The printed URL works once; other browsers join through an invite (not with the same URL).
      assert.match(debug.banner, /is paused at its start; open http:\S+\n\(the URL works once, in one browser; other browsers join through the Invite button of an attached page; press Ctrl\+C to stop\)\n$/);
      const info = await describedTarget(debug.url);
      assert.equal(info.kind, kind);
      assert.equal(info.name, file);
    } finally {
      assert.equal(await debug.stop(), 0);
    }
  }
});

test('bad programs are reported like exvm run reports them', () => {
  const dir = scratch({ 'bad.exa': 'push 1\nfrobnicate\n' });
  assertFails(exvm(['debug', join(dir, 'missing.exa')]), 1, [/^exvm: cannot read .*missing\.exa: no such file or directory$/]);
  assertFails(exvm(['debug', join(dir, 'bad.exa')]), 1, [/bad\.exa:2:1: unknown instruction 'frobnicate'/]);
  assertFails(exvm(['debug', 'examples/fib.exa', '--port', 'x']), 2, [/--port/]);
});

/** The target the server describes first. */
async function describedTarget(url: string): Promise<TargetInfo> {
  const response = await fetch(new URL('/api/events', url), { headers: { cookie: await login(url) } });
  assert.equal(response.status, 200);
  const reader = response.body?.getReader();
  assert.ok(reader);
  let text = '';
  while (!text.includes('\n\n')) {
    const chunk = await reader.read();
    assert.ok(!chunk.done, 'the stream ended before the first message');
    text += new TextDecoder().decode(chunk.value);
  }
  await reader.cancel();
  const message = decodeServerMessage(text.slice('data: '.length, text.indexOf('\n\n')));
  assert.ok(message.ok && message.value.type === 'target');
  return message.value.info;
}

test('an image is debugged with the source its debug info names', async () => {
  const dir = scratch();
  const image = join(dir, 'fib.exb');
  assert.equal(exvm(['asm', 'examples/fib.exa', '-o', image]).status, 0);
  const debug = await startDebug([image]);
  try {
    const info = await describedTarget(debug.url);
    assert.equal(info.name, 'examples/fib.exa');
    assert.match(info.source ?? '', /^; fib\.exa/);
    assert.equal(info.instructions[9].text, 'call L14'); // images keep exports, not labels
    assert.equal(info.instructions[9].line, 25);
  } finally {
    assert.equal(await debug.stop(), 0);
  }
  assert.equal(exvm(['asm', 'examples/fib.exa', '--no-debug', '-o', image]).status, 0);
  const bare = await startDebug([image]);
  try {
    const info = await describedTarget(bare.url);
    assert.equal(info.source, null);
    assert.equal(info.instructions[9].line, null);
  } finally {
    await bare.stop();
  }
});

test('a port in use is reported, not a crash', async () => {
  const busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  const port = (busy.address() as AddressInfo).port;
  try {
    assertFails(exvm(['debug', 'examples/fib.exa', '--port', String(port)]), 2, [new RegExp(`^exvm: cannot serve on 127\\.0\\.0\\.1:${port}: listen EADDRINUSE`)]);
  } finally {
    busy.close();
  }
});
