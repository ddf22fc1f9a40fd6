/** A machine whose memory is a guest address space: RAM loads and stores work, every other access is checked. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assemble } from '../../src/asm/index.js';
import { Status } from '../../src/isa/status.js';
import { Machine } from '../../src/machine/machine.js';
import { AddressSpace } from '../../src/vmm/address-space.js';
import type { GuestBusFault } from '../../src/vmm/guest-bus.js';
import { HostMemory } from '../../src/vmm/host-memory.js';
import { MappingFlags } from '../../src/vmm/mapping-flags.js';
import { runOnGuest } from './helpers.js';

const RW = MappingFlags.READ | MappingFlags.WRITE;

/** 64 KiB of RAM from 0 (the flat window), a lazy region right after it, a read-only page and a reserved page. */
function guest(shared = false): AddressSpace {
  const space = new AddressSpace(new HostMemory(0x40000, { shared }), { name: 'guest' });
  space.mapAlloc(0, 0x10000, RW, true);
  space.mapAlloc(0x10000, 0x10000, RW, false);
  space.mapAlloc(0x8000_0000, 0x1000, MappingFlags.READ, true);
  space.mapReserved(0x9000_0000, 0x1000);
  return space;
}

function run(space: AddressSpace, source: string): Machine {
  return runOnGuest(space, source, 10_000);
}

describe('a machine on the address-space bus', () => {
  test('uses the RAM window directly and reports the top of RAM as msize', () => {
    const space = guest();
    const bus = space.bus();
    assert.equal(bus.flat.length, 0x10000);
    assert.equal(bus.size, 0x8000_1000);
    const machine = run(space, `.data\nvalue: .word 41\n.text\npush value\npush value\nld32 0\naddi 1\nst32 0\npush value\nld32 0\nhalt\n`);
    assert.equal(machine.status, Status.Halted);
    assert.equal(machine.exitCode, 42);
    assert.equal(space.readFromGuest(0, 'u32'), 42, 'the data segment and the store went to guest RAM');
  });

  test('atomics work in the flat window only (shared counters must live there)', () => {
    const inside = run(guest(), 'push 0x100\npush 5\naadd 0\npop\npush 0x100\npush 2\naadd 0\nhalt\n');
    assert.equal(inside.status, Status.Halted);
    assert.equal(inside.exitCode, 5, 'aadd returns the old value');
    const outside = run(guest(), 'push 0x14000\npush 5\naadd 0\nhalt\n');
    assert.equal(outside.status, Status.MemoryFault);
    assert.match(outside.fault?.message ?? '', /outside the flat memory/);
  });

  test('stores and loads on lazily allocated pages allocate them', () => {
    const space = guest();
    const machine = run(space, 'push 0x14000\npush 0x12345678\nst32 0\npush 0x14000\nld32 0\nhalt\n');
    assert.equal(machine.status, Status.Halted);
    assert.equal(machine.exitCode, 0x12345678);
    assert.equal(space.readFromGuest(0x14000, 'u32'), 0x12345678);
    assert.equal(space.translate(0x15000), undefined, 'only the touched page');
  });

  test('an access straddling the window and a lazy page works byte for byte', () => {
    const space = guest();
    const machine = run(space, 'push 0xfffe\npush 0x0a0b0c0d\nst32 0\npush 0xfffe\nld32 0\nhalt\n');
    assert.equal(machine.exitCode, 0x0a0b0c0d);
    assert.equal(space.readFromGuest(0xfffe, 'u16'), 0x0c0d);
    assert.equal(space.readFromGuest(0x10000, 'u16'), 0x0a0b);
  });

  test('every width and float works through the bus', () => {
    const space = guest();
    const machine = run(space, [
      'push 0x10001', 'push -2', 'st16 0', 'push 0x10001', 'ld16s 0',
      'push 0x10011', 'pushf 2.5', 'stf64 0', 'push 0x10011', 'ldf64 0', 'ftoi',
      'add', 'push 0x10021', 'push 0x1ff', 'st8 0', 'push 0x10021', 'ld8s 0', 'add', 'halt',
    ].join('\n'));
    assert.equal(machine.status, Status.Halted);
    assert.equal(machine.exitCode, -2 + 2 - 1);
  });

  test('an unmapped access is a MemoryFault status, not an exception', () => {
    const machine = run(guest(), 'push 0x40000000\nld32 0\nhalt\n');
    assert.equal(machine.status, Status.MemoryFault);
    assert.equal(machine.fault?.address, 0x4000_0000);
    assert.match(machine.fault?.message ?? '', /load of 4 bytes at 0x40000000: read at 0x40000000: nothing is mapped there/);
  });

  test('a store to a read-only page faults and writes nothing', () => {
    const space = guest();
    const machine = run(space, 'push 0x80000000\npush 7\nst32 0\npush 0\nhalt\n');
    assert.equal(machine.status, Status.MemoryFault);
    assert.match(machine.fault?.message ?? '', /mapped READ/);
    assert.equal(space.readFromGuest(0x8000_0000, 'u32'), 0);
  });

  test('a straddling store into a forbidden page writes no byte at all', () => {
    const space = guest();
    space.mapAlloc(0x7fff_f000, 0x1000, RW, true);
    const machine = run(space, 'push 0x7ffffffe\npush -1\nst32 0\npush 0\nhalt\n');
    assert.equal(machine.status, Status.MemoryFault);
    assert.equal(space.readFromGuest(0x7fff_fffe, 'u16'), 0);
  });

  test('reserved memory and addresses beyond 4 GiB fault', () => {
    assert.equal(run(guest(), 'push 0x90000000\nld8u 0\nhalt\n').status, Status.MemoryFault);
    assert.equal(run(guest(), 'push 0xffffffff\nld32 0x10\nhalt\n').status, Status.MemoryFault);
  });

  test('bus faults carry what a VMM needs for an exit', () => {
    const fault = guest().bus().store(0x8000_0000, 'i32', 1) as GuestBusFault;
    assert.deepEqual({ ...fault, fault: undefined }, { fault: undefined, address: 0x8000_0000, width: 4, access: 'write', reason: 'permission' });
  });

  test('runs over shared host memory, visible to anyone holding the buffer', () => {
    const space = guest(true);
    const bus = space.bus();
    assert.ok(bus.flat.buffer instanceof SharedArrayBuffer);
    const machine = new Machine(assemble('push 0x20\npush 99\nst32 0\npush 0\nhalt\n'), { memory: bus });
    machine.run();
    assert.equal(new DataView(space.host.bytes.buffer).getInt32(space.translate(0x20)!.hpa, true), 99);
  });
});
