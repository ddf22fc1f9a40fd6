/**
 * The emulated device model (axdevice_base's `BaseDeviceOps`): a device claims a range of one of
 * three address spaces and answers reads and writes of 1, 2, 4 or 8 bytes. Addresses a device sees
 * are offsets from the start of its range, so the same device works wherever it is placed.
 */
import type { EmuType } from '../config-types.js';
import type { Access } from '../mapping-flags.js';
import type { BusFault } from '../../machine/memory.js';

/** The bytes of one device access. */
export type AccessWidth = 1 | 2 | 4 | 8;

/** Every access width, smallest first. */
export const ACCESS_WIDTHS: readonly AccessWidth[] = [1, 2, 4, 8];

/**
 * Where a device lives: guest physical memory (`mmio`), the port I/O space (`port`, 16-bit port
 * numbers) or the system-register space (`sysreg`, 32-bit register numbers).
 */
export type DeviceSpace = 'mmio' | 'port' | 'sysreg';

/** The first address beyond each space. */
export const DEVICE_SPACE_LIMITS: Readonly<Record<DeviceSpace, number>> = {
  mmio: 0x1_0000_0000,
  port: 0x1_0000,
  sysreg: 0x1_0000_0000,
};

/** A half-open range [base, base + length) of a device space. */
export interface DeviceRange {
  readonly base: number;
  readonly length: number;
}

/**
 * The bits of a device access, unsigned: a number for widths 1, 2 and 4, a bigint for width 8 (64
 * bits do not fit a number). A device may answer a read with either, and negative values stand for
 * their two's complement; the device set cuts the answer to the access's width.
 */
export type DeviceValue = number | bigint;

/** An emulated device. */
export interface EmulatedDevice {
  /** Unique within a VM's device set; named in faults and errors. */
  readonly name: string;
  /** The config's `emu_type`. */
  readonly emuType: EmuType;
  /** The space its range is in. */
  readonly space: DeviceSpace;
  /** The addresses it claims. */
  readonly range: DeviceRange;
  /** Reads `width` bytes at `offset` (from the range's base). May throw: the access then faults. */
  handleRead(offset: number, width: AccessWidth): DeviceValue;
  /** Writes `value` (a number for widths 1–4, a bigint for 8) at `offset`. May throw: the access then faults. */
  handleWrite(offset: number, width: AccessWidth, value: DeviceValue): void;
  /** Returns to the power-on state. */
  reset?(): void;
  /** The device's state as plain data (for snapshots). */
  getState?(): unknown;
  /** Restores a state from `getState`; throws on a state it cannot take. */
  setState?(state: unknown): void;
}

/** Why a device access failed. */
export type DeviceFaultReason = 'no-device' | 'straddle' | 'device-error';

/** A failed device access: a status for the caller (the machine or the VMM), never an exception. */
export interface DeviceFault extends BusFault {
  readonly space: DeviceSpace;
  /** The first address of the access. */
  readonly address: number;
  readonly width: AccessWidth;
  readonly access: Access;
  readonly reason: DeviceFaultReason;
  /** The device involved, if any. */
  readonly device?: string;
}

/** The low 32 bits of a device value, as an unsigned number. */
export function lowWord(value: DeviceValue): number {
  return typeof value === 'bigint' ? Number(BigInt.asUintN(32, value)) : value >>> 0;
}
