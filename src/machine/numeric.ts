/**
 * Integer and conversion helpers whose ISA semantics take more than an expression: `popcnt`, and
 * the saturating float-to-integer conversions `ftoi` and `ftou`.
 */

const INT32_MAX = 0x7fffffff;

/** Number of set bits of a 32-bit integer. */
export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** `ftoi`: truncates toward zero into a signed 32-bit integer, saturating; NaN becomes 0. */
export function saturateSigned(x: number): number {
  if (x !== x) return 0;
  if (x >= INT32_MAX) return INT32_MAX;
  if (x <= -0x80000000) return -0x80000000;
  return x | 0;
}

/** `ftou`: truncates toward zero into an unsigned 32-bit integer (returned as its int32 bits), saturating; NaN becomes 0. */
export function saturateUnsigned(x: number): number {
  if (x !== x || x <= 0) return 0;
  if (x >= 0xffffffff) return -1;
  return (x >>> 0) | 0;
}
