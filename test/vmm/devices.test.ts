/** The device set's rules (ranges, spaces, widths, faults, state) and the built-in devices. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EmuType } from '../../src/vmm/config-types.js';
import type { EmuDeviceConfig } from '../../src/vmm/config-types.js';
import { parseVmConfig } from '../../src/vmm/config.js';
import type { AccessWidth, DeviceFault, DeviceSpace, DeviceValue, EmulatedDevice } from '../../src/vmm/devices/device.js';
import { DeviceSet, MAX_DEVICE_ERRORS } from '../../src/vmm/devices/device-set.js';
import { DummyDevice } from '../../src/vmm/devices/dummy.js';
import { createDeviceSet, createEmulatedDevice } from '../../src/vmm/devices/factory.js';
import { UART_DATA, UART_LINE_LIMIT, UART_RX_READY, UART_STATUS, UART_TX_READY, Uart } from '../../src/vmm/devices/uart.js';
import { BASE_CONFIG, assertAxError, withLine } from './helpers.js';

/** A device that records every access and answers reads with `answer`. */
class Recorder implements EmulatedDevice {
  readonly emuType = EmuType.Dummy;
  readonly range: { base: number; length: number };
  readonly log: string[] = [];
  answer: unknown = 0;

  constructor(readonly name: string, base: number, length: number, readonly space: DeviceSpace = 'mmio') {
    this.range = { base, length };
  }

  handleRead(offset: number, width: AccessWidth): DeviceValue {
    this.log.push(`read ${offset} ${width}`);
    return this.answer as DeviceValue;
  }

  handleWrite(offset: number, width: AccessWidth, value: DeviceValue): void {
    this.log.push(`write ${offset} ${width} ${typeof value} ${value.toString(16)}`);
  }
}

/** A device whose every access throws. */
class Broken extends Recorder {
  override handleRead(): never {
    throw new Error('the device is on fire');
  }

  override handleWrite(): never {
    throw new Error('the device is on fire');
  }
}

/** A collecting console sink. */
function collector(): { write(bytes: Uint8Array): void; text(): string; writes: number } {
  const chunks: Uint8Array[] = [];
  return {
    write(bytes) {
      chunks.push(bytes.slice());
    },
    text: () => chunks.map((chunk) => new TextDecoder().decode(chunk)).join(''),
    get writes() {
      return chunks.length;
    },
  };
}

function isFault(value: unknown): value is DeviceFault {
  return typeof value === 'object' && value !== null && 'fault' in value;
}

describe('DeviceSet registration', () => {
  test('finds devices by address in each space with a binary search over sorted ranges', () => {
    const set = new DeviceSet({ name: 'vm' });
    const devices = [0x5000, 0x1000, 0x3000, 0x9000].map((base, i) => new Recorder(`d${i}`, base, 0x1000));
    for (const device of devices) set.register(device);
    assert.deepEqual(set.devices('mmio').map((d) => d.range.base), [0x1000, 0x3000, 0x5000, 0x9000]);
    assert.equal(set.find('mmio', 0x3fff)?.name, 'd2');
    assert.equal(set.find('mmio', 0x5000)?.name, 'd0');
    assert.equal(set.find('mmio', 0x4000), undefined);
    assert.equal(set.find('mmio', 0xa000), undefined);
    assert.equal(set.find('mmio', 0), undefined);
    assert.equal(set.find('port', 0x1000), undefined, 'spaces are separate');
    assert.equal(set.overlapping('mmio', 0x2fff, 2)?.name, 'd2');
  });

  test('an overlapping range in the same space is AlreadyExists naming the other device', () => {
    const set = new DeviceSet({ name: 'vm' });
    set.register(new Recorder('uart', 0x1000, 0x1000));
    assertAxError(() => set.register(new Recorder('late', 0x1800, 0x1000)), 'AlreadyExists', 'vm', 'late', 'overlaps device uart', '0x1000..0x2000');
    assertAxError(() => set.register(new Recorder('inside', 0x1ffc, 4)), 'AlreadyExists', 'uart');
    set.register(new Recorder('port-twin', 0x1000, 0x1000, 'port'));
    set.register(new Recorder('next', 0x2000, 0x1000));
    assert.equal(set.devices().length, 3);
  });

  test('a duplicate name is AlreadyExists; bad ranges and names are InvalidInput', () => {
    const set = new DeviceSet();
    set.register(new Recorder('a', 0, 4));
    assertAxError(() => set.register(new Recorder('a', 8, 4)), 'AlreadyExists', 'named a');
    assertAxError(() => set.register(new Recorder('', 8, 4)), 'InvalidInput', 'name');
    assertAxError(() => set.register(new Recorder('zero', 8, 0)), 'InvalidInput', 'length');
    assertAxError(() => set.register(new Recorder('frac', 8.5, 4)), 'InvalidInput', 'whole numbers');
    assertAxError(() => set.register(new Recorder('big-port', 0xfffe, 4, 'port')), 'InvalidInput', '0x0..0x10000');
    assertAxError(() => set.register(new Recorder('beyond', 0xffff_f000, 0x2000)), 'InvalidInput');
    assertAxError(() => set.register(new Recorder('odd', 0, 4, 'dma' as DeviceSpace)), 'InvalidInput', 'dma');
  });
});

