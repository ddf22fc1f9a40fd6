/**
 * Builds a VM's devices from its config's `emu_devices`. exvm emulates the dummy device (0x0) and
 * the console UART (0x2) so far; the interrupt controller (0x1), the timer, the IVC channel range
 * (0xA) and the virtio devices (0xE1–0xE3) come later and are Unsupported until then.
 */
import { EmuType } from '../config-types.js';
import type { EmuDeviceConfig, VmConfig } from '../config-types.js';
import { AxError } from '../errors.js';
import type { AxErrorPlace } from '../errors.js';
import { hex } from '../page.js';
import type { EmulatedDevice } from './device.js';
import { DeviceSet } from './device-set.js';
import { DummyDevice } from './dummy.js';
import { Uart } from './uart.js';
import type { ConsoleSink } from './uart.js';

/** What devices connect to on the host. */
export interface DeviceEnvironment {
  /** Where console UARTs write. */
  readonly console: ConsoleSink;
}

const NAMES: Readonly<Record<number, string>> = {
  [EmuType.Dummy]: 'dummy',
  [EmuType.InterruptController]: 'interrupt controller',
  [EmuType.Console]: 'console',
  [EmuType.IvcChannel]: 'IVC channel',
  [EmuType.VirtioBlk]: 'virtio-blk',
  [EmuType.VirtioNet]: 'virtio-net',
  [EmuType.VirtioConsole]: 'virtio-console',
};

/**
 * The device an `emu_devices` entry describes (in the MMIO space). Unsupported naming the device
 * for an emu_type exvm does not emulate yet.
 */
export function createEmulatedDevice(config: EmuDeviceConfig, environment: DeviceEnvironment, place: AxErrorPlace = { field: 'devices.emu_devices' }): EmulatedDevice {
  const placement = { name: config.name, range: { base: config.baseGpa, length: config.length } };
  switch (config.emuType) {
    case EmuType.Dummy: return new DummyDevice(placement);
    case EmuType.Console: return new Uart({ ...placement, sink: environment.console });
    default: {
      const kind = NAMES[config.emuType] ?? 'unknown device type';
      throw new AxError(
        'Unsupported',
        `device ${config.name}: emu_type ${hex(config.emuType)} (${kind}) is not emulated yet (exvm emulates 0x0 dummy and 0x2 console; the interrupt controller, timer, IVC channel and virtio devices come later)`,
        place,
      );
    }
  }
}

/** A device set with every emulated device of `config` registered. */
export function createDeviceSet(config: VmConfig, environment: DeviceEnvironment): DeviceSet {
  const devices = new DeviceSet({ name: config.base.name });
  config.devices.emuDevices.forEach((device, index) => {
    devices.register(createEmulatedDevice(device, environment, { vm: config.base.name, field: `devices.emu_devices[${index}]` }));
  });
  return devices;
}
