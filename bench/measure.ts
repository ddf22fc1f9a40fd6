/** Timing: untimed warm-up runs, then timed runs; the median is what gets reported. */
import { performance } from 'node:perf_hooks';
import type { Runner } from './engines/types.js';
import { BenchFailure } from './failure.js';

/**
 * How many runs to make. Warm-up: at least `warmups` runs, more while they take less than
 * `warmupMs` in all (so that short programs get the JIT's optimised code), fewer when one run alone
 * exceeds `budgetMs`. Timing: at least `minRuns`, then on until `budgetMs` is spent or `maxRuns`.
 */
export interface TimingPlan {
  readonly warmups: number;
  readonly warmupMs: number;
  readonly minRuns: number;
  readonly maxRuns: number;
  readonly budgetMs: number;
}

/** Full runs: enough samples for a stable median without spending minutes on the slow engines. */
export const FULL_PLAN: TimingPlan = { warmups: 2, warmupMs: 200, minRuns: 3, maxRuns: 50, budgetMs: 1000 };
/** `--quick` runs: a sanity check of the numbers' order of magnitude. */
export const QUICK_PLAN: TimingPlan = { warmups: 1, warmupMs: 50, minRuns: 3, maxRuns: 20, budgetMs: 200 };

/** What timing one runner produced. */
export interface Timing {
  readonly medianMs: number;
  readonly runs: number;
  /** The result every run returned. */
  readonly result: number;
}

/** The median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Warms `runner` up, then times it; every run must return the first run's result. `label` names
 * the measurement in errors.
 */
export function measure(runner: Runner, plan: TimingPlan, label: string): Timing {
  const warmStart = performance.now();
  const result = runner.run();
  const same = (value: number, run: string): void => {
    if (!Object.is(value, result)) throw new BenchFailure(`${label}: ${run} returned ${value}, the first run ${result}`);
  };
  if (performance.now() - warmStart < plan.budgetMs) {
    for (let done = 1; done < plan.warmups || performance.now() - warmStart < plan.warmupMs; done++) {
      same(runner.run(), `warm-up run ${done + 1}`);
    }
  }
  const times: number[] = [];
  let spent = 0;
  while (times.length < plan.maxRuns && (times.length < plan.minRuns || spent < plan.budgetMs)) {
    const start = performance.now();
    const value = runner.run();
    const elapsed = performance.now() - start;
    same(value, `timed run ${times.length + 1}`);
    times.push(elapsed);
    spent += elapsed;
  }
  return { medianMs: median(times), runs: times.length, result };
}
