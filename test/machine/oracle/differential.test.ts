/**
 * Differential test: the fast run loop (blocks, superinstructions, fast/precise streams) must be
 * indistinguishable from the reference interpreter on every program, however execution is sliced,
 * however little gas there is, and whenever interrupts arrive.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { runLoop } from '../../../src/machine/interpreter.js';
import { load, observable, programs, setRunning } from './random-programs.js';
import { runReference } from './reference-interpreter.js';

test('the fast run loop matches the reference interpreter on random programs, slices, gas and interrupts', () => {
  const slice = fc.record({ steps: fc.oneof(fc.constant(1), fc.nat(60), fc.constant(100000)), interrupt: fc.option(fc.nat(2), { freq: 8 }) });
  fc.assert(
    fc.property(programs, fc.oneof(fc.constant(1e9), fc.nat(300)), fc.array(slice, { minLength: 1, maxLength: 40 }), (program, gas, slices) => {
      const fast = load(program, gas);
      const reference = load(program, gas);
      for (const { steps, interrupt } of slices) {
        if (interrupt !== null) {
          fast.pending[0] |= 1 << interrupt;
          reference.pending[0] |= 1 << interrupt;
        }
        setRunning(fast);
        const a = runLoop(fast, steps);
        setRunning(reference);
        const b = runReference(reference, steps);
        assert.deepStrictEqual(observable(fast, a), observable(reference, b));
        if (fast.stopped) break;
      }
    }),
    { numRuns: 4000, seed: 20261121 },
  );
});
