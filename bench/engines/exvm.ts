/** exvm, running the programs' assembly versions from examples/bench/*.exa: the interpreter, or the compiled tier. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble } from '../../src/asm/index.js';
import { Machine } from '../../src/machine/machine.js';
import type { TierName } from '../../src/machine/compiled/tier.js';
import { Status, statusName } from '../../src/isa/status.js';
import { BenchFailure } from '../failure.js';
import { EXA_DIR } from '../paths.js';
import type { BenchProgram } from '../programs/types.js';
import type { Engine, Runner } from './types.js';

/** The benchmark programs read their size from the 32-bit word at this address (their `n:` label). */
const INPUT_ADDRESS = 0;

/** An exvm runner, which also reports instruction counts and can be driven by `step()`. */
export interface ExvmRunner extends Runner {
  /** Instructions the last run executed. */
  readonly instructions: number;
  /** Runs once like `run()`, but by calling `machine.step()` until the machine stops. */
  runByStep(): number;
}

/** Assembles `program`'s .exa file and loads it into a machine (on `tier`, default the interpreter) that runs it with size `n`. */
export function loadExvm(program: BenchProgram, n: number, tier: TierName = 'interpreter'): ExvmRunner {
  const file = join(EXA_DIR, program.exaFile);
  const machine = new Machine(assemble(readFileSync(file, 'utf8'), { file }), { tier });
  const start = (): void => {
    machine.reset();
    new DataView(machine.memory.buffer, machine.memory.byteOffset).setInt32(INPUT_ADDRESS, n, true);
  };
  const finish = (): number => {
    if (machine.status === Status.Halted) return machine.exitCode;
    const why = machine.fault ? `${machine.fault.message} at pc ${machine.fault.pc}` : 'no fault recorded';
    throw new BenchFailure(`exvm: ${program.exaFile} with n = ${n} stopped with ${statusName(machine.status)} (${why})`);
  };
  return {
    run() {
      start();
      machine.run();
      return finish();
    },
    runByStep() {
      start();
      while (machine.step() === Status.Ok);
      return finish();
    },
    get instructions() {
      return machine.instructionsExecuted;
    },
  };
}

/** The exvm engine: `run()` on a machine per program, in the interpreter. */
export const exvmEngine: Engine = {
  name: 'exvm',
  prepare: (program, n) => loadExvm(program, n),
  dispose: () => undefined,
};

/** exvm's code-generating tier: the whole program compiled to JavaScript when the machine is built. */
export const exvmCompiledEngine: Engine = {
  name: 'compiled',
  prepare: (program, n) => loadExvm(program, n, 'compiled'),
  dispose: () => undefined,
};
