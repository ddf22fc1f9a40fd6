/** Smoke test of the benchmark: every engine adapter on tiny sizes, result checking, the report. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadExvm } from '../../bench/engines/exvm.js';
import { createFengariEngine } from '../../bench/engines/fengari.js';
import { jsEngine } from '../../bench/engines/js.js';
import { createQuickJsEngine } from '../../bench/engines/quickjs.js';
import type { Engine } from '../../bench/engines/types.js';
import { BenchFailure } from '../../bench/failure.js';
import type { TimingPlan } from '../../bench/measure.js';
import { measure, median } from '../../bench/measure.js';
import { PROGRAMS } from '../../bench/programs/index.js';
import type { BenchProgram } from '../../bench/programs/types.js';
import { formatReport } from '../../bench/report.js';
import { runSuite } from '../../bench/suite.js';

/** Tiny sizes and their known answers: fib(10), the wrapped sum of 0..999, primes below 1000. */
const TINY: Readonly<Record<string, { n: number; answer: number }>> = {
  fib: { n: 10, answer: 55 },
  loop: { n: 1000, answer: 499500 },
  sieve: { n: 1000, answer: 168 },
};
const ONE_RUN: TimingPlan = { warmups: 1, warmupMs: 0, minRuns: 1, maxRuns: 1, budgetMs: 0 };
const tiny = (program: BenchProgram): number => TINY[program.name].n;

describe('benchmark engines', () => {
  let engines: Engine[] = [];
  before(async () => {
    engines = [jsEngine, await createQuickJsEngine(), createFengariEngine()];
  });
  after(() => {
    for (const engine of engines) engine.dispose();
  });

  it('covers exactly the three programs', () => {
    assert.deepEqual(PROGRAMS.map((p) => p.name), ['fib', 'loop', 'sieve']);
  });

  for (const program of PROGRAMS) {
    const { n, answer } = TINY[program.name];
    it(`${program.name}(${n}) gives ${answer} on every engine, repeatedly`, () => {
      for (const engine of engines) {
        const runner = engine.prepare(program, n);
        assert.equal(runner.run(), answer, engine.name);
        assert.equal(runner.run(), answer, `${engine.name}, second run`);
      }
      const exvm = loadExvm(program, n);
      assert.equal(exvm.run(), answer, 'exvm run()');
      const instructions = exvm.instructions;
      assert.ok(instructions > n, `exvm executed ${instructions} instructions`);
      assert.equal(exvm.runByStep(), answer, 'exvm step() loop');
      assert.equal(exvm.instructions, instructions, 'step() executes the same instructions as run()');
    });
  }

  it('the loop wraps at 32 bits the same way in plain JS, fengari and exvm', () => {
    // The sum of 0 .. 99,999 is 4,999,950,000, which wraps to 4,999,950,000 - 2^32.
    const loop = PROGRAMS[1];
    const wrapped = 4_999_950_000 - 2 ** 32;
    assert.equal(loop.js(100_000), wrapped);
    assert.equal(engines[2].prepare(loop, 100_000).run(), wrapped);
    assert.equal(loadExvm(loop, 100_000).run(), wrapped);
  });

  it('runs the whole suite on tiny sizes without failures and formats the table', () => {
    const report = runSuite({ engines: engines.slice(1), plan: ONE_RUN, sizeOf: tiny, quick: true, node: 'v0', cpu: 'test CPU' });
    assert.deepEqual(report.failures, []);
    for (const row of report.programs) {
      assert.equal(row.expected, TINY[row.program].answer);
      assert.deepEqual(row.cells.map((c) => c.engine), ['exvm', 'JS', 'QuickJS', 'fengari']);
      assert.ok(row.cells.every((c) => c.result === row.expected && c.runs === 1 && c.medianMs !== null));
      assert.ok((row.exvmInstructions ?? 0) > 0);
    }
    assert.equal(report.step?.n, 10);
    const text = formatReport(report);
    assert.match(text, /\| program \| exvm ms \| JS ms \| exvm\/JS \| QuickJS ms \| QuickJS\/JS \| fengari ms \| fengari\/JS \|/);
    assert.match(text, /\| fib\(10\) \|/);
    assert.match(text, /\| sieve\(1,000\) \|/);
    assert.match(text, /step\(\) loop is .* slower/);
    assert.match(text, /node v0 on test CPU/);
  });

  it('reports an engine whose results differ from plain JS', () => {
    const wrong: Engine = { name: 'wrong', prepare: (program, n) => ({ run: () => program.js(n) + 1 }), dispose: () => undefined };
    const report = runSuite({ engines: [wrong], plan: ONE_RUN, sizeOf: tiny, quick: true, node: 'v0', cpu: 'test CPU' });
    assert.deepEqual(report.failures, [
      'fib(10) on wrong returned 56, plain JS 55',
      'loop(1000) on wrong returned 499501, plain JS 499500',
      'sieve(1000) on wrong returned 169, plain JS 168',
    ]);
  });

  it('reports an engine that fails instead of stopping the suite', () => {
    const failing: Engine = {
      name: 'failing',
      prepare: () => ({ run: () => { throw new BenchFailure('boom'); } }),
      dispose: () => undefined,
    };
    const report = runSuite({ engines: [failing], plan: ONE_RUN, sizeOf: tiny, quick: true, node: 'v0', cpu: 'test CPU' });
    assert.equal(report.failures.length, 3);
    assert.equal(report.failures[0], 'fib(10) on failing: boom');
    assert.match(formatReport(report), /\| fib\(10\) \|.*\| error \| – \|/);
  });
});

describe('measure', () => {
  it('takes the median', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });

  it('makes the planned number of runs after the warm-ups', () => {
    let calls = 0;
    const timing = measure({ run: () => ++calls * 0 + 7 }, { warmups: 2, warmupMs: 0, minRuns: 4, maxRuns: 4, budgetMs: 60_000 }, 'counting');
    assert.equal(calls, 6);
    assert.equal(timing.runs, 4);
    assert.equal(timing.result, 7);
  });

  it('rejects a runner whose result changes between runs', () => {
    let calls = 0;
    assert.throws(() => measure({ run: () => calls++ }, ONE_RUN, 'unstable'), (error: unknown) => {
      assert.ok(error instanceof BenchFailure);
      assert.match(error.message, /^unstable: timed run 1 returned 1, the first run 0$/);
      return true;
    });
  });
});
