/**
 * 256-bit words as bigints, for the example VM's stack: conversions to and from the connector's
 * big-endian byte strings.
 */
import { ADDRESS_SIZE, WORD_SIZE } from '../constants.js';
import type { Address, Word } from '../types.js';

/** 2^256: stack arithmetic wraps modulo this. */
export const WORD_MODULUS = 1n << 256n;

/** The number a big-endian byte string holds. */
export function bigIntFromBytes(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

/** `value` (reduced modulo 2^(8 * size)) as `size` big-endian bytes. */
export function bytesFromBigInt(value: bigint, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let rest = BigInt.asUintN(size * 8, value);
  for (let i = size - 1; i >= 0 && rest !== 0n; i--) {
    bytes[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return bytes;
}

/** A stack value as a 32-byte word. */
export function wordFromBigInt(value: bigint): Word {
  return bytesFromBigInt(value, WORD_SIZE);
}

/** The low 160 bits of a stack value as an address (how the EVM reads an address operand). */
export function addressFromBigInt(value: bigint): Address {
  return bytesFromBigInt(value, ADDRESS_SIZE);
}
