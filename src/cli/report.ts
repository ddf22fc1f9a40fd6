/**
 * How the CLI reports problems: every message is one or more lines prefixed `exvm:` on stderr,
 * and every outcome maps to a documented exit code. Nothing reaches the user as a stack trace.
 */
import { ErrorCode, ExvmError } from '../errors.js';
import type { Program } from '../image/program.js';
import type { FaultInfo } from '../isa/status.js';
import { statusName } from '../isa/status.js';

/** The process exit codes of `exvm`. */
export const ExitCode = {
  Ok: 0,
  /** Bad input: a missing or unreadable file, assembly errors, an invalid image, missing imports. */
  BadInput: 1,
  /** Bad usage: an unknown command or option, a bad option value. */
  Usage: 2,
  /** The guest program faulted (or stopped in a way the CLI cannot continue). */
  GuestFault: 70,
  /** The `--max-steps` budget ran out before the program stopped. */
  StepLimit: 71,
} as const;

/** The help text's description of the exit codes. */
export const EXIT_CODES_HELP = [
  'Exit codes:',
  '  N    run: the program halted with exit code N (taken & 0xff)',
  '  0    success (asm, disasm)',
  '  1    bad input: missing or unreadable file, assembly errors, invalid image, missing imports',
  '  2    usage error: unknown command or option, bad option value',
  '  70   the program faulted (the fault is reported as file:line:col: Status at pc N: message)',
  '  71   --max-steps ran out before the program stopped',
].join('\n');

/** An error that ends the command with specific stderr lines and exit code. */
export class CliFailure extends Error {
  /** `lines` are printed to stderr, each prefixed `exvm: `. */
  constructor(
    readonly exitCode: number,
    readonly lines: readonly string[],
  ) {
    super(lines.join('\n'));
    this.name = 'CliFailure';
  }
}

/** The stderr lines (without prefix) and exit code for any error thrown while running a command. */
export function describeError(error: unknown): CliFailure {
  if (error instanceof CliFailure) return error;
  if (error instanceof ExvmError) {
    return new CliFailure(error.code === ErrorCode.Usage ? ExitCode.Usage : ExitCode.BadInput, error.message.split('\n'));
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new CliFailure(ExitCode.BadInput, [`internal error: ${detail}`]);
}

/** Where in the source a program counter came from: `file:line:col`, or just the file without debug info. */
export function sourcePosition(file: string, program: Program, pc: number): string {
  const location = program.debug?.locations.find((l) => l.pc === pc);
  return location ? `${file}:${location.line}:${location.column}` : file;
}

/** The one-line report of a guest fault: `file:line:col: StatusName at pc N: message`. */
export function faultLine(file: string, program: Program, fault: FaultInfo): string {
  return `${sourcePosition(file, program, fault.pc)}: ${statusName(fault.status)} at pc ${fault.pc}: ${fault.message}`;
}
