/**
 * Between a machine's loads and stores and a device's bits: devices see unsigned integers of the
 * access's width, whatever the access kind. A store passes the stored bits (u8/u16 masked, i32 as
 * unsigned, f32 and f64 as their IEEE-754 bit patterns); a load turns the device's bits into the
 * kind's value (sign-extended for s8/s16/i32, reinterpreted as a float for f32/f64).
 */
import type { AccessKind } from '../../machine/memory.js';
import type { AccessWidth, DeviceValue } from './device.js';

/** Bytes touched by each access kind. */
export const KIND_WIDTH: Readonly<Record<AccessKind, AccessWidth>> = { u8: 1, s8: 1, u16: 2, s16: 2, i32: 4, f32: 4, f64: 8 };

const scratch = new DataView(new ArrayBuffer(8));

/** The bits a store of `value` as `kind` writes. */
export function storedBits(kind: AccessKind, value: number): DeviceValue {
  switch (kind) {
    case 'u8': case 's8': return value & 0xff;
    case 'u16': case 's16': return value & 0xffff;
    case 'i32': return value >>> 0;
    case 'f32':
      scratch.setFloat32(0, value, true);
      return scratch.getUint32(0, true);
    case 'f64':
      scratch.setFloat64(0, value, true);
      return scratch.getBigUint64(0, true);
  }
}

/** The value a load as `kind` gives for the device's bits (already cut to the kind's width). */
export function loadedValue(kind: AccessKind, bits: DeviceValue): number {
  switch (kind) {
    case 'u8': case 'u16': return Number(bits);
    case 's8': return (Number(bits) << 24) >> 24;
    case 's16': return (Number(bits) << 16) >> 16;
    case 'i32': return Number(bits) | 0;
    case 'f32':
      scratch.setUint32(0, Number(bits), true);
      return scratch.getFloat32(0, true);
    case 'f64':
      scratch.setBigUint64(0, BigInt(bits), true);
      return scratch.getFloat64(0, true);
  }
}
