/** `exvm run`: load a program, link the libraries, run it to the end and report how it ended. */
import { Op } from '../isa/opcodes.js';
import type { Program } from '../image/program.js';
import { instructionCount, opcodeAt, operandAt } from '../image/program.js';
import { Machine } from '../machine/machine.js';
import type { MissingImport } from '../machine/natives.js';
import type { TierName } from '../machine/compiled/tier.js';
import type { Status as StatusCode } from '../isa/status.js';
import { Status, isFault } from '../isa/status.js';
import { ErrorCode, ExvmError } from '../errors.js';
import { isApplicationFile, runApplicationCommand } from './app-run.js';
import { loadLibraries } from './libraries.js';
import { processEnvironment, stderr, stdout } from './node-io.js';
import { loadProgram } from './program-file.js';
import { writeTraceLine } from './trace-json.js';
import { CliFailure, ExitCode, faultLine, sourcePosition } from './report.js';

/** Options of `exvm run`. */
export interface RunOptions {
  readonly gas?: number;
  readonly maxSteps?: number;
  readonly trace?: boolean;
  /** The execution tier (default: auto). */
  readonly tier?: TierName;
  readonly lib: readonly string[];
}

/** The name to show for positions in `program`: its source file when it carries debug info. */
function displayFile(file: string, program: Program): string {
  return program.debug?.source ?? file;
}

/** The first instruction that calls native `operand`, or undefined. */
function firstCall(program: Program, operand: number): number | undefined {
  for (let pc = 0; pc < instructionCount(program); pc++) {
    if (opcodeAt(program.code, pc) === Op.NCALL && operandAt(program.code, pc) === operand) return pc;
  }
  return undefined;
}

/** `file:line:col: no library provides io.foo` for each missing import, in the order of their first calls. */
function missingImportLines(file: string, program: Program, missing: readonly MissingImport[]): string[] {
  return missing
    .map((m) => ({ m, pc: firstCall(program, m.operand) }))
    .sort((a, b) => (a.pc ?? Infinity) - (b.pc ?? Infinity))
    .map(({ m, pc }) => `${pc === undefined ? file : sourcePosition(file, program, pc)}: no library provides native function ${m.library}.${m.function} (give one with --lib MODULE.js)`);
}

/** Runs the machine until it halts, faults, waits forever or the step budget ends; `brk` just continues. */
function execute(machine: Machine, options: RunOptions): StatusCode {
  let remaining = options.maxSteps ?? Number.MAX_SAFE_INTEGER;
  for (;;) {
    const before = machine.instructionsExecuted;
    const status = options.trace ? machine.trace(writeTraceLine, remaining) : machine.run(remaining);
    remaining -= machine.instructionsExecuted - before;
    if (status !== Status.Breakpoint || remaining <= 0) return status;
  }
}

/** The exit code for how the run ended, throwing a CliFailure with the report when it did not halt. */
function outcome(file: string, machine: Machine, status: StatusCode, options: RunOptions): number {
  const program = machine.program;
  const at = (pc: number): string => sourcePosition(file, program, pc);
  if (status === Status.Halted) return machine.exitCode & 0xff;
  if (isFault(status) && machine.fault) throw new CliFailure(ExitCode.GuestFault, [faultLine(file, program, machine.fault)]);
  if (status === Status.Waiting) {
    throw new CliFailure(ExitCode.GuestFault, [`${at(machine.pc - 1)}: Waiting at pc ${machine.pc - 1}: wfi waits for an interrupt, but nothing raises interrupts under exvm run`]);
  }
  if (status === Status.Hypercall) {
    throw new CliFailure(ExitCode.GuestFault, [`${at(machine.pc - 1)}: Hypercall at pc ${machine.pc - 1}: hcall ${machine.hypercallNumber} needs a hypervisor; exvm run does not handle hypercalls`]);
  }
  throw new CliFailure(ExitCode.StepLimit, [`${at(machine.pc)}: stopped at pc ${machine.pc} after ${options.maxSteps ?? 0} step${options.maxSteps === 1 ? '' : 's'} (--max-steps); the program had not finished`]);
}

/** Runs `file` with program arguments `args`; returns the process exit code. */
export async function runCommand(file: string, args: readonly string[], options: RunOptions): Promise<number> {
  if (isApplicationFile(file)) return runApplicationCommand(file, args, options);
  const env = processEnvironment(args);
  const libraries = await loadLibraries(options.lib, env);
  const program = loadProgram(file, libraries.description);
  const shown = displayFile(file, program);
  let machine: Machine;
  try {
    machine = new Machine(program, { libraries: libraries.implementations, tier: options.tier, ...(options.gas === undefined ? {} : { gas: options.gas }) });
  } catch (error) {
    // The Machine constructor throws RangeError only for a program that cannot be loaded (e.g. data past memory).
    if (error instanceof RangeError) throw new ExvmError(ErrorCode.Image, `${shown}: ${error.message}`);
    throw error;
  }
  if (machine.missingImports.length > 0) throw new CliFailure(ExitCode.BadInput, missingImportLines(shown, program, machine.missingImports));
  const status = execute(machine, options);
  // A native whose output could not be written made the guest fault: report the broken output instead.
  stdout.check();
  stderr.check();
  return outcome(shown, machine, status, options);
}
