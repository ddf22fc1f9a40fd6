/** The debug session: breakpoints, stepping, watchpoints, pausing, restart, loading. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ECHO, FIB, FOREVER, open, settled } from './fixtures.js';
import { sourceTarget } from '../../src/debug/playground.js';
import type { DebugState } from '../../src/debug/protocol.js';

/** The first pc of a FIB source line. */
const pcOf = (target: ReturnType<typeof open>['target'], line: number): number => target.info.instructions.find((i) => i.line === line)?.pc ?? -1;

test('a session starts paused at the entry and tells a new client the target and the state', () => {
  const { messages } = open(FIB);
  assert.deepEqual(messages.map((m) => m.type), ['target', 'state']);
  const state = messages[1].type === 'state' ? messages[1].state : undefined;
  assert.equal(state?.mode, 'paused');
  assert.equal(state?.reason, 'start');
  assert.equal(state?.line, 5);
  assert.equal(state?.time, 0);
  assert.equal(state?.canStepBack, false);
});

test('a line breakpoint stops a run before its first instruction, every time it is reached', async () => {
  const { session, target, send } = open(FIB);
  assert.equal(send({ type: 'lineBreakpoint', line: 29, enabled: true }), undefined);
  assert.deepEqual(session.state().breakpoints, [pcOf(target, 29)]);
  send({ type: 'continue' });
  let state = await settled(session);
  assert.equal(state.reason, `breakpoint at pc ${pcOf(target, 29)}`);
  assert.equal(state.line, 29);
  assert.deepEqual(state.stack.slice(-2), ['1', '0']); // fib(2) = fib(1) + fib(0)
  const firstHit = state.time;
  send({ type: 'continue' });
  state = await settled(session);
  assert.equal(state.line, 29);
  assert.ok(state.time > firstHit);
  send({ type: 'lineBreakpoint', line: 29, enabled: false });
  send({ type: 'continue' });
  state = await settled(session);
  assert.equal(state.mode, 'ended');
  assert.equal(state.reason, 'halted with exit code 0');
  assert.equal(state.console, '8');
});

test('an instruction breakpoint, and refusals for places that do not exist', async () => {
  const { session, target, send } = open(FIB);
  const pc = pcOf(target, 20);
  send({ type: 'breakpoint', pc, enabled: true });
  send({ type: 'continue' });
  assert.equal((await settled(session)).pc, pc);
  assert.equal(send({ type: 'breakpoint', pc: 999, enabled: true }), 'there is no instruction 999');
  assert.equal(send({ type: 'lineBreakpoint', line: 14, enabled: true }), 'line 14 has no instruction');
  assert.equal(send({ type: 'runToCursor', pc: 999 }), 'there is no instruction 999');
});

test('step over runs a whole call; step executes one instruction into it', async () => {
  const { session, target, send } = open(FIB);
  send({ type: 'step' }); // push 6
  send({ type: 'stepOver' }); // call fib
  let state = await settled(session);
  assert.equal(state.reason, 'step over');
  assert.equal(state.line, 7);
  assert.deepEqual(state.stack, ['8']);
  send({ type: 'restart' });
  send({ type: 'step' });
  send({ type: 'step' });
  state = session.state();
  assert.equal(state.line, 15);
  assert.equal(target.location().depth, 1);
  assert.equal(state.reason, 'step');
});

test('step out returns to the caller', async () => {
  const { session, target, send } = open(FIB);
  send({ type: 'lineBreakpoint', line: 20, enabled: true }); // the base case, deep inside
  send({ type: 'continue' });
  const inside = await settled(session);
  const depth = target.location().depth;
  assert.ok(depth > 1);
  send({ type: 'stepOut' });
  const out = await settled(session);
  assert.equal(out.reason, 'step out');
  assert.equal(target.location().depth, depth - 1);
  assert.equal(out.line, 26); // after `call fib` (n - 1) in the caller
  assert.ok(out.time > inside.time);
});

test('run to cursor stops at the chosen instruction', async () => {
  const { session, target, send } = open(FIB);
  send({ type: 'runToCursor', pc: pcOf(target, 11) });
  const state = await settled(session);
  assert.equal(state.line, 11);
  assert.equal(state.reason, `reached pc ${pcOf(target, 11)}`);
  assert.deepEqual(state.stack, ['8']);
});

test('a watchpoint stops right after its bytes change, and the memory view highlights them', async () => {
  const { session, send } = open(FIB);
  assert.equal(send({ type: 'watchpoint', address: 0, length: 4, enabled: true }), undefined);
  send({ type: 'continue' });
  const state = await settled(session);
  assert.equal(state.reason, 'watchpoint 0x0..0x4 changed');
  assert.equal(state.line, 11); // just after the st32
  assert.deepEqual(state.memory.bytes.slice(0, 4), [8, 0, 0, 0]);
  assert.deepEqual(state.memory.changed, [0]);
  assert.deepEqual(state.watchpoints, [{ address: 0, length: 4 }]);
  assert.equal(send({ type: 'watchpoint', address: 0xffff, length: 4, enabled: true }), 'watchpoint 0xffff..0x10003 is outside memory');
  send({ type: 'watchpoint', address: 0, length: 4, enabled: false });
  assert.deepEqual(session.state().watchpoints, []);
  for (let address = 0; address < 64; address++) assert.equal(send({ type: 'watchpoint', address, length: 1, enabled: true }), undefined);
  assert.equal(send({ type: 'watchpoint', address: 100, length: 1, enabled: true }), 'at most 64 watchpoints: remove one first');
  for (let address = 0; address < 64; address++) send({ type: 'watchpoint', address, length: 1, enabled: false });
  send({ type: 'step' });
  assert.deepEqual(session.state().memory.changed, [], 'a step that writes nothing highlights nothing');
});

