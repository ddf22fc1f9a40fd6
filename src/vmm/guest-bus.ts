/**
 * The machine's memory bus over a guest address space: the flat RAM window goes straight to host
 * memory; a load or store touching an MMIO device range goes to the device set (synchronously, with
 * the access's width and bits: see devices/access-bits.ts); every other load and store is checked
 * against the mappings here. Accesses may be
 * unaligned and may straddle pages (the machine's flat window allows both); a straddling store
 * checks every page before writing any byte, so a fault never leaves a partial write.
 */
import type { AccessKind, BusFault, MemoryBus } from '../machine/memory.js';
import type { AccessFaultReason, AddressSpace } from './address-space.js';
import { KIND_WIDTH, loadedValue, storedBits } from './devices/access-bits.js';
import type { DeviceFault } from './devices/device.js';
import type { Access } from './mapping-flags.js';
import { PAGE_SIZE, hex } from './page.js';
import { counted } from '../messages.js';

/** A refused guest access, with the details a VMM needs to turn it into a vCPU exit. */
export interface GuestBusFault extends BusFault {
  /** The first byte of the access. */
  readonly address: number;
  /** Bytes accessed. */
  readonly width: number;
  /** A load or a store. */
  readonly access: Access;
  /** Why it was refused. */
  readonly reason: AccessFaultReason;
}

/** A memory bus for `Machine` whose memory is a guest address space. */
export class GuestMemoryBus implements MemoryBus {
  /** Bytes of the current access, gathered from (or to be scattered to) its pages. */
  readonly #scratch = new Uint8Array(8);
  readonly #view = new DataView(this.#scratch.buffer);
  /** Host addresses of the current access's (at most two) parts. */
  readonly #parts: number[] = [];

  /** Made by `AddressSpace.bus()`. */
  constructor(
    private readonly space: AddressSpace,
    /** Guest [0, flat.length): host memory the machine reads and writes directly. */
    readonly flat: Uint8Array,
    /** What `msize` reports: the top of guest RAM. */
    readonly size: number,
  ) {}

  /** Loads from a device or through the mappings. */
  load(address: number, kind: AccessKind): number | GuestBusFault | DeviceFault {
    const width = KIND_WIDTH[kind];
    const devices = this.space.devices;
    if (devices?.overlapping('mmio', address, width) !== undefined) {
      const bits = devices.read('mmio', address, width);
      return typeof bits === 'object' ? bits : loadedValue(kind, bits);
    }
    const fault = this.#locate(address, width, 'read');
    if (fault !== undefined) return fault;
    this.#transfer(address, width, 'read');
    const view = this.#view;
    switch (kind) {
      case 'u8': return view.getUint8(0);
      case 's8': return view.getInt8(0);
      case 'u16': return view.getUint16(0, true);
      case 's16': return view.getInt16(0, true);
      case 'i32': return view.getInt32(0, true);
      case 'f32': return view.getFloat32(0, true);
      case 'f64': return view.getFloat64(0, true);
    }
  }

  /** Stores to a device or through the mappings; nothing is written unless every byte may be. */
  store(address: number, kind: AccessKind, value: number): GuestBusFault | DeviceFault | undefined {
    const width = KIND_WIDTH[kind];
    const devices = this.space.devices;
    if (devices?.overlapping('mmio', address, width) !== undefined) return devices.write('mmio', address, width, storedBits(kind, value));
    const fault = this.#locate(address, width, 'write');
    if (fault !== undefined) return fault;
    const view = this.#view;
    switch (kind) {
      case 'u8': case 's8': view.setUint8(0, value & 0xff); break;
      case 'u16': case 's16': view.setUint16(0, value & 0xffff, true); break;
      case 'i32': view.setInt32(0, value | 0, true); break;
      case 'f32': view.setFloat32(0, value, true); break;
      case 'f64': view.setFloat64(0, value, true); break;
    }
    this.#transfer(address, width, 'write');
    return undefined;
  }

  /** Resolves the host address of each page the access touches into #parts (allocating nothing on a fault), or returns the fault. */
  #locate(address: number, width: number, access: Access): GuestBusFault | undefined {
    const result = this.space.resolveRange(address, width, access, this.#parts);
    if (result === undefined) return undefined;
    const verb = access === 'read' ? 'load' : 'store';
    const detail = result.reason === 'unmapped' ? `${result.message} (no RAM and no device)` : result.message;
    return { fault: `${verb} of ${counted(width, 'byte')} at ${hex(address)}: ${detail}`, address, width, access, reason: result.reason };
  }

  /** Copies the access's bytes between host memory and #scratch, page part by page part. */
  #transfer(address: number, width: number, access: Access): void {
    const host = this.space.host.bytes;
    let done = 0;
    for (const hpa of this.#parts) {
      const length = Math.min(width - done, PAGE_SIZE - ((address + done) % PAGE_SIZE));
      if (access === 'read') this.#scratch.set(host.subarray(hpa, hpa + length), done);
      else host.set(this.#scratch.subarray(done, done + length), hpa);
      done += length;
    }
  }
}
