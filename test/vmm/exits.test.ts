/** Every exit kind, from a guest that makes it; what runVcpu handles itself never reaches the VMM. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EXIT_KINDS, describeExit } from '../../src/vmm/exits.js';
import type { ExitKind, VcpuExit } from '../../src/vmm/exits.js';
import { MappingFlags } from '../../src/vmm/mapping-flags.js';
import { guestToml, guestVm } from './vm-helpers.js';

/** Boots a one-vCPU guest and runs vCPU 0 once. */
function firstExit(source: string, toml = guestToml(), sliceSteps?: number): { exit: VcpuExit; vm: ReturnType<typeof guestVm>['vm'] } {
  const { vm } = guestVm(source, toml, sliceSteps === undefined ? {} : { sliceSteps });
  vm.boot();
  return { exit: vm.runVcpu(0), vm };
}

const seen = new Set<ExitKind>();
function expectExit(source: string, expected: VcpuExit, toml?: string, sliceSteps?: number): ReturnType<typeof guestVm>['vm'] {
  const { exit, vm } = firstExit(source, toml, sliceSteps);
  assert.deepEqual(exit, expected);
  seen.add(exit.kind);
  return vm;
}

function expectKind<K extends ExitKind>(source: string, kind: K, toml?: string): Extract<VcpuExit, { kind: K }> {
  const { exit } = firstExit(source, toml);
  assert.equal(exit.kind, kind, describeExit(exit));
  seen.add(exit.kind);
  return exit as Extract<VcpuExit, { kind: K }>;
}

