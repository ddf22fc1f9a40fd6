/**
 * Native libraries: host functions a program calls with `ncall`. The embedder hands the machine an
 * ordered array of libraries (position = library index), each an ordered array of named functions
 * (position = function index). A program's import table names what it uses; the machine resolves
 * the names when it loads the program, so a library added or reordered cannot silently call the
 * wrong function.
 */
import type { ImportedLibrary } from '../image/program.js';
import type { Status } from '../isa/status.js';

/** What a native function sees of the machine while it runs. */
export interface NativeContext {
  /** Pops a 32-bit integer (faults StackUnderflow when the stack is empty). */
  popInt(): number;
  /** Pops a float. */
  popFloat(): number;
  /** Pushes a 32-bit integer (the value is wrapped to 32 bits). */
  pushInt(value: number): void;
  /** Pushes a float. */
  pushFloat(value: number): void;
  /** The flat memory window (guest addresses from 0). */
  readonly memory: Uint8Array;
  /** Copies `length` bytes from guest memory (faults MemoryFault when outside). */
  readBytes(address: number, length: number): Uint8Array;
  /** Copies bytes into guest memory (faults MemoryFault when outside). */
  writeBytes(address: number, bytes: Uint8Array): void;
  /** Decodes `length` bytes of UTF-8 at `address`. */
  readString(address: number, length: number): string;
  /** Decodes a NUL-terminated UTF-8 string at `address` (at most `maxLength` bytes). */
  readCString(address: number, maxLength?: number): string;
  /** Charges extra gas for work proportional to input (faults OutOfGas when there is not enough). */
  chargeGas(amount: number): void;
  /** Stops the call with NativeFailure and this message. */
  fail(message: string): never;
  /** The id of the CPU this machine is. */
  readonly cpuId: number;
}

/** A host function callable from guest code. It pops its arguments and pushes its results. */
export type NativeFunction = (context: NativeContext) => void;

/** A named native function, with an optional one-line description for docs and `--help`. */
export interface NativeFunctionDef {
  /** The name assembly and images use. */
  readonly name: string;
  /** The implementation. */
  readonly fn: NativeFunction;
  /** One line: the stack effect, ` ; `, and what it does. */
  readonly doc?: string;
}

/** A native library: a name and its functions, in order. */
export interface NativeLibrary {
  /** The library's name ('' for a library known only by position). */
  readonly name: string;
  /** Its functions; position = function index. */
  readonly functions: readonly NativeFunctionDef[];
}

/** Thrown by native helpers to stop the call with a specific fault status. */
export class GuestFault extends Error {
  /** Creates a fault with the status the machine will report. */
  constructor(
    readonly status: Status,
    message: string,
    readonly address?: number,
  ) {
    super(message);
    this.name = 'GuestFault';
  }
}

/** An import the machine's libraries do not provide. */
export interface MissingImport {
  /** The library name (or its index, for a positional library). */
  readonly library: string;
  /** The function name. */
  readonly function: string;
  /** The `ncall` operand that names it. */
  readonly operand: number;
}

/** A native function found for an `ncall` operand, with the name messages use. */
export interface ResolvedNative {
  /** The implementation. */
  readonly fn: NativeFunction;
  /** `library.function`, for messages. */
  readonly name: string;
}

/** Imports resolved against a machine's libraries. */
export interface ResolvedImports {
  /** Native operand (library << 16 | function) -> the function and its display name. */
  readonly byOperand: ReadonlyMap<number, ResolvedNative>;
  /** Every operand the import table declares, resolved or not. */
  readonly declared: ReadonlySet<number>;
  /** The imports no library provides. */
  readonly missing: readonly MissingImport[];
}

/** The display name of an imported function: `io.print_int`, or `0.func1` for a positional library. */
function importName(library: ImportedLibrary, fnName: string): string {
  return `${library.name === '' ? String(library.index) : library.name}.${fnName}`;
}

/** Resolves a program's imports by name (by position for a positional library). */
export function resolveImports(imports: readonly ImportedLibrary[], libraries: readonly NativeLibrary[]): ResolvedImports {
  const byOperand = new Map<number, ResolvedNative>();
  const declared = new Set<number>();
  const missing: MissingImport[] = [];
  for (const library of imports) {
    const host = library.name === '' ? libraries[library.index] : libraries.find((l) => l.name === library.name);
    for (const imported of library.functions) {
      const operand = ((library.index << 16) | imported.index) >>> 0;
      declared.add(operand);
      const def = host?.functions.find((f) => f.name === imported.name);
      const name = importName(library, imported.name);
      if (def) byOperand.set(operand, { fn: def.fn, name });
      else missing.push({ library: library.name === '' ? String(library.index) : library.name, function: imported.name, operand });
    }
  }
  return { byOperand, declared, missing };
}

/**
 * Resolves an operand the import table does not declare (a program built in memory without
 * imports) the way the ExVM design describes: library index in the high 16 bits, function index
 * in the low 16 bits, positions in the machine's libraries.
 */
export function resolveByPosition(operand: number, libraries: readonly NativeLibrary[]): ResolvedNative | undefined {
  const library = libraries[operand >>> 16];
  const def = library?.functions[operand & 0xffff];
  return def && { fn: def.fn, name: `${library.name === '' ? String(operand >>> 16) : library.name}.${def.name}` };
}
