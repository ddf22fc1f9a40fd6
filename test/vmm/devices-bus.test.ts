/** MMIO on the guest bus: a machine's loads and stores reach devices with the right width and bits; the example guest prints through its UART. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { assemble } from '../../src/asm/index.js';
import { Status } from '../../src/isa/status.js';
import { Machine } from '../../src/machine/machine.js';
import { AddressSpace } from '../../src/vmm/address-space.js';
import { EmuType } from '../../src/vmm/config-types.js';
import { parseVmConfig } from '../../src/vmm/config.js';
import type { AccessWidth, DeviceValue, EmulatedDevice } from '../../src/vmm/devices/device.js';
import { DeviceSet } from '../../src/vmm/devices/device-set.js';
import { DummyDevice } from '../../src/vmm/devices/dummy.js';
import { createDeviceSet } from '../../src/vmm/devices/factory.js';
import { HostMemory } from '../../src/vmm/host-memory.js';
import { MappingFlags } from '../../src/vmm/mapping-flags.js';
import { repoPath } from '../helpers/paths.js';
import { assertAxError } from './helpers.js';
import { runOnGuest } from './helpers.js';

const RW = MappingFlags.READ | MappingFlags.WRITE;
const DEVICE = 0x1000_0000;

/** A device remembering its register contents per offset, logging each access. */
class Registers implements EmulatedDevice {
  readonly emuType = EmuType.Dummy;
  readonly space = 'mmio';
  readonly range = { base: DEVICE, length: 0x1000 };
  readonly log: string[] = [];
  readonly values = new Map<number, DeviceValue>();
  failing = false;

  constructor(readonly name = 'regs') {}

  handleRead(offset: number, width: AccessWidth): DeviceValue {
    if (this.failing) throw new Error('register file corrupted');
    this.log.push(`r${width}@${offset}`);
    return this.values.get(offset) ?? 0;
  }

  handleWrite(offset: number, width: AccessWidth, value: DeviceValue): void {
    if (this.failing) throw new Error('register file corrupted');
    this.log.push(`w${width}@${offset}=${value.toString(16)}`);
    this.values.set(offset, value);
  }
}

/** 64 KiB of RAM from 0 and a device set with `device` attached. */
function space(device: EmulatedDevice): AddressSpace {
  const guest = new AddressSpace(new HostMemory(0x20000), { name: 'guest' });
  guest.mapAlloc(0, 0x10000, RW, true);
  const devices = new DeviceSet({ name: 'guest' });
  devices.register(device);
  guest.attachDevices(devices);
  return guest;
}

function run(guest: AddressSpace, source: string): Machine {
  return runOnGuest(guest, source, 100_000);
}