test('the memory view follows an address', () => {
  const { session, send } = open(FIB, { memoryWindow: 64 });
  send({ type: 'memory', address: 0x20 });
  const memory = session.state().memory;
  assert.equal(memory.address, 0x20);
  assert.equal(memory.bytes.length, 64);
});

test('pause stops a run that would never end, between slices', async () => {
  const { session, send } = open(FOREVER, { sliceMs: 1 });
  send({ type: 'continue' });
  assert.equal(session.state().mode, 'running');
  assert.equal(send({ type: 'step' }), 'cannot step while running: pause first');
  await new Promise((resolve) => setTimeout(resolve, 5));
  send({ type: 'pause' });
  const state = await settled(session);
  assert.equal(state.mode, 'paused');
  assert.equal(state.reason, 'paused');
  assert.ok(state.time > 0);
});

test('an ended program refuses to go on, and restart brings it back with a clean console', async () => {
  const { session, send } = open(FIB);
  send({ type: 'continue' });
  assert.equal((await settled(session)).mode, 'ended');
  assert.equal(send({ type: 'step' }), 'the program has ended: restart, or step back');
  send({ type: 'restart' });
  const state = session.state();
  assert.equal(state.mode, 'paused');
  assert.equal(state.time, 0);
  assert.equal(state.console, '');
  assert.equal(state.reason, 'restarted');
});

test('a fault ends the run with the fault named', async () => {
  const { session, send } = open('push 1\npush 0\ndivs\nhalt\n');
  send({ type: 'continue' });
  const state = await settled(session);
  assert.equal(state.mode, 'ended');
  assert.equal(state.fault, 'DivisionByZero at pc 2: divs: division by zero');
  assert.equal(state.status, 'DivisionByZero');
});

test('malformed messages get an error reply and leave the session working', () => {
  const { session } = open(FIB);
  const replies: string[] = [];
  const reply = (message: { type: string; message?: string }): void => void replies.push(message.message ?? message.type);
  session.receive('not json', reply);
  session.receive('{"type":"step","extra":1}', reply);
  session.receive('{"type":"breakpoint","pc":-1,"enabled":true}', reply);
  session.receive('{"type":"step"}', reply);
  assert.equal(replies.length, 3);
  assert.match(replies[0], /^malformed message: message is not JSON/);
  assert.equal(replies[1], 'malformed message: message.extra: unknown field');
  assert.equal(replies[2], 'malformed message: message.pc: expected a whole number from 0 to 4294967295');
  assert.equal(session.state().time, 1);
});

test('load assembles new source in the playground, with diagnostics for bad source; a server session refuses it', async () => {
  const { send } = open(FIB);
  assert.equal(send({ type: 'load', source: 'halt', input: '' }), 'load is only available in the playground');
  const { session, messages, send: sendLoaded } = open(FIB, { loader: (source, input) => sourceTarget(source, input) });
  sendLoaded({ type: 'lineBreakpoint', line: 29, enabled: true });
  assert.equal(sendLoaded({ type: 'load', source: 'push 1\nbogus\n', input: '' }), undefined);
  const target = messages.filter((m) => m.type === 'target').at(-1);
  assert.equal(target?.type === 'target' && target.info.diagnostics[0]?.line, 2);
  assert.deepEqual(session.state().breakpoints, []);
  sendLoaded({ type: 'load', source: 'push 3\nhalt\n', input: '' });
  sendLoaded({ type: 'continue' });
  assert.equal((await settled(session)).reason, 'halted with exit code 3');
  sendLoaded({ type: 'load', source: ECHO, input: 'one\ntwo\n' });
  sendLoaded({ type: 'continue' });
  assert.equal((await settled(session)).console, 'twoone', 'the loaded program reads the given input');
});

test('input is read through the journal: the echo program prints its lines reversed', async () => {
  const { session, send } = open(ECHO, {}, 'first\nsecond\n');
  send({ type: 'continue' });
  assert.equal((await settled(session)).console, 'secondfirst');
});

test('installed interrupt handlers and pending interrupts show as a table view', () => {
  const { session, send } = open('    push handler\n    setvec 3\n    int 5\n    push 0\n    halt\nhandler:\n    iret\n');
  assert.deepEqual(session.state().views, []);
  send({ type: 'step' });
  send({ type: 'step' });
  assert.deepEqual(session.state().views, [{ title: 'Interrupt vectors', columns: ['vector', 'handler', 'state'], rows: [['3', 'pc 5', '']] }]);
  send({ type: 'step' }); // interrupts are disabled: vector 5 stays pending
  assert.deepEqual(session.state().views[0].rows, [['3', 'pc 5', ''], ['5', 'none', 'pending']]);
});

test('a program has one execution context to focus on', async () => {
  const { session, send } = open(FIB);
  assert.deepEqual(session.state().contexts, [{ id: 'main', label: 'playground.exa' }]);
  assert.equal(session.state().focus, 'main');
  assert.equal(send({ type: 'focus', context: 'main' }), undefined);
  assert.equal(send({ type: 'focus', context: 'vcpu1' }), 'there is no execution context "vcpu1"');
  send({ type: 'continue' });
  assert.equal(send({ type: 'focus', context: 'main' }), 'cannot focus while running: pause first');
  await settled(session);
});

test('gas left says "unlimited" when no limit was given, and the number when one was', () => {
  const gasLeft = (state: DebugState): string | undefined => state.registers.find((r) => r.name === 'gas left')?.value;
  const unlimited = open(FOREVER);
  unlimited.send({ type: 'step' });
  assert.equal(gasLeft(unlimited.session.state()), 'unlimited');
  const limited = open(FOREVER, {}, '', 20);
  limited.send({ type: 'step' });
  assert.equal(gasLeft(limited.session.state()), '19');
});
