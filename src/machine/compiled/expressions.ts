/**
 * The JavaScript expression of every instruction that only computes: the same expressions as the
 * run loop's cases (so both tiers compute bit-identical values), as templates over operand
 * expressions. Operands are always names or parenthesised literals, so they can appear anywhere.
 */
import { Op } from '../../isa/opcodes.js';

type Binary = (x: string, y: string) => string;
type Unary = (x: string) => string;

/** Two-operand instructions that cannot fault: opcode -> expression of (second, top). */
export const BINARY: ReadonlyMap<number, Binary> = new Map<number, Binary>([
  [Op.ADD, (x, y) => `(${x} + ${y}) | 0`],
  [Op.SUB, (x, y) => `(${x} - ${y}) | 0`],
  [Op.MUL, (x, y) => `Math.imul(${x}, ${y})`],
  [Op.AND, (x, y) => `${x} & ${y}`],
  [Op.OR, (x, y) => `${x} | ${y}`],
  [Op.XOR, (x, y) => `${x} ^ ${y}`],
  [Op.SHL, (x, y) => `${x} << ${y}`],
  [Op.SHRS, (x, y) => `${x} >> ${y}`],
  [Op.SHRU, (x, y) => `(${x} >>> ${y}) | 0`],
  [Op.EQ, (x, y) => `+((${x} | 0) === (${y} | 0))`],
  [Op.NE, (x, y) => `+((${x} | 0) !== (${y} | 0))`],
  [Op.LTS, (x, y) => `+((${x} | 0) < (${y} | 0))`],
  [Op.LTU, (x, y) => `+(${x} >>> 0 < ${y} >>> 0)`],
  [Op.LES, (x, y) => `+((${x} | 0) <= (${y} | 0))`],
  [Op.LEU, (x, y) => `+(${x} >>> 0 <= ${y} >>> 0)`],
  [Op.GTS, (x, y) => `+((${x} | 0) > (${y} | 0))`],
  [Op.GTU, (x, y) => `+(${x} >>> 0 > ${y} >>> 0)`],
  [Op.GES, (x, y) => `+((${x} | 0) >= (${y} | 0))`],
  [Op.GEU, (x, y) => `+(${x} >>> 0 >= ${y} >>> 0)`],
  [Op.FADD, (x, y) => `${x} + ${y}`],
  [Op.FSUB, (x, y) => `${x} - ${y}`],
  [Op.FMUL, (x, y) => `${x} * ${y}`],
  [Op.FDIV, (x, y) => `${x} / ${y}`],
  [Op.FREM, (x, y) => `${x} % ${y}`],
  [Op.FMIN, (x, y) => `Math.min(${x}, ${y})`],
  [Op.FMAX, (x, y) => `Math.max(${x}, ${y})`],
  [Op.FEQ, (x, y) => `${x} === ${y} ? 1 : 0`],
  [Op.FNE, (x, y) => `${x} !== ${y} ? 1 : 0`],
  [Op.FLT, (x, y) => `${x} < ${y} ? 1 : 0`],
  [Op.FLE, (x, y) => `${x} <= ${y} ? 1 : 0`],
  [Op.FGT, (x, y) => `${x} > ${y} ? 1 : 0`],
  [Op.FGE, (x, y) => `${x} >= ${y} ? 1 : 0`],
]);

/** Integer divisions: their expression once the divisor is known not to be zero. */
export const DIVISION: ReadonlyMap<number, Binary> = new Map<number, Binary>([
  [Op.DIVS, (x, y) => `((${x} | 0) / (${y} | 0)) | 0`],
  [Op.DIVU, (x, y) => `((${x} >>> 0) / (${y} >>> 0)) | 0`],
  [Op.REMS, (x, y) => `(${x} | 0) % (${y} | 0) | 0`],
  [Op.REMU, (x, y) => `(${x} >>> 0) % (${y} >>> 0) | 0`],
]);

/**
 * `popcnt` of int32 `x` (a name or literal) as one expression, the steps of numeric.ts's popcount.
 * Generated code inlines this and the saturating conversions below instead of calling those
 * helpers: a call mid-block could find the JavaScript stack full after the block changed memory.
 */
function popcountOf(x: string): string {
  const pairs = `(${x} - ((${x} >>> 1) & 0x55555555))`;
  const nibbles = `((${pairs} & 0x33333333) + ((${pairs} >>> 2) & 0x33333333))`;
  return `Math.imul((${nibbles} + (${nibbles} >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24`;
}

