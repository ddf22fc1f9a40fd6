/** The vCPU state machine: Created → Free → Ready → Running → Ready → Free, Blocked on wfi; a wrong call is BadState and leaves it Invalid. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assemble } from '../../src/asm/index.js';
import { FlatMemory } from '../../src/machine/memory.js';
import { VCPU_STATES, Vcpu } from '../../src/vmm/vcpu.js';
import type { VcpuState } from '../../src/vmm/vcpu.js';
import { assertAxError } from './helpers.js';
import { guestVm } from './vm-helpers.js';

function vcpu(source = 'push 7\nhalt\n'): Vcpu {
  return new Vcpu({ id: 0, vm: 'vm', program: assemble(source), bus: new FlatMemory(0x1000), pending: new Int32Array(1), latched: new Int32Array(1) });
}

/** Moves a fresh vCPU to `state` through the legal transitions. */
function vcpuIn(state: VcpuState): Vcpu {
  const v = vcpu();
  if (state === 'Created') return v;
  v.setup(0, 0);
  if (state === 'Free') return v;
  v.bind(0);
  return v;
}

describe('vCPU states', () => {
  test('AxVCpu\'s states in order', () => {
    assert.deepEqual(VCPU_STATES, ['Invalid', 'Created', 'Free', 'Ready', 'Running', 'Blocked']);
  });

  test('the legal path', () => {
    const v = vcpu();
    assert.equal(v.state, 'Created');
    v.setup(0, 0);
    assert.equal(v.state, 'Free');
    v.bind(3);
    assert.equal(v.state, 'Ready');
    assert.equal(v.pcpu, 3);
    assert.deepEqual(v.run(100), { kind: 'halted', code: 7 });
    assert.equal(v.state, 'Ready');
    v.unbind();
    assert.equal(v.state, 'Free');
    assert.equal(v.pcpu, -1);
  });

  const wrong: [string, VcpuState, (v: Vcpu) => unknown][] = [
    ['setup', 'Free', (v) => v.setup(0, 0)],
    ['setup', 'Ready', (v) => v.setup(0, 0)],
    ['bind', 'Created', (v) => v.bind(0)],
    ['bind', 'Ready', (v) => v.bind(0)],
    ['run', 'Created', (v) => v.run(1)],
    ['run', 'Free', (v) => v.run(1)],
    ['unbind', 'Created', (v) => v.unbind()],
    ['unbind', 'Free', (v) => v.unbind()],
    ['wake', 'Free', (v) => v.wake()],
  ];
  for (const [operation, state, call] of wrong) {
    test(`${operation} in state ${state} is BadState and leaves the vCPU Invalid`, () => {
      const v = vcpuIn(state);
      assertAxError(() => call(v), 'BadState', `${operation} needs state`, `it is ${state}`);
      assert.equal(v.state, 'Invalid');
      assertAxError(() => v.bind(0), 'BadState', 'it is Invalid');
    });
  }

  test('setup with an entry outside the kernel is InvalidInput and leaves it Created', () => {
    const v = vcpu();
    assertAxError(() => v.setup(99, 0), 'InvalidInput', 'entry 99');
    assert.equal(v.state, 'Created');
  });

  test('wfi with nothing pending: the vCPU is Blocked after runVcpu, and Free again once an interrupt wakes it', () => {
    const { vm } = guestVm('push h\nsetvec 5\nei\nwfi\npush 0\nhalt\nh: iret\n');
    vm.boot();
    assert.deepEqual(vm.runVcpu(0), { kind: 'Halt' });
    assert.equal(vm.vcpu(0).state, 'Blocked');
    assert.deepEqual(vm.runVcpu(0), { kind: 'Halt' }, 'still nothing pending: Halt again, without running');
    vm.injectInterruptToVcpu(0b1, 5);
    assert.deepEqual(vm.runVcpu(0), { kind: 'CpuDown', state: 0 });
    assert.equal(vm.vcpu(0).state, 'Free');
  });

  test('runVcpu re-entered while the vCPU runs (a device calling back) is BadState, and the vCPU is unbound afterwards', () => {
    const { vm } = guestVm('push 0x10000000\nld32 0\npush 0\nhalt\n');
    vm.devices.register({
      name: 'reentrant', emuType: 0, space: 'port', range: { base: 0, length: 1 },
      handleRead: () => 0, handleWrite: () => undefined,
    });
    vm.boot();
    // Run from inside a run: the only way to call runVcpu on a Running vCPU.
    const uart = vm.devices.byName('uart0')!;
    const original = uart.handleRead.bind(uart);
    let inner: unknown;
    uart.handleRead = (offset, width) => {
      try {
        vm.runVcpu(0);
      } catch (error) {
        inner = error;
      }
      return original(offset, width);
    };
    const exit = vm.runVcpu(0);
    assert.ok(inner !== undefined && String(inner).includes('BadState'), String(inner));
    assert.notEqual(vm.vcpu(0).state, 'Running', `exit ${exit.kind}: the vCPU is not left Running`);
  });
});
