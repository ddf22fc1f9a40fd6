/** The create functions the guides name exist in the public API and give working dialect VMs. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as exvm from '../../src/index.js';

test('zvmc_create_example_vm, dvmc_create_trans_log_vm and zvmc_create_exvm give dialect VMs under the C names', () => {
  const zvm = exvm.zvmc_create_example_vm();
  assert.equal(zvm.abi_version, exvm.zvmc.ZVMC_ABI_VERSION);
  assert.equal(zvm.name, 'example_vm');
  assert.equal(typeof zvm.execute, 'function');
  assert.ok((zvm.get_capabilities() & exvm.zvmc.ZVMC_CAPABILITY_ZVM1) !== 0);
  zvm.destroy();

  const dvm = exvm.dvmc_create_trans_log_vm();
  assert.equal(dvm.abi_version, exvm.dvmc.DVMC_ABI_VERSION);
  assert.equal(dvm.name, 'trans_log_vm');
  assert.equal(typeof dvm.retrieve_desc_vx, 'function');
  assert.equal('execute' in dvm, false, 'DVMC calls execute retrieve_desc_vx');
  dvm.destroy();

  const exvmVm = exvm.zvmc_create_exvm();
  assert.equal(exvmVm.name, 'exvm');
  exvmVm.destroy();
});

test('every built-in VM passes the VM tester through the loader', async () => {
  for (const name of ['example_vm', 'trans_log_vm', 'exvm']) {
    const vm = await exvm.loadAndCreate(name);
    const failed = exvm.runVmTester(vm).filter((check) => !check.passed);
    assert.deepEqual(failed, [], `${name}: ${failed.map((c) => `${c.name}: ${c.detail}`).join('; ')}`);
    vm.destroy();
  }
});

test('a dialect VM result released through the core works once, and a second release is a clear error', () => {
  let freed = 0;
  const cVm: exvm.ZvmcVm = {
    ...exvm.zvmc_create_example_vm(),
    execute: () => ({ status_code: 0, gas_left: 5, gas_refund: 0, output_data: new Uint8Array(0), output_size: 0, create_address: new Uint8Array(20), release: () => { freed++; } }),
  } as unknown as exvm.ZvmcVm;
  const vm = exvm.fromZvmc(cVm);
  const host = new exvm.MockedHost();
  const message: exvm.Message = {
    kind: exvm.CallKind.Call, flags: 0, depth: 0, gas: 10, recipient: new Uint8Array(20), sender: new Uint8Array(20),
    input: new Uint8Array(0), value: new Uint8Array(32), create2Salt: new Uint8Array(32), codeAddress: new Uint8Array(20),
  };
  const result = vm.execute(host, null, exvm.Revision.Shanghai, message, new Uint8Array(0));
  assert.equal(result.gasLeft, 5);
  result.release?.();
  assert.equal(freed, 1);
  assert.throws(() => result.release?.(), (error: unknown) => error instanceof exvm.ExvmError && /released twice/.test(error.message));
  assert.equal(freed, 1);
});
