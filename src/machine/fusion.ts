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
  /** A block header the code-generating tier watches: counts entries, hands over once hot (see compiled/tier.ts). */
  TIER: 0xf3,
  /** local op (local | immediate), then push, lset or branch: see `LocalBin`. */
  LOCAL_BIN: 0xe0,
  /** top op immediate, or (second op top) then branch or `ret 1`: see `StackBin`. */
  STACK_BIN: 0xe1,
  /** lget arg; ret 1: return local[arg]. */
  L_RET: 0xe8,
} as const;

/**
 * LOCAL_BIN's arg3: left local in bits 0-15, the operation in 16-23, RIGHT_IMMEDIATE when arg2 is
 * an immediate rather than a local index, then what happens to the result (bits 25-26: push, lset,
 * branch, or push and call), for a branch whether it is `jnz`, and for a call the number of base
 * instructions fused (from LENGTH_SHIFT up), which gives the return pc. arg is the lset's local or
 * the branch or call target.
 */
export const LocalBin = { RIGHT_IMMEDIATE: 1 << 24, CONSUMER_SHIFT: 25, PUSH: 0, SET: 1, BRANCH: 2, CALL: 3, JNZ_SHIFT: 27, JNZ: 1 << 27, LENGTH_SHIFT: 28 } as const;

/**
 * STACK_BIN's arg3: the operation in bits 0-7, FROM_STACK when both operands are the top two values
 * (else top and the immediate arg2), what happens to the result (bits 9-10: replace the top, branch
 * to arg, or `ret 1`), and JNZ for a branch.
 */
export const StackBin = { FROM_STACK: 1 << 8, CONSUMER_SHIFT: 9, REPLACE: 0, BRANCH: 1, RETURN: 2, JNZ_SHIFT: 11, JNZ: 1 << 11 } as const;

/** Integer operations that cannot fault, usable inside superinstructions. */
const FUSABLE_BINOPS: ReadonlySet<number> = new Set<number>([
  Op.ADD, Op.SUB, Op.MUL, Op.AND, Op.OR, Op.XOR, Op.SHL, Op.SHRS, Op.SHRU,
  Op.EQ, Op.NE, Op.LTS, Op.LTU, Op.LES, Op.LEU, Op.GTS, Op.GTU, Op.GES, Op.GEU,
]);

/**
 * Applies a fusable integer operation (an ISA opcode) to two values. Kept small on purpose: V8
 * inlines it into the run loop only while its bytecode stays under its inlining limit, hence the
 * literal case labels (a jump table) and `+(a < b)` rather than conditionals.
 */
export function binop(op: number, x: number, y: number): number {
  switch (op) {
    case 0x20 /* add */: return (x + y) | 0;
    case 0x21 /* sub */: return (x - y) | 0;
    case 0x22 /* mul */: return Math.imul(x, y);
    case 0x27 /* and */: return x & y;
    case 0x28 /* or */: return x | y;
    case 0x29 /* xor */: return x ^ y;
    case 0x2a /* shl */: return x << y;
    case 0x2b /* shrs */: return x >> y;
    case 0x2c /* shru */: return (x >>> y) | 0;
    case 0x30 /* eq */: return +((x | 0) === (y | 0));
    case 0x31 /* ne */: return +((x | 0) !== (y | 0));
    case 0x32 /* lts */: return +((x | 0) < (y | 0));
    case 0x33 /* ltu */: return +(x >>> 0 < y >>> 0);
    case 0x34 /* les */: return +((x | 0) <= (y | 0));
    case 0x35 /* leu */: return +(x >>> 0 <= y >>> 0);
    case 0x36 /* gts */: return +((x | 0) > (y | 0));
    case 0x37 /* gtu */: return +(x >>> 0 > y >>> 0);
    case 0x38 /* ges */: return +((x | 0) >= (y | 0));
    default: return +(x >>> 0 >= y >>> 0);
  }
}

/** A fused instruction: internal opcode, operands, how many base instructions it covers, and whether arg is a jump target (a pc, to become a slot). */
export interface Fused {
  readonly op: number;
  readonly arg: number;
  readonly arg2: number;
  readonly arg3: number;
  readonly length: number;
  readonly branches: boolean;
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

  // lget a; (lget b | push k | addi k as "+ k"); then push, lset c, or jz/jnz L
  if (at(0) === Op.LGET && (at(1) === Op.LGET || at(1) === Op.PUSH || at(1) === Op.ADDI)) {
    const addi = at(1) === Op.ADDI;
    const opAt = addi ? 1 : 2;
    if (addi || isBin(2)) {
      const kind = addi ? Op.ADD : at(2);
      const left = arg(0) | (kind << 16) | (at(1) === Op.LGET ? 0 : LocalBin.RIGHT_IMMEDIATE);
      const local = (consumer: number, target: number, length: number, branches: boolean, flags = 0): Fused => ({
        op: Internal.LOCAL_BIN, arg: target, arg2: arg(1), arg3: left | (consumer << LocalBin.CONSUMER_SHIFT) | flags, length, branches,
      });
      if (at(opAt + 1) === Op.LSET) return local(LocalBin.SET, arg(opAt + 1), opAt + 2, false);
      if (at(opAt + 1) === Op.CALL) return local(LocalBin.CALL, arg(opAt + 1), opAt + 2, true, (opAt + 2) << LocalBin.LENGTH_SHIFT);
      if (isBranch(opAt + 1)) return local(LocalBin.BRANCH, arg(opAt + 1), opAt + 2, true, at(opAt + 1) === Op.JNZ ? LocalBin.JNZ : 0);
      return local(LocalBin.PUSH, 0, opAt + 1, false);
    }
  }
  if (at(0) === Op.LGET && at(1) === Op.RET && arg(1) === 1) return { op: Internal.L_RET, arg: arg(0), arg2: 0, arg3: 0, length: 2, branches: false };
  if (isBin(0) && at(1) === Op.RET && arg(1) === 1) {
    return { op: Internal.STACK_BIN, arg: 0, arg2: 0, arg3: at(0) | StackBin.FROM_STACK | (StackBin.RETURN << StackBin.CONSUMER_SHIFT), length: 2, branches: false };
  }
  if (isBin(0) && isBranch(1)) {
    const jnz = at(1) === Op.JNZ ? StackBin.JNZ : 0;
    return { op: Internal.STACK_BIN, arg: arg(1), arg2: 0, arg3: at(0) | StackBin.FROM_STACK | (StackBin.BRANCH << StackBin.CONSUMER_SHIFT) | jnz, length: 2, branches: true };
  }
  if (at(0) === Op.PUSH && isBin(1)) return { op: Internal.STACK_BIN, arg: 0, arg2: arg(0), arg3: at(1), length: 2, branches: false };
  return undefined;
}
