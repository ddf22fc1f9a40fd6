import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { callNative, textIn } from './harness.js';

describe('sys', () => {
  const args = ['first', 'sécond'];

  it('argc counts the arguments', () => {
    assert.deepEqual(callNative('sys.argc', [], { args }).results, [2]);
    assert.deepEqual(callNative('sys.argc', []).results, [0]);
  });

  it('arg copies an argument and returns its length', () => {
    const outcome = callNative('sys.arg', [1, 40, 20], { args });
    assert.deepEqual(outcome.results, [7]);
    assert.equal(textIn(outcome.memory, 40, 7), 'sécond');
  });

  it('arg truncates to the buffer at a character boundary', () => {
    const outcome = callNative('sys.arg', [1, 0, 2], { args });
    assert.deepEqual(outcome.results, [1]);
    assert.equal(textIn(outcome.memory, 0, 2), 's\0');
  });

  it('arg returns -1 for a missing argument', () => {
    assert.deepEqual(callNative('sys.arg', [2, 0, 10], { args }).results, [-1]);
    assert.deepEqual(callNative('sys.arg', [-1, 0, 10], { args }).results, [-1]);
  });

  it('arg validates its buffer', () => {
    assert.equal(callNative('sys.arg', [0, 0, -1], { args }).status, 'NativeFailure');
    assert.equal(callNative('sys.arg', [0, 65534, 10], { args }).status, 'MemoryFault');
  });

  it('time_ms pushes the environment clock as a float', () => {
    assert.deepEqual(callNative('sys.time_ms', [], { now: () => 1234.5 }).results, [1234.5]);
  });
});
