/**
 * AxVM's error rules as one table: each row is an operation the seed (or ARCHITECTURE.md section 4)
 * gives an error kind for, and the kind exvm answers with. Rows run on fresh VMs so they do not
 * depend on each other.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AxErrorKind } from '../../src/vmm/errors.js';
import { AddressSpace } from '../../src/vmm/address-space.js';
import { HostMemory } from '../../src/vmm/host-memory.js';
import { parseVmConfig } from '../../src/vmm/config.js';
import type { Vm } from '../../src/vmm/vm.js';
import type { Vmm } from '../../src/vmm/vmm.js';
import { assertAxError, withLine } from './helpers.js';
import { guestToml, guestVm, plainVm } from './vm-helpers.js';

const IDLE = 'push 0\nhalt\n';

interface Row {
  readonly rule: string;
  readonly kind: AxErrorKind;
  readonly act: (vm: Vm, vmm: Vmm) => unknown;
  readonly toml?: string;
}

const booted = (vm: Vm): Vm => {
  vm.boot();
  return vm;
};

const ROWS: readonly Row[] = [
  { rule: 'boot a running VM', kind: 'BadState', act: (vm) => booted(vm).boot() },
  { rule: 'boot after shutdown', kind: 'BadState', act: (vm) => { vm.shutdown(); vm.boot(); } },
  { rule: 'shutdown twice (one-way)', kind: 'BadState', act: (vm) => { vm.shutdown(); vm.shutdown(); } },
  { rule: 'runVcpu before boot', kind: 'BadState', act: (vm) => vm.runVcpu(0) },
  { rule: 'runVcpu with an invalid vCPU id', kind: 'InvalidInput', act: (vm) => booted(vm).runVcpu(7) },
  { rule: 'runVcpu on a vCPU not started (no CpuUp yet)', kind: 'BadState', act: (vm) => booted(vm).runVcpu(1), toml: guestToml({ cpus: 2 }) },
  { rule: 'boot without the host support the VM needs (passthrough devices)', kind: 'Unsupported', act: (vm) => vm.boot(), toml: guestToml({ passthrough: '["eth0", 0x3000_0000, 0x3000_0000, 0x1000, 5]' }) },
  { rule: 'a second live VM with the same id', kind: 'AlreadyExists', act: (vm) => plainVm(IDLE, vm.hal as Parameters<typeof plainVm>[1]) },
  { rule: 'map over an existing mapping', kind: 'AlreadyExists', act: (vm) => vm.mapRegion(0x0, 0x0, 0x1000, 0x3) },
  { rule: 'map with unknown flag bits', kind: 'InvalidInput', act: (vm) => vm.mapRegion(0x4000_0000, 0x0, 0x1000, 0x80) },
  { rule: 'map an unaligned address', kind: 'InvalidInput', act: (vm) => vm.mapRegion(0x4000_0001, 0x0, 0x1000, 0x3) },
  { rule: 'read_from_guest_of unaligned', kind: 'InvalidInput', act: (vm) => vm.readFromGuestOf(0x2, 'u32') },
  { rule: 'write_to_guest_of unaligned (the original did not check)', kind: 'InvalidInput', act: (vm) => vm.writeToGuestOf(0x4, 'u64', 1n) },
  { rule: 'write to a read-only page', kind: 'PermissionDenied', act: (vm) => vm.writeToGuestOf(0x8000_0000, 'u8', 1) },
  { rule: 'read an unmapped address', kind: 'BadAddress', act: (vm) => vm.readFromGuestOf(0x6000_0000, 'u8') },
  { rule: 'unmap what is not mapped', kind: 'NotFound', act: (vm) => vm.unmapRegion(0x6000_0000, 0x1000) },
  { rule: 'inject with an empty CPU mask', kind: 'InvalidInput', act: (vm) => vm.injectInterruptToVcpu(0, 1) },
  { rule: 'inject an irq outside the vectors', kind: 'InvalidInput', act: (vm) => vm.injectInterruptToVcpu(1, 32) },
  { rule: 'inject after shutdown', kind: 'BadState', act: (vm) => { vm.shutdown(); vm.injectInterruptToVcpu(1, 1); } },
  { rule: 'IVC channel of size 0', kind: 'InvalidInput', act: (vm) => vm.allocIvcChannel(0) },
  { rule: 'IVC channel without an IVC device', kind: 'InvalidInput', act: (vm) => vm.allocIvcChannel(0x1000), toml: guestToml().replace('["ivc", 0x2000_0000, 0x4000, 2, 0xA, []]', '["nul", 0x2000_0000, 0x4000, 2, 0x0, []]') },
  { rule: 'IVC range exhausted', kind: 'NoMemory', act: (vm) => { vm.allocIvcChannel(0x3000); vm.allocIvcChannel(0x2000); } },
  { rule: 'IVC publish of a duplicate key', kind: 'AlreadyExists', act: (vm, vmm) => { vmm.ivc.publish(vm, 1, 0x1000); vmm.ivc.publish(vm, 1, 0x1000); } },
  { rule: 'IVC subscribe to an unpublished key', kind: 'NotFound', act: (vm, vmm) => vmm.ivc.subscribe(vm, 1, 99) },
  { rule: 'release an IVC channel never allocated', kind: 'NotFound', act: (vm) => vm.releaseIvcChannel(0x2000_0000, 0x1000) },
  { rule: 'the hypercall result of a vCPU not at a hypercall', kind: 'BadState', act: (vm) => vm.setReturnValue(0, 1) },
];

describe('AxVM error rules (conformance table)', () => {
  for (const row of ROWS) {
    test(`${row.rule}: ${row.kind}`, () => {
      const { vm, vmm } = guestVm(IDLE, row.toml ?? guestToml());
      const error = assertAxError(() => row.act(vm, vmm), row.kind);
      assert.ok(error.message.includes('guest') || error.message.includes('vm.toml') || error.message.includes('hal'), `the message names the VM: ${error.message}`);
    });
  }

  test('config rules: every invalid config is InvalidInput naming the key', () => {
    const cases: [string, string][] = [
      [withLine('cpu_num', 'cpu_num = 0', guestToml()), 'base.cpu_num'],
      [withLine('kernel_load_addr', 'kernel_load_addr = 0x7000_0000', guestToml()), 'kernel.kernel_load_addr'],
      [guestToml({ regions: ['[0x8000, 0x1000, 0x3, 0]'] }), 'kernel.memory_regions[2]'],
      [guestToml({ regions: ['[0x4000_0000, 0x1000, 0x100, 0]'] }), 'kernel.memory_regions[2]'],
      [guestToml({ devices: ['["x", 0x3000_0000, 0x1000, 1, 0x55, []]'] }), 'devices.emu_devices[3]'],
    ];
    for (const [text, key] of cases) assertAxError(() => parseVmConfig(text, 'vm.toml'), 'InvalidInput', 'vm.toml', key);
  });

  test('host memory exhausted when a VM is created: NoMemory', () => {
    assertAxError(() => new AddressSpace(new HostMemory(0x1000)).mapAlloc(0, 0x2000, 0x3, true), 'NoMemory');
  });
});
