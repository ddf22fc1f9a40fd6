/** Helpers shared by the image tests. */
import assert from 'node:assert/strict';
import type { Program } from '../../src/image/index.js';

/** The raw bytes of a float64 array (so NaN payloads and -0 compare exactly). */
export function floatBits(values: Float64Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** Asserts two programs are equal, comparing float constants bit for bit. */
export function assertSameProgram(actual: Program, expected: Program): void {
  assert.deepEqual(floatBits(actual.constants), floatBits(expected.constants));
  assert.deepStrictEqual({ ...actual, constants: null }, { ...expected, constants: null });
}
