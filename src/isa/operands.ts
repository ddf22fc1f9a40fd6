/**
 * Operand validation by kind: the one place that says whether an instruction's operand is usable.
 * The image validator rejects a program over it; the machine turns such an instruction into one
 * that faults when reached.
 */
import type { Program } from '../image/program.js';
import { opcodeInfo } from './opcodes.js';
import { MAX_LOCAL, MAX_RESULTS, VECTOR_COUNT } from './limits.js';
import { Status } from './status.js';

/** Why an instruction cannot execute: the fault it raises when reached. */
export interface Malformed {
  readonly status: Status;
  readonly message: string;
}

/** Why an operand is unusable for its kind, or undefined when it is fine. */
export function operandProblem(opcode: number, operand: number, program: Pick<Program, 'constants'>, codeLength: number): Malformed | undefined {
  const info = opcodeInfo(opcode);
  if (!info) return { status: Status.InvalidInstruction, message: `undefined opcode 0x${opcode.toString(16).padStart(2, '0')}` };
  const bad = (message: string): Malformed => ({ status: Status.InvalidInstruction, message: `${info.mnemonic}: ${message}` });
  switch (info.operand) {
    case 'none':
      return operand === 0 ? undefined : bad(`takes no operand, found ${operand}`);
    case 'code':
      return operand < codeLength
        ? undefined
        : { status: Status.BadJump, message: `${info.mnemonic}: target ${operand} is outside the code (${codeLength} instructions)` };
    case 'local':
      return operand <= MAX_LOCAL ? undefined : bad(`local index ${operand} exceeds ${MAX_LOCAL}`);
    case 'count':
      return operand <= MAX_RESULTS ? undefined : bad(`result count ${operand} exceeds ${MAX_RESULTS}`);
    case 'const':
      return operand < program.constants.length ? undefined : bad(`constant ${operand} does not exist (pool has ${program.constants.length})`);
    case 'vector':
      return operand < VECTOR_COUNT ? undefined : bad(`vector ${operand} exceeds ${VECTOR_COUNT - 1}`);
    default:
      return undefined;
  }
}
