/**
 * The dialect result a converted core result came from. The adapters keep the core's rules for
 * core users (a release runs once; a release that is not a function is left out), which hides
 * some of a dialect VM's mistakes; the raw result, kept under DIALECT_RESULT, lets the VM tester
 * and `exvm vmc run` see them. Likewise a REJECTED result an adapter made itself keeps why, under
 * DIALECT_REFUSAL, so a tool can explain it.
 */
import type { DialectId } from './names.js';
import { RESULT_NAMES } from './names.js';
import type { DialectSpec } from './spec.js';

/** The key under which a core result converted from a dialect result keeps the original (non-enumerable). */
export const DIALECT_RESULT: unique symbol = Symbol('exvm.dialectResult');

/** What a converted result keeps: the dialect it came from and the result as the VM returned it. */
export interface DialectResultOrigin {
  readonly dialect: DialectId;
  readonly result: unknown;
}

/** Adds the origin to `converted` (a fresh object), out of sight of enumeration and deep equality. */
export function keepDialectResult<T extends object>(converted: T, dialect: DialectId, result: unknown): T {
  const origin: DialectResultOrigin = { dialect, result };
  return Object.defineProperty(converted, DIALECT_RESULT, { value: origin, enumerable: false });
}

/** The origin of a converted result, or undefined for a result that was never a dialect's. */
export function dialectResultOf(result: unknown): DialectResultOrigin | undefined {
  if (typeof result !== 'object' || result === null || !(DIALECT_RESULT in result)) return undefined;
  return (result as { readonly [DIALECT_RESULT]: DialectResultOrigin })[DIALECT_RESULT];
}

/**
 * What the conversion hid in a dialect result (an object): a release that is not a function, and
 * an output_size that disagrees with output_data (a null output_data needs output_size 0). The
 * other fields are copied as they are, so the core result shows their faults itself.
 */
export function dialectResultViolations({ dialect, result }: DialectResultOrigin): string[] {
  const fields = result as Readonly<Record<string, unknown>>;
  const problems: string[] = [];
  const release = fields[RESULT_NAMES.release[dialect]];
  if (release !== undefined && release !== null && typeof release !== 'function') problems.push(`release is ${typeof release}, not a function`);
  const dataName = RESULT_NAMES.output[dialect];
  const sizeName = RESULT_NAMES.output.size;
  const data = fields[dataName];
  const size = fields[sizeName];
  const expected = data instanceof Uint8Array ? data.length : data === null ? 0 : undefined;
  if (expected !== undefined && size !== expected) {
    const held = data === null ? `${dataName} is null` : `${dataName} holds ${expected} bytes`;
    problems.push(`${sizeName} is ${String(size)} but ${held}`);
  } else if (data === undefined) {
    problems.push(`${dataName} is missing: it must be a byte array, or null with ${sizeName} 0`);
  }
  return problems;
}

/** The key under which a REJECTED result made by an adapter says what the dialect could not take (non-enumerable). */
export const DIALECT_REFUSAL: unique symbol = Symbol('exvm.dialectRefusal');

/** Why an adapter answered REJECTED without calling the other side: a revision or a call kind the dialect lacks. */
export interface DialectRefusal {
  readonly dialect: DialectSpec;
  readonly refused: 'revision' | 'kind';
  /** The revision or call kind refused. */
  readonly value: unknown;
}

/** Adds the refusal to `rejected` (a fresh object). */
export function keepRefusal<T extends object>(rejected: T, refusal: DialectRefusal): T {
  return Object.defineProperty(rejected, DIALECT_REFUSAL, { value: refusal, enumerable: false });
}

/** Why an adapter refused the execution `result` answers, or undefined if none did. */
export function dialectRefusalOf(result: unknown): DialectRefusal | undefined {
  if (typeof result !== 'object' || result === null || !(DIALECT_REFUSAL in result)) return undefined;
  return (result as { readonly [DIALECT_REFUSAL]: DialectRefusal })[DIALECT_REFUSAL];
}
