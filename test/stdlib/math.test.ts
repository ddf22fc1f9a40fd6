import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { callNative } from './harness.js';

describe('math', () => {
  it('pow raises x to the power y (the second argument on top)', () => {
    assert.deepEqual(callNative('math.pow', [{ f: 2 }, { f: 10 }]).results, [1024]);
    assert.deepEqual(callNative('math.pow', [{ f: 9 }, { f: 0.5 }]).results, [3]);
  });

  it('the unary functions match the host math library', () => {
    const cases: [string, number, number][] = [
      ['math.sin', Math.PI / 2, 1],
      ['math.cos', 0, 1],
      ['math.tan', Math.PI / 4, Math.tan(Math.PI / 4)],
      ['math.exp', 1, Math.E],
      ['math.log', Math.E, 1],
    ];
    for (const [name, x, expected] of cases) assert.deepEqual(callNative(name, [{ f: x }]).results, [expected], name);
  });

  it('log follows IEEE for zero and negatives', () => {
    assert.deepEqual(callNative('math.log', [{ f: 0 }]).results, [-Infinity]);
    assert.ok(Number.isNaN(callNative('math.log', [{ f: -1 }]).results[0]));
  });

  it('atan2 takes y then x', () => {
    assert.deepEqual(callNative('math.atan2', [{ f: 1 }, { f: 0 }]).results, [Math.PI / 2]);
    assert.deepEqual(callNative('math.atan2', [{ f: 0 }, { f: -1 }]).results, [Math.PI]);
  });

  it('missing arguments underflow the stack', () => {
    assert.equal(callNative('math.atan2', [{ f: 1 }]).status, 'StackUnderflow');
  });
});
