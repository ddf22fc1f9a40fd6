/**
 * The compiled tier and the JavaScript stack: compiled code calls region functions directly, so it
 * must never run out of JavaScript stack where the interpreter would not, never make `run()` throw
 * because of it half-way through a block (and if it did, never go on from a stale state), and
 * nested machines (a native running another machine, as the connector's nested calls do) must get
 * the interpreter's outcome on every tier.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TierName } from '../../../src/machine/compiled/tier.js';
import { Status } from '../../../src/isa/status.js';
import type { MachineOptions } from '../../../src/machine/machine.js';
import { Machine } from '../../../src/machine/machine.js';
import { Worker } from 'node:worker_threads';
import { frame, ins, program, stateOf } from '../harness.js';
import type { NestedOutcome } from './nested-machines.js';

/** Runs `runNested` (nested-machines.ts) for `tier` in a worker thread: its own stack, as deep on every run. */
function nestedInWorker(tier: TierName, recursion: number, levels: number): Promise<NestedOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./nested-machines.js', import.meta.url), { workerData: { tier, recursion, levels } });
    worker.once('message', (outcome: NestedOutcome) => resolve(outcome));
    worker.once('error', reject);
  });
}

/**
 * sum(n) = n + sum(n - 1) with n = 500 (a chain of guest calls longer than the direct JavaScript
 * calls allowed), counting its calls in memory word 0: a block replayed after being half run counts twice.
 */
const RECURSIVE_SUM = program([
  ins('push', 500), ins('call', 3), ins('halt'),
  ins('enter', frame(1, 0)), ins('push', 0), ins('push', 0), ins('ld32'), ins('addi', 1), ins('st32'),
  ins('lget', 0), ins('jnz', 13), ins('push', 0), ins('ret', 1),
  ins('lget', 0), ins('lget', 0), ins('addi', -1), ins('call', 3), ins('add'), ins('ret', 1),
]);

/**
 * Calls `f` `margin` frames above the deepest frame the JavaScript stack holds: recurses until the
 * stack overflows, then runs `f` on the way back up.
 */
function nearStackEnd<T>(margin: number, f: () => T): { left: number } | { value: T } {
  let result: { left: number } | { value: T };
  try {
    result = nearStackEnd(margin, f);
  } catch {
    return { left: margin };
  }
  if (!('left' in result)) return result;
  return result.left === 0 ? { value: f() } : { left: result.left - 1 };
}

/**
 * Runs RECURSIVE_SUM on the compiled tier at every other margin in [from, to) from the end of the
 * JavaScript stack and checks it ends exactly as on the interpreter (a block run twice counts
 * twice in memory); returns how often run() threw.
 */
function runNearStackEnd(from: number, to: number): number {
  const expected = stateOf((() => {
    const machine = new Machine(RECURSIVE_SUM, { tier: 'interpreter' });
    machine.run();
    return machine;
  })());
  assert.equal(expected.exitCode, 125250);
  assert.equal(new DataView(expected.memory.buffer).getInt32(0, true), 501);
  new Machine(RECURSIVE_SUM, { tier: 'compiled' }).run(); // compiled and cached before the stack gets tight
  let threw = 0;
  for (let margin = from; margin < to; margin += 2) {
    const machine = new Machine(RECURSIVE_SUM, { tier: 'compiled' });
    const outcome = nearStackEnd(margin, () => {
      try {
        machine.run();
        return undefined;
      } catch (error) {
        return error;
      }
    });
    if ('value' in outcome && outcome.value !== undefined) {
      // Only where not even the interpreter's loop could start (as on the interpreter tier): no half-run block.
      threw++;
      assert.ok(outcome.value instanceof RangeError, `margin ${margin}: ${String(outcome.value)}`);
      machine.run();
    }
    assert.deepStrictEqual(stateOf(machine), expected, `margin ${margin}`);
  }
  return threw;
}

describe('the compiled tier and the JavaScript stack', () => {
  // In a worker thread: how deep the interpreter itself can nest depends on how much of the main
  // thread's stack the test runner uses and on when V8 optimises the run loop (its unoptimised frame is large).
  test('machines nested 1,023 levels deep by a native, each 150 guest calls deep, finish on every tier as in the interpreter', async () => {
    const results = await Promise.all((['interpreter', 'compiled', 'auto'] as const).map((tier) => nestedInWorker(tier, 150, 1023)));
    assert.deepStrictEqual(results[0], { status: 'Halted', exitCode: 1024, failure: '' });
    assert.deepStrictEqual(results[1], results[0]);
    assert.deepStrictEqual(results[2], results[0]);
  });

  test('run() from a nearly full JavaScript stack finishes, or throws a RangeError between instructions and finishes when run again', () => {
    const threw = runNearStackEnd(0, 1200);
    assert.ok(threw < 20, `run() threw ${threw} times`);
  });

  test('compiled code that runs out of JavaScript stack after it started faults HostStackExhausted, and is never run again from a stale state', () => {
    // A callee region function that throws as V8 may where it checks for interrupts in code it runs
    // unoptimised at the very end of the stack (see headroom.ts).
    const inject = globalThis as { exvmInjectStackFailure?: boolean };
    const functionFactory = (parameter: string, body: string) =>
      new Function(parameter, body.replace('let steps = 0,', "if (nest > 0 && globalThis.exvmInjectStackFailure) { globalThis.exvmInjectStackFailure = false; throw new RangeError('injected'); } let steps = 0,")) as ReturnType<NonNullable<MachineOptions['functionFactory']>>;
    const machine = new Machine(RECURSIVE_SUM, { tier: 'compiled', functionFactory });
    inject.exvmInjectStackFailure = true;
    assert.throws(() => machine.run(), /injected/);
    assert.equal(machine.status, Status.HostStackExhausted);
    assert.match(machine.fault?.message ?? '', /JavaScript stack ran out inside compiled code/);
    assert.equal(machine.run(), Status.HostStackExhausted, 'sticky until reset');
    machine.reset();
    assert.equal(machine.run(), Status.Halted);
    assert.equal(machine.exitCode, 125250);
  });
});
