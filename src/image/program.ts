/**
 * The in-memory form of a program image: what the assembler produces, what `.exb` files encode,
 * and what a machine loads.
 */
import { INSTRUCTION_SIZE } from '../isa/opcodes.js';

/** Bytes copied into memory at `address` when the machine is reset. */
export interface DataSegment {
  /** Where the bytes go. */
  readonly address: number;
  /** The bytes. */
  readonly bytes: Uint8Array;
}

/** One imported native function: its position in the library (the operand's low 16 bits) and name. */
export interface ImportedFunction {
  /** Position in the library: the low 16 bits of the `ncall` operand. */
  readonly index: number;
  /** The function's name, matched against the machine's libraries. */
  readonly name: string;
}

/**
 * The functions a program uses from one native library. `index` is the library number the
 * program's `ncall` operands use (high 16 bits); `name` is empty for a positional library (one
 * described as a bare array of function names), which is then matched by position alone.
 */
export interface ImportedLibrary {
  /** The library number in the program's `ncall` operands (high 16 bits). */
  readonly index: number;
  /** The library's name, or '' for a positional library. */
  readonly name: string;
  /** The functions the program uses from it. */
  readonly functions: readonly ImportedFunction[];
}

/** A named code address (a function the host may call, or `main`). */
export interface Export {
  /** The exported name. */
  readonly name: string;
  /** The instruction it names. */
  readonly pc: number;
}

/** Where one instruction came from in the source. */
export interface SourceLocation {
  /** The instruction. */
  readonly pc: number;
  /** Its 1-based source line. */
  readonly line: number;
  /** Its 1-based source column. */
  readonly column: number;
}

/** Optional debug information: the source file and each instruction's source position. */
export interface DebugInfo {
  /** The source file name, as given to the assembler. */
  readonly source: string;
  /** Source positions of the instructions. */
  readonly locations: readonly SourceLocation[];
}

/** A complete program. `code` holds 5-byte instructions: opcode, then a little-endian u32 operand. */
export interface Program {
  /** The instructions, 5 bytes each. */
  readonly code: Uint8Array;
  /** The 64-bit float constants `pushf` refers to by index. */
  readonly constants: Float64Array;
  /** Bytes of linear memory the program needs (at least). */
  readonly memorySize: number;
  /** Bytes placed in memory at every reset. */
  readonly data: readonly DataSegment[];
  /** The native functions the program calls, by library. */
  readonly imports: readonly ImportedLibrary[];
  /** Named code addresses. */
  readonly exports: readonly Export[];
  /** The instruction execution starts at (0 unless the program says otherwise). */
  readonly entry: number;
  /** Source positions, when the assembler kept them. */
  readonly debug?: DebugInfo;
}

/** Number of instructions in a program. */
export function instructionCount(program: Pick<Program, 'code'>): number {
  return Math.floor(program.code.length / INSTRUCTION_SIZE);
}

/** Opcode byte of instruction `index`. */
export function opcodeAt(code: Uint8Array, index: number): number {
  return code[index * INSTRUCTION_SIZE];
}

/** Operand (unsigned) of instruction `index`. */
export function operandAt(code: Uint8Array, index: number): number {
  const at = index * INSTRUCTION_SIZE + 1;
  return (code[at] | (code[at + 1] << 8) | (code[at + 2] << 16) | (code[at + 3] << 24)) >>> 0;
}

/** Encodes instructions into the 5-byte format. */
export function encodeInstructions(instructions: readonly (readonly [opcode: number, operand: number])[]): Uint8Array {
  const code = new Uint8Array(instructions.length * INSTRUCTION_SIZE);
  instructions.forEach(([opcode, operand], index) => {
    const at = index * INSTRUCTION_SIZE;
    code[at] = opcode;
    code[at + 1] = operand & 0xff;
    code[at + 2] = (operand >>> 8) & 0xff;
    code[at + 3] = (operand >>> 16) & 0xff;
    code[at + 4] = (operand >>> 24) & 0xff;
  });
  return code;
}

/** The default memory size when a program does not ask for one: 64 KiB. */
export const DEFAULT_MEMORY_SIZE = 0x10000;

/** Builds a program from parts, filling in defaults (no data, no imports, entry 0, 64 KiB memory). */
export function makeProgram(parts: Partial<Program> & Pick<Program, 'code'>): Program {
  return {
    constants: new Float64Array(0),
    memorySize: DEFAULT_MEMORY_SIZE,
    data: [],
    imports: [],
    exports: [],
    entry: 0,
    ...parts,
  };
}
