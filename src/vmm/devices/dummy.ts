/** The dummy device (emu_type 0x0): claims its range, reads as 0, ignores writes. */
import { EmuType } from '../config-types.js';
import type { DeviceRange, DeviceSpace, EmulatedDevice } from './device.js';

/** Where a simple device is placed. */
export interface DevicePlacement {
  readonly name: string;
  readonly range: DeviceRange;
  /** Default `mmio`. */
  readonly space?: DeviceSpace;
}

/** A device that does nothing: every read is 0, every write is ignored. */
export class DummyDevice implements EmulatedDevice {
  readonly emuType = EmuType.Dummy;
  readonly name: string;
  readonly range: DeviceRange;
  readonly space: DeviceSpace;

  /** Creates the device at `placement`. */
  constructor(placement: DevicePlacement) {
    this.name = placement.name;
    this.range = { base: placement.range.base, length: placement.range.length };
    this.space = placement.space ?? 'mmio';
  }

  /** Always 0. */
  handleRead(): number {
    return 0;
  }

  /** Ignored. */
  handleWrite(): void {}
}
