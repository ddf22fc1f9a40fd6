/** The VM lifecycle: create → boot → runVcpu → shutdown, with AxVM's states and error kinds; resources released; ids reusable. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseVmConfig } from '../../src/vmm/config.js';
import { Vm } from '../../src/vmm/vm.js';
import { assertAxError } from './helpers.js';
import { guestToml, guestVm, kernelOf, plainVm, testHal } from './vm-helpers.js';

const HALT0 = 'push 0\nhalt\n';

describe('VM lifecycle', () => {
  test('Created → Running → ShuttingDown, each transition once', () => {
    const { vm } = guestVm(HALT0);
    assert.equal(vm.state, 'Created');
    assert.equal(vm.running, false);
    vm.boot();
    assert.equal(vm.state, 'Running');
    assert.equal(vm.running, true);
    assertAxError(() => vm.boot(), 'BadState', 'guest', 'boot', 'already running');
    assert.deepEqual(vm.runVcpu(0), { kind: 'CpuDown', state: 0 });
    vm.shutdown();
    assert.equal(vm.state, 'ShuttingDown');
    assert.equal(vm.shuttingDown, true);
    assertAxError(() => vm.shutdown(), 'BadState', 'shutdown', 'one-way');
    assertAxError(() => vm.boot(), 'BadState', 'cannot be booted again');
    assertAxError(() => vm.runVcpu(0), 'BadState', 'runVcpu', 'shutting down');
  });

  test('runVcpu before boot is BadState; a bad vCPU id is InvalidInput', () => {
    const { vm } = guestVm(HALT0);
    assertAxError(() => vm.runVcpu(0), 'BadState', 'not been booted');
    vm.boot();
    for (const id of [1, -1, 0.5, Number.NaN]) assertAxError(() => vm.runVcpu(id), 'InvalidInput', 'vCPU id');
  });

  test('a secondary vCPU is not started until CpuUp (BadState, and the vCPU stays usable)', () => {
    const { vm } = guestVm(HALT0, guestToml({ cpus: 2 }));
    vm.boot();
    assertAxError(() => vm.runVcpu(1), 'BadState', 'vCPU 1 has not been started');
    assert.equal(vm.vcpu(1).state, 'Created');
    vm.startVcpu(1, 0, 0);
    assert.deepEqual(vm.runVcpu(1), { kind: 'CpuDown', state: 0 });
    assertAxError(() => vm.startVcpu(1, 0, 0), 'BadState', 'started already');
    assertAxError(() => vm.startVcpu(2, 0, 0), 'InvalidInput');
  });

  test('shutdown releases guest memory; a new VM can be created from the same config with the same id', () => {
    const { hal } = testHal();
    const before = hal.memory.usedFrames;
    const toml = guestToml({ regions: ['[0x10_0000, 0x4000, 0x3, 1]'] }); // an identical region too
    for (let round = 0; round < 5; round++) {
      const vm = plainVm(HALT0, hal, toml);
      assert.ok(hal.memory.usedFrames > before);
      vm.boot();
      vm.runVcpu(0);
      vm.shutdown();
      assert.equal(hal.memory.usedFrames, before, `round ${round}: every frame is free again`);
    }
  });

  test('a second live VM with the same id is AlreadyExists; the id is free after shutdown', () => {
    const { hal } = testHal();
    const first = plainVm(HALT0, hal);
    const used = hal.memory.usedFrames;
    assertAxError(() => plainVm(HALT0, hal), 'AlreadyExists', 'vm.toml: base.id', 'VM id 1');
    assert.equal(hal.memory.usedFrames, used, 'the refused VM allocated nothing');
    plainVm(HALT0, hal, guestToml({ id: 2 })).shutdown();
    first.shutdown();
    plainVm(HALT0, hal).shutdown();
  });

  test('host memory too small is NoMemory naming the config and the region, and nothing stays allocated', () => {
    const { hal } = testHal(0x8000);
    assertAxError(() => plainVm(HALT0, hal), 'NoMemory', 'vm.toml: kernel.memory_regions[0]: VM guest');
    assert.equal(hal.memory.usedFrames, 0);
  });

  test('an identical region outside host memory, or whose host memory is taken, names the config and the region', () => {
    const { hal } = testHal();
    const outside = guestToml({ regions: ['[0xC000_0000, 0x1000, 0x3, 1]'] });
    assertAxError(() => plainVm(HALT0, hal, outside), 'InvalidInput', 'vm.toml: kernel.memory_regions[2]', 'host range');
    const first = plainVm(HALT0, hal, guestToml({ regions: ['[0x30_0000, 0x2000, 0x3, 1]'] }));
    assertAxError(() => plainVm(HALT0, hal, guestToml({ id: 2, regions: ['[0x30_1000, 0x1000, 0x3, 1]'] })), 'AlreadyExists', 'vm.toml: kernel.memory_regions[2]', 'already in use');
    first.shutdown();
  });

  test('a kernel image that cannot be decoded is InvalidInput naming kernel.kernel_path', () => {
    const { hal } = testHal();
    assertAxError(() => Vm.create(parseVmConfig(guestToml(), 'vm.toml'), hal, { images: { kernel: Uint8Array.of(1, 2, 3) } }), 'InvalidInput', 'kernel.kernel_path');
    assertAxError(() => Vm.create(parseVmConfig(guestToml(), 'vm.toml'), hal, { images: { kernel: kernelOf(HALT0) }, sliceSteps: 0 }), 'InvalidInput', 'sliceSteps');
    assert.equal(hal.memory.usedFrames, 0);
  });

  test('boot is Unsupported for passthrough devices (exvm has no host devices)', () => {
    const { vm } = guestVm(HALT0, guestToml({ passthrough: '["eth0", 0x3000_0000, 0x3000_0000, 0x1000, 5]' }));
    assertAxError(() => vm.boot(), 'Unsupported', 'passthrough devices', 'eth0');
    assert.equal(vm.state, 'Created');
    vm.shutdown();
  });

  test('the kernel image and the program data are loaded into guest memory', () => {
    const { vm } = guestVm('.data\nmsg: .string "hi"\n.text\npush 0\nhalt\n');
    assert.equal(vm.readFromGuestOf(0, 'u8'), 'h'.charCodeAt(0));
    assert.deepEqual([...vm.getImageLoadRegion(0x8000_0000, 4).flatMap((segment) => [...segment.bytes])], [...kernelOf('.data\nmsg: .string "hi"\n.text\npush 0\nhalt\n').subarray(0, 4)]);
  });

  test('mapRegion, unmapRegion, typed access with alignment checks on reads and writes', () => {
    const { vm, hal } = guestVm(HALT0);
    const hpa = hal.allocMemoryRegion(0x1000);
    vm.mapRegion(0x4000_0000, hpa, 0x1000, 0x3);
    vm.writeToGuestOf(0x4000_0000, 'u32', 0xdead_beef);
    assert.equal(hal.memory.view.getUint32(hpa, true), 0xdead_beef);
    assertAxError(() => vm.writeToGuestOf(0x4000_0001, 'u32', 1), 'InvalidInput');
    assertAxError(() => vm.readFromGuestOf(0x4000_0002, 'u32'), 'InvalidInput');
    assertAxError(() => vm.mapRegion(0x4000_0000, hpa, 0x1000, 0x3), 'AlreadyExists');
    assertAxError(() => vm.mapRegion(0x5000_0000, hpa, 0x1000, 0x40), 'InvalidInput');
    vm.unmapRegion(0x4000_0000, 0x1000);
    assertAxError(() => vm.readFromGuestOf(0x4000_0000, 'u32'), 'BadAddress');
    vm.shutdown();
    assertAxError(() => vm.mapRegion(0x4000_0000, hpa, 0x1000, 0x3), 'BadState');
  });
});

describe('Vm.create without images', () => {
  test('is InvalidInput saying how to pass the kernel, not a TypeError', () => {
    const { hal } = testHal();
    assertAxError(() => Vm.create(parseVmConfig(guestToml(), 'vm.toml'), hal), 'InvalidInput', 'no kernel image', 'options.images');
    assert.equal(hal.memory.usedFrames, 0);
  });

  test('getDevices() is the device set', () => {
    const { hal } = testHal();
    const vm = plainVm(HALT0, hal);
    assert.equal(vm.getDevices(), vm.devices);
    assert.ok(vm.getDevices().byName('uart0') !== undefined);
  });
});
