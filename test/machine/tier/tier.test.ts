/**
 * The tier option and what the compiled tier must cooperate with: CSP fallback, the per-image
 * cache, bounded function size, `auto` thresholds, stepping, tracing, breakpoints, snapshots,
 * hypercalls, MMIO and deep recursion. Each compares against the interpreter on the same program.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Program } from '../../../src/image/program.js';
import { Status } from '../../../src/isa/status.js';
import type { FunctionFactory } from '../../../src/machine/compiled/cache.js';
import { newFunction } from '../../../src/machine/compiled/cache.js';
import { MAX_REGION_SOURCE } from '../../../src/machine/compiled/fit.js';
import { MAX_REGION_SIZE } from '../../../src/machine/compiled/regions.js';
import type { TierName } from '../../../src/machine/compiled/tier.js';
import type { MachineOptions } from '../../../src/machine/machine.js';
import { Machine } from '../../../src/machine/machine.js';
import { SUM_OF_SQUARES, SUM_OF_SQUARES_RESULT, INTERRUPTS } from '../programs.js';
import type { Instruction } from '../harness.js';
import { frame, ins, program, stateOf } from '../harness.js';
import { CONSOLE_ADDRESS, ConsoleBus } from './console-bus.js';

/** sum(n) = n + sum(n - 1), sum(0) = 0, called with n = `n`: recursion `n` calls deep. */
function recursiveSum(n: number): Program {
  return program([
    ins('push', n), ins('call', 3), ins('halt'),
    ins('enter', frame(1, 0)), ins('lget', 0), ins('jnz', 8), ins('push', 0), ins('ret', 1),
    ins('lget', 0), ins('lget', 0), ins('addi', -1), ins('call', 3), ins('add'), ins('ret', 1),
  ]);
}

/** Runs to the end (resuming after brk, hcall and wfi) and returns the final state. */
function finish(machine: Machine): ReturnType<typeof stateOf> {
  for (let slices = 0; slices < 1000; slices++) {
    const status = machine.run();
    if (status !== Status.Breakpoint && status !== Status.Hypercall && status !== Status.Waiting) break;
    if (status === Status.Waiting) machine.raiseInterrupt(2);
  }
  return stateOf(machine);
}

const onEveryTier = (p: Program, options: MachineOptions = {}): ReturnType<typeof stateOf>[] =>
  (['interpreter', 'compiled', 'auto'] as const).map((tier) => finish(new Machine(p, { hotThreshold: 1, ...options, tier })));

/** A factory that counts its calls and otherwise compiles normally. */
function countingFactory(): { factory: FunctionFactory; calls: () => number } {
  let calls = 0;
  return { factory: (parameter, body) => (calls++, newFunction(parameter, body)), calls: () => calls };
}

describe('the tier option', () => {
  test('defaults to auto; interpreter and compiled are reported as asked', () => {
    assert.equal(new Machine(SUM_OF_SQUARES).tierStats.requested, 'auto');
    assert.equal(new Machine(SUM_OF_SQUARES).tier, 'auto');
    assert.equal(new Machine(SUM_OF_SQUARES, { tier: 'interpreter' }).tier, 'interpreter');
    const compiled = new Machine(SUM_OF_SQUARES, { tier: 'compiled' }).tierStats;
    assert.equal(compiled.active, 'compiled');
    assert.equal(compiled.compiledRegions, compiled.regions);
    assert.ok(compiled.compiledInstructions > 40);
  });

  test('an unknown tier or threshold is a RangeError naming the option', () => {
    assert.throws(() => new Machine(SUM_OF_SQUARES, { tier: 'jit' as TierName }), /tier must be one of interpreter, compiled, auto, got jit/);
    assert.throws(() => new Machine(SUM_OF_SQUARES, { hotThreshold: 0 }), /hotThreshold/);
  });

  test('auto compiles a function once it is hot and leaves cold code in the interpreter', () => {
    const cold = new Machine(recursiveSum(3), { tier: 'auto', hotThreshold: 10 });
    assert.equal(cold.run(), Status.Halted);
    assert.equal(cold.tierStats.compiledRegions, 0);
    const hot = new Machine(recursiveSum(50), { tier: 'auto', hotThreshold: 10 });
    assert.equal(hot.run(), Status.Halted);
    assert.equal(hot.exitCode, 1275);
    assert.equal(hot.tierStats.compiledRegions, 1, 'the recursive function, not main');
  });
});

