/**
 * The machine's view of memory: a flat byte window starting at address 0 that loads and stores hit
 * directly (the fast path), and a bus that handles every access outside it (the slow path). Plain
 * programs use `FlatMemory`, whose bus faults; the hypervisor supplies an address space whose bus
 * traps to devices, allocates pages lazily, or faults.
 */
import { MAX_FLAT_MEMORY } from '../isa/limits.js';

/** How a loaded or stored value is read: width and signedness, or a float format. */
export type AccessKind = 'u8' | 's8' | 'u16' | 's16' | 'i32' | 'f32' | 'f64';

/** Bytes touched by each access kind. */
const ACCESS_WIDTH: Readonly<Record<AccessKind, 1 | 2 | 4 | 8>> = {
  u8: 1,
  s8: 1,
  u16: 2,
  s16: 2,
  i32: 4,
  f32: 4,
  f64: 8,
};

/** Why the bus refused an access. */
export interface BusFault {
  readonly fault: string;
}

/** Memory as the machine sees it. */
export interface MemoryBus {
  /** The flat window: guest addresses [0, flat.length) map straight to these bytes. */
  readonly flat: Uint8Array;
  /** The size reported by `msize` (may exceed the flat window). */
  readonly size: number;
  /** Loads from an address outside the flat window (or straddling its end). */
  load(address: number, kind: AccessKind): number | BusFault;
  /** Stores to an address outside the flat window; returns a fault or undefined. */
  store(address: number, kind: AccessKind, value: number): BusFault | undefined;
}


/** Plain linear memory of a fixed size; every access beyond it is a fault. */
export class FlatMemory implements MemoryBus {
  /** The bytes of memory. */
  readonly flat: Uint8Array;

  /** Creates `size` bytes of zeroed memory, in a SharedArrayBuffer when `shared` is set. */
  constructor(size: number, shared = false) {
    if (!Number.isInteger(size) || size < 0 || size > MAX_FLAT_MEMORY) {
      throw new RangeError(`memory size ${size} must be a whole number of bytes from 0 to ${MAX_FLAT_MEMORY}`);
    }
    this.flat = new Uint8Array(shared ? new SharedArrayBuffer(size) : new ArrayBuffer(size));
  }

  /** Bytes of memory. */
  get size(): number {
    return this.flat.length;
  }

  /** Always a fault: there is nothing beyond the flat window. */
  load(address: number, kind: AccessKind): BusFault {
    return outside(this.flat.length, address, ACCESS_WIDTH[kind], 'load');
  }

  /** Always a fault: there is nothing beyond the flat window. */
  store(address: number, kind: AccessKind): BusFault {
    return outside(this.flat.length, address, ACCESS_WIDTH[kind], 'store');
  }
}

function outside(size: number, address: number, width: number, what: string): BusFault {
  return { fault: `${what} of ${width} byte${width === 1 ? '' : 's'} at 0x${address.toString(16)} is outside memory (${size} bytes)` };
}
