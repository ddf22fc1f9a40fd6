/** Property: translated byte buffers cover exactly the asked range, split at pages, and agree with translate. */
import '../helpers/property.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { AddressSpace } from '../../src/vmm/address-space.js';
import { AxError } from '../../src/vmm/errors.js';
import { HostMemory } from '../../src/vmm/host-memory.js';
import { MappingFlags } from '../../src/vmm/mapping-flags.js';
import { PAGE_SIZE } from '../../src/vmm/page.js';

const PAGES = 32;
type PageKind = 'none' | 'linear' | 'alloc' | 'lazy' | 'reserved';

/** Maps runs of equal page kinds; returns which pages are accessible to the VMM. */
function build(kinds: readonly PageKind[]): { space: AddressSpace; accessible: boolean[] } {
  const space = new AddressSpace(new HostMemory(3 * PAGES * PAGE_SIZE));
  const flags = MappingFlags.READ | MappingFlags.WRITE;
  for (let page = 0; page < PAGES; ) {
    let end = page + 1;
    while (end < PAGES && kinds[end] === kinds[page]) end++;
    const gpa = page * PAGE_SIZE;
    const size = (end - page) * PAGE_SIZE;
    const kind = kinds[page];
    if (kind === 'linear') space.mapLinear(gpa, space.host.allocContiguous(end - page)!, size, flags);
    else if (kind === 'alloc' || kind === 'lazy') space.mapAlloc(gpa, size, flags, kind === 'alloc');
    else if (kind === 'reserved') space.mapReserved(gpa, size);
    page = end;
  }
  return { space, accessible: kinds.map((kind) => kind !== 'none' && kind !== 'reserved') };
}

test('segments cover exactly the range, never cross a page, and agree with translate', () => {
  fc.assert(fc.property(
    fc.array(fc.constantFrom<PageKind>('none', 'linear', 'alloc', 'lazy', 'reserved'), { minLength: PAGES, maxLength: PAGES }),
    fc.integer({ min: 0, max: PAGES * PAGE_SIZE - 1 }),
    fc.integer({ min: 0, max: 3 * PAGE_SIZE }),
    (kinds, gpa, wanted) => {
      const { space, accessible } = build(kinds);
      const length = Math.min(wanted, PAGES * PAGE_SIZE - gpa);
      const touched = length === 0 ? [] : Array.from({ length: Math.floor((gpa + length - 1) / PAGE_SIZE) - Math.floor(gpa / PAGE_SIZE) + 1 }, (_, i) => Math.floor(gpa / PAGE_SIZE) + i);
      if (!touched.every((page) => accessible[page])) {
        assert.throws(() => space.translatedByteBuffer(gpa, length), (error: unknown) => error instanceof AxError && error.kind === 'BadAddress');
        return;
      }
      const segments = space.translatedByteBuffer(gpa, length);
      let at = gpa;
      for (const segment of segments) {
        assert.equal(segment.gpa, at, 'segments are contiguous and in order');
        assert.ok(segment.bytes.length > 0);
        assert.equal(Math.floor(segment.gpa / PAGE_SIZE), Math.floor((segment.gpa + segment.bytes.length - 1) / PAGE_SIZE), 'a segment stays in one page');
        assert.ok(segment.gpa === gpa || segment.gpa % PAGE_SIZE === 0, 'only the first segment starts inside a page');
        assert.deepEqual(space.translate(segment.gpa), { hpa: segment.hpa, flags: MappingFlags.READ | MappingFlags.WRITE });
        assert.equal(segment.bytes.byteOffset, segment.hpa, 'the bytes are host memory at hpa');
        assert.equal(segment.bytes.buffer, space.host.bytes.buffer);
        at += segment.bytes.length;
      }
      assert.equal(at, gpa + length, 'segments end where the range ends');
      assert.equal(segments.length, touched.length);
    },
  ));
});

test('bytes written through segments are what typed reads see', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 4 * PAGE_SIZE - 8 }), fc.uint8Array({ minLength: 1, maxLength: 8 }), (gpa, data) => {
    const space = new AddressSpace(new HostMemory(8 * PAGE_SIZE));
    space.mapAlloc(0, 4 * PAGE_SIZE, MappingFlags.READ | MappingFlags.WRITE, false);
    space.loadImage(gpa, data);
    data.forEach((byte, index) => assert.equal(space.readFromGuest(gpa + index, 'u8'), byte));
  }));
});
