/**
 * One call from assembly source to a finished run, with the standard libraries and an in-memory
 * console: for embedding, tests and playgrounds (it runs in browsers too).
 */
import { assemble, describeLibraries } from './asm/index.js';
import type { FaultInfo, Status } from './isa/status.js';
import { Machine } from './machine/machine.js';
import { bufferedEnvironment, standardLibraries } from './stdlib/index.js';

/** What `runSource` needs besides the source. Every field is optional. */
export interface RunSourceOptions {
  /** The file name used in diagnostics. Default `<input>`. */
  readonly file?: string;
  /** Text the program reads from standard input. */
  readonly input?: string;
  /** Program arguments (`sys.argc`, `sys.arg`). */
  readonly args?: readonly string[];
  /** Gas available. Default: unlimited. */
  readonly gas?: number;
  /** Most instructions to execute. Default: until the program stops. */
  readonly maxSteps?: number;
}

/** How a run ended. */
export interface RunSourceResult {
  /** The machine's status: Halted, a fault, or Ok when `maxSteps` ran out. */
  readonly status: Status;
  /** The exit code given to `halt` (0 unless it halted). */
  readonly exitCode: number;
  /** Everything the program printed, decoded as UTF-8. */
  readonly output: string;
  /** Where and why it faulted, if it did. */
  readonly fault: FaultInfo | undefined;
  /** Gas used. */
  readonly gasUsed: number;
  /** Instructions executed. */
  readonly instructions: number;
}

/**
 * Assembles `source` against the standard libraries and runs it to the end (or `maxSteps`). Throws
 * AsmError when the source does not assemble; guest behaviour is in the result, never thrown.
 */
export function runSource(source: string, options: RunSourceOptions = {}): RunSourceResult {
  const environment = bufferedEnvironment(options.input ?? '', options.args ?? []);
  const libraries = standardLibraries(environment);
  const program = assemble(source, { file: options.file ?? '<input>', libraries: describeLibraries(libraries) });
  const machine = new Machine(program, options.gas === undefined ? { libraries } : { libraries, gas: options.gas });
  const status = machine.run(options.maxSteps);
  return {
    status,
    exitCode: machine.exitCode,
    output: environment.output(),
    fault: machine.fault,
    gasUsed: machine.gasUsed,
    instructions: machine.instructionsExecuted,
  };
}
