/** makeResult refuses gas amounts our own VMs must never produce; resultViolations and executionViolations judge others'. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorCode, ExvmError } from '../../src/errors.js';
import { StatusCode } from '../../src/vmc/constants.js';
import { fromZvmc } from '../../src/vmc/dialect/index.js';
import { makeResult, resultViolations } from '../../src/vmc/result.js';
import { executionViolations } from '../../src/vmc/result-check.js';
import type { Result } from '../../src/vmc/types.js';

const connectorError = (field: string) => (error: unknown): boolean =>
  error instanceof ExvmError && error.code === ErrorCode.Connector && error.message.includes(field);

function raw(fields: Partial<Result>): Result {
  return { statusCode: StatusCode.Success, gasLeft: 0, gasRefund: 0, output: new Uint8Array(0), createAddress: new Uint8Array(20), ...fields };
}

describe('makeResult', () => {
  it('throws an ExvmError (Connector) naming the field for NaN, fractional or negative gas', () => {
    for (const bad of [Number.NaN, 1.5, -1, Infinity]) {
      assert.throws(() => makeResult({ statusCode: StatusCode.Success, gasLeft: bad }), connectorError('gasLeft'));
      assert.throws(() => makeResult({ statusCode: StatusCode.Success, gasRefund: bad }), connectorError('gasRefund'));
    }
  });

  it('still drops valid gas where the status does not keep it', () => {
    const result = makeResult({ statusCode: StatusCode.Failure, gasLeft: 5, gasRefund: 2 });
    assert.equal(result.gasLeft, 0);
    assert.equal(result.gasRefund, 0);
    assert.equal(makeResult({ statusCode: StatusCode.Revert, gasLeft: 5, gasRefund: 2 }).gasRefund, 0);
  });
});

describe('resultViolations', () => {
  it('bounds gas left by the message\'s gas when given', () => {
    assert.deepEqual(resultViolations(raw({ gasLeft: 11 }), 10), ["gas left 11 exceeds the message's gas 10"]);
    assert.deepEqual(resultViolations(raw({ gasLeft: 10 }), 10), []);
    assert.deepEqual(resultViolations(raw({ gasLeft: 11 })), [], 'no bound without the gas');
  });

  it('wants the refund a whole number, not negative, and 0 unless SUCCESS', () => {
    assert.deepEqual(resultViolations(raw({ gasRefund: -3 })), ['gas refund -3 is not a non-negative whole number']);
    assert.deepEqual(resultViolations(raw({ gasRefund: 0.5 })), ['gas refund 0.5 is not a non-negative whole number']);
    assert.deepEqual(resultViolations(raw({ statusCode: StatusCode.Revert, gasRefund: 1 })), ['gas refund is 1 with status 2; it must be 0 unless SUCCESS']);
  });
});

describe('executionViolations', () => {
  it('names what execute returned when it is no result', () => {
    assert.deepEqual(executionViolations(42, 100), ['execute returned the number 42, not a result']);
    assert.deepEqual(executionViolations(undefined, 100), ['execute returned undefined, not a result']);
    assert.deepEqual(executionViolations('ok', 100), ["execute returned the string 'ok', not a result"]);
    assert.deepEqual(executionViolations(Promise.resolve(raw({})), 100), ['execute returned a Promise: it must return its result synchronously']);
  });

  it('judges a dialect VM\'s result as the VM returned it', () => {
    const vm = fromZvmc({
      abi_version: 10, name: 'x', version: '1', get_capabilities: () => 1, destroy: () => undefined, set_option: () => 1, set_tracer: () => undefined,
      execute: () => ({ status_code: 0, gas_left: 1, gas_refund: 0, output_data: new Uint8Array(2), output_size: 3, create_address: new Uint8Array(20), release: 7 }),
    } as never);
    const result: unknown = vm.execute(null, undefined, 11, { kind: 0, flags: 0, depth: 0, gas: 5, recipient: new Uint8Array(20), sender: new Uint8Array(20), input: new Uint8Array(0), value: new Uint8Array(32), create2Salt: new Uint8Array(32), codeAddress: new Uint8Array(20) }, new Uint8Array(0));
    assert.deepEqual(executionViolations(result, 5), ['release is number, not a function', 'output_size is 3 but output_data holds 2 bytes']);
  });
});
