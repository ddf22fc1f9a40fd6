/**
 * The benchmark suite: every program on exvm, plain JS and the other engines, side by side in
 * this process, with the results cross-checked, plus exvm's `step()`-driven fib against `run()`.
 */
import type { ExvmRunner } from './engines/exvm.js';
import { loadExvm } from './engines/exvm.js';
import { jsEngine } from './engines/js.js';
import type { Engine, Runner } from './engines/types.js';
import type { Timing, TimingPlan } from './measure.js';
import { measure } from './measure.js';
import { fibProgram } from './programs/fib.js';
import { PROGRAMS } from './programs/index.js';
import type { BenchProgram } from './programs/types.js';

/** One engine's numbers for one program; `error` instead of numbers when it failed. */
export interface EngineCell {
  readonly engine: string;
  readonly medianMs: number | null;
  readonly runs: number;
  readonly result: number | null;
  readonly error?: string;
}

/** One program's row: every engine, and exvm's instruction count and speed. */
export interface ProgramReport {
  readonly program: string;
  readonly description: string;
  readonly n: number;
  /** Plain JS's result, which every engine must match. */
  readonly expected: number | null;
  /** exvm first, then JS, then the other engines. */
  readonly cells: readonly EngineCell[];
  readonly exvmInstructions: number | null;
  readonly exvmMInstructionsPerSecond: number | null;
}

/** exvm's `step()` loop against `run()` on the same program. */
export interface StepReport {
  readonly program: string;
  readonly n: number;
  readonly runMs: number;
  readonly stepMs: number;
  /** How many times slower the `step()` loop is. */
  readonly stepOverRun: number;
}

/** Everything one benchmark run measured. */
export interface BenchReport {
  readonly node: string;
  readonly cpu: string;
  readonly quick: boolean;
  readonly programs: readonly ProgramReport[];
  readonly step: StepReport | null;
  /** Engine failures and disagreeing results; empty when all is well. */
  readonly failures: readonly string[];
}

/** What to run and how. */
export interface SuiteOptions {
  /** The engines compared besides exvm and plain JS, in column order. */
  readonly engines: readonly Engine[];
  readonly plan: TimingPlan;
  /** The size `n` to run each program with. */
  readonly sizeOf: (program: BenchProgram) => number;
  readonly quick: boolean;
  readonly node: string;
  readonly cpu: string;
  /** Called before each measurement, e.g. to show progress. */
  readonly progress?: (message: string) => void;
}

type Attempt = { readonly timing: Timing } | { readonly error: string };

function attempt(label: string, load: () => Runner, options: SuiteOptions): Attempt {
  options.progress?.(label);
  try {
    return { timing: measure(load(), options.plan, label) };
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    return { error: `${label}: ${error.message}` };
  }
}

function cell(engine: string, outcome: Attempt): EngineCell {
  if ('error' in outcome) return { engine, medianMs: null, runs: 0, result: null, error: outcome.error };
  return { engine, medianMs: outcome.timing.medianMs, runs: outcome.timing.runs, result: outcome.timing.result };
}

function benchProgram(program: BenchProgram, options: SuiteOptions, failures: string[]): ProgramReport {
  const n = options.sizeOf(program);
  const label = (engine: string): string => `${program.name}(${n}) on ${engine}`;
  // Kept from the exvm measurement for its instruction count.
  let exvm: ExvmRunner | undefined;
  const cells = [
    cell('exvm', attempt(label('exvm'), () => (exvm = loadExvm(program, n)), options)),
    ...[jsEngine, ...options.engines].map((engine) => cell(engine.name, attempt(label(engine.name), () => engine.prepare(program, n), options))),
  ];
  const expected = cells[1].result;
  for (const c of cells) {
    if (c.error !== undefined) failures.push(c.error);
    else if (expected !== null && c.result !== expected) failures.push(`${label(c.engine)} returned ${c.result}, plain JS ${expected}`);
  }
  const instructions = cells[0].medianMs === null || exvm === undefined ? null : exvm.instructions;
  return {
    program: program.name,
    description: program.description,
    n,
    expected,
    cells,
    exvmInstructions: instructions,
    exvmMInstructionsPerSecond: instructions === null || cells[0].medianMs === null ? null : instructions / (cells[0].medianMs * 1000),
  };
}

function benchStep(options: SuiteOptions, failures: string[]): StepReport | null {
  const n = options.sizeOf(fibProgram);
  const loaded = (): ExvmRunner => loadExvm(fibProgram, n);
  const viaRun = attempt(`${fibProgram.name}(${n}) on exvm, run()`, loaded, options);
  const viaStep = attempt(`${fibProgram.name}(${n}) on exvm, step() loop`, () => {
    const runner = loaded();
    return { run: () => runner.runByStep() };
  }, options);
  for (const outcome of [viaRun, viaStep]) if ('error' in outcome) failures.push(outcome.error);
  if ('error' in viaRun || 'error' in viaStep) return null;
  if (viaRun.timing.result !== viaStep.timing.result) {
    failures.push(`${fibProgram.name}(${n}) on exvm: step() loop returned ${viaStep.timing.result}, run() ${viaRun.timing.result}`);
  }
  return {
    program: fibProgram.name,
    n,
    runMs: viaRun.timing.medianMs,
    stepMs: viaStep.timing.medianMs,
    stepOverRun: viaStep.timing.medianMs / viaRun.timing.medianMs,
  };
}

/** Runs every program on every engine, then the step-versus-run comparison. */
export function runSuite(options: SuiteOptions): BenchReport {
  const failures: string[] = [];
  const programs = PROGRAMS.map((program) => benchProgram(program, options, failures));
  const step = benchStep(options, failures);
  return { node: options.node, cpu: options.cpu, quick: options.quick, programs, step, failures };
}