/** One-operand instructions that cannot fault (`ftoi`/`ftou`: numeric.ts's saturateSigned/saturateUnsigned inlined). */
export const UNARY: ReadonlyMap<number, Unary> = new Map<number, Unary>([
  [Op.NEG, (x) => `-${x} | 0`],
  [Op.NOT, (x) => `~${x}`],
  [Op.EQZ, (x) => `(${x} | 0) === 0 ? 1 : 0`],
  [Op.CLZ, (x) => `Math.clz32(${x})`],
  [Op.CTZ, (x) => `(${x} | 0) === 0 ? 32 : 31 - Math.clz32((${x} | 0) & -(${x} | 0))`],
  [Op.POPCNT, (x) => popcountOf(`(${x} | 0)`)],
  [Op.FNEG, (x) => `-${x}`],
  [Op.FABS, (x) => `Math.abs(${x})`],
  [Op.FSQRT, (x) => `Math.sqrt(${x})`],
  [Op.FFLOOR, (x) => `Math.floor(${x})`],
  [Op.FCEIL, (x) => `Math.ceil(${x})`],
  [Op.FTRUNC, (x) => `Math.trunc(${x})`],
  [Op.ITOF, (x) => `${x} | 0`],
  [Op.UTOF, (x) => `${x} >>> 0`],
  [Op.FTOI, (x) => `(${x} !== ${x} ? 0 : ${x} >= 2147483647 ? 2147483647 : ${x} <= -2147483648 ? -2147483648 : ${x} | 0)`],
  [Op.FTOU, (x) => `(${x} !== ${x} || ${x} <= 0 ? 0 : ${x} >= 4294967295 ? -1 : (${x} >>> 0) | 0)`],
]);

/** Loads: bytes read and the expression reading them at address `a`. */
export const LOADS: ReadonlyMap<number, readonly [number, (a: string) => string]> = new Map<number, readonly [number, (a: string) => string]>([
  [Op.LD8S, [1, (a) => `view.getInt8(${a})`]],
  [Op.LD8U, [1, (a) => `flat[${a}]`]],
  [Op.LD16S, [2, (a) => `view.getInt16(${a}, true)`]],
  [Op.LD16U, [2, (a) => `view.getUint16(${a}, true)`]],
  [Op.LD32, [4, (a) => `view.getInt32(${a}, true)`]],
  [Op.LDF32, [4, (a) => `view.getFloat32(${a}, true)`]],
  [Op.LDF64, [8, (a) => `view.getFloat64(${a}, true)`]],
]);

/** Stores: bytes written and the statement writing value `v` at address `a`. */
export const STORES: ReadonlyMap<number, readonly [number, (a: string, v: string) => string]> = new Map<number, readonly [number, (a: string, v: string) => string]>([
  [Op.ST8, [1, (a, v) => `flat[${a}] = ${v};`]],
  [Op.ST16, [2, (a, v) => `view.setInt16(${a}, ${v}, true);`]],
  [Op.ST32, [4, (a, v) => `view.setInt32(${a}, ${v}, true);`]],
  [Op.STF32, [4, (a, v) => `view.setFloat32(${a}, ${v}, true);`]],
  [Op.STF64, [8, (a, v) => `view.setFloat64(${a}, ${v}, true);`]],
]);

/** Atomic read-modify-write instructions: the Atomics function each calls. */
export const ATOMIC_UPDATES: ReadonlyMap<number, string> = new Map<number, string>([
  [Op.AADD, 'add'],
  [Op.AAND, 'and'],
  [Op.AOR, 'or'],
  [Op.AXCHG, 'exchange'],
]);

/** An integer as a JavaScript literal that is safe in any position (negative ones parenthesised). */
export function literal(value: number): string {
  return value < 0 ? `(${value})` : String(value);
}

/**
 * Instructions whose result is always an int32 (never a fraction, out of range, or -0): values the
 * code generator may keep in int32-typed local variables.
 */
export const INT_RESULTS: ReadonlySet<number> = new Set<number>([
  Op.ADD, Op.SUB, Op.MUL, Op.AND, Op.OR, Op.XOR, Op.SHL, Op.SHRS, Op.SHRU,
  Op.EQ, Op.NE, Op.LTS, Op.LTU, Op.LES, Op.LEU, Op.GTS, Op.GTU, Op.GES, Op.GEU,
  Op.FEQ, Op.FNE, Op.FLT, Op.FLE, Op.FGT, Op.FGE,
  Op.NEG, Op.NOT, Op.EQZ, Op.CLZ, Op.CTZ, Op.POPCNT, Op.ITOF, Op.FTOI, Op.FTOU,
  Op.LD8S, Op.LD8U, Op.LD16S, Op.LD16U, Op.LD32,
]);
