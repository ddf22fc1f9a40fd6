/**
 * Byte-string helpers for hosts and their tests: build addresses and words from hex or numbers,
 * print them as hex, compare them, and check what a VM passed in.
 */
import { ErrorCode, ExvmError } from '../../errors.js';
import { ADDRESS_SIZE, WORD_SIZE } from '../constants.js';
import type { Address, Word } from '../types.js';

/** Something `address()` or `word()` accepts: hex (with or without `0x`), a non-negative integer, or bytes of the exact size. */
export type BytesLike = Uint8Array | string | number | bigint;

/** A fresh 20-byte address from hex, a number or 20 bytes; shorter values are left-padded with zeros (big-endian). */
export function address(value: BytesLike): Address {
  return fixedBytes(value, ADDRESS_SIZE, 'address');
}

/** A fresh 32-byte word from hex, a number or 32 bytes; shorter values are left-padded with zeros (big-endian). */
export function word(value: BytesLike): Word {
  return fixedBytes(value, WORD_SIZE, 'word');
}

/** Lowercase `0x`-prefixed hex of every byte (the mocked host's map keys). */
export function hex(bytes: Uint8Array): string {
  let text = '0x';
  for (const byte of bytes) text += byte.toString(16).padStart(2, '0');
  return text;
}

/** Whether every byte is zero. */
export function isZero(bytes: Uint8Array): boolean {
  return bytes.every((byte) => byte === 0);
}

/** Whether two byte strings are equal. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * Checks a byte string a VM passed to `callback` as `parameter`: it must be a Uint8Array of
 * exactly `size` bytes (0 = any size), else an ExvmError (Connector) names the callback and parameter.
 */
export function checkBytes(value: unknown, size: number, callback: string, parameter: string): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new ExvmError(ErrorCode.Connector, `${callback}: ${parameter} must be a Uint8Array, got ${describe(value)}`);
  if (size > 0 && value.length !== size) throw new ExvmError(ErrorCode.Connector, `${callback}: ${parameter} must be ${size} bytes, got ${value.length}`);
  return value;
}

/** Checks an integer a VM passed to `callback` as `parameter` (a safe integer, at least `min`). */
export function checkInteger(value: unknown, min: number, callback: string, parameter: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new ExvmError(ErrorCode.Connector, `${callback}: ${parameter} must be an integer >= ${min}, got ${describe(value)}`);
  }
  return value;
}

function fixedBytes(value: BytesLike, size: number, kind: string): Uint8Array {
  if (value instanceof Uint8Array) return checkBytes(value, size, kind, 'value').slice();
  const digits = hexDigits(value, kind);
  if (digits.length > size * 2) throw new ExvmError(ErrorCode.Connector, `${kind}: ${describe(value)} does not fit in ${size} bytes`);
  const padded = digits.padStart(size * 2, '0');
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = Number.parseInt(padded.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** The hex digits of a value, without prefix (possibly an odd number of them: the caller left-pads). */
function hexDigits(value: string | number | bigint, kind: string): string {
  if (typeof value === 'string') {
    const digits = value.startsWith('0x') || value.startsWith('0X') ? value.slice(2) : value;
    if (!/^[0-9a-fA-F]*$/.test(digits)) throw new ExvmError(ErrorCode.Connector, `${kind}: ${JSON.stringify(value)} is not hex`);
    return digits;
  }
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new ExvmError(ErrorCode.Connector, `${kind}: ${value} is not a safe integer`);
  if (value < 0) throw new ExvmError(ErrorCode.Connector, `${kind}: ${value} is negative`);
  return value.toString(16);
}

function describe(value: unknown): string {
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : typeof value === 'object' ? 'an object' : String(value);
}
