/**
 * Differential test of the code-generating tier: random programs (the oracle's generator) run on
 * the reference interpreter, the run loop, the compiled tier and the auto tier (compiling after a
 * couple of entries), with the same step slices, gas limits and interrupts; every observable field
 * of the machine must agree after every slice.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Status } from '../../../src/isa/status.js';
import type { MachineCore } from '../../../src/machine/core.js';
import { CompiledTier } from '../../../src/machine/compiled/tier.js';
import { runLoop } from '../../../src/machine/interpreter.js';
import { load, observable, programs, setRunning } from '../oracle/random-programs.js';
import { runReference } from '../oracle/reference-interpreter.js';

interface Runner {
  readonly name: string;
  readonly core: MachineCore;
  readonly run: (steps: number) => Status;
}

function runners(program: Parameters<typeof load>[0], gas: number): Runner[] {
  const reference = load(program, gas);
  const interpreted = load(program, gas);
  const compiledCore = load(program, gas);
  const compiled = new CompiledTier(compiledCore, 'compiled', 1);
  const autoCore = load(program, gas);
  const auto = new CompiledTier(autoCore, 'auto', 2);
  assert.equal(compiled.stats.fallback, undefined);
  return [
    { name: 'reference', core: reference, run: (steps) => runReference(reference, steps) },
    { name: 'interpreter', core: interpreted, run: (steps) => runLoop(interpreted, steps) },
    { name: 'compiled', core: compiledCore, run: (steps) => compiled.run(steps) },
    { name: 'auto', core: autoCore, run: (steps) => auto.run(steps) },
  ];
}

test('the compiled and auto tiers match the reference interpreter and the run loop on random programs, slices, gas and interrupts', () => {
  const slice = fc.record({ steps: fc.oneof(fc.constant(1), fc.nat(60), fc.constant(100000)), interrupt: fc.option(fc.nat(2), { freq: 8 }) });
  fc.assert(
    fc.property(programs, fc.oneof(fc.constant(1e9), fc.nat(300)), fc.array(slice, { minLength: 1, maxLength: 40 }), (program, gas, slices) => {
      const all = runners(program, gas);
      for (const { steps, interrupt } of slices) {
        const states = all.map(({ core, run }) => {
          if (interrupt !== null) core.pending[0] |= 1 << interrupt;
          setRunning(core);
          return observable(core, run(steps));
        });
        for (let k = 1; k < all.length; k++) assert.deepStrictEqual(states[k], states[0], `${all[k].name} differs from ${all[0].name}`);
        if (all[0].core.stopped) break;
      }
    }),
    { numRuns: 3000, seed: 20261121 },
  );
});
