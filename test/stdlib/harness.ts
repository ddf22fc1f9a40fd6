/**
 * Runs one standard native on a real Machine: pushes the arguments, executes `ncall`, and reports
 * what the native left on the stack, what it printed, and how the machine ended.
 */
import { Op } from '../../src/isa/opcodes.js';
import type { DataSegment, ImportedLibrary } from '../../src/image/program.js';
import { encodeInstructions, makeProgram } from '../../src/image/program.js';
import { Machine } from '../../src/machine/machine.js';
import type { FaultInfo } from '../../src/isa/status.js';
import { statusName } from '../../src/isa/status.js';
import type { BufferedEnvironment } from '../../src/stdlib/index.js';
import { bufferedEnvironment, standardLibraries } from '../../src/stdlib/index.js';

/** A float argument (pushed with `pushf`); plain numbers are pushed as integers. */
export interface FloatArg {
  readonly f: number;
}

/** How one native call ended. */
export interface NativeOutcome {
  /** "Halted" when the native returned normally, else the fault's status name. */
  readonly status: string;
  /** The values the native pushed (the stack after the call). */
  readonly results: number[];
  readonly output: string;
  readonly fault: FaultInfo | undefined;
  readonly memory: Uint8Array;
  readonly gasUsed: number;
  readonly env: BufferedEnvironment;
}

/** Options of a native call: memory contents, stdin, program arguments, clock, gas. */
export interface CallOptions {
  readonly data?: readonly DataSegment[];
  readonly input?: string;
  readonly args?: readonly string[];
  readonly now?: () => number;
  readonly gas?: number;
  readonly memorySize?: number;
}

/** Imports of every standard function, so any `ncall lib << 16 | fn` resolves. */
function allImports(): ImportedLibrary[] {
  return standardLibraries(bufferedEnvironment()).map((library, index) => ({
    index,
    name: library.name,
    functions: library.functions.map((fn, position) => ({ index: position, name: fn.name })),
  }));
}

/** Calls `name` ("str.compare") with `args` on a fresh machine. */
export function callNative(name: string, args: readonly (number | FloatArg)[], options: CallOptions = {}): NativeOutcome {
  const env = bufferedEnvironment(options.input ?? '', options.args ?? [], options.now);
  const libraries = standardLibraries(env);
  const [libraryName, fnName] = name.split('.');
  const library = libraries.findIndex((l) => l.name === libraryName);
  const fn = libraries[library]?.functions.findIndex((f) => f.name === fnName) ?? -1;
  if (library < 0 || fn < 0) throw new Error(`no standard function ${name}`);
  const constants: number[] = [];
  const pushes = args.map((arg): [number, number] => {
    if (typeof arg === 'number') return [Op.PUSH, arg >>> 0];
    constants.push(arg.f);
    return [Op.PUSHF, constants.length - 1];
  });
  const code = encodeInstructions([...pushes, [Op.NCALL, (library << 16) | fn], [Op.PUSH, 0], [Op.HALT, 0]]);
  const program = makeProgram({
    code,
    constants: Float64Array.from(constants),
    data: options.data ?? [],
    imports: allImports(),
    ...(options.memorySize === undefined ? {} : { memorySize: options.memorySize }),
  });
  const machine = new Machine(program, { libraries, ...(options.gas === undefined ? {} : { gas: options.gas }) });
  const status = machine.run();
  return {
    status: statusName(status),
    results: machine.stackValues(),
    output: env.output(),
    fault: machine.fault,
    memory: machine.memory,
    gasUsed: machine.gasUsed,
    env,
  };
}

/** A data segment holding `text` as UTF-8 at `address`. */
export function textAt(address: number, text: string): DataSegment {
  return { address, bytes: new TextEncoder().encode(text) };
}

/** The UTF-8 text of `length` bytes of `memory` at `address`. */
export function textIn(memory: Uint8Array, address: number, length: number): string {
  return new TextDecoder().decode(memory.subarray(address, address + length));
}
