/** The example programs in examples/connector, run on the exvm VM against the mocked host. */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { CallKind, StatusCode } from '../../src/vmc/constants.js';
import { address, hex, word } from '../../src/vmc/mocked-host.js';
import { resultViolations } from '../../src/vmc/result.js';
import { createExvmVm } from '../../src/vmc/vms/exvm.js';
import { repoPath } from '../helpers/paths.js';
import { SELF, exampleImage, execute, hostFor, outputNumber, outputText } from './vms-harness.js';

const vm = createExvmVm();
const ECHO = address(0xec);
const text = (value: string): Uint8Array => new TextEncoder().encode(value);

describe('examples/connector', () => {
  test('every example assembles against the host description', () => {
    const names = readdirSync(repoPath('examples', 'connector')).filter((name) => name.endsWith('.exa'));
    assert.deepEqual(names.sort(), ['caller.exa', 'counter.exa', 'echo.exa', 'revert.exa', 'storage.exa']);
    for (const name of names) assert.ok(exampleImage(name).length > 0, name);
  });

  test('storage.exa stores a value and reads it back', () => {
    const host = hostFor(vm);
    const result = execute(vm, host, exampleImage('storage.exa'));
    assert.equal(result.statusCode, StatusCode.Success);
    assert.equal(outputNumber(result), 0x12345678n);
    assert.equal(hex(host.getStorage(undefined, SELF, word(1))), hex(word(0x12345678)));
  });

  test('counter.exa counts executions per host', () => {
    const code = exampleImage('counter.exa');
    const host = hostFor(vm);
    const other = hostFor(vm);
    assert.equal(outputNumber(execute(vm, host, code)), 1n);
    assert.equal(outputNumber(execute(vm, host, code)), 2n);
    assert.equal(outputNumber(execute(vm, other, code)), 1n);
    assert.equal(outputNumber(execute(vm, host, code)), 3n);
    assert.equal(hex(host.getStorage(undefined, SELF, word(0))), hex(word(3)));
  });

  test('revert.exa reverts with its reason and keeps the gas it did not use', () => {
    const result = execute(vm, hostFor(vm), exampleImage('revert.exa'));
    assert.equal(result.statusCode, StatusCode.Revert);
    assert.equal(outputText(result), 'reverted on purpose');
    assert.ok(result.gasLeft > 990_000, String(result.gasLeft));
    assert.deepEqual(resultViolations(result), []);
  });

  test('echo.exa echoes its input, and refuses more than 1024 bytes', () => {
    assert.equal(outputText(execute(vm, hostFor(vm), exampleImage('echo.exa'), { input: text('hello') })), 'echo: hello');
    const long = execute(vm, hostFor(vm), exampleImage('echo.exa'), { input: new Uint8Array(1025) });
    assert.equal(long.statusCode, StatusCode.Revert);
    assert.equal(outputText(long), 'input longer than 1024 bytes');
  });

  test('caller.exa uses storage and calls another account whose code is another exvm image', () => {
    const host = hostFor(vm);
    host.setAccount(ECHO, { code: exampleImage('echo.exa') });
    host.setSlot(SELF, 0, 0xff); // overwritten with the callee's status
    const result = execute(vm, host, exampleImage('caller.exa'), { input: new Uint8Array([...ECHO, ...text('hi')]) });
    assert.equal(result.statusCode, StatusCode.Success);
    assert.equal(outputText(result), 'echo: hi');
    assert.equal(hex(host.getStorage(undefined, SELF, word(0))), hex(word(StatusCode.Success)));
    assert.equal(host.recordedCalls.length, 1);
    const [call] = host.recordedCalls;
    assert.equal(call.kind, CallKind.Call);
    assert.equal(hex(call.recipient), hex(ECHO));
    assert.equal(hex(call.sender), hex(SELF));
    assert.equal(new TextDecoder().decode(call.input), 'hi');
    assert.equal(call.depth, 1);
  });

  test('caller.exa records a reverting callee\'s status and passes its reason on', () => {
    const host = hostFor(vm);
    host.setAccount(ECHO, { code: exampleImage('revert.exa') });
    const result = execute(vm, host, exampleImage('caller.exa'), { input: ECHO });
    assert.equal(result.statusCode, StatusCode.Success);
    assert.equal(outputText(result), 'reverted on purpose');
    assert.equal(hex(host.getStorage(undefined, SELF, word(0))), hex(word(StatusCode.Revert)));
  });

  test('caller.exa reverts when the input is shorter than an address', () => {
    const result = execute(vm, hostFor(vm), exampleImage('caller.exa'), { input: text('short') });
    assert.equal(result.statusCode, StatusCode.Revert);
    assert.equal(outputText(result), 'input must start with the 20-byte address to call');
  });
});
