/**
 * Pre-decoding: turns a program's 5-byte instructions into the parallel arrays the run loop
 * dispatches on (opcode bytes, operands as int32), once, when the program is loaded.
 *
 * The machine is lenient where the image decoder is strict: an instruction that cannot execute
 * (undefined opcode, jump outside the code, bad operand) becomes the reserved opcode and faults
 * only if it is reached, as a CPU would. `decodeImage` rejects such images up front.
 */
import { INSTRUCTION_SIZE, Op, RESERVED_OPCODE } from '../isa/opcodes.js';
import type { Malformed } from '../isa/operands.js';
import { operandProblem } from '../isa/operands.js';
import type { Program } from '../image/program.js';
import { instructionCount, operandAt } from '../image/program.js';
import type { NativeFunction, NativeLibrary, MissingImport } from './natives.js';
import { resolveByPosition, resolveImports } from './natives.js';
import { Status } from '../isa/status.js';

/** A program ready for the run loop. */
export interface DecodedProgram {
  /** Opcode per instruction, plus one trailing sentinel (the reserved opcode). */
  readonly ops: Uint8Array;
  /** Operand per instruction as int32; for `ncall`, an index into `natives`. */
  readonly args: Int32Array;
  /** Faults of the instructions decoded as the reserved opcode, by pc. */
  readonly malformed: ReadonlyMap<number, Malformed>;
  readonly natives: readonly NativeFunction[];
  readonly nativeNames: readonly string[];
  readonly missingImports: readonly MissingImport[];
}

/** Decodes a program for execution against the given native libraries. */
export function decodeProgram(program: Program, libraries: readonly NativeLibrary[]): DecodedProgram {
  const count = instructionCount(program);
  const ops = new Uint8Array(count + 1);
  const args = new Int32Array(count + 1);
  const malformed = new Map<number, Malformed>();
  const resolved = resolveImports(program.imports, libraries);
  const natives: NativeFunction[] = [];
  const nativeNames: string[] = [];
  const nativeSlots = new Map<number, number>();

  if (program.code.length % INSTRUCTION_SIZE !== 0) {
    throw new RangeError(`code is ${program.code.length} bytes, not a whole number of ${INSTRUCTION_SIZE}-byte instructions`);
  }
  for (let pc = 0; pc < count; pc++) {
    const opcode = program.code[pc * INSTRUCTION_SIZE];
    const operand = operandAt(program.code, pc);
    const problem = operandProblem(opcode, operand, program, count);
    if (problem) {
      ops[pc] = RESERVED_OPCODE;
      malformed.set(pc, problem);
      continue;
    }
    const slot = opcode === Op.NCALL ? nativeSlot(operand) : 0;
    if (slot < 0) {
      ops[pc] = RESERVED_OPCODE;
      malformed.set(pc, { status: Status.UnknownNative, message: unknownNative(operand) });
      continue;
    }
    ops[pc] = opcode;
    args[pc] = opcode === Op.NCALL ? slot : operand | 0;
  }
  ops[count] = RESERVED_OPCODE;
  malformed.set(count, { status: Status.BadJump, message: 'execution ran past the end of the code' });
  return { ops, args, malformed, natives, nativeNames, missingImports: resolved.missing };

  function unknownNative(operand: number): string {
    const missing = resolved.missing.find((m) => m.operand === operand);
    const where = `library ${operand >>> 16}, function ${operand & 0xffff}`;
    return missing
      ? `ncall: no native library provides ${missing.library}.${missing.function} (${where})`
      : `ncall: no native function at ${where} (the machine has ${libraries.length} librar${libraries.length === 1 ? 'y' : 'ies'})`;
  }

  function nativeSlot(operand: number): number {
    const known = nativeSlots.get(operand);
    if (known !== undefined) return known;
    const target = resolved.byOperand.get(operand) ?? (resolved.declared.has(operand) ? undefined : resolveByPosition(operand, libraries));
    if (!target) return -1;
    natives.push(target.fn);
    nativeNames.push(target.name);
    nativeSlots.set(operand, natives.length - 1);
    return natives.length - 1;
  }
}
