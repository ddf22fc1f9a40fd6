/** Bad input to the VMM's APIs is refused with InvalidInput naming it, and a refused access leaves no trace. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AddressSpace } from '../../src/vmm/address-space.js';
import { EmuType } from '../../src/vmm/config-types.js';
import { DeviceSet } from '../../src/vmm/devices/device-set.js';
import type { EmulatedDevice } from '../../src/vmm/devices/device.js';
import type { GuestValueType } from '../../src/vmm/guest-values.js';
import { DefaultHal } from '../../src/vmm/hal.js';
import { HostMemory } from '../../src/vmm/host-memory.js';
import { MappingFlags } from '../../src/vmm/mapping-flags.js';
import { PAGE_SIZE } from '../../src/vmm/page.js';
import { assertAxError } from './helpers.js';

const RW = MappingFlags.READ | MappingFlags.WRITE;

/** A plain-object device (as JavaScript embedders write them) answering reads with `answer`. */
function plainDevice(name: string, base: number, answer: unknown): EmulatedDevice {
  return {
    name, emuType: EmuType.Dummy, space: 'mmio', range: { base, length: PAGE_SIZE },
    handleRead: () => answer as number,
    handleWrite: () => undefined,
  };
}

describe('DeviceSet.register checks the device', () => {
  test('a device without handleRead, handleWrite, range or space is InvalidInput naming it and the member', () => {
    const set = new DeviceSet({ name: 'vm' });
    const complete = plainDevice('full', 0, 0);
    const without = (member: keyof EmulatedDevice): Partial<EmulatedDevice> => {
      const copy: Partial<EmulatedDevice> = { ...complete };
      delete copy[member];
      return copy;
    };
    const [noRead, noWrite, noRange] = [without('handleRead'), without('handleWrite'), without('range')];
    assertAxError(() => set.register({ ...noRead, name: 'wo' } as unknown as EmulatedDevice), 'InvalidInput', 'register(wo)', 'device wo has no handleRead function');
    assertAxError(() => set.register({ ...noWrite, name: 'ro' } as unknown as EmulatedDevice), 'InvalidInput', 'register(ro)', 'device ro has no handleWrite function');
    assertAxError(() => set.register({ ...complete, name: 'odd', handleRead: 5 } as unknown as EmulatedDevice), 'InvalidInput', 'device odd has no handleRead function');
    assertAxError(() => set.register({ ...noRange, name: 'nowhere' } as unknown as EmulatedDevice), 'InvalidInput', 'device nowhere has no range');
    assertAxError(() => set.register({ ...complete, name: 'lost', space: 'pci' } as unknown as EmulatedDevice), 'InvalidInput', 'device lost has unknown space pci');
    assertAxError(() => set.register({ ...complete, name: '' }), 'InvalidInput', 'a device needs a non-empty name');
    assert.equal(set.devices().length, 0, 'nothing was registered');
  });

  test('a device whose own fields look like a fault is still asked', () => {
    const set = new DeviceSet();
    const lookalike = Object.assign(plainDevice('lookalike', 0x1000, 0x2a), { fault: 'not really', reason: 'no-device' });
    set.register(lookalike);
    assert.equal(set.mmioRead(0x1000, 4), 0x2a);
    assert.equal(set.mmioWrite(0x1000, 4, 1), undefined);
  });

  test('an answer beyond the safe integers is a fault saying so', () => {
    const set = new DeviceSet();
    set.register(plainDevice('huge', 0, 2 ** 60));
    const result = set.mmioRead(0, 4);
    assert.ok(typeof result === 'object' && 'reason' in result);
    assert.equal(result.reason, 'device-error');
    assert.match(result.fault, /answered 1152921504606847000, not a safe integer or a bigint$/);
  });
});

describe('guest addresses and values', () => {
  const space = () => {
    const host = new HostMemory(0x10000);
    const guest = new AddressSpace(host, { name: 'g' });
    guest.mapAlloc(0, 0x4000, RW, true);
    return { host, guest };
  };

  test('translate and resolve refuse what is not a guest physical address', () => {
    const { guest } = space();
    for (const bad of [1.5, Number.NaN, -1, 2 ** 32, Number.POSITIVE_INFINITY]) {
      assertAxError(() => guest.translate(bad), 'InvalidInput', 'g: translate', `${bad} is not a guest physical address`);
      assertAxError(() => guest.resolve(bad, 'read'), 'InvalidInput', 'g: resolve', `${bad} is not a guest physical address`);
    }
    assert.deepEqual(guest.translate(0x3fff), { hpa: 0x3fff, flags: RW });
    assert.equal(guest.translate(0xffff_ffff), undefined);
  });

  test('f32 refuses finite numbers beyond its range; NaN and the infinities are stored as they are', () => {
    const { guest } = space();
    assertAxError(() => guest.writeToGuest(8, 'f32', 1e40), 'InvalidInput', 'cannot store 1e+40 as f32: it is not a finite number inside the f32 range');
    assertAxError(() => guest.writeToGuest(8, 'f32', -1e39), 'InvalidInput', 'as f32');
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 3.4028234663852886e38, 1e-50]) {
      guest.writeToGuest(8, 'f32', value);
      assert.equal(guest.readFromGuest(8, 'f32'), Math.fround(value));
    }
    guest.writeToGuest(8, 'f64', 1e300);
    assert.equal(guest.readFromGuest(8, 'f64'), 1e300);
  });

  test('an unknown value type is InvalidInput naming it', () => {
    const { guest } = space();
    assertAxError(() => guest.readFromGuest(0, 'u128' as GuestValueType), 'InvalidInput', 'readFromGuest', 'unknown value type u128');
    assertAxError(() => guest.writeToGuest(0, 'toString' as GuestValueType, 1), 'InvalidInput', 'writeToGuest', 'unknown value type toString');
  });

  test('a value of the wrong kind is named once, then why', () => {
    const { guest } = space();
    assertAxError(() => guest.writeToGuest(8, 'u64', 1 as unknown as bigint), 'InvalidInput', 'cannot store 1 as u64: it is not a bigint from 0 to 18446744073709551615');
    assertAxError(() => guest.writeToGuest(8, 'u8', 256), 'InvalidInput', 'cannot store 256 as u8: it is not a whole number from 0 to 255');
  });
});

