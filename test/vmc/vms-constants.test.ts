/** The shared constants the built-in VMs use: status code names, the ABI version, the capability alias. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BUILTIN_VM_ABI_VERSION, StatusCode, statusCodeName } from '../../src/vmc/constants.js';
import { zvmc } from '../../src/vmc/dialect/index.js';
import { createExampleVm } from '../../src/vmc/vms/example.js';
import { createExvmVm } from '../../src/vmc/vms/exvm.js';

describe('statusCodeName', () => {
  test('names every status code in EVMC\'s lowercase words', () => {
    assert.equal(statusCodeName(StatusCode.Success), 'success');
    assert.equal(statusCodeName(StatusCode.OutOfGas), 'out of gas');
    assert.equal(statusCodeName(StatusCode.BadJumpDestination), 'bad jump destination');
    assert.equal(statusCodeName(StatusCode.WasmUnreachableInstruction), 'wasm unreachable instruction');
    assert.equal(statusCodeName(StatusCode.InternalError), 'internal error');
    assert.equal(statusCodeName(StatusCode.Rejected), 'rejected');
    assert.equal(statusCodeName(StatusCode.OutOfMemory), 'out of memory');
    for (const code of Object.values(StatusCode)) assert.match(statusCodeName(code), /^[a-z]+( [a-z]+)*$/, String(code));
    assert.equal(new Set(Object.values(StatusCode).map(statusCodeName)).size, Object.values(StatusCode).length, 'all distinct');
  });

  test('says which number it does not know', () => {
    assert.equal(statusCodeName(99), 'unknown status 99');
    assert.equal(statusCodeName(-4), 'unknown status -4');
  });
});

describe('shared constants', () => {
  test('both built-in VMs report the one built-in ABI version, ZVMC\'s', () => {
    assert.equal(BUILTIN_VM_ABI_VERSION, zvmc.ZVMC_ABI_VERSION);
    assert.equal(createExampleVm().abiVersion, BUILTIN_VM_ABI_VERSION);
    assert.equal(createExvmVm().abiVersion, BUILTIN_VM_ABI_VERSION);
  });

  test('ZVMC_CAPABILITY_EWASM (the zvmc vmtester\'s name) is ZVMC_CAPABILITY_ZWASM (the Go binding\'s)', () => {
    assert.equal(zvmc.ZVMC_CAPABILITY_EWASM, zvmc.ZVMC_CAPABILITY_ZWASM);
    assert.equal(zvmc.ZVMC_CAPABILITY_EWASM, 2);
    assert.equal(Object.isFrozen(zvmc), true);
  });
});
