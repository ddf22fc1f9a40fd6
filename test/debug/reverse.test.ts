/** Step back and reverse continue: checkpoints plus deterministic re-execution give back exact earlier states. */
import '../helpers/property.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { MachineSnapshot } from '../../src/machine/snapshot.js';
import { ECHO, FIB, FOREVER, open, settled } from './fixtures.js';

interface Moment {
  readonly machine: MachineSnapshot;
  readonly console: string;
}

test('step back returns exactly the earlier states, one instruction at a time, across checkpoints', () => {
  const { session, target, send } = open(FIB, { checkpointInterval: 5 });
  const moments: Moment[] = [];
  for (let i = 0; i < 80 && !target.ended(); i++) {
    moments.push({ machine: target.machine.snapshot(), console: session.state().console });
    send({ type: 'step' });
  }
  for (let i = moments.length - 1; i >= 0; i--) {
    assert.equal(send({ type: 'stepBack' }), undefined);
    assert.deepEqual(target.machine.snapshot(), moments[i].machine, `state at time ${i}`);
    assert.equal(session.state().console, moments[i].console);
    assert.equal(session.state().reason, 'step back');
  }
  assert.equal(send({ type: 'stepBack' }), 'already at the start');
  assert.equal(session.state().canStepBack, false);
});

test('property: after n steps and k steps back, the state is the one at time n - k', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 200 }), fc.nat(), (interval, limit, steps, back) => {
      const { target, send } = open(FIB, { checkpointInterval: interval, maxCheckpoints: limit });
      const moments: MachineSnapshot[] = [];
      for (let i = 0; i < steps && !target.ended(); i++) {
        moments.push(target.machine.snapshot());
        send({ type: 'step' });
      }
      const k = 1 + (back % moments.length);
      for (let i = 0; i < k; i++) send({ type: 'stepBack' });
      assert.deepEqual(target.machine.snapshot(), moments[moments.length - k]);
    }),
    { numRuns: 60 },
  );
});

test('step back over reads replays the recorded input and clock exactly', async () => {
  const { session, target, send } = open(ECHO, { checkpointInterval: 3 }, 'first\nsecond\n');
  const clockLine = target.info.instructions.find((i) => i.text === 'pop')?.pc ?? -1;
  send({ type: 'runToCursor', pc: clockLine });
  const clock = (await settled(session)).stack.at(-1);
  send({ type: 'continue' });
  assert.equal((await settled(session)).console, 'secondfirst');
  while (session.state().time > 2) send({ type: 'stepBack' });
  assert.equal(session.state().console, '');
  send({ type: 'runToCursor', pc: clockLine });
  assert.equal((await settled(session)).stack.at(-1), clock, 'the clock reads the same value again');
  send({ type: 'continue' });
  assert.equal((await settled(session)).console, 'secondfirst', 'the input lines are read again, not the end of input');
});

test('reverse continue goes back to the previous breakpoint hit, then to the start', async () => {
  const { session, send } = open(FIB, { checkpointInterval: 16 });
  send({ type: 'lineBreakpoint', line: 29, enabled: true });
  const hits: number[] = [];
  for (let i = 0; i < 3; i++) {
    send({ type: 'continue' });
    hits.push((await settled(session)).time);
  }
  const stackAt = session.state().stack;
  send({ type: 'continueBack' });
  assert.equal((await settled(session)).time, hits[1]);
  assert.equal(session.state().reason, `breakpoint at pc ${session.state().pc} (reverse)`);
  send({ type: 'continueBack' });
  assert.equal((await settled(session)).time, hits[0]);
  send({ type: 'continueBack' });
  assert.equal((await settled(session)).time, 0);
  assert.equal(session.state().reason, 'reached the start (reverse)');
  for (let i = 0; i < 3; i++) {
    send({ type: 'continue' });
    await settled(session);
  }
  assert.deepEqual(session.state().stack, stackAt, 'going forward again reaches the same third hit');
});

test('reverse continue stops just after the last change of a watched range', async () => {
  const { session, send } = open(FIB, { checkpointInterval: 8 });
  send({ type: 'continue' });
  const end = await settled(session);
  assert.equal(end.mode, 'ended');
  send({ type: 'watchpoint', address: 0, length: 4, enabled: true });
  send({ type: 'continueBack' });
  const state = await settled(session);
  assert.equal(state.line, 11); // just after `st32 0`, where result got its value
  assert.match(state.reason, /^watchpoint 0x0\.\.0x4 changed \(reverse\)$/);
  assert.deepEqual(state.memory.bytes.slice(0, 4), [8, 0, 0, 0]);
});

