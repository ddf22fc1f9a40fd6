/** Interrupt injection to any vCPU: from the VMM, from a device (the interrupt controller, the timer), from another vCPU (SendIPI). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { INTC_ENABLE, INTC_RAISED, INTC_TARGET, INTC_TRIGGER, InterruptController } from '../../src/vmm/devices/intc.js';
import { runVms } from '../../src/vmm/run-vms.js';
import { assertAxError } from './helpers.js';
import { guestToml, guestVm } from './vm-helpers.js';

/** Sets a handler for `vector` that halts with code `vector`, enables interrupts and waits. */
const WAIT_FOR = (vector: number) => `push h\nsetvec ${vector}\nei\nwfi\npush 0\nhalt\nh: push ${vector}\nhalt\n`;

describe('injectInterruptToVcpu', () => {
  test('delivered at the next interrupt point; the handler runs', () => {
    const { vm } = guestVm(WAIT_FOR(9));
    vm.boot();
    assert.deepEqual(vm.runVcpu(0), { kind: 'Halt' });
    vm.injectInterruptToVcpu(0b1, 9);
    assert.deepEqual(vm.runVcpu(0), { kind: 'CpuDown', state: 9 });
  });

  test('to any vCPU of the mask, through the HAL (also HAL.injectIrqToVcpu directly)', () => {
    const { vm, hal } = guestVm(WAIT_FOR(4), guestToml({ cpus: 3 }));
    vm.boot();
    vm.startVcpu(1, 0, 0);
    vm.startVcpu(2, 0, 0);
    for (const id of [0, 1, 2]) assert.deepEqual(vm.runVcpu(id), { kind: 'Halt' });
    vm.injectInterruptToVcpu(0b101, 4);
    assert.deepEqual(vm.runVcpu(0), { kind: 'CpuDown', state: 4 });
    assert.deepEqual(vm.runVcpu(1), { kind: 'Halt' });
    assert.deepEqual(vm.runVcpu(2), { kind: 'CpuDown', state: 4 });
    hal.injectIrqToVcpu(vm.id, 1, 4);
    assert.deepEqual(vm.runVcpu(1), { kind: 'CpuDown', state: 4 });
  });

  test('an interrupt raised before a secondary vCPU starts is kept for it (setup does not lose it)', () => {
    const { vm } = guestVm(WAIT_FOR(3), guestToml({ cpus: 2 }));
    vm.boot();
    vm.injectInterruptToVcpu(0b10, 3);
    vm.startVcpu(1, 0, 0);
    assert.deepEqual(vm.runVcpu(1), { kind: 'CpuDown', state: 3 });
  });

  test('bad masks and irqs are InvalidInput; after shutdown BadState', () => {
    const { vm } = guestVm(WAIT_FOR(1), guestToml({ cpus: 2 }));
    for (const mask of [0, 0b100, -1, 1.5, 2 ** 32]) assertAxError(() => vm.injectInterruptToVcpu(mask, 1), 'InvalidInput', 'CPU mask');
    for (const irq of [-1, 32, 2.5]) assertAxError(() => vm.injectInterruptToVcpu(1, irq), 'InvalidInput', 'irq');
    vm.shutdown();
    assertAxError(() => vm.injectInterruptToVcpu(1, 1), 'BadState');
  });

  test('the pending word is shared memory when host memory is: another thread can raise into it', () => {
    const { vm } = guestVm(WAIT_FOR(1));
    assert.ok(vm.vcpu(0).pending instanceof Int32Array);
    Atomics.or(vm.vcpu(0).pending, 0, 1 << 3);
    assert.equal(vm.vcpu(0).interruptPending, true);
  });
});

describe('the interrupt controller (emu_type 0x1)', () => {
  test('registers: ENABLE, TARGET, RAISED (write 1 to clear), TRIGGER', () => {
    const injected: [number, number][] = [];
    const intc = new InterruptController({ name: 'intc', range: { base: 0, length: 0x1000 }, inject: (mask, irq) => injected.push([mask, irq]) });
    assert.equal(intc.handleRead(INTC_ENABLE), 0xffff_ffff);
    assert.equal(intc.handleRead(INTC_TARGET), 1);
    intc.handleWrite(INTC_TRIGGER, 4, 5);
    assert.deepEqual(injected, [[1, 5]]);
    assert.equal(intc.handleRead(INTC_RAISED), 1 << 5);
    intc.handleWrite(INTC_RAISED, 4, 1 << 5);
    assert.equal(intc.handleRead(INTC_RAISED), 0);
    intc.handleWrite(INTC_ENABLE, 4, 0);
    intc.raise(6);
    assert.equal(injected.length, 1, 'a disabled irq is recorded, not injected');
    assert.equal(intc.handleRead(INTC_RAISED), 1 << 6);
    intc.handleWrite(INTC_ENABLE, 4, 0xffff_ffff);
    intc.handleWrite(INTC_TARGET, 4, 0b10);
    intc.raise(7);
    assert.deepEqual(injected[1], [0b10, 7]);
    assert.deepEqual(intc.getState(), { enable: 0xffff_ffff, target: 2, raised: (1 << 6) | (1 << 7) });
    intc.reset();
    assert.deepEqual(intc.getState(), { enable: 0xffff_ffff, target: 1, raised: 0 });
    assert.throws(() => intc.setState({ enable: -1 }), TypeError);
  });

  test('a guest raises an interrupt through the controller (TRIGGER) and takes it', () => {
    const source = 'push h\nsetvec 12\nei\npush 0x08000000\npush 12\nst32 12\nwfi\npush 0\nhalt\nh: push 12\nhalt\n';
    const { vm } = guestVm(source);
    vm.boot();
    assert.deepEqual(vm.runVcpu(0), { kind: 'CpuDown', state: 12 });
  });

  test('interrupt_mode "none" drops device interrupts', () => {
    const source = 'push h\nsetvec 12\nei\npush 0x08000000\npush 12\nst32 12\nwfi\npush 0\nhalt\nh: push 12\nhalt\n';
    const { vm } = guestVm(source, guestToml().replace('interrupt_mode = "emulated"', 'interrupt_mode = "none"'));
    vm.boot();
    assert.deepEqual(vm.runVcpu(0), { kind: 'Halt' });
  });
});

