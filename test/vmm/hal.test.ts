/** The HAL: memory regions over host memory, identity address translation, time, current ids, placements and interrupt delivery. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DefaultHal, HalContext } from '../../src/vmm/hal.js';
import type { AxVmHal } from '../../src/vmm/hal.js';
import { HostMemory } from '../../src/vmm/host-memory.js';
import { createNodeHal } from '../../src/vmm/node/hal.js';
import { PAGE_SIZE } from '../../src/vmm/page.js';
import { assertAxError } from './helpers.js';

function hal(pages = 8): DefaultHal {
  return new DefaultHal({ memory: new HostMemory(pages * PAGE_SIZE) });
}

describe('HAL memory', () => {
  test('allocates zeroed contiguous regions and frees them', () => {
    const h = hal();
    h.memory.bytes.fill(0xaa);
    const first = h.allocMemoryRegion(2 * PAGE_SIZE);
    const second = h.allocMemoryRegion(PAGE_SIZE);
    assert.notEqual(first, second);
    assert.equal(h.memory.usedFrames, 3);
    assert.ok(h.memory.bytes.subarray(first, first + 2 * PAGE_SIZE).every((byte) => byte === 0));
    h.deallocMemoryRegion(first, 2 * PAGE_SIZE);
    assert.equal(h.memory.usedFrames, 1);
    assertAxError(() => h.deallocMemoryRegion(first, PAGE_SIZE), 'BadState', 'not in use');
  });

  test('allocates at a given address (alloc_memory_region_at), zeroed; a taken address is AlreadyExists', () => {
    const h = hal();
    h.memory.bytes.fill(0x55);
    assert.equal(h.allocMemoryRegion(PAGE_SIZE, 3 * PAGE_SIZE), 3 * PAGE_SIZE);
    assert.equal(h.memory.bytes[3 * PAGE_SIZE + 17], 0);
    assertAxError(() => h.allocMemoryRegion(2 * PAGE_SIZE, 2 * PAGE_SIZE), 'AlreadyExists', '0x3000');
    assertAxError(() => h.allocMemoryRegion(PAGE_SIZE, 100), 'InvalidInput');
  });

  test('an exhausted host memory is NoMemory; sizes must be whole pages', () => {
    const h = hal(2);
    assertAxError(() => h.allocMemoryRegion(3 * PAGE_SIZE), 'NoMemory', 'hal.allocMemoryRegion', '3 free pages');
    assertAxError(() => h.allocMemoryRegion(100), 'InvalidInput', 'whole number of 4 KiB pages');
    assertAxError(() => h.deallocMemoryRegion(0, 0), 'InvalidInput');
  });

  test('virtToPhys is the identity inside host memory', () => {
    const h = hal();
    assert.equal(h.virtToPhys(0x1234), 0x1234);
    assertAxError(() => h.virtToPhys(8 * PAGE_SIZE), 'InvalidInput', 'hal.virtToPhys');
    assertAxError(() => h.virtToPhys(-1), 'InvalidInput');
  });
});

describe('HAL time', () => {
  test('the default clock is monotonic nanoseconds; a clock can be supplied', () => {
    const h = hal();
    const a = h.currentTimeNanos();
    const b = h.currentTimeNanos();
    assert.equal(typeof a, 'bigint');
    assert.ok(b >= a);
    let ticks = 0n;
    const fake = new DefaultHal({ memory: new HostMemory(PAGE_SIZE), clock: () => (ticks += 10n) });
    assert.equal(fake.currentTimeNanos(), 10n);
    assert.equal(fake.currentTimeNanos(), 20n);
  });

  test('the Node HAL uses process.hrtime (monotonic nanoseconds)', () => {
    const h: AxVmHal = createNodeHal({ memory: new HostMemory(PAGE_SIZE) });
    const before = process.hrtime.bigint();
    const now = h.currentTimeNanos();
    assert.ok(now >= before && now <= process.hrtime.bigint());
  });
});

describe('HAL ids and placements', () => {
  test('current ids come from the context while a vCPU runs, and are restored after', () => {
    const h = hal();
    assertAxError(() => h.currentVmId(), 'BadState', 'no vCPU is running');
    const seen = h.context.within({ vmId: 1, vcpuId: 2, pcpuId: 3 }, () => {
      const outer = [h.currentVmId(), h.currentVcpuId(), h.currentPcpuId()];
      const inner = h.context.within({ vmId: 4, vcpuId: 0, pcpuId: 1 }, () => h.currentVmId());
      return [...outer, inner, h.currentVmId()];
    });
    assert.deepEqual(seen, [1, 2, 3, 4, 1]);
    assert.throws(() => h.context.within({ vmId: 9, vcpuId: 9, pcpuId: 9 }, () => {
      throw new Error('vCPU crashed');
    }), /vCPU crashed/);
    assert.equal(h.context.current, undefined, 'a throw still restores the ids');
    assertAxError(() => h.currentPcpuId(), 'BadState');
  });

  test('vcpuResidesOn reports where a vCPU is bound; NotFound when it is not', () => {
    const context = new HalContext();
    const h = new DefaultHal({ memory: new HostMemory(PAGE_SIZE), context });
    context.place(1, 0, 2);
    context.place(1, 1, 3);
    assert.equal(h.vcpuResidesOn(1, 1), 3);
    context.unplace(1, 1);
    assertAxError(() => h.vcpuResidesOn(1, 1), 'NotFound', 'vCPU 1 of VM 1');
    assertAxError(() => h.vcpuResidesOn(2, 0), 'NotFound');
  });
});

describe('HAL interrupt delivery', () => {
  test('goes to the injector the VMM registered', () => {
    const h = hal();
    assertAxError(() => h.injectIrqToVcpu(1, 0, 5), 'Unsupported', 'no VMM has registered');
    const delivered: number[][] = [];
    h.context.setIrqInjector((vm, vcpu, irq) => delivered.push([vm, vcpu, irq]));
    h.injectIrqToVcpu(1, 0, 5);
    h.injectIrqToVcpu(2, 1, 31);
    assert.deepEqual(delivered, [[1, 0, 5], [2, 1, 31]]);
    h.context.setIrqInjector(undefined);
    assertAxError(() => h.injectIrqToVcpu(1, 0, 5), 'Unsupported');
  });

  test('an irq outside the machine\'s 32 vectors is InvalidInput', () => {
    const h = hal();
    h.context.setIrqInjector(() => assert.fail('must not be called'));
    for (const irq of [-1, 32, 1.5]) assertAxError(() => h.injectIrqToVcpu(1, 0, irq), 'InvalidInput', `irq ${irq}`);
  });
});
