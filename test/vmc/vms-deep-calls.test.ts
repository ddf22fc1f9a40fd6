/**
 * Nested calls as deep as the connector allows (1024): they reach the limit when the JS stack can
 * hold them, and end in a status code, never an exception, when it cannot.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { CallKind, Revision, StatusCode } from '../../src/vmc/constants.js';
import { MockedHost, address } from '../../src/vmc/mocked-host.js';
import { makeResult } from '../../src/vmc/result.js';
import type { Result } from '../../src/vmc/types.js';
import { createExampleVm } from '../../src/vmc/vms/example.js';
import { createExvmVm } from '../../src/vmc/vms/exvm.js';
import { isStackOverflow } from '../../src/vmc/vms/nested-call.js';
import type { DeepCallsReport } from './fixtures/deep-calls.js';
import { deepCalls } from './fixtures/deep-calls.js';
import { evm, execute, exvmImage, outputNumber } from './vms-harness.js';

const MAX_DEPTH = 1024;
const consecutive = (count: number): number[] => Array.from({ length: count }, (_, i) => i + 1);

/** `deepCalls()` run in a worker whose JS stack is `stackSizeMb` big. */
function deepCallsInWorker(stackSizeMb: number): Promise<DeepCallsReport> {
  const worker = new Worker(new URL('./fixtures/deep-calls.js', import.meta.url), { resourceLimits: { stackSizeMb } });
  return new Promise((resolve, reject) => {
    worker.once('message', (report: DeepCallsReport) => resolve(report));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the worker exited (${code}) without a report`)));
  });
}

describe('calls nested 1024 deep, through the loader', () => {
  test('with a stack big enough, exvm and the example VM reach the depth limit', async () => {
    const { exvm, example } = await deepCallsInWorker(8);
    // The message from depth 1024 would be 1025 deep: refused by the VM without reaching the host.
    assert.deepEqual(exvm, { statusCode: StatusCode.Success, cutDepth: MAX_DEPTH + 1, cutStatus: StatusCode.CallDepthExceeded });
    assert.equal(example.statusCode, StatusCode.Success);
    assert.deepEqual(example.depths, consecutive(MAX_DEPTH));
    assert.ok(example.gasLeft > 0, 'the deepest call kept its gas and gave it back');
  });

  test('with the default stack, a call the stack cannot hold is CALL_DEPTH_EXCEEDED and the callers go on', async () => {
    const { exvm, example } = await deepCalls();
    assert.equal(exvm.statusCode, StatusCode.Success);
    assert.equal(exvm.cutStatus, StatusCode.CallDepthExceeded);
    assert.ok(exvm.cutDepth >= 2 && exvm.cutDepth <= MAX_DEPTH + 1, String(exvm.cutDepth));
    assert.equal(example.statusCode, StatusCode.Success);
    assert.deepEqual(example.depths, consecutive(example.depths.length));
    // Cut short, the failed call consumed all the gas (every level forwards all it has); at the limit, it did not run.
    if (example.depths.length < MAX_DEPTH) assert.equal(example.gasLeft, 0);
    else assert.ok(example.gasLeft > 0);
  });

  test('with a small stack too', async () => {
    const { exvm, example } = await deepCallsInWorker(0.5);
    assert.equal(exvm.statusCode, StatusCode.Success);
    assert.equal(exvm.cutStatus, StatusCode.CallDepthExceeded);
    assert.ok(exvm.cutDepth <= MAX_DEPTH, `cut at ${exvm.cutDepth}: the small stack should not hold 1024 levels`);
    assert.equal(example.statusCode, StatusCode.Success);
    assert.ok(example.depths.length < MAX_DEPTH);
    assert.equal(example.gasLeft, 0);
  });
});

describe('a stack overflow under host.call', () => {
  const overflow = (): never => {
    throw new RangeError('Maximum call stack size exceeded');
  };

  test('is recognised by its kind and message only', () => {
    assert.ok(isStackOverflow(new RangeError('Maximum call stack size exceeded')));
    const firefox = new Error('too much recursion');
    firefox.name = 'InternalError';
    assert.ok(isStackOverflow(firefox));
    assert.ok(!isStackOverflow(new RangeError('Invalid array length')));
    assert.ok(!isStackOverflow(new Error('Maximum call stack size exceeded')));
    assert.ok(!isStackOverflow('Maximum call stack size exceeded'));
  });

  /** exvm: CALL with 5000 gas; returns the status pushed and the gas left in 8 bytes. */
  const EXVM_CALLER = `
.data
target: .zero 20
none:   .zero 32
out:    .zero 8
.text
    push 0
    push 5000
    push target
    push none
    push none
    push 0
    push none
    push 0
    ncall host.call
    pop
    push out
    swap
    st32 0
    push out
    push 8
    ncall host.return
`;

  /** The status exvm's guest saw, and the gas left, when the host answers with `call`. */
  function exvmCall(call: () => Result): { status: number; gasLeft: number } {
    const host = new MockedHost();
    host.callHandler = call;
    const result = execute(createExvmVm(), host, exvmImage(EXVM_CALLER));
    assert.equal(result.statusCode, StatusCode.Success);
    return { status: result.output[0], gasLeft: result.gasLeft };
  }

  test('exvm: the call is CALL_DEPTH_EXCEEDED and consumes its gas; the caller continues', () => {
    const failed = exvmCall(() => makeResult({ statusCode: StatusCode.Failure }));
    const overflowed = exvmCall(overflow);
    assert.deepEqual(overflowed, { status: StatusCode.CallDepthExceeded, gasLeft: failed.gasLeft });
    const unused = exvmCall(() => makeResult({ statusCode: StatusCode.Success, gasLeft: 5000 }));
    assert.equal(unused.gasLeft - overflowed.gasLeft, 5000);
  });

  test('example VM: CALL pushes 0 and consumes the gas sent', () => {
    const code = evm('PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 PUSH1 0xcc PUSH2 0x1388 CALL PUSH1 0x00 MSTORE PUSH1 0x20 PUSH1 0x00 RETURN');
    const run = (call: () => Result): Result => {
      const host = new MockedHost();
      host.callHandler = call;
      return execute(createExampleVm(), host, code);
    };
    const overflowed = run(overflow);
    assert.equal(overflowed.statusCode, StatusCode.Success);
    assert.equal(outputNumber(overflowed), 0n);
    assert.equal(run(() => makeResult({ statusCode: StatusCode.Success, gasLeft: 5000 })).gasLeft - overflowed.gasLeft, 5000);
  });

  test('any other exception from the host still propagates', () => {
    for (const error of [new RangeError('Invalid array length'), new Error('database offline')]) {
      const host = new MockedHost();
      host.callHandler = () => {
        throw error;
      };
      assert.throws(() => execute(createExvmVm(), host, exvmImage(EXVM_CALLER)), error);
      assert.throws(() => createExampleVm().execute(host, undefined, Revision.Shanghai, { kind: CallKind.Call, flags: 0, depth: 0, gas: 100_000, recipient: address(1), sender: address(2), input: new Uint8Array(0), value: new Uint8Array(32), create2Salt: new Uint8Array(32), codeAddress: address(1) }, evm('PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 PUSH1 0xcc GAS CALL')), error);
    }
  });
});