describe('where code generation is forbidden', () => {
  test('a factory that refuses (EvalError, as under a strict CSP) leaves the machine interpreting, with identical results', () => {
    const refusing: FunctionFactory = () => {
      throw new EvalError('Refused to evaluate a string as JavaScript because unsafe-eval is not allowed');
    };
    for (const tier of ['compiled', 'auto'] as const) {
      const machine = new Machine(SUM_OF_SQUARES, { tier, hotThreshold: 1, functionFactory: refusing });
      const state = finish(machine);
      assert.equal(machine.tier, 'interpreter');
      assert.match(machine.tierStats.fallback ?? '', /EvalError: Refused/);
      assert.deepStrictEqual(state, finish(new Machine(SUM_OF_SQUARES, { tier: 'interpreter' })));
      assert.equal(state.exitCode, SUM_OF_SQUARES_RESULT);
    }
  });
});

describe('compiled code', () => {
  test('is cached per image: a second machine on the same program compiles nothing', () => {
    const { factory, calls } = countingFactory();
    const first = new Machine(SUM_OF_SQUARES, { tier: 'compiled', functionFactory: factory });
    const compiled = calls();
    assert.equal(compiled, first.tierStats.regions);
    const second = new Machine(SUM_OF_SQUARES, { tier: 'compiled', functionFactory: factory });
    assert.equal(calls(), compiled);
    assert.deepStrictEqual(finish(second), finish(first));
  });

  test('is one function per region, and a large function is split into regions of bounded size', () => {
    const body: Instruction[] = [];
    for (let k = 0; k < 3 * MAX_REGION_SIZE; k++) body.push(ins('push', k), ins('pop'));
    const large = program([ins('call', 3), ins('push', 0), ins('halt'), ...body, ins('ret', 0)]);
    const sources: string[] = [];
    const factory: FunctionFactory = (parameter, source) => (sources.push(source), newFunction(parameter, source));
    const machine = new Machine(large, { tier: 'compiled', functionFactory: factory });
    assert.ok(machine.tierStats.regions >= 6, `${machine.tierStats.regions} regions`);
    assert.equal(sources.length, machine.tierStats.regions);
    for (const source of sources) assert.ok(source.length <= MAX_REGION_SOURCE, `a region of ${source.length} characters`);
    assert.deepStrictEqual(finish(machine), finish(new Machine(large, { tier: 'interpreter' })));
  });

  test('recursion deeper than the JavaScript call chain it uses gives the same result on every tier', () => {
    const [interpreted, ...others] = onEveryTier(recursiveSum(2000));
    assert.equal(interpreted.exitCode, 2001000);
    for (const state of others) assert.deepStrictEqual(state, interpreted);
  });

  test('hypercalls, breakpoints, wfi and interrupts stop and resume it as in the interpreter', () => {
    const [interpreted, ...others] = onEveryTier(INTERRUPTS);
    for (const state of others) assert.deepStrictEqual(state, interpreted);
    const [sum, ...sums] = onEveryTier(SUM_OF_SQUARES);
    assert.equal(sum.exitCode, SUM_OF_SQUARES_RESULT);
    for (const state of sums) assert.deepStrictEqual(state, sum);
  });

  test('step() and trace() use the interpreter and run() resumes compiled code, with the same states', () => {
    const reference = new Machine(recursiveSum(30), { tier: 'interpreter' });
    const compiled = new Machine(recursiveSum(30), { tier: 'compiled' });
    for (const machine of [reference, compiled]) {
      for (let k = 0; k < 7; k++) machine.step();
      machine.run(40);
      machine.trace(() => undefined, 5);
      machine.run(3);
    }
    assert.deepStrictEqual(stateOf(compiled), stateOf(reference));
    assert.deepStrictEqual(finish(compiled), finish(reference));
  });

  test('every step budget gives the same state as the interpreter', () => {
    for (const budget of [1, 2, 3, 5, 8, 13, 50]) {
      const reference = new Machine(recursiveSum(20), { tier: 'interpreter' });
      const compiled = new Machine(recursiveSum(20), { tier: 'compiled' });
      while (reference.run(budget) === Status.Ok) {
        compiled.run(budget);
        assert.deepStrictEqual(stateOf(compiled), stateOf(reference), `budget ${budget}`);
      }
      compiled.run(budget);
      assert.deepStrictEqual(stateOf(compiled), stateOf(reference), `budget ${budget}`);
    }
  });

  test('out of gas at every limit: same pc, gas and fault as the interpreter', () => {
    for (let gas = 0; gas < 200; gas += 7) {
      const [interpreted, ...others] = onEveryTier(recursiveSum(10), { gas });
      for (const state of others) assert.deepStrictEqual(state, interpreted, `gas ${gas}`);
    }
  });

  test('a snapshot taken mid-run restores into a compiled machine and finishes as the interpreter does', () => {
    const source = new Machine(SUM_OF_SQUARES, { tier: 'compiled' });
    source.run();
    source.run(60);
    const snapshot = source.snapshot();
    const compiled = new Machine(SUM_OF_SQUARES, { tier: 'compiled' });
    const interpreted = new Machine(SUM_OF_SQUARES, { tier: 'interpreter' });
    compiled.restore(snapshot);
    interpreted.restore(snapshot);
    assert.deepStrictEqual(finish(compiled), finish(interpreted));
    assert.deepStrictEqual(finish(source), finish(interpreted));
  });

  test('memory outside the flat window goes through the bus (MMIO), and a bus fault has the interpreter\'s pc and message', () => {
    const write = program([
      ins('push', CONSOLE_ADDRESS), ins('push', 72), ins('st8'), ins('push', CONSOLE_ADDRESS), ins('ld8u'),
      ins('push', CONSOLE_ADDRESS + 8), ins('push', 1), ins('st32'), ins('halt'),
    ]);
    const results = (['interpreter', 'compiled'] as const).map((tier) => {
      const bus = new ConsoleBus(64);
      const machine = new Machine(write, { tier, memory: bus });
      machine.run();
      return { state: stateOf(machine), log: bus.log };
    });
    assert.deepStrictEqual(results[1], results[0]);
    assert.deepStrictEqual(results[0].log, [`store@${CONSOLE_ADDRESS}:u8=72`, `load@${CONSOLE_ADDRESS}:u8`]);
    assert.equal(results[0].state.fault?.pc, 7);
    assert.match(results[0].state.fault?.message ?? '', /no device at 0x10000008/);
  });
});