describe('DeviceSet accesses', () => {
  test('devices see offsets from their base and every width; values are cut to the width', () => {
    const set = new DeviceSet();
    const device = new Recorder('r', 0x1000, 0x100);
    set.register(device);
    device.answer = 0x1_2345_6789;
    assert.equal(set.mmioRead(0x1010, 1), 0x89);
    assert.equal(set.mmioRead(0x1010, 2), 0x6789);
    assert.equal(set.mmioRead(0x1010, 4), 0x2345_6789);
    assert.equal(set.mmioRead(0x1010, 8), 0x1_2345_6789n);
    device.answer = -1;
    assert.equal(set.mmioRead(0x1000, 4), 0xffff_ffff, 'a negative answer is its two\'s complement');
    assert.equal(set.mmioRead(0x1000, 8), 0xffff_ffff_ffff_ffffn);
    device.answer = 0x1_0000_0000_0000_00ffn;
    assert.equal(set.mmioRead(0x1000, 2), 0xff, 'a bigint answer is cut too');
    assert.equal(set.mmioWrite(0x10f8, 8, 0xdead_beef_0000_0001n), undefined);
    assert.equal(set.mmioWrite(0x1004, 8, 7), undefined, 'a number is accepted for width 8 and passed as a bigint');
    assert.equal(set.mmioWrite(0x1002, 2, 0xffff), undefined);
    assert.deepEqual(device.log.slice(-3), ['write 248 8 bigint deadbeef00000001', 'write 4 8 bigint 7', 'write 2 2 number ffff']);
    assert.deepEqual(device.log.slice(0, 4), ['read 16 1', 'read 16 2', 'read 16 4', 'read 16 8']);
  });

  test('a write value that does not fit the width, or a bad width, is InvalidInput (a VMM bug)', () => {
    const set = new DeviceSet();
    set.register(new Recorder('r', 0, 16));
    assertAxError(() => set.mmioWrite(0, 1, 0x100), 'InvalidInput', 'unsigned 8-bit');
    assertAxError(() => set.mmioWrite(0, 4, -1), 'InvalidInput', 'unsigned 32-bit');
    assertAxError(() => set.mmioWrite(0, 2, 1n), 'InvalidInput');
    assertAxError(() => set.mmioWrite(0, 8, 1n << 64n), 'InvalidInput', '64-bit');
    assertAxError(() => set.mmioRead(0, 3 as AccessWidth), 'InvalidInput', 'width 3');
  });

  test('no device, or an access straddling a device edge, is a fault naming the place', () => {
    const set = new DeviceSet();
    set.register(new Recorder('r', 0x100, 0x10));
    const missing = set.mmioRead(0x200, 4);
    assert.ok(isFault(missing));
    assert.equal(missing.reason, 'no-device');
    assert.equal(missing.fault, 'load of 4 bytes at 0x200: no mmio device claims it');
    const straddle = set.mmioWrite(0x10e, 4, 1);
    assert.ok(isFault(straddle));
    assert.deepEqual({ reason: straddle.reason, device: straddle.device }, { reason: 'straddle', device: 'r' });
    assert.match(straddle.fault, /store of 4 bytes at 0x10e: it straddles the edge of device r at 0x100\.\.0x110/);
    const before = set.mmioRead(0xfe, 4);
    assert.ok(isFault(before) && before.reason === 'straddle');
    const negative = set.portRead(-1, 1);
    assert.ok(isFault(negative) && negative.reason === 'no-device');
  });

  test('a device that throws becomes a fault naming the device, and the error is recorded', () => {
    const set = new DeviceSet({ name: 'vm' });
    set.register(new Broken('hot', 0x100, 0x10));
    const read = set.mmioRead(0x104, 4);
    assert.ok(isFault(read));
    assert.equal(read.reason, 'device-error');
    assert.equal(read.device, 'hot');
    assert.equal(read.fault, 'load of 4 bytes at 0x104: device hot (mmio 0x100..0x110) failed: the device is on fire');
    const write = set.mmioWrite(0x108, 1, 1);
    assert.ok(isFault(write) && write.access === 'write');
    assert.equal(set.errors.length, 2);
    assert.deepEqual({ ...set.errors[1], error: (set.errors[1].error as Error).message }, {
      device: 'hot', space: 'mmio', address: 0x108, width: 1, access: 'write', error: 'the device is on fire',
      message: 'device hot (mmio 0x100..0x110) failed: the device is on fire',
    });
    for (let i = 0; i < MAX_DEVICE_ERRORS + 5; i++) set.mmioRead(0x100, 1);
    assert.equal(set.errors.length, MAX_DEVICE_ERRORS, 'the record is bounded');
  });

  test('a device answering a non-integer is a fault too', () => {
    const set = new DeviceSet();
    const device = new Recorder('liar', 0, 8);
    set.register(device);
    for (const answer of [1.5, Number.NaN, 'x', undefined, {}]) {
      device.answer = answer;
      const result = set.mmioRead(0, 4);
      assert.ok(isFault(result) && result.reason === 'device-error', String(answer));
      assert.match(result.fault, /failed: answered .*, not a safe integer/);
    }
  });

  test('port and system-register spaces have their own API and fault text', () => {
    const set = new DeviceSet();
    const port = new Recorder('com1', 0x3f8, 8, 'port');
    const sysreg = new Recorder('cntfrq', 0xc000, 1, 'sysreg');
    set.register(port);
    set.register(sysreg);
    port.answer = 0x41;
    assert.equal(set.portRead(0x3f8, 1), 0x41);
    assert.equal(set.portWrite(0x3f9, 2, 0x1234), undefined);
    sysreg.answer = 62_500_000;
    assert.equal(set.sysregRead(0xc000, 1), 62_500_000 & 0xff);
    assert.equal(set.sysregWrite(0xc000, 1, 1), undefined);
    assert.deepEqual(port.log, ['read 0 1', 'write 1 2 number 1234']);
    assert.deepEqual(sysreg.log, ['read 0 1', 'write 0 1 number 1']);
    const missing = set.portWrite(0x60, 1, 0);
    assert.ok(isFault(missing));
    assert.equal(missing.fault, 'port write of 1 byte at 0x60: no port device claims it');
    assert.equal((set.sysregRead(0x1, 8) as DeviceFault).fault, 'sysreg read of 8 bytes at 0x1: no sysreg device claims it');
    assert.ok(isFault(set.mmioRead(0x3f8, 1)), 'a port is not an MMIO address');
  });

  test('reset, getState and setState reach every device', () => {
    const sink = collector();
    const set = new DeviceSet({ name: 'vm' });
    const uart = new Uart({ name: 'uart0', range: { base: 0x1000, length: 0x1000 }, sink });
    set.register(uart);
    set.register(new DummyDevice({ name: 'nothing', range: { base: 0x3000, length: 0x1000 } }));
    uart.pushInput([0x61, 0x62]);
    set.mmioWrite(0x1000, 1, 0x78);
    const state = set.getState();
    assert.deepEqual(state, { uart0: { input: [0x61, 0x62], output: [0x78] } });
    set.reset();
    assert.equal(sink.text(), 'x', 'reset flushes what the guest wrote');
    assert.equal(set.mmioRead(0x1000 + UART_STATUS, 4), UART_TX_READY, 'and drops pending input');
    set.setState(state);
    assert.equal(set.mmioRead(0x1000, 1), 0x61);
    assertAxError(() => set.setState({ ghost: {} }), 'NotFound', 'ghost');
    assertAxError(() => set.setState({ nothing: {} }), 'InvalidInput', 'nothing keeps no state');
    assertAxError(() => set.setState({ uart0: { input: [300], output: [] } }), 'InvalidData', 'uart0');
  });

  test('a device whose reset throws is BadState naming it, after resetting the others', () => {
    const sink = collector();
    const set = new DeviceSet({ name: 'vm' });
    const uart = new Uart({ name: 'uart0', range: { base: 0x1000, length: 0x1000 }, sink });
    const stuck: EmulatedDevice = {
      ...new DummyDevice({ name: 'stuck', range: { base: 0, length: 4 } }),
      handleRead: () => 0,
      handleWrite: () => undefined,
      reset: () => {
        throw new Error('jammed');
      },
    };
    set.register(stuck);
    set.register(uart);
    set.mmioWrite(0x1000, 1, 0x79);
    assertAxError(() => set.reset(), 'BadState', 'stuck: jammed');
    assert.equal(sink.text(), 'y');
  });
});