describe('a refused access allocates nothing', () => {
  test('a store straddling a lazy page and an unmapped one allocates neither', () => {
    const host = new HostMemory(0x10000);
    const guest = new AddressSpace(host);
    guest.mapAlloc(0x1000, PAGE_SIZE, RW, false);
    const bus = guest.bus();
    const fault = bus.store(0x1ffe, 'i32', 1);
    assert.ok(fault !== undefined && 'reason' in fault);
    assert.equal(fault.reason, 'unmapped');
    assert.equal(host.usedFrames, 0);
    assert.equal(guest.mappings()[0].populatedPages, 0);
  });

  test('a store needing two lazy pages with one free frame is a no-memory fault that allocates neither', () => {
    const host = new HostMemory(0x2000);
    host.allocFrame();
    const guest = new AddressSpace(host);
    guest.mapAlloc(0x1000, 2 * PAGE_SIZE, RW, false);
    const fault = guest.bus().store(0x1ffe, 'i32', 1);
    assert.ok(fault !== undefined && 'reason' in fault);
    assert.equal(fault.reason, 'no-memory');
    assert.equal(host.usedFrames, 1);
    assert.equal(guest.mappings()[0].populatedPages, 0);
  });

  test('translatedByteBuffer checks every page before allocating any', () => {
    const host = new HostMemory(0x10000);
    const guest = new AddressSpace(host);
    guest.mapAlloc(0x1000, PAGE_SIZE, RW, false);
    assertAxError(() => guest.translatedByteBuffer(0x1ff0, 0x20), 'BadAddress', '0x2000 is not mapped');
    assert.equal(host.usedFrames, 0);
  });

  test('an access reaching beyond 4 GiB is a fault, not an exception', () => {
    const guest = new AddressSpace(new HostMemory(0x10000));
    guest.mapAlloc(0xffff_f000, PAGE_SIZE, RW, false);
    const bus = guest.bus();
    const fault = bus.load(0xffff_fffe, 'i32');
    assert.ok(typeof fault === 'object');
    assert.equal(fault.fault, 'load of 4 bytes at 0xfffffffe: read at 0xfffffffe: it reaches beyond the 4 GiB guest address space (no RAM and no device)');
    assert.equal(bus.size, 0xffff_ffff, 'msize is capped below 4 GiB');
  });
});

describe('host frame ownership', () => {
  test('the HAL cannot free frames a guest mapping allocated', () => {
    const host = new HostMemory(0x10000);
    const hal = new DefaultHal({ memory: host });
    const guest = new AddressSpace(host);
    guest.mapAlloc(0, 2 * PAGE_SIZE, RW, true);
    assertAxError(() => hal.deallocMemoryRegion(0, 2 * PAGE_SIZE), 'BadState', 'host frame 0x0 belongs to a guest mapping, not to a HAL region');
    assert.equal(host.usedFrames, 2);
    assert.notEqual(hal.allocMemoryRegion(PAGE_SIZE), 0, 'the guest frames are not handed out again');
    guest.unmap(0, 2 * PAGE_SIZE);
    assert.equal(host.usedFrames, 1);
  });

  test('an address space cannot free a HAL region, and claims say who holds a frame', () => {
    const host = new HostMemory(0x4000);
    const hpa = host.allocContiguous(1);
    assert.equal(hpa, 0);
    assertAxError(() => host.free(0, 1, 'guest'), 'BadState', 'belongs to a HAL region, not to a guest mapping');
    assertAxError(() => host.claim(0, 1, 'guest'), 'AlreadyExists', 'host frame 0x0 is already in use by a HAL region');
    host.free(0, 1);
    assert.equal(host.usedFrames, 0);
  });

  test('counts in messages are singular for one', () => {
    const host = new HostMemory(PAGE_SIZE);
    host.allocFrame();
    assertAxError(() => host.allocFrame(), 'NoMemory', 'all 1 frame in use');
    assertAxError(() => new DefaultHal({ memory: host }).allocMemoryRegion(PAGE_SIZE), 'NoMemory', 'no run of 1 free page (');
    assertAxError(() => host.free(PAGE_SIZE, 1), 'InvalidInput', '(+1 frame)');
  });
});
