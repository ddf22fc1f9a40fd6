/** Range checks for assembled values, reported where the value was written. */
import type { Position, Reporter } from './diagnostics.js';

/** An inclusive range of allowed values and what to call a value in messages. */
export interface ValueRange {
  readonly what: string;
  readonly min: bigint;
  readonly max: bigint;
}

/** The value as a number when it lies in the range; otherwise reports and returns undefined. */
export function inRange(value: bigint, range: ValueRange, at: Position, report: Reporter): number | undefined {
  if (value < range.min || value > range.max) {
    report(at, `${range.what} ${value} is out of range ${range.min}..${range.max}`);
    return undefined;
  }
  return Number(value);
}

/** Largest unsigned 32-bit value. */
export const U32_MAX = 0xffff_ffffn;
/** Smallest signed 32-bit value. */
export const I32_MIN = -0x8000_0000n;