describe('exits', () => {
  test('Hypercall{nr, args[6]}: the arguments in order, missing ones 0; the result reaches the guest', () => {
    const { vm } = guestVm('push 11\npush 22\npush 33\npush 3\nhcall 0x42\nhalt\n');
    vm.boot();
    assert.deepEqual(vm.runVcpu(0), { kind: 'Hypercall', nr: 0x42, args: [11, 22, 33, 0, 0, 0] });
    seen.add('Hypercall');
    vm.setReturnValue(0, 9);
    assert.deepEqual(vm.runVcpu(0), { kind: 'CpuDown', state: 9 }, 'halt pops the hypercall result');
  });

  test('a hypercall with a bad argument count gets -InvalidInput and runs on', () => {
    expectExit('push 7\nhcall 0x42\nhalt\n', { kind: 'CpuDown', state: -19 });
    expectExit('push 2\nhcall 0x42\nhalt\n', { kind: 'CpuDown', state: -19 }, undefined);
  });

  test('MmioRead / MmioWrite: an address with no RAM and no device, or a failing device', () => {
    const read = expectKind('push 0x30000000\nld16s 0\nhalt\n', 'MmioRead');
    assert.deepEqual([read.addr, read.width, read.reg, read.signExtend], [0x3000_0000, 2, 0, true]);
    assert.match(read.reason, /no RAM and no device/);
    const write = expectKind('push 0x30000000\npush 0x1ff\nst8 0\nhalt\n', 'MmioWrite');
    assert.deepEqual([write.addr, write.width, write.data], [0x3000_0000, 1, 0xffn]);
    const straddle = expectKind('push 0x10000ffe\npush 1\nst32 0\nhalt\n', 'MmioWrite');
    assert.match(straddle.reason, /straddles/);
  });

  test('an MMIO access to a device is handled inside runVcpu', () => {
    const { vm } = guestVm('push 0x10000000\npush 65\nst8 0\npush 0x10000000\nld32 4\nhalt\n');
    vm.boot();
    assert.deepEqual(vm.runVcpu(0), { kind: 'CpuDown', state: 2 }, 'UART STATUS: TX_READY');
  });

  test('NestedPageFault: reserved memory, a forbidden access', () => {
    const toml = guestToml({ regions: ['[0x4000_0000, 0x1000, 0x0, 2]', '[0x5000_0000, 0x1000, 0x1, 0]'] });
    const reserved = expectKind('push 0x40000000\nld32 0\nhalt\n', 'NestedPageFault', toml);
    assert.deepEqual([reserved.addr, reserved.accessFlags], [0x4000_0000, MappingFlags.READ]);
    const readOnly = expectKind('push 0x50000000\npush 1\nst32 0\nhalt\n', 'NestedPageFault', toml);
    assert.deepEqual([readOnly.addr, readOnly.accessFlags], [0x5000_0000, MappingFlags.WRITE]);
  });

  test('a lazily-allocated page is allocated inside runVcpu', () => {
    const toml = guestToml({ regions: ['[0x4000_0000, 0x2000, 0x3, 0]'] });
    const { vm, hal } = guestVm('push 0x40001000\npush 5\nst32 0\npush 0x40001000\nld32 0\nhalt\n', toml);
    const before = hal.memory.usedFrames;
    vm.boot();
    assert.deepEqual(vm.runVcpu(0), { kind: 'CpuDown', state: 5 });
    assert.equal(hal.memory.usedFrames, before + 1);
  });

  test('IoRead / IoWrite: no port device; with one, handled inside', () => {
    const read = expectKind('push 0x60\npush 1\npush 2\nhcall 0x110\nhalt\n', 'IoRead');
    assert.deepEqual([read.port, read.width], [0x60, 1]);
    const write = expectKind('push 0x60\npush 2\npush 0x1234\npush 3\nhcall 0x111\nhalt\n', 'IoWrite');
    assert.deepEqual([write.port, write.width, write.data], [0x60, 2, 0x1234n]);
    const { vm } = guestVm('push 0x60\npush 4\npush 2\nhcall 0x110\nhalt\n');
    vm.devices.register({ name: 'port60', emuType: 0, space: 'port', range: { base: 0x60, length: 4 }, handleRead: () => 77, handleWrite: () => undefined });
    vm.boot();
    assert.deepEqual(vm.runVcpu(0), { kind: 'CpuDown', state: 77 });
    expectExit('push 0x60\npush 3\npush 2\nhcall 0x110\nhalt\n', { kind: 'CpuDown', state: -19 }, undefined);
  });

  test('SysRegRead / SysRegWrite: no device at the register; the timer answers its own', () => {
    const read = expectKind('push 0x100\npush 1\nhcall 0x112\nhalt\n', 'SysRegRead');
    assert.equal(read.addr, 0x100);
    const write = expectKind('push 0x100\npush 9\npush 2\nhcall 0x113\nhalt\n', 'SysRegWrite');
    assert.deepEqual([write.addr, write.value], [0x100, 9n]);
    expectExit('push 8\npush 500\npush 2\nhcall 0x113\npop\npush 8\npush 1\nhcall 0x112\nhalt\n', { kind: 'CpuDown', state: 500 });
  });

  test('ExternalInterrupt: a timer fired during the slice (and was raised in the guest)', () => {
    const { vm, clock } = guestVm('push h\nsetvec 30\npush 4\npush 10\npush 2\nhcall 0x113\npop\nei\nloop: jmp loop\nh: push 1\nhalt\n', guestToml(), { sliceSteps: 50 });
    vm.boot();
    assert.deepEqual(vm.runVcpu(0), { kind: 'Nothing' });
    clock.now += 20_000n;
    assert.deepEqual(vm.runVcpu(0), { kind: 'ExternalInterrupt', vector: 30 });
    seen.add('ExternalInterrupt');
    assert.deepEqual(vm.runVcpu(0), { kind: 'CpuDown', state: 1 }, 'the handler ran');
  });

  test('Halt: wfi with nothing pending', () => {
    expectExit('ei\nwfi\nhalt\n', { kind: 'Halt' });
  });

  test('CpuUp{targetCpu, entry, arg}, CpuDown (halt and the hypercall), SystemDown', () => {
    expectExit('push 1\npush 5\npush 99\npush 3\nhcall 0x101\nhalt\n', { kind: 'CpuUp', targetCpu: 1, entry: 5, arg: 99 });
    expectExit('push 3\nhalt\n', { kind: 'CpuDown', state: 3 });
    expectExit('push 4\npush 1\nhcall 0x102\nhalt\n', { kind: 'CpuDown', state: 4 });
    expectExit('push 0\nhcall 0x100\nhalt\n', { kind: 'SystemDown' });
  });

  test('Nothing: the slice budget ran out, or brk', () => {
    expectExit('loop: jmp loop\n', { kind: 'Nothing' }, undefined, 10);
    expectExit('brk\nhalt\n', { kind: 'Nothing' });
  });

  test('Nothing: stops handled inside runVcpu spend the same slice (a guest looping on them still yields)', () => {
    // IO_READ of a port device (answered inside runVcpu); the device gives up after many reads, so
    // a runVcpu that never yields ends in an IoRead exit instead of hanging the test.
    const { vm } = guestVm('loop:\npush 0x60\npush 1\npush 2\nhcall 0x110\npop\njmp loop\n', guestToml(), { sliceSteps: 1000 });
    let reads = 0;
    vm.devices.register({
      name: 'counter', emuType: 0, space: 'port', range: { base: 0x60, length: 1 },
      handleRead: () => {
        if (++reads > 10_000) throw new Error('runVcpu did not yield');
        return 0;
      },
      handleWrite: () => undefined,
    });
    vm.boot();
    assert.deepEqual(vm.runVcpu(0), { kind: 'Nothing' });
    assert.ok(vm.vcpu(0).machine!.instructionsExecuted <= 1000, 'no more than one slice ran');
    // A malformed hypercall (-InvalidInput, handled inside) in a loop yields too.
    expectExit('loop:\npush 0\npush 7\nhcall 0x112\npop\npop\njmp loop\n', { kind: 'Nothing' }, undefined, 1000);
  });

  test('FailEntry: the guest faulted (and stays faulted: a defined state)', () => {
    const vm = expectExit('push 1\npush 0\ndivs\nhalt\n', { kind: 'FailEntry', reason: 'DivisionByZero at pc 2: divs: division by zero' });
    const again = vm.runVcpu(0);
    assert.equal(again.kind, 'FailEntry');
    assert.equal(vm.vcpu(0).state, 'Free');
  });

  test('SendIPI{targetCpu, aux, toAll, toSelf, vector}', () => {
    expectExit('push 1\npush 7\npush 2\npush 5\npush 4\nhcall 0x103\nhalt\n', { kind: 'SendIPI', targetCpu: 1, vector: 7, toAll: false, toSelf: true, aux: 5 });
  });

  test('a device that throws is an exit, and the vCPU is unbound (never stuck)', () => {
    const { vm } = guestVm('push 0x10000000\nld32 0\nhalt\n');
    const uart = vm.devices.byName('uart0')!;
    uart.handleRead = () => {
      throw new Error('broken');
    };
    vm.boot();
    const exit = vm.runVcpu(0);
    assert.equal(exit.kind, 'MmioRead');
    assert.match(describeExit(exit), /broken/);
    assert.equal(vm.vcpu(0).state, 'Free');
    assert.deepEqual(vm.runVcpu(0), exit, 'the faulted guest stays faulted: run again, the same exit');
    assert.equal(vm.vcpu(0).state, 'Free');
  });

  test('a guest stopped by a NestedPageFault reports it again when run again', () => {
    const { vm } = guestVm('push 0x80000000\npush 1\nst32 0\nhalt\n'); // a store into the read-only kernel region
    vm.boot();
    const first = vm.runVcpu(0);
    assert.equal(first.kind, 'NestedPageFault');
    assert.deepEqual(vm.runVcpu(0), first);
  });

  test('every exit kind was produced', () => {
    assert.deepEqual([...seen].sort(), [...EXIT_KINDS].sort());
  });
});