describe('what a native sees during its call', () => {
  test('gas, stack and memory are exact and the same on every tier (pc, counts and depth are not promised)', () => {
    // f: a loop of 3 that stores the counter and calls the native, called from main.
    const imports = [{ index: 0, name: 'x', functions: [{ index: 0, name: 'peek' }] }];
    const loop = program([
      ins('call', 3), ins('push', 0), ins('halt'),
      ins('enter', frame(0, 1)), ins('push', 3), ins('lset', 0),
      ins('push', 8), ins('lget', 0), ins('st32'), ins('push', 5), ins('ncall', 0), ins('pop'),
      ins('lget', 0), ins('addi', -1), ins('ltee', 0), ins('jnz', 6), ins('ret', 0),
    ], { imports, memorySize: 64 });
    const seen = (['interpreter', 'compiled', 'auto'] as const).map((tier) => {
      const views: unknown[] = [];
      let machine: Machine | undefined = undefined;
      const libraries = [{ name: 'x', functions: [{ name: 'peek', fn: (): void => {
        if (machine) views.push([machine.gas, machine.gasUsed, machine.stackValues(), machine.memory[8], machine.interruptsEnabled]);
      } }] }];
      machine = new Machine(loop, { tier, hotThreshold: 1, libraries });
      assert.equal(machine.run(), Status.Halted);
      return views;
    });
    assert.equal(seen[0].length, 3);
    assert.deepStrictEqual(seen[1], seen[0]);
    assert.deepStrictEqual(seen[2], seen[0]);
  });
});

describe('the per-image cache', () => {
  test('notices a program whose code was changed in place', () => {
    const p = program([ins('push', 5), ins('halt')]);
    assert.equal(finish(new Machine(p, { tier: 'compiled' })).exitCode, 5);
    p.code[1] = 9; // push 9
    assert.equal(finish(new Machine(p, { tier: 'compiled' })).exitCode, 9);
  });
});
