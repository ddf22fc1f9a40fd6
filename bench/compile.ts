/**
 * The code-generating tier's compilation cost: a generated image of about 10,000 instructions
 * (100 functions with loops, locals, arithmetic, loads, stores and calls) compiled whole, as
 * `tier: 'compiled'` does when a machine is built. A fresh Program each time, so the per-image
 * cache never answers. Reported: the median milliseconds of code generation plus `new Function`.
 */
import { encodeInstructions, makeProgram } from '../src/image/program.js';
import type { Program } from '../src/image/program.js';
import { opcodeByMnemonic } from '../src/isa/opcodes.js';
import type { Mnemonic } from '../src/isa/opcodes.js';
import { Machine } from '../src/machine/machine.js';
import { Status } from '../src/isa/status.js';
import { BenchFailure } from './failure.js';
import type { TimingPlan } from './measure.js';
import { measure, median } from './measure.js';

/** What the compilation benchmark measured. */
export interface CompileReport {
  readonly instructions: number;
  readonly regions: number;
  /** Median milliseconds to generate and compile the whole image; null when it failed. */
  readonly compileMs: number | null;
  readonly failures: readonly string[];
}

const FUNCTIONS = 100;
const BODY_REPEATS = 7;

type Line = readonly [Mnemonic, number?];

/** One function: a loop of BODY_REPEATS x 12 instructions over a memory table; about 100 instructions. */
function functionLines(k: number, loop: number, end: number): Line[] {
  const body: Line[] = [];
  for (let r = 0; r < BODY_REPEATS; r++) {
    body.push(['lget', 1], ['lget', 2], ['mul'], ['push', k + r], ['xor'], ['lset', 1]);
    body.push(['lget', 2], ['push', 4], ['mul'], ['lget', 1], ['st32', 64], ['nop']);
  }
  return [
    ['enter', 1 | (3 << 16)], ['lget', 0], ['push', k], ['add'], ['lset', 1], ['push', 0], ['lset', 2],
    ['lget', 2], ['push', 10], ['lts'], ['jz', end],
    ...body,
    ['lget', 2], ['addi', 1], ['lset', 2], ['jmp', loop],
    ['lget', 1], ['ret', 1],
  ];
}

/** The image: main calls every function and sums the results, then the functions. */
export function compileBenchProgram(): Program {
  const mainLength = 3 * FUNCTIONS + 2;
  const size = functionLines(0, 0, 0).length;
  const main: Line[] = [['push', 0]];
  const functions: Line[] = [];
  for (let k = 0; k < FUNCTIONS; k++) {
    const start = mainLength + k * size;
    main.push(['push', k], ['call', start], ['add']);
    functions.push(...functionLines(k, start + 7, start + size - 2));
  }
  main.push(['halt']);
  const code = [...main, ...functions].map(([mnemonic, operand = 0]) => [opcodeByMnemonic(mnemonic)!.code, operand >>> 0] as const);
  return makeProgram({ code: encodeInstructions(code), memorySize: 4096 });
}

/** Times compiling the image whole; checks that the compiled machine computes what the interpreter does. */
export function runCompileBench(plan: TimingPlan): CompileReport {
  const template = compileBenchProgram();
  const instructions = template.code.length / 5;
  const spent: number[] = [];
  let regions = 0;
  try {
    const expected = new Machine(template, { tier: 'interpreter' });
    const compiled = new Machine(template, { tier: 'compiled' });
    if (expected.run() !== Status.Halted || compiled.run() !== Status.Halted || expected.exitCode !== compiled.exitCode) {
      throw new BenchFailure('compile bench: the compiled image does not compute what the interpreter does');
    }
    const timing = measure({
      run() {
        const machine = new Machine({ ...template }, { tier: 'compiled' }); // a new Program: no cache hit
        if (machine.tier !== 'compiled') throw new BenchFailure(`compile bench: no compiled tier (${machine.tierStats.fallback})`);
        regions = machine.tierStats.regions;
        spent.push(machine.tierStats.compileMs);
        return machine.tierStats.compiledInstructions;
      },
    }, plan, 'compile bench');
    return { instructions, regions, compileMs: median(spent.slice(-timing.runs)), failures: [] };
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    return { instructions, regions, compileMs: null, failures: [error.message] };
  }
}

/** The compile benchmark as a line of text. */
export function formatCompileReport(report: CompileReport): string {
  const ms = report.compileMs === null ? 'error' : report.compileMs.toFixed(1);
  return `compiled tier: compiling an image of ${report.instructions} instructions (${report.regions} regions) takes ${ms} ms (median; code generation and new Function, no cache)`;
}