describe('built-in devices', () => {
  test('the dummy device reads 0 at every width and ignores writes', () => {
    const set = new DeviceSet();
    set.register(new DummyDevice({ name: 'd', range: { base: 0x2000, length: 0x1000 }, space: 'port' }));
    assert.equal(set.portWrite(0x2000, 4, 0xffff_ffff), undefined);
    for (const width of [1, 2, 4] as const) assert.equal(set.portRead(0x2000, width), 0);
    assert.equal(set.portRead(0x2008, 8), 0n);
  });

  test('UART: DATA transmits bytes, buffered per line, and flush passes the rest', () => {
    const sink = collector();
    const uart = new Uart({ name: 'u', range: { base: 0, length: 0x1000 }, sink });
    for (const byte of new TextEncoder().encode('hi\nthere')) uart.handleWrite(UART_DATA, 1, byte);
    assert.equal(sink.text(), 'hi\n');
    assert.equal(sink.writes, 1);
    uart.handleWrite(UART_DATA, 4, 0x1234_5621);
    uart.handleWrite(UART_DATA, 8, 0xffff_ff0an);
    assert.equal(sink.text(), 'hi\nthere!\n', 'a write uses the low byte, whatever the width');
    uart.handleWrite(UART_STATUS, 1, 0x41);
    uart.handleWrite(0x8, 1, 0x41);
    uart.flush();
    assert.equal(sink.text(), 'hi\nthere!\n', 'writes to other registers are ignored');
  });

  test('UART: a line without a newline is passed on at the line limit', () => {
    const sink = collector();
    const uart = new Uart({ name: 'u', range: { base: 0, length: 0x1000 }, sink });
    for (let i = 0; i < UART_LINE_LIMIT + 3; i++) uart.handleWrite(UART_DATA, 1, 0x2e);
    assert.equal(sink.writes, 1);
    assert.equal(sink.text().length, UART_LINE_LIMIT);
    uart.flush();
    assert.equal(sink.text().length, UART_LINE_LIMIT + 3);
  });

  test('UART: STATUS reports input ready and transmit ready; DATA reads input bytes, then 0', () => {
    const uart = new Uart({ name: 'u', range: { base: 0, length: 0x1000 }, sink: collector() });
    assert.equal(uart.handleRead(UART_STATUS), UART_TX_READY);
    assert.equal(uart.handleRead(UART_DATA), 0);
    uart.pushInput(new TextEncoder().encode('ok'));
    assert.equal(uart.handleRead(UART_STATUS), UART_TX_READY | UART_RX_READY);
    assert.equal(uart.handleRead(UART_DATA), 0x6f);
    assert.equal(uart.handleRead(UART_DATA), 0x6b);
    assert.equal(uart.handleRead(UART_STATUS), UART_TX_READY);
    assert.equal(uart.handleRead(UART_DATA), 0);
    assert.equal(uart.handleRead(0x8), 0, 'other offsets read 0');
  });
});

