/** The typed values the VMM reads from and writes to guest memory: width, range and little-endian codec. */

/** A typed guest value: unsigned or signed integers of 8 to 64 bits, or an IEEE float. */
export type GuestValueType = 'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32' | 'u64' | 'i64' | 'f32' | 'f64';

/** The JavaScript value of a guest value type: 64-bit integers are bigints, the rest numbers. */
export type GuestValue<T extends GuestValueType> = T extends 'u64' | 'i64' ? bigint : number;

/** How one type is stored. */
export interface ValueCodec {
  readonly width: 1 | 2 | 4 | 8;
  /** Why `value` cannot be stored as this type (`not a …`), or undefined when it can. */
  problem(value: number | bigint): string | undefined;
  read(view: DataView, offset: number): number | bigint;
  write(view: DataView, offset: number, value: number | bigint): void;
}

function integer(width: 1 | 2 | 4, signed: boolean, read: (v: DataView, o: number) => number, write: (v: DataView, o: number, x: number) => void): ValueCodec {
  const bits = width * 8;
  const min = signed ? -(2 ** (bits - 1)) : 0;
  const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  return {
    width,
    problem: (value) => (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? undefined : `not a whole number from ${min} to ${max}`),
    read,
    write: (view, offset, value) => write(view, offset, value as number),
  };
}

function big(signed: boolean): ValueCodec {
  const min = signed ? -(2n ** 63n) : 0n;
  const max = signed ? 2n ** 63n - 1n : 2n ** 64n - 1n;
  return {
    width: 8,
    problem: (value) => (typeof value === 'bigint' && value >= min && value <= max ? undefined : `not a bigint from ${min} to ${max}`),
    read: (view, offset) => (signed ? view.getBigInt64(offset, true) : view.getBigUint64(offset, true)),
    write: (view, offset, value) => (signed ? view.setBigInt64(offset, value as bigint, true) : view.setBigUint64(offset, value as bigint, true)),
  };
}

/**
 * NaN and the infinities are floats like any other and are stored as they are; a finite number
 * that would round to an infinity in an f32 is refused rather than silently turned into one.
 */
function float(width: 4 | 8): ValueCodec {
  return {
    width,
    problem: (value) => {
      if (typeof value !== 'number') return 'not a number';
      return width === 4 && Number.isFinite(value) && !Number.isFinite(Math.fround(value)) ? 'not a finite number inside the f32 range' : undefined;
    },
    read: (view, offset) => (width === 4 ? view.getFloat32(offset, true) : view.getFloat64(offset, true)),
    write: (view, offset, value) => (width === 4 ? view.setFloat32(offset, value as number, true) : view.setFloat64(offset, value as number, true)),
  };
}

/** The codec of every guest value type. */
export const GUEST_VALUE_CODECS: Readonly<Record<GuestValueType, ValueCodec>> = {
  u8: integer(1, false, (v, o) => v.getUint8(o), (v, o, x) => v.setUint8(o, x)),
  i8: integer(1, true, (v, o) => v.getInt8(o), (v, o, x) => v.setInt8(o, x)),
  u16: integer(2, false, (v, o) => v.getUint16(o, true), (v, o, x) => v.setUint16(o, x, true)),
  i16: integer(2, true, (v, o) => v.getInt16(o, true), (v, o, x) => v.setInt16(o, x, true)),
  u32: integer(4, false, (v, o) => v.getUint32(o, true), (v, o, x) => v.setUint32(o, x, true)),
  i32: integer(4, true, (v, o) => v.getInt32(o, true), (v, o, x) => v.setInt32(o, x, true)),
  u64: big(false),
  i64: big(true),
  f32: float(4),
  f64: float(8),
};
