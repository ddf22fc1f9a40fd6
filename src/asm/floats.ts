/**
 * Float literals: parsing `pushf`/`.float` operands to exact bit patterns, formatting bit patterns
 * back to the shortest literal that reproduces them, and the deduplicated constant pool.
 */
import type { Position, Reporter } from './diagnostics.js';
import type { Token } from './lexer.js';

/** Bits of the NaN JavaScript produces (quiet, positive, zero payload): written `nan`. */
const CANONICAL_NAN = 0x7ff8_0000_0000_0000n;
/** The same NaN with the sign bit set: written `-nan`. */
const NEGATIVE_NAN = 0xfff8_0000_0000_0000n;
const EXPONENT_MASK = 0x7ff0_0000_0000_0000n;
const MANTISSA_MASK = 0x000f_ffff_ffff_ffffn;
const U64_MAX = 0xffff_ffff_ffff_ffffn;

const scratch = new DataView(new ArrayBuffer(8));

/** The IEEE-754 bit pattern of a number (NaN becomes the canonical NaN). */
function floatBits(value: number): bigint {
  if (Number.isNaN(value)) return CANONICAL_NAN;
  scratch.setFloat64(0, value);
  return scratch.getBigUint64(0);
}

/** Whether a bit pattern is a NaN. */
function isNanBits(bits: bigint): boolean {
  return (bits & EXPONENT_MASK) === EXPONENT_MASK && (bits & MANTISSA_MASK) !== 0n;
}

/** The number a bit pattern stands for (NaN payloads are lost: keep the bits where they matter). */
function bitsToFloat(bits: bigint): number {
  scratch.setBigUint64(0, bits);
  return scratch.getFloat64(0);
}

/** The shortest literal that parses back to exactly `bits`: `1.5`, `-0.0`, `inf`, `nan`, `nan:0x...`. */
export function formatFloat(bits: bigint): string {
  if (bits === CANONICAL_NAN) return 'nan';
  if (bits === NEGATIVE_NAN) return '-nan';
  if (isNanBits(bits)) return `nan:0x${bits.toString(16).padStart(16, '0')}`;
  const value = bitsToFloat(bits);
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (Object.is(value, -0)) return '-0.0';
  return String(value);
}

const EXPECTED = 'expected a number (e.g. 1.5, -2, 1e-9, inf, nan)';

/**
 * Parses one float operand: an optional sign, then an integer or float literal, `inf` or `nan`;
 * or `nan:BITS` for a NaN with an explicit 64-bit pattern. Returns the bit pattern.
 */
export function parseFloatOperand(tokens: readonly Token[], report: Reporter, fallback: Position): bigint | undefined {
  const first = tokens[0];
  if (first === undefined) {
    report(fallback, EXPECTED);
    return undefined;
  }
  if (tokens.length === 3 && first.kind === 'ident' && first.text === 'nan' && tokens[1].text === ':' && tokens[2].kind === 'int') {
    const bits = tokens[2].value;
    if (bits <= U64_MAX && isNanBits(bits)) return bits;
    report(tokens[2], `${tokens[2].text} is not the bit pattern of a NaN`);
    return undefined;
  }
  const negative = first.kind === 'punct' && first.text === '-';
  const signed = first.kind === 'punct' && (first.text === '-' || first.text === '+');
  const body = tokens[signed ? 1 : 0];
  if (body === undefined || tokens.length > (signed ? 2 : 1)) {
    const culprit = tokens[signed ? 2 : 1] ?? first;
    report(culprit, body === undefined ? EXPECTED : `unexpected '${culprit.text}' after the number`);
    return undefined;
  }
  const magnitude = literalValue(body);
  if (magnitude === undefined) {
    report(body, `${EXPECTED}, found '${body.text}'`);
    return undefined;
  }
  if (Number.isNaN(magnitude)) return negative ? NEGATIVE_NAN : CANONICAL_NAN;
  // A literal past the largest double would silently become infinity; too small ones round to 0 (IEEE).
  if (magnitude === Infinity && body.kind !== 'ident') {
    report(body, `${body.text} is too large for a 64-bit float; write inf for infinity`);
    return undefined;
  }
  return floatBits(negative ? -magnitude : magnitude);
}

function literalValue(token: Token): number | undefined {
  if (token.kind === 'int') return Number(token.value);
  if (token.kind === 'float') return token.value;
  if (token.kind === 'ident' && (token.text === 'inf' || token.text === 'infinity')) return Infinity;
  if (token.kind === 'ident' && token.text === 'nan') return NaN;
  return undefined;
}

/** Float constants in first-use order, deduplicated by bit pattern (so -0.0 and 0.0 differ). */
export class ConstantPool {
  readonly #bits: bigint[] = [];
  readonly #index = new Map<bigint, number>();

  /** The index of a constant, adding it when new. */
  add(bits: bigint): number {
    let index = this.#index.get(bits);
    if (index === undefined) {
      index = this.#bits.length;
      this.#bits.push(bits);
      this.#index.set(bits, index);
    }
    return index;
  }

  /** The pool as the image stores it, bit patterns intact. */
  toFloat64Array(): Float64Array {
    const buffer = new ArrayBuffer(this.#bits.length * 8);
    new BigUint64Array(buffer).set(this.#bits);
    return new Float64Array(buffer);
  }
}

/** The bit patterns of a constant pool (reads the bytes, so NaN payloads survive). */
export function poolBits(constants: Float64Array): BigUint64Array {
  return new BigUint64Array(constants.buffer, constants.byteOffset, constants.length);
}
