/** `exvm run --tier`: every tier prints the same output, exit code and fault report; a bad tier is a usage error. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertFails, exvm, scratch } from '../../cli/cli.js';

describe('exvm run --tier', () => {
  it('interpreter, compiled and auto give the same output and exit code', () => {
    for (const tier of ['interpreter', 'compiled', 'auto']) {
      assert.deepEqual(exvm(['run', '--tier', tier, 'examples/fib.exa']), { status: 0, stdout: 'fib(20) = 6765\n', stderr: '' }, tier);
    }
  });

  it('a fault is reported at the same place on the compiled tier', () => {
    const dir = scratch({ 'fault.exa': 'push 1\npush 0\ndivs\nhalt\n' });
    for (const tier of ['interpreter', 'compiled']) {
      assertFails(exvm(['run', '--tier', tier, 'fault.exa'], '', dir), 70, [/^fault\.exa:3:1: DivisionByZero at pc 2: .+$/]);
    }
  });

  it('an unknown tier is a usage error naming the choices', () => {
    const result = exvm(['run', '--tier', 'jit', 'examples/fib.exa']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--tier.*'jit' is invalid\. Allowed choices are interpreter, compiled, auto/);
  });
});
