/**
 * The compiled tier on the hypervisor's guest address space: RAM in the flat window, lazily
 * allocated pages beyond it, a read-only page and a reserved page. A loop touching all of them must
 * give the same state, guest memory and fault on every tier.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assemble } from '../../../src/asm/index.js';
import type { TierName } from '../../../src/machine/compiled/tier.js';
import { Machine } from '../../../src/machine/machine.js';
import { AddressSpace } from '../../../src/vmm/address-space.js';
import { HostMemory } from '../../../src/vmm/host-memory.js';
import { MappingFlags } from '../../../src/vmm/mapping-flags.js';
import { stateOf } from '../harness.js';

const RW = MappingFlags.READ | MappingFlags.WRITE;

/** Writes i * 3 to word i of a lazy region (0x10000 + 4i) for i < 3000, sums them back, then writes to the read-only page. */
const SOURCE = `
    enter 0, 2          ; 0 = i, 1 = sum
fill:
    lget 0
    push 3000
    lts
    jz sum_from_0
    lget 0
    push 4
    mul
    lget 0
    push 3
    mul
    st32 0x10000
    lget 0
    addi 1
    lset 0
    jmp fill
sum_from_0:
    push 0
    lset 0
sum:
    lget 0
    push 3000
    lts
    jz done
    lget 0
    push 4
    mul
    ld32 0x10000
    lget 1
    add
    lset 1
    lget 0
    addi 1
    lset 0
    jmp sum
done:
    push 0x80000000
    lget 1
    st32 0              ; the read-only page: a fault through the bus
    push 0
    halt
`;

function runOn(tier: TierName): { state: ReturnType<typeof stateOf>; word: number; pages: boolean } {
  const space = new AddressSpace(new HostMemory(0x40000), { name: 'guest' });
  space.mapAlloc(0, 0x10000, RW, true);
  space.mapAlloc(0x10000, 0x10000, RW, false);
  space.mapAlloc(0x8000_0000, 0x1000, MappingFlags.READ, true);
  const machine = new Machine(assemble(SOURCE), { memory: space.bus(), tier, hotThreshold: 2 });
  machine.run();
  return { state: stateOf(machine), word: space.readFromGuest(0x10000 + 4 * 2999, 'u32'), pages: space.translate(0x12000) !== undefined };
}

test('a loop over RAM, lazy pages and a read-only page gives the same result on every tier', () => {
  const interpreted = runOn('interpreter');
  assert.equal(interpreted.state.status, 'MemoryFault');
  assert.equal(interpreted.word, 2999 * 3);
  assert.equal(interpreted.state.stack.at(-1), (3 * 2999 * 3000) / 2, 'the sum, on the stack when the store faulted');
  assert.deepStrictEqual(runOn('compiled'), interpreted);
  assert.deepStrictEqual(runOn('auto'), interpreted);
});
