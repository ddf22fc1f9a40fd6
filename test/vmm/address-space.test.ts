/** Guest address space mapping rules: alignment, overlap, flags, unmap, lazy allocation, reserved ranges, the flat window. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AddressSpace } from '../../src/vmm/address-space.js';
import { HostMemory } from '../../src/vmm/host-memory.js';
import { MappingFlags } from '../../src/vmm/mapping-flags.js';
import { PAGE_SIZE } from '../../src/vmm/page.js';
import { assertAxError } from './helpers.js';

const RW = MappingFlags.READ | MappingFlags.WRITE;
const RO = MappingFlags.READ;

function space(pages = 64, name = 'vm1'): AddressSpace {
  return new AddressSpace(new HostMemory(pages * PAGE_SIZE), { name });
}

describe('mapping arguments', () => {
  test('unaligned addresses and sizes are InvalidInput, naming the VM and the operation', () => {
    const s = space();
    assertAxError(() => s.mapAlloc(0x800, PAGE_SIZE, RW, true), 'InvalidInput', 'vm1: mapAlloc:', 'multiples of the 4 KiB page size');
    assertAxError(() => s.mapAlloc(0, 0x1800, RW, false), 'InvalidInput', 'mapAlloc');
    assertAxError(() => s.mapLinear(0, 0x10, PAGE_SIZE, RW), 'InvalidInput', 'mapLinear', 'not page-aligned');
    assertAxError(() => s.mapReserved(0x10, PAGE_SIZE), 'InvalidInput', 'mapReserved');
    assertAxError(() => s.unmap(0x10, PAGE_SIZE), 'InvalidInput', 'unmap');
  });

  test('zero-size, negative and fractional maps are InvalidInput', () => {
    const s = space();
    assertAxError(() => s.mapAlloc(0, 0, RW, true), 'InvalidInput', 'the size above 0');
    assertAxError(() => s.mapAlloc(-PAGE_SIZE, PAGE_SIZE, RW, true), 'InvalidInput');
    assertAxError(() => s.mapReserved(0.5, PAGE_SIZE), 'InvalidInput');
  });

  test('a range beyond 4 GiB is InvalidInput', () => {
    assertAxError(() => space().mapReserved(0xffff_f000, 2 * PAGE_SIZE), 'InvalidInput', 'beyond the 4 GiB');
  });

  test('a linear map outside host memory is InvalidInput', () => {
    assertAxError(() => space(4).mapLinear(0, 0, 8 * PAGE_SIZE, RW), 'InvalidInput', 'inside host memory');
  });

  test('unknown flag bits are InvalidInput naming the bits', () => {
    const s = space();
    assertAxError(() => s.mapAlloc(0, PAGE_SIZE, 0x40 | RW, true), 'InvalidInput', 'unknown mapping flag bits 0x40');
    assertAxError(() => s.mapLinear(0, 0, PAGE_SIZE, 0x100), 'InvalidInput', 'unknown mapping flag bits 0x100');
    assertAxError(() => s.mapReserved(0, PAGE_SIZE, -1), 'InvalidInput');
    assert.deepEqual(s.mappings(), []);
  });
});

describe('overlaps', () => {
  test('an overlapping map of any kind is AlreadyExists, naming the mapping and the address', () => {
    const s = space();
    s.mapAlloc(0x2000, 0x2000, RW, false);
    assertAxError(() => s.mapAlloc(0x3000, 0x2000, RW, true), 'AlreadyExists', '0x3000..0x5000 overlaps the alloc mapping 0x2000..0x4000 at 0x3000');
    assertAxError(() => s.mapLinear(0x1000, 0, 0x2000, RW), 'AlreadyExists', 'at 0x2000');
    assertAxError(() => s.mapReserved(0, 0x10000), 'AlreadyExists');
    s.mapReserved(0x4000, PAGE_SIZE);
    assertAxError(() => s.mapAlloc(0x4000, PAGE_SIZE, RW, true), 'AlreadyExists', 'reserved mapping');
  });

  test('a failed map changes nothing and allocates nothing', () => {
    const s = space(8);
    s.mapAlloc(0, PAGE_SIZE, RW, true);
    const before = s.host.usedFrames;
    assertAxError(() => s.mapAlloc(0, 4 * PAGE_SIZE, RW, true), 'AlreadyExists');
    assert.equal(s.host.usedFrames, before);
    assert.equal(s.mappings().length, 1);
  });

  test('adjacent maps are fine', () => {
    const s = space();
    s.mapAlloc(0, PAGE_SIZE, RW, true);
    s.mapReserved(PAGE_SIZE, PAGE_SIZE);
    s.mapLinear(2 * PAGE_SIZE, 10 * PAGE_SIZE, PAGE_SIZE, RO);
    assert.deepEqual(s.mappings().map((m) => [m.gpa, m.kind]), [[0, 'alloc'], [PAGE_SIZE, 'reserved'], [2 * PAGE_SIZE, 'linear']]);
  });
});

describe('unmap', () => {
  test('unmap then map again', () => {
    const s = space(8);
    s.mapAlloc(0x1000, 0x3000, RW, true);
    assert.equal(s.host.usedFrames, 3);
    s.unmap(0x1000, 0x3000);
    assert.equal(s.host.usedFrames, 0);
    assert.equal(s.translate(0x1000), undefined);
    s.mapAlloc(0x1000, 0x3000, RO, false);
    assert.deepEqual(s.mappings(), [{ gpa: 0x1000, size: 0x3000, flags: RO, kind: 'alloc', populatedPages: 0 }]);
  });

  test('a partial unmap splits the mapping and frees only its pages', () => {
    const s = space(8);
    s.mapAlloc(0, 4 * PAGE_SIZE, RW, true);
    const last = s.translate(3 * PAGE_SIZE)!.hpa;
    s.unmap(PAGE_SIZE, 2 * PAGE_SIZE);
    assert.deepEqual(s.mappings().map((m) => [m.gpa, m.size, m.populatedPages]), [[0, PAGE_SIZE, 1], [3 * PAGE_SIZE, PAGE_SIZE, 1]]);
    assert.equal(s.translate(3 * PAGE_SIZE)!.hpa, last);
    assert.equal(s.host.usedFrames, 2);
    s.mapLinear(PAGE_SIZE, 6 * PAGE_SIZE, 2 * PAGE_SIZE, RW);
    assert.equal(s.translate(PAGE_SIZE + 5)!.hpa, 6 * PAGE_SIZE + 5);
  });

  test('unmapping a range with nothing mapped is NotFound', () => {
    assertAxError(() => space().unmap(0x1000, 0x1000), 'NotFound', 'nothing is mapped in 0x1000..0x2000');
  });

  test('unmapAll releases every frame', () => {
    const s = space(8);
    s.mapAlloc(0, 2 * PAGE_SIZE, RW, true);
    s.mapAlloc(0x10000, 2 * PAGE_SIZE, RW, false);
    s.handlePageFault(0x10000, 'write');
    s.unmapAll();
    assert.equal(s.host.usedFrames, 0);
    assert.deepEqual(s.mappings(), []);
  });

  test('freed frames come back zeroed', () => {
    const s = space(1);
    s.mapAlloc(0, PAGE_SIZE, RW, true);
    s.writeToGuest(0x10, 'u32', 0xdeadbeef);
    s.unmap(0, PAGE_SIZE);
    s.mapAlloc(0x5000, PAGE_SIZE, RW, true);
    assert.equal(s.readFromGuest(0x5010, 'u32'), 0);
  });
});

describe('allocation', () => {
  test('populate allocates every page now, contiguously when it can', () => {
    const s = space(8);
    s.mapAlloc(0x4000, 4 * PAGE_SIZE, RW, true);
    const base = s.translate(0x4000)!.hpa;
    for (let page = 0; page < 4; page++) assert.equal(s.translate(0x4000 + page * PAGE_SIZE)!.hpa, base + page * PAGE_SIZE);
    assert.equal(s.host.usedFrames, 4);
  });

  test('lazily allocated pages are allocated on first access (handlePageFault)', () => {
    const s = space(8);
    s.mapAlloc(0x4000, 2 * PAGE_SIZE, RW, false);
    assert.equal(s.translate(0x4000), undefined);
    assert.equal(s.host.usedFrames, 0);
    assert.equal(s.handlePageFault(0x4123, 'write'), true);
    assert.equal(s.host.usedFrames, 1);
    assert.deepEqual(s.translate(0x4123), { hpa: s.translate(0x4000)!.hpa + 0x123, flags: RW });
    assert.equal(s.translate(0x5000), undefined, 'only the faulting page');
    assert.equal(s.handlePageFault(0x4123, 'read'), true, 'a present page is handled (a racing vCPU retries)');
    assert.equal(s.host.usedFrames, 1);
  });

  test('a page fault that is not a lazy allocation is not handled', () => {
    const s = space(8);
    s.mapAlloc(0x4000, PAGE_SIZE, RO, false);
    s.mapReserved(0x8000, PAGE_SIZE, RW);
    assert.equal(s.handlePageFault(0x1000, 'read'), false, 'unmapped');
    assert.equal(s.handlePageFault(0x8000, 'read'), false, 'reserved');
    assert.equal(s.handlePageFault(0x4000, 'write'), false, 'write to a read-only page');
    assert.equal(s.host.usedFrames, 0);
  });

  test('exhausted host memory: populate is NoMemory and rolls back; a lazy fault is not handled', () => {
    const s = space(4);
    s.mapAlloc(0, PAGE_SIZE, RW, true);
    s.mapAlloc(0x3000, PAGE_SIZE, RW, true);
    assertAxError(() => s.mapAlloc(0x10000, 4 * PAGE_SIZE, RW, true), 'NoMemory', 'vm1: mapAlloc', 'exhausted');
    assert.equal(s.host.usedFrames, 2);
    s.mapAlloc(0x20000, 3 * PAGE_SIZE, RW, false);
    assert.equal(s.handlePageFault(0x20000, 'read'), true);
    assert.equal(s.handlePageFault(0x21000, 'read'), true);
    assert.equal(s.handlePageFault(0x22000, 'read'), false);
    assert.deepEqual(s.resolve(0x22000, 'read'), { reason: 'no-memory', message: 'read at 0x22000: no host memory left to allocate the page' });
  });
});

describe('reserved ranges', () => {
  test('are never accessible, whatever their flags', () => {
    const s = space();
    s.mapAlloc(0x3000, PAGE_SIZE, RW, true);
    s.mapReserved(0x4000, PAGE_SIZE, RW);
    assert.equal(s.translate(0x4000), undefined);
    assert.equal(s.handlePageFault(0x4000, 'read'), false);
    assertAxError(() => s.readFromGuest(0x4000, 'u8'), 'BadAddress', 'reserved');
    assertAxError(() => s.writeToGuest(0x4000, 'u8', 1), 'BadAddress', 'reserved');
    assertAxError(() => s.translatedByteBuffer(0x3ff0, 0x20), 'BadAddress', 'translatedByteBuffer', '0x4000 is reserved');
    assert.deepEqual(s.resolve(0x4abc, 'read'), { reason: 'reserved', message: 'read at 0x4abc: the range 0x4000..0x5000 is reserved' });
  });
});

describe('the flat window', () => {
  test('covers contiguous read-write RAM from 0 and stops at the first page that is not', () => {
    const s = space(16);
    s.mapAlloc(0, 2 * PAGE_SIZE, RW, true);
    s.mapAlloc(2 * PAGE_SIZE, 2 * PAGE_SIZE, RW | MappingFlags.EXECUTE, true);
    s.mapAlloc(4 * PAGE_SIZE, PAGE_SIZE, RO, true);
    assert.deepEqual(s.flatWindow(), { hpa: 0, size: 4 * PAGE_SIZE });
  });

  test('is empty without RAM at 0, and stops at a lazy page, device memory or a host discontinuity', () => {
    const s = space(16);
    assert.equal(s.flatWindow().size, 0);
    s.mapAlloc(PAGE_SIZE, PAGE_SIZE, RW, true);
    assert.equal(s.flatWindow().size, 0);
    const lazy = space(16);
    lazy.mapAlloc(0, 4 * PAGE_SIZE, RW, false);
    assert.equal(lazy.flatWindow().size, 0);
    lazy.handlePageFault(0, 'read');
    assert.equal(lazy.flatWindow().size, PAGE_SIZE);
    const device = space(16);
    device.mapLinear(0, 0, PAGE_SIZE, RW);
    device.mapLinear(PAGE_SIZE, PAGE_SIZE, PAGE_SIZE, RW | MappingFlags.DEVICE);
    assert.equal(device.flatWindow().size, PAGE_SIZE);
    const split = space(16);
    split.mapLinear(0, 4 * PAGE_SIZE, PAGE_SIZE, RW);
    split.mapLinear(PAGE_SIZE, 8 * PAGE_SIZE, PAGE_SIZE, RW);
    assert.deepEqual(split.flatWindow(), { hpa: 4 * PAGE_SIZE, size: PAGE_SIZE });
  });

  test('is pinned once a bus uses it: unmapping inside it is BadState', () => {
    const s = space(16);
    s.mapAlloc(0, 2 * PAGE_SIZE, RW, true);
    s.mapAlloc(0x8000, PAGE_SIZE, RW, true);
    s.bus();
    assertAxError(() => s.unmap(PAGE_SIZE, PAGE_SIZE), 'BadState', 'flat RAM window');
    s.unmap(0x8000, PAGE_SIZE);
    s.unmapAll();
    s.mapAlloc(0, PAGE_SIZE, RW, true);
    s.unmap(0, PAGE_SIZE);
  });
});

describe('host memory', () => {
  test('can be shared with workers', () => {
    const host = new HostMemory(PAGE_SIZE, { shared: true });
    assert.ok(host.bytes.buffer instanceof SharedArrayBuffer);
    assert.equal(host.shared, true);
    assert.equal(new HostMemory(PAGE_SIZE).shared, false);
  });

  test('rejects sizes that are not whole pages', () => {
    assertAxError(() => new HostMemory(100), 'InvalidInput', 'whole number of 4 KiB pages');
    assertAxError(() => new HostMemory(0), 'InvalidInput');
  });

  test('claims and frees frames, refusing double claims and double frees', () => {
    const host = new HostMemory(4 * PAGE_SIZE);
    host.claim(PAGE_SIZE, 2);
    assert.equal(host.usedFrames, 2);
    assertAxError(() => host.claim(2 * PAGE_SIZE, 1), 'AlreadyExists');
    assert.equal(host.allocContiguous(2), undefined, 'no run of 2 free frames is left');
    host.free(PAGE_SIZE, 2);
    assertAxError(() => host.free(PAGE_SIZE, 1), 'BadState');
    assertAxError(() => host.free(5 * PAGE_SIZE, 1), 'InvalidInput');
    assert.equal(host.freeFrames, 4);
  });
});
