/**
 * How the CLI reports problems on stderr, and every outcome's documented exit code. Lines about a
 * place in a program are compiler-style (`fib.exa:3:5: message`); other problems are prefixed
 * `exvm: `. Nothing reaches the user as a stack trace.
 */
import { AsmError, ErrorCode, ExvmError } from '../errors.js';
import type { Program } from '../image/program.js';
import type { FaultInfo } from '../isa/status.js';
import { statusName } from '../isa/status.js';
import { OutputClosed } from './node-io.js';

/** The process exit codes of `exvm`. */
export const ExitCode = {
  Ok: 0,
  /** Bad input: a missing or unreadable file, assembly errors, an invalid image, missing imports. */
  BadInput: 1,
  /** Bad usage: an unknown command or option, a bad option value. */
  Usage: 2,
  /** `vmtester`: at least one conformance check failed. */
  ChecksFailed: 1,
  /** The guest program faulted (or stopped in a way the CLI cannot continue). */
  GuestFault: 70,
  /** The `--max-steps` budget ran out before the program stopped. */
  StepLimit: 71,
  /** stdout (or stderr under `--trace`) was closed by its reader: 128 + SIGPIPE, like `yes | head`. */
  OutputClosed: 141,
} as const;

/** The help text's description of the exit codes. */
export const EXIT_CODES_HELP = [
  'Exit codes:',
  '  N    run: the program halted with exit code N (taken & 0xff)',
  '  0    success (asm, disasm; vmc run once it printed the result; vmtester when every check passed)',
  '  1    bad input: missing or unreadable file, assembly errors, invalid image, missing imports',
  '  2    usage error: unknown command or option, bad option value',
  '  1-7  vmc run, vmtester: the VM could not be loaded; the code is the loader\'s (EVMC\'s): 1 cannot open,',
  '       2 create function not found, 3 invalid config, 4 creation failed, 5 ABI version mismatch,',
  '       6 invalid option name, 7 invalid option value (UNSPECIFIED, -1, exits 255)',
  '  1    vmtester: a conformance check failed; vmc run: the VM misbehaved (an invalid result, execute or',
  '       release threw, destroy failed), reported after whatever could be printed',
  '  N    vmc run --create: the creation failed with status code N (taken & 0xff)',
  '  70   the program faulted (the fault is reported as file:line:col: Status at pc N: message)',
  '  71   --max-steps ran out before the program stopped',
  '  141  stdout (or stderr under --trace) was closed by its reader, as in `exvm run prog.exa | head -1`;',
  '       the program is stopped quietly (128 + SIGPIPE, like `yes | head`)',
].join('\n');

/** An error that ends the command with specific stderr lines and exit code. */
export class CliFailure extends Error {
  /** `lines` are printed to stderr as they are (see `toolLines` for problems without a source position). */
  constructor(
    readonly exitCode: number,
    readonly lines: readonly string[],
  ) {
    super(lines.join('\n'));
    this.name = 'CliFailure';
  }
}

/** Lines about a problem with no place in a program (a file, the usage, an image), each prefixed `exvm: `. */
export function toolLines(message: string): string[] {
  return message.split('\n').map((line) => `exvm: ${line}`);
}

/** The stderr lines and exit code for any error thrown while running a command. */
export function describeError(error: unknown): CliFailure {
  if (error instanceof CliFailure) return error;
  if (error instanceof OutputClosed) return new CliFailure(ExitCode.OutputClosed, []);
  // Assembly diagnostics are already `file:line:col: message`.
  if (error instanceof AsmError) return new CliFailure(ExitCode.BadInput, error.message.split('\n'));
  if (error instanceof ExvmError) return new CliFailure(error.code === ErrorCode.Usage ? ExitCode.Usage : ExitCode.BadInput, toolLines(error.message));
  const detail = error instanceof Error ? error.message : String(error);
  return new CliFailure(ExitCode.BadInput, toolLines(`internal error: ${detail}`));
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
