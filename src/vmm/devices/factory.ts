/**
 * Builds a VM's devices from its config's `emu_devices`: the dummy device (0x0), the interrupt
 * controller (0x1), the console UART (0x2) and the block device (0xE1), in the MMIO space. The IVC
 * channel range (0xA) is not a device (the VMM maps channel memory there: see ivc-window.ts) and is
 * skipped; virtio-net and virtio-console (0xE2, 0xE3) are Unsupported.
 */
import { EmuType } from '../config-types.js';
import type { EmuDeviceConfig, VmConfig } from '../config-types.js';
import { AxError } from '../errors.js';
import type { AxErrorPlace } from '../errors.js';
import { hex } from '../page.js';
import { BlockDevice, MemoryBlockBackend } from './block.js';
import type { BlockBackend, GuestDma } from './block.js';
import type { EmulatedDevice } from './device.js';
import { DeviceSet } from './device-set.js';
import { DummyDevice } from './dummy.js';
import { InterruptController } from './intc.js';
import type { IrqInjection } from './intc.js';
import { Uart } from './uart.js';
import type { ConsoleSink } from './uart.js';

/** Sectors of a block device's in-memory disk when no backend is given and `cfg_list` names no size. */
export const DEFAULT_DISK_SECTORS = 64;

/** What devices connect to on the host and in the VM. */
export interface DeviceEnvironment {
  /** Where console UARTs write. */
  readonly console: ConsoleSink;
  /** How the interrupt controller delivers interrupts (needed for emu_type 0x1). */
  readonly inject?: IrqInjection;
  /** The block device's access to guest memory (needed for emu_type 0xE1). */
  readonly dma?: GuestDma;
  /** The block device's disk; default an in-memory disk of `cfg_list[0]` sectors (or DEFAULT_DISK_SECTORS). */
  readonly disk?: BlockBackend;
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
 * for an emu_type exvm does not emulate, or one whose environment is missing (an interrupt
 * controller without `inject`, a block device without `dma`).
 */
export function createEmulatedDevice(config: EmuDeviceConfig, environment: DeviceEnvironment, place: AxErrorPlace = { field: 'devices.emu_devices' }): EmulatedDevice {
  const placement = { name: config.name, range: { base: config.baseGpa, length: config.length } };
  const unsupported = (why: string): AxError => new AxError('Unsupported', `device ${config.name}: emu_type ${hex(config.emuType)} (${NAMES[config.emuType] ?? 'unknown device type'}) ${why}`, place);
  switch (config.emuType) {
    case EmuType.Dummy: return new DummyDevice(placement);
    case EmuType.Console: return new Uart({ ...placement, sink: environment.console });
    case EmuType.InterruptController:
      if (environment.inject === undefined) throw unsupported('needs a VM to deliver interrupts to (create it with Vm.create)');
      return new InterruptController({ ...placement, inject: environment.inject });
    case EmuType.VirtioBlk:
      if (environment.dma === undefined) throw unsupported('needs a VM\'s guest memory (create it with Vm.create)');
      return new BlockDevice({ ...placement, dma: environment.dma, backend: environment.disk ?? new MemoryBlockBackend(config.cfgList[0] ?? DEFAULT_DISK_SECTORS) });
    default:
      throw unsupported('is not emulated (exvm emulates 0x0 dummy, 0x1 interrupt controller, 0x2 console, 0xA IVC channel range and 0xE1 block device)');
  }
}

/** A device set with every emulated device of `config` registered (IVC ranges are not devices and are left out). */
export function createDeviceSet(config: VmConfig, environment: DeviceEnvironment): DeviceSet {
  const devices = new DeviceSet({ name: config.base.name });
  config.devices.emuDevices.forEach((device, index) => {
    if (device.emuType === EmuType.IvcChannel) return;
    devices.register(createEmulatedDevice(device, environment, { vm: config.base.name, field: `devices.emu_devices[${index}]` }));
  });
  return devices;
}