describe('devices from a VM config', () => {
  const uartEntry = (emuType: number, name = 'dev0'): EmuDeviceConfig => ({ name, baseGpa: 0x1000_0000, length: 0x1000, irqId: 1, emuType: emuType as EmuType, cfgList: [] });

  test('console and dummy entries become a UART and a dummy device in the MMIO space', () => {
    const config = parseVmConfig(withLine('emu_devices', 'emu_devices = [["uart0", 0x1000_0000, 0x1000, 1, 0x2, []], ["nul", 0x1000_1000, 0x1000, 2, 0x0, []]]'), 'vm.toml');
    const sink = collector();
    const set = createDeviceSet(config, { console: sink });
    assert.deepEqual(set.devices().map((d) => [d.name, d.emuType, d.space, d.range.base]), [['uart0', 2, 'mmio', 0x1000_0000], ['nul', 0, 'mmio', 0x1000_1000]]);
    assert.ok(set.byName('uart0') instanceof Uart);
    assert.equal(set.mmioWrite(0x1000_0000, 1, 0x0a), undefined);
    assert.equal(sink.text(), '\n');
  });

  test('an emu_type exvm does not emulate is Unsupported naming the device; so is one whose VM environment is missing', () => {
    for (const [emuType, kind] of [[EmuType.VirtioNet, 'virtio-net'], [EmuType.VirtioConsole, 'virtio-console'], [0x77, 'unknown device type']] as const) {
      assertAxError(() => createEmulatedDevice(uartEntry(emuType, 'gicd'), { console: collector() }), 'Unsupported', 'device gicd', `(${kind})`, 'is not emulated');
    }
    assertAxError(() => createEmulatedDevice(uartEntry(EmuType.InterruptController, 'intc'), { console: collector() }), 'Unsupported', 'device intc', 'needs a VM');
    assertAxError(() => createEmulatedDevice(uartEntry(EmuType.VirtioBlk, 'disk'), { console: collector() }), 'Unsupported', 'device disk', 'guest memory');
  });

  test('an IVC channel range is not a device', () => {
    const config = parseVmConfig(withLine('emu_devices', 'emu_devices = [["uart0", 0x1000_0000, 0x1000, 1, 0x2, []], ["ivc", 0x2000_0000, 0x1000, 2, 0xA, []]]'), 'vm.toml');
    assert.deepEqual(createDeviceSet(config, { console: collector() }).devices().map((d) => d.name), ['uart0']);
  });

  test('the base config builds', () => {
    const set = createDeviceSet(parseVmConfig(BASE_CONFIG, 'vm.toml'), { console: collector() });
    assert.equal(set.devices('mmio').length, 1);
  });
});