describe('MMIO through the guest bus', () => {
  test('stores pass the stored bits at each width; devices see offsets from their base', () => {
    const device = new Registers();
    const machine = run(space(device), [
      `push ${DEVICE}`, 'push -1', 'st8 1',
      `push ${DEVICE}`, 'push 0x12345', 'st16 2',
      `push ${DEVICE}`, 'push -2', 'st32 4',
      `push ${DEVICE}`, 'pushf 1.5', 'stf32 8',
      `push ${DEVICE}`, 'pushf -2.0', 'stf64 16',
      'push 0', 'halt',
    ].join('\n'));
    assert.equal(machine.status, Status.Halted, machine.fault?.message);
    assert.deepEqual(device.log, ['w1@1=ff', 'w2@2=2345', 'w4@4=fffffffe', 'w4@8=3fc00000', 'w8@16=c000000000000000']);
    assert.equal(typeof device.values.get(16), 'bigint', 'a 64-bit store reaches the device as a bigint');
  });

  test('loads turn the device bits into the access kind', () => {
    const device = new Registers();
    device.values.set(0, 0xfe).set(4, 0xfffe).set(8, 0xffff_ffff).set(12, 0x3fc0_0000).set(16, 0x4004_0000_0000_0000n);
    const load = (instruction: string, offset: number): number => {
      const machine = run(space(device), `push ${DEVICE}\n${instruction} ${offset}\nhalt\n`);
      assert.equal(machine.status, Status.Halted, machine.fault?.message);
      return machine.exitCode;
    };
    assert.equal(load('ld8u', 0), 0xfe);
    assert.equal(load('ld8s', 0), -2);
    assert.equal(load('ld16u', 4), 0xfffe);
    assert.equal(load('ld16s', 4), -2);
    assert.equal(load('ld32', 8), -1);
    const float = run(space(device), `push ${DEVICE}\nldf32 12\npush ${DEVICE}\nldf64 16\nfadd\npushf 10.0\nfmul\nftoi\nhalt\n`);
    assert.equal(float.exitCode, (1.5 + 2.5) * 10, 'f32 and f64 bits are reinterpreted as floats');
    assert.deepEqual(device.log.slice(-2), ['r4@12', 'r8@16']);
  });

  test('a device that throws faults the machine with a MemoryFault naming the device, and the VM goes on', () => {
    const device = new Registers('flaky');
    device.failing = true;
    const guest = space(device);
    const machine = run(guest, `push ${DEVICE + 4}\npush 1\nst32 0\npush 0\nhalt\n`);
    assert.equal(machine.status, Status.MemoryFault);
    assert.equal(machine.fault?.address, DEVICE + 4);
    assert.equal(machine.fault?.message, 'store of 4 bytes at 0x10000004: device flaky (mmio 0x10000000..0x10001000) failed: register file corrupted');
    assert.equal(guest.devices?.errors[0].device, 'flaky');
    device.failing = false;
    assert.equal(run(guest, `push ${DEVICE}\nld32 0\nhalt\n`).status, Status.Halted, 'the device works again after the fault');
  });

  test('an access with neither RAM nor a device is a MemoryFault saying so', () => {
    const machine = run(space(new Registers()), 'push 0x20000000\nld32 0\nhalt\n');
    assert.equal(machine.status, Status.MemoryFault);
    assert.match(machine.fault?.message ?? '', /load of 4 bytes at 0x20000000: read at 0x20000000: nothing is mapped there \(no RAM and no device\)/);
  });

  test('an access straddling the end of a device range faults without touching the device', () => {
    const device = new Registers();
    const machine = run(space(device), `push ${DEVICE + 0xffe}\npush 1\nst32 0\npush 0\nhalt\n`);
    assert.equal(machine.status, Status.MemoryFault);
    assert.match(machine.fault?.message ?? '', /straddles the edge of device regs/);
    assert.deepEqual(device.log, []);
  });
});

describe('devices and mappings in one address space', () => {
  test('a device over memory, memory over a device, or a second attach is refused', () => {
    const guest = space(new Registers());
    assertAxError(() => guest.mapAlloc(DEVICE, 0x2000, RW, false), 'AlreadyExists', 'guest', 'mapAlloc', 'overlaps device regs');
    assertAxError(() => guest.mapReserved(DEVICE - 0x1000, 0x2000), 'AlreadyExists', 'device regs');
    assertAxError(() => guest.devices?.register(new DummyDevice({ name: 'ram-shadow', range: { base: 0x8000, length: 0x10 } })), 'AlreadyExists', 'ram-shadow', 'overlaps the alloc mapping 0x0..0x10000');
    assertAxError(() => guest.attachDevices(new DeviceSet()), 'BadState', 'attached already');
    const other = new AddressSpace(new HostMemory(0x10000));
    other.mapAlloc(DEVICE, 0x1000, RW, false);
    const devices = new DeviceSet();
    devices.register(new Registers('late'));
    assertAxError(() => other.attachDevices(devices), 'AlreadyExists', 'attachDevices', 'device late', 'overlaps the alloc mapping');
    assert.equal(other.devices, undefined);
  });
});

describe('examples/vmm/uart.toml', () => {
  test('uart-guest.exa prints its greeting through the config\'s UART', () => {
    const config = parseVmConfig(readFileSync(repoPath('examples/vmm/uart.toml'), 'utf8'), 'uart.toml');
    const output: string[] = [];
    const devices = createDeviceSet(config, { console: { write: (bytes) => output.push(new TextDecoder().decode(bytes)) } });
    const guest = new AddressSpace(new HostMemory(0x20_0000), { name: config.base.name });
    for (const region of config.kernel.memoryRegions) guest.mapAlloc(region.gpa, region.size, region.flags, true);
    guest.attachDevices(devices);
    const program = assemble(readFileSync(repoPath('examples/vmm/uart-guest.exa'), 'utf8'), { file: 'uart-guest.exa' });
    for (const segment of program.data) guest.loadImage(segment.address, segment.bytes);
    const machine = new Machine(program, { memory: guest.bus() });
    machine.run(100_000);
    assert.equal(machine.status, Status.Halted, machine.fault?.message);
    assert.equal(machine.exitCode, 0);
    assert.deepEqual(output, ['Hello from an exvm guest!\n']);
  });
});
