import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { callNative, textAt, textIn } from './harness.js';
import '../helpers/property.js';

describe('str', () => {
  it('len counts bytes up to the NUL', () => {
    assert.deepEqual(callNative('str.len', [4], { data: [textAt(4, 'héllo\0')] }).results, [6]);
    assert.deepEqual(callNative('str.len', [4]).results, [0]);
  });

  it('len fails without a terminator and faults outside memory', () => {
    const outcome = callNative('str.len', [0], { memorySize: 8, data: [textAt(0, 'abcdefgh')] });
    assert.equal(outcome.status, 'NativeFailure');
    assert.equal(outcome.fault?.message, 'str.len: no NUL terminator between 0x0 and the end of memory');
    assert.equal(callNative('str.len', [70000]).status, 'MemoryFault');
  });

  it('parse_int parses signed decimals with blanks around them', () => {
    const data = [textAt(0, ' +123 |-8|x1|99999999999|')];
    assert.deepEqual(callNative('str.parse_int', [0, 6], { data }).results, [123, 1]);
    assert.deepEqual(callNative('str.parse_int', [7, 2], { data }).results, [-8, 1]);
    assert.deepEqual(callNative('str.parse_int', [10, 2], { data }).results, [0, 0]);
    assert.deepEqual(callNative('str.parse_int', [13, 11], { data }).results, [0, 0]);
    assert.deepEqual(callNative('str.parse_int', [0, 0], { data }).results, [0, 0]);
  });

  it('parse_int validates its range', () => {
    assert.equal(callNative('str.parse_int', [0, -1]).status, 'NativeFailure');
    assert.equal(callNative('str.parse_int', [65535, 2]).status, 'MemoryFault');
  });

  it('format_int writes decimal digits and returns their count', () => {
    const outcome = callNative('str.format_int', [-2147483648, 32]);
    assert.deepEqual(outcome.results, [11]);
    assert.equal(textIn(outcome.memory, 32, 11), '-2147483648');
    const zero = callNative('str.format_int', [0, 0]);
    assert.deepEqual(zero.results, [1]);
    assert.equal(textIn(zero.memory, 0, 1), '0');
  });

  it('format_int faults when the digits do not fit in memory', () => {
    const outcome = callNative('str.format_int', [12345, 65533]);
    assert.equal(outcome.status, 'MemoryFault');
    assert.equal(outcome.fault?.address, 65533);
  });

  it('format_int and parse_int round-trip every 32-bit integer', () => {
    fc.assert(
      fc.property(fc.integer({ min: -0x80000000, max: 0x7fffffff }), (n) => {
        const formatted = callNative('str.format_int', [n, 0]);
        const length = formatted.results[0];
        const parsed = callNative('str.parse_int', [0, length], { data: [{ address: 0, bytes: formatted.memory.slice(0, length) }] });
        assert.deepEqual(parsed.results, [n, 1]);
      }),
      { numRuns: 200 },
    );
  });

  it('compare orders byte strings like a dictionary', () => {
    const data = [textAt(0, 'apple'), textAt(10, 'apply'), textAt(20, 'app')];
    assert.deepEqual(callNative('str.compare', [0, 5, 10, 5], { data }).results, [-1]);
    assert.deepEqual(callNative('str.compare', [10, 5, 0, 5], { data }).results, [1]);
    assert.deepEqual(callNative('str.compare', [0, 5, 0, 5], { data }).results, [0]);
    assert.deepEqual(callNative('str.compare', [20, 3, 0, 5], { data }).results, [-1]);
    assert.deepEqual(callNative('str.compare', [0, 5, 20, 3], { data }).results, [1]);
    assert.deepEqual(callNative('str.compare', [0, 0, 20, 0], { data }).results, [0]);
  });

  it('compare agrees with byte-wise ordering of arbitrary strings', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), fc.uint8Array({ maxLength: 12 }), (a, b) => {
        const outcome = callNative('str.compare', [0, a.length, 100, b.length], { data: [{ address: 0, bytes: a }, { address: 100, bytes: b }] });
        const expected = Buffer.compare(Buffer.from(a), Buffer.from(b));
        assert.deepEqual(outcome.results, [expected]);
      }),
      { numRuns: 200 },
    );
  });

  it('compare validates both ranges', () => {
    assert.equal(callNative('str.compare', [0, 1, 0, -1]).status, 'NativeFailure');
    assert.equal(callNative('str.compare', [0, -1, 0, 1]).status, 'NativeFailure');
    assert.equal(callNative('str.compare', [65535, 2, 0, 1]).status, 'MemoryFault');
  });
});
