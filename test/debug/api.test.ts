/** Debugging through the public API, the way an embedder would, including a huge console. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as exvm from '../../src/index.js';
import { CONSOLE_VIEW_BYTES } from '../../src/debug/protocol.js';
import { settled } from './fixtures.js';

test('an embedder builds a program target from its own libraries and drives a session', async () => {
  const journal = new exvm.Journal('', []);
  const libraries = exvm.standardLibraries(journal);
  const program = exvm.assemble('push 7\nncall io.print_int\npush 0\nhalt\n', { file: 'seven.exa', libraries: exvm.describeLibraries(libraries) });
  const target = new exvm.ProgramTarget({ program, source: null, name: 'seven.exa', libraries, journal });
  const session = new exvm.DebugSession(target);
  const seen: exvm.DebugServerMessage[] = [];
  session.subscribe((message) => seen.push(message));
  session.dispatch({ type: 'continue' });
  const state = await settled(session);
  assert.equal(state.console, '7');
  assert.equal(state.mode, 'ended');
  assert.ok(seen.every((message) => exvm.decodeServerMessage(JSON.stringify(message)).ok));
});

test('a console longer than a state may carry keeps its end, and the state still passes the decoder', async () => {
  const line = 'x'.repeat(63);
  const source = `.data\ntext: .string "${line}\\n"\n.text\n    push 20000\nloop:\n    push text\n    push sizeof(text)\n    ncall io.print_str\n    addi -1\n    dup\n    jnz loop\n    push 0\n    halt\n`;
  const session = new exvm.DebugSession(exvm.sourceTarget(source));
  session.dispatch({ type: 'continue' });
  const state = await settled(session);
  assert.equal(state.reason, 'halted with exit code 0');
  assert.ok(state.console.startsWith(`[${64 * 20000 - CONSOLE_VIEW_BYTES} earlier bytes of output not shown]\n`));
  assert.ok(state.console.endsWith(`${line}\n`));
  assert.ok(exvm.decodeServerMessage(JSON.stringify({ type: 'state', state })).ok);
});