test('step back out of a fault returns to the instruction that faulted, which faults again', () => {
  const { session, send } = open('push 1\npush 0\ndivs\nhalt\n');
  for (let i = 0; i < 3; i++) send({ type: 'step' });
  assert.equal(session.state().mode, 'ended');
  send({ type: 'stepBack' });
  let state = session.state();
  assert.equal(state.mode, 'paused');
  assert.equal(state.status, 'Ok');
  assert.equal(state.pc, 2);
  assert.deepEqual(state.stack, ['1', '0']);
  send({ type: 'step' });
  state = session.state();
  assert.equal(state.fault, 'DivisionByZero at pc 2: divs: division by zero');
});

test('reverse continue over a long history runs in slices, and pause cancels it where it started', async () => {
  const { session, send } = open(FOREVER, { sliceMs: 1, checkpointInterval: 64 });
  send({ type: 'continue' });
  while (session.state().time < 200_000) await new Promise((resolve) => setTimeout(resolve, 1));
  send({ type: 'pause' });
  const { time: from, pc } = await settled(session);
  send({ type: 'continueBack' }); // no breakpoints: the whole history is scanned
  assert.equal(session.state().mode, 'running', 'a slice was not enough: the scan goes on later');
  assert.equal(session.state().reason, 'reverse continue');
  assert.equal(send({ type: 'stepBack' }), 'cannot stepBack while running: pause first');
  send({ type: 'pause' });
  let state = session.state();
  assert.equal(state.reason, 'paused: reverse continue cancelled');
  assert.equal(state.time, from);
  assert.equal(state.pc, pc);
  send({ type: 'breakpoint', pc: 0, enabled: true });
  send({ type: 'continueBack' });
  state = await settled(session);
  assert.equal(state.reason, 'breakpoint at pc 0 (reverse)');
  assert.equal(state.time, from - (pc === 0 ? 3 : pc)); // the loop is 3 instructions long
});

/** Waits for an interrupt first (nothing raises one: wfi only moves on), then counts: replays must not stop at the wfi. */
const WAIT_THEN_COUNT = ['    wfi', '    push 0', 'loop:', '    addi 1', '    dup', '    push 100', '    lts', '    jnz loop', '    halt'].join('\n');

test('step back after a wfi returns exactly the earlier states (replay goes on past the wfi)', () => {
  const { session, target, send } = open(WAIT_THEN_COUNT);
  const moments: MachineSnapshot[] = [];
  for (let i = 0; i < 60; i++) {
    moments.push(target.machine.snapshot());
    send({ type: 'step' });
  }
  assert.equal(session.state().time, 60);
  for (let i = moments.length - 1; i >= 1; i--) {
    send({ type: 'stepBack' });
    assert.equal(session.state().time, i, `time after stepping back to ${i}`);
    assert.deepEqual(target.machine.snapshot().stack, moments[i].stack, `stack at time ${i}`);
    assert.equal(target.machine.pc, moments[i].pc, `pc at time ${i}`);
  }
});

test('reverse continue after a wfi finds the breakpoint hit just before', async () => {
  const { session, send } = open(WAIT_THEN_COUNT);
  send({ type: 'step' }); // wfi
  send({ type: 'lineBreakpoint', line: 4, enabled: true });
  for (let i = 0; i < 3; i++) {
    send({ type: 'continue' });
    await settled(session);
  }
  const third = session.state();
  send({ type: 'step' });
  send({ type: 'continueBack' });
  const back = await settled(session);
  assert.equal(back.time, third.time);
  assert.deepEqual(back.stack, third.stack);
});

test('step back from out of gas returns to the moment just before the instruction that ran out', async () => {
  const { session, target, send } = open(FOREVER, {}, '', 20);
  const moments: MachineSnapshot[] = [];
  while (!target.ended()) {
    moments.push(target.machine.snapshot());
    send({ type: 'step' });
  }
  assert.match(session.state().fault ?? '', /^OutOfGas/);
  send({ type: 'stepBack' });
  assert.deepEqual(target.machine.snapshot(), moments.at(-1), 'the state just before the failing step');
  assert.equal(session.state().mode, 'paused');
  send({ type: 'stepBack' });
  assert.deepEqual(target.machine.snapshot(), moments.at(-2));
});

test('a reverse continue whose rewind fails stops there with the error, without rewinding once more', () => {
  const { session, target, send } = open(FIB, { checkpointInterval: 5 });
  for (let i = 0; i < 12; i++) send({ type: 'step' });
  let rewinds = 0;
  target.rewind = () => {
    rewinds++;
    throw new Error('cannot rewind');
  };
  assert.equal(send({ type: 'continueBack' }), undefined);
  assert.equal(rewinds, 1);
  assert.equal(session.state().reason, 'internal error: cannot rewind');
  assert.equal(session.state().mode, 'paused');
});
