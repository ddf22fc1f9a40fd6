/** Typed guest reads and writes: every type, alignment on reads AND writes, value ranges, permissions, image loading. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AddressSpace } from '../../src/vmm/address-space.js';
import type { GuestValueType } from '../../src/vmm/guest-values.js';
import { HostMemory } from '../../src/vmm/host-memory.js';
import { MappingFlags } from '../../src/vmm/mapping-flags.js';
import { PAGE_SIZE } from '../../src/vmm/page.js';
import { assertAxError } from './helpers.js';

const RW = MappingFlags.READ | MappingFlags.WRITE;

function space(): AddressSpace {
  const s = new AddressSpace(new HostMemory(16 * PAGE_SIZE), { name: 'guest' });
  s.mapAlloc(0, 2 * PAGE_SIZE, RW, true);
  s.mapAlloc(0x10000, PAGE_SIZE, MappingFlags.READ | MappingFlags.EXECUTE, true);
  s.mapAlloc(0x20000, PAGE_SIZE, MappingFlags.WRITE, true);
  s.mapAlloc(0x30000, PAGE_SIZE, RW, false);
  return s;
}

const WIDTHS: Readonly<Record<GuestValueType, number>> = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, u64: 8, i64: 8, f32: 4, f64: 8 };

describe('typed guest values', () => {
  test('every type round-trips, little-endian', () => {
    const s = space();
    s.writeToGuest(0x100, 'u32', 0x11223344);
    assert.deepEqual([...s.translatedByteBuffer(0x100, 4)[0].bytes], [0x44, 0x33, 0x22, 0x11]);
    const cases: [GuestValueType, number | bigint][] = [
      ['u8', 255], ['i8', -128], ['u16', 65535], ['i16', -2], ['u32', 0xffff_ffff], ['i32', -(2 ** 31)],
      ['u64', 2n ** 64n - 1n], ['i64', -(2n ** 63n)], ['f32', 1.5], ['f64', Math.PI],
    ];
    for (const [type, value] of cases) {
      s.writeToGuest(0x200, type, value as never);
      assert.equal(s.readFromGuest(0x200, type), value, type);
    }
  });

  test('alignment is checked on reads AND writes, for every width', () => {
    const s = space();
    for (const [type, width] of Object.entries(WIDTHS) as [GuestValueType, number][]) {
      if (width === 1) continue;
      const value = (type.endsWith('64') && type !== 'f64' ? 1n : 1) as never;
      for (let offset = 1; offset < width; offset++) {
        assertAxError(() => s.readFromGuest(0x100 + offset, type), 'InvalidInput', 'guest: readFromGuest:', `is not aligned to the ${width}-byte ${type}`);
        assertAxError(() => s.writeToGuest(0x100 + offset, type, value), 'InvalidInput', 'guest: writeToGuest:', `is not aligned to the ${width}-byte ${type}`);
      }
      assert.doesNotThrow(() => s.writeToGuest(0x100 + width, type, value));
    }
    assert.equal(s.readFromGuest(0x101, 'u8'), 0, 'bytes need no alignment');
  });

  test('a value that does not fit its type is InvalidInput, and nothing is written', () => {
    const s = space();
    s.writeToGuest(0x40, 'u32', 7);
    for (const [type, value] of [['u8', 256], ['u8', -1], ['i8', 128], ['u16', 1.5], ['u32', 2 ** 32], ['i32', 2 ** 31], ['u64', -1n], ['i64', 2n ** 63n], ['u64', 3], ['f64', 1n]] as const) {
      assertAxError(() => s.writeToGuest(0x40, type, value as never), 'InvalidInput', `as ${type}`);
    }
    assert.equal(s.readFromGuest(0x40, 'u32'), 7);
  });

  test('a write to a read-only page is PermissionDenied, not a silent write', () => {
    const s = space();
    assertAxError(() => s.writeToGuest(0x10000, 'u32', 1), 'PermissionDenied', 'write at 0x10000: the page is mapped READ|EXECUTE');
    assert.equal(s.readFromGuest(0x10000, 'u32'), 0);
  });

  test('a read from a write-only page is PermissionDenied', () => {
    const s = space();
    s.writeToGuest(0x20000, 'u8', 5);
    assertAxError(() => s.readFromGuest(0x20000, 'u8'), 'PermissionDenied', 'mapped WRITE');
  });

  test('unmapped addresses are BadAddress; addresses that are not guest addresses are InvalidInput', () => {
    const s = space();
    assertAxError(() => s.readFromGuest(0x5000, 'u32'), 'BadAddress', 'nothing is mapped');
    assertAxError(() => s.writeToGuest(0xffff_fffc + 4, 'u32', 0), 'InvalidInput');
    assertAxError(() => s.readFromGuest(-4, 'u32'), 'InvalidInput');
  });

  test('the VMM reading a lazy page allocates it', () => {
    const s = space();
    assert.equal(s.translate(0x30000), undefined);
    assert.equal(s.readFromGuest(0x30008, 'f64'), 0);
    assert.notEqual(s.translate(0x30000), undefined);
  });
});

describe('image loading', () => {
  test('loads into read-only memory and across pages', () => {
    const s = space();
    const image = Uint8Array.from({ length: PAGE_SIZE + 10 }, (_, i) => i & 0xff);
    s.loadImage(0x800, image);
    assert.equal(s.readFromGuest(0x800 + PAGE_SIZE + 9, 'u8'), (PAGE_SIZE + 9) & 0xff);
    s.loadImage(0x10000, Uint8Array.of(1, 2, 3, 4));
    assert.equal(s.readFromGuest(0x10000, 'u32'), 0x04030201);
  });

  test('an image region that leaves mapped memory is BadAddress', () => {
    assertAxError(() => space().imageLoadRegion(PAGE_SIZE, 2 * PAGE_SIZE), 'BadAddress', '0x2000 is not mapped');
  });
});