describe('SendIPI and the timer through the Vmm', () => {
  test('vCPU 0 starts vCPU 1 (CpuUp) and interrupts it (SendIPI); vCPU 1 halts in its handler', () => {
    const source = [
      'cpuid', 'jnz second',
      'push 1', 'push second', 'push 0', 'push 3', 'hcall 0x101', 'pop', // CpuUp(1, second, 0)
      'spin: push 1', 'push 8', 'push 0', 'push 0', 'push 4', 'hcall 0x103', 'pop', // SendIPI(1, 8)
      'push 0', 'halt',
      'second: pop', 'push h', 'setvec 8', 'ei', 'wfi', 'push 1', 'halt',
      'h: push 8', 'halt',
    ].join('\n');
    const { vm, vmm } = guestVm(source, guestToml({ cpus: 2 }));
    vm.boot();
    const outcomes = runVms(vmm);
    assert.deepEqual(outcomes, [{ vm: 'guest', end: 'CpuDown', code: 8, detail: 'every vCPU is down (exit code 8)' }]);
  });

  test('SendIPI to a vCPU that does not exist: the guest gets -InvalidInput', () => {
    const { vm, vmm } = guestVm('push 5\npush 8\npush 0\npush 0\npush 4\nhcall 0x103\nhalt\n');
    vm.boot();
    const exit = vm.runVcpu(0);
    assert.equal(vmm.handleExit(vm, 0, exit), 'continue');
    assert.deepEqual(vm.runVcpu(0), { kind: 'CpuDown', state: -19 });
  });

  test('CpuUp of a vCPU that is running already: -BadState', () => {
    const { vm, vmm } = guestVm('push 0\npush 0\npush 0\npush 3\nhcall 0x101\nhalt\n');
    vm.boot();
    assert.equal(vmm.handleExit(vm, 0, vm.runVcpu(0)), 'continue');
    assert.deepEqual(vm.runVcpu(0), { kind: 'CpuDown', state: -7 });
  });

  test('a periodic timer interrupts a waiting vCPU as time passes (the run loop sleeps through the HAL clock)', () => {
    const source = '.data\nn: .word 0\n.text\npush h\nsetvec 30\npush 8\npush 100\npush 2\nhcall 0x113\npop\nei\nw: wfi\npush n\nld32 0\npush 3\nlts\njnz w\npush 0\nhalt\nh: push n\npush n\nld32 0\naddi 1\nst32 0\niret\n';
    const { vm, vmm, clock } = guestVm(source);
    vm.boot();
    const sleeps: bigint[] = [];
    const outcomes = runVms(vmm, { sleep: (nanos) => {
      sleeps.push(nanos);
      clock.now += nanos;
    } });
    assert.deepEqual(outcomes.map((o) => o.end), ['CpuDown']);
    assert.deepEqual(sleeps, [100_000n, 100_000n, 100_000n]);
  });

  test('every vCPU waiting with no timer armed ends the VM as a deadlock (never a hang)', () => {
    const { vm, vmm } = guestVm('ei\nwfi\nhalt\n');
    vm.boot();
    assert.deepEqual(runVms(vmm).map((o) => o.end), ['Deadlock']);
    assert.equal(vm.state, 'ShuttingDown');
  });

  test('expired() ends a never-ending guest as a Timeout after the round it says so, and shuts it down', () => {
    const { vm, vmm } = guestVm('loop: jmp loop\n', guestToml(), { sliceSteps: 100 });
    vm.boot();
    let rounds = 0;
    assert.deepEqual(runVms(vmm, { expired: () => ++rounds > 3 }).map((o) => o.end), ['Timeout']);
    assert.equal(rounds, 4);
    assert.equal(vm.state, 'ShuttingDown');
  });
});

describe('the single-threaded run loop is deterministic', () => {
  test('the same guests and clock give the same exits, in the same order', () => {
    const source = [
      '.data', 'n: .word 0', '.text',
      'cpuid', 'jnz second',
      'push 1', 'push second', 'push 0', 'push 3', 'hcall 0x101', 'pop',
      'push h', 'setvec 30', 'push 8', 'push 50', 'push 2', 'hcall 0x113', 'pop', 'ei',
      'w: wfi', 'push n', 'ld32 0', 'push 4', 'lts', 'jnz w', 'push 0', 'hcall 0x100',
      'second: pop', 'push 1', 'push 9', 'push 0', 'push 0', 'push 4', 'hcall 0x103', 'pop', 'push 2', 'halt',
      'h: push n', 'push n', 'ld32 0', 'addi 1', 'st32 0', 'iret',
    ].join('\n');
    const trace = (): string[] => {
      const { vm, vmm, clock } = guestVm(source, guestToml({ cpus: 2 }), { sliceSteps: 7 });
      vm.boot();
      const exits: string[] = [];
      runVms(vmm, { sleep: (nanos) => (clock.now += nanos), onExit: (_vm, id, exit) => exits.push(`${id}:${exit.kind}`) });
      return exits;
    };
    const first = trace();
    assert.ok(first.includes('0:SystemDown') && first.includes('1:SendIPI') && first.includes('0:Halt'), first.join(' '));
    assert.deepEqual(trace(), first);
  });
});
