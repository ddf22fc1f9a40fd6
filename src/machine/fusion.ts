/**
 * Superinstructions: common instruction sequences the fast stream executes as one dispatch.
 * They exist only in the decoded form (the ISA and images never contain them) and only inside a
 * basic block. A fused instruction either completes every component or changes nothing and bails
 * to the precise stream, which replays the components one by one.
 */
import { Op } from '../isa/opcodes.js';

/** Internal opcodes of the decoded streams. They reuse byte values the ISA leaves undefined. */
export const Internal = {
  /** Block header: arg = block gas, arg2 = block length, arg3 = index of the block's precise copy. */
  HEADER: 0xf0,
  /** Precise-stream guard of one instruction: arg = its gas cost. */
  CHECK: 0xf1,
  /** End of a precise block: arg = fast header of the next block. */
  RESUME: 0xf2,
  /** push(local[arg] op local[arg2]); op = arg3. */
  LL_BIN: 0xe0,
  /** push(local[arg] op arg2); op = arg3. */
  LI_BIN: 0xe1,
  /** top := top op arg; op = arg2. */
  I_BIN: 0xe2,
  /** local[arg3 >>> 8] := local[arg] op local[arg2]; op = arg3 & 0xff. */
  LL_BIN_SET: 0xe3,
  /** local[arg3 >>> 8] := local[arg] op arg2; op = arg3 & 0xff. */
  LI_BIN_SET: 0xe4,
  /** pop b, a; branch to arg when (a op b != 0) == (arg3 == 1); op = arg2. */
  BIN_BR: 0xe5,
  /** branch to arg when (local[arg3 & 0xffff] op arg2 != 0) == jnz; op = (arg3 >>> 16) & 0xff, jnz = arg3 >>> 24. */
  LI_BIN_BR: 0xe6,
  /** branch to arg when (local[arg2 & 0xffff] op local[arg2 >>> 16] != 0) == jnz; op = arg3 & 0xff, jnz = arg3 >>> 8. */
  LL_BIN_BR: 0xe7,
  /** lget arg; ret 1: return local[arg]. */
  L_RET: 0xe8,
  /** op; ret 1: return (a op b) for the two values on top; op = arg. */
  BIN_RET: 0xe9,
} as const;

/** Integer operations that cannot fault, usable inside superinstructions. */
const FUSABLE_BINOPS: ReadonlySet<number> = new Set<number>([
  Op.ADD, Op.SUB, Op.MUL, Op.AND, Op.OR, Op.XOR, Op.SHL, Op.SHRS, Op.SHRU,
  Op.EQ, Op.NE, Op.LTS, Op.LTU, Op.LES, Op.LEU, Op.GTS, Op.GTU, Op.GES, Op.GEU,
]);

/** Applies a fusable integer operation (an ISA opcode) to two values. */
export function binop(op: number, x: number, y: number): number {
  switch (op) {
    case Op.ADD: return (x + y) | 0;
    case Op.SUB: return (x - y) | 0;
    case Op.MUL: return Math.imul(x, y);
    case Op.AND: return x & y;
    case Op.OR: return x | y;
    case Op.XOR: return x ^ y;
    case Op.SHL: return x << y;
    case Op.SHRS: return x >> y;
    case Op.SHRU: return (x >>> y) | 0;
    case Op.EQ: return (x | 0) === (y | 0) ? 1 : 0;
    case Op.NE: return (x | 0) !== (y | 0) ? 1 : 0;
    case Op.LTS: return (x | 0) < (y | 0) ? 1 : 0;
    case Op.LTU: return x >>> 0 < y >>> 0 ? 1 : 0;
    case Op.LES: return (x | 0) <= (y | 0) ? 1 : 0;
    case Op.LEU: return x >>> 0 <= y >>> 0 ? 1 : 0;
    case Op.GTS: return (x | 0) > (y | 0) ? 1 : 0;
    case Op.GTU: return x >>> 0 > y >>> 0 ? 1 : 0;
    case Op.GES: return (x | 0) >= (y | 0) ? 1 : 0;
    default: return x >>> 0 >= y >>> 0 ? 1 : 0;
  }
}

/** A fused instruction: internal opcode, operands, and how many base instructions it covers. */
export interface Fused {
  readonly op: number;
  readonly arg: number;
  readonly arg2: number;
  readonly arg3: number;
  readonly length: number;
}

/**
 * Finds the longest superinstruction starting at `pc` using at most `available` instructions.
 * `ops`/`args` are the base decoded arrays (jump operands are pcs here). Returns undefined when no
 * pattern matches.
 */
export function matchFusion(ops: Uint8Array, args: Int32Array, pc: number, available: number): Fused | undefined {
  const at = (k: number): number => (k < available ? ops[pc + k] : -1);
  const arg = (k: number): number => args[pc + k];
  const isBin = (k: number): boolean => FUSABLE_BINOPS.has(at(k));
  const isBranch = (k: number): boolean => at(k) === Op.JZ || at(k) === Op.JNZ;
  const jnz = (k: number): number => (at(k) === Op.JNZ ? 1 : 0);

  if (at(0) === Op.LGET && at(1) === Op.LGET && isBin(2)) {
    if (at(3) === Op.LSET) return { op: Internal.LL_BIN_SET, arg: arg(0), arg2: arg(1), arg3: at(2) | (arg(3) << 8), length: 4 };
    if (isBranch(3)) return { op: Internal.LL_BIN_BR, arg: arg(3), arg2: arg(0) | (arg(1) << 16), arg3: at(2) | (jnz(3) << 8), length: 4 };
    return { op: Internal.LL_BIN, arg: arg(0), arg2: arg(1), arg3: at(2), length: 3 };
  }
  if (at(0) === Op.LGET && at(1) === Op.PUSH && isBin(2)) {
    if (at(3) === Op.LSET) return { op: Internal.LI_BIN_SET, arg: arg(0), arg2: arg(1), arg3: at(2) | (arg(3) << 8), length: 4 };
    if (isBranch(3)) return { op: Internal.LI_BIN_BR, arg: arg(3), arg2: arg(1), arg3: arg(0) | (at(2) << 16) | (jnz(3) << 24), length: 4 };
    return { op: Internal.LI_BIN, arg: arg(0), arg2: arg(1), arg3: at(2), length: 3 };
  }
  if (at(0) === Op.LGET && at(1) === Op.ADDI) {
    if (at(2) === Op.LSET) return { op: Internal.LI_BIN_SET, arg: arg(0), arg2: arg(1), arg3: Op.ADD | (arg(2) << 8), length: 3 };
    return { op: Internal.LI_BIN, arg: arg(0), arg2: arg(1), arg3: Op.ADD, length: 2 };
  }
  if (at(0) === Op.LGET && at(1) === Op.RET && arg(1) === 1) return { op: Internal.L_RET, arg: arg(0), arg2: 0, arg3: 0, length: 2 };
  if (isBin(0) && at(1) === Op.RET && arg(1) === 1) return { op: Internal.BIN_RET, arg: at(0), arg2: 0, arg3: 0, length: 2 };
  if (isBin(0) && isBranch(1)) return { op: Internal.BIN_BR, arg: arg(1), arg2: at(0), arg3: jnz(1), length: 2 };
  if (at(0) === Op.PUSH && isBin(1)) return { op: Internal.I_BIN, arg: arg(0), arg2: at(1), arg3: 0, length: 2 };
  return undefined;
}
