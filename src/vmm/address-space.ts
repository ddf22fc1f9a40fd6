/**
 * A guest physical address space (axaddrspace's `AddrSpace`): 4 KiB pages mapped linearly onto host
 * memory, allocated by the VMM (now or lazily on first access), or reserved (claimed, never
 * accessible). It translates guest addresses, hands out page-split byte buffers, reads and writes
 * typed guest values with alignment and permission checks, and serves as the machine's memory bus.
 */
import type { DeviceSet } from './devices/device-set.js';
import { AxError } from './errors.js';
import type { AxErrorKind } from './errors.js';
import { GuestMemoryBus } from './guest-bus.js';
import { GUEST_VALUE_CODECS } from './guest-values.js';
import type { GuestValue, GuestValueType, ValueCodec } from './guest-values.js';
import type { HostMemory } from './host-memory.js';
import { MappingFlags, allows, checkMappingFlags, describeFlags } from './mapping-flags.js';
import type { Access } from './mapping-flags.js';
import { GUEST_ADDRESS_LIMIT, PAGE_SIZE, hex, hexRange, isPageAligned, pageFloor } from './page.js';
import { MAX_FLAT_MEMORY } from '../isa/limits.js';

/** How a mapping is backed. */
export type MappingKind = 'linear' | 'alloc' | 'reserved';

/** One mapping, as `mappings()` lists it. */
export interface MappingInfo {
  /** First guest physical address. */
  readonly gpa: number;
  /** Bytes mapped (whole pages). */
  readonly size: number;
  /** MappingFlags bits. */
  readonly flags: number;
  /** How the pages are backed. */
  readonly kind: MappingKind;
  /** For a linear mapping, the host physical address of `gpa`. */
  readonly hpa?: number;
  /** Pages that have host memory behind them (all for linear, none for reserved). */
  readonly populatedPages: number;
}

/** Where a mapped guest address lives in host memory, and the page's flags. */
export interface Translation {
  /** Host physical address (byte offset into the host memory). */
  readonly hpa: number;
  /** MappingFlags of the page. */
  readonly flags: number;
}

/** A piece of a translated guest range that lies in one page. */
export interface GuestSegment {
  /** Guest physical address of the first byte. */
  readonly gpa: number;
  /** Host physical address of the first byte. */
  readonly hpa: number;
  /** The bytes themselves (a view into host memory: writes reach the guest). */
  readonly bytes: Uint8Array;
}

/** Why a guest access cannot be done. */
export type AccessFaultReason = 'unmapped' | 'reserved' | 'permission' | 'no-memory';

/** A refused access: why, and a sentence saying so. */
export interface AccessFault {
  readonly reason: AccessFaultReason;
  readonly message: string;
}

/** The flat RAM window the machine uses directly: guest [0, size) is host [hpa, hpa + size). */
export interface FlatWindow {
  readonly hpa: number;
  readonly size: number;
}

/** How to create an address space. */
export interface AddressSpaceOptions {
  /** The VM's name, used in error messages. */
  readonly name?: string;
}

interface Area {
  readonly start: number;
  readonly size: number;
  readonly flags: number;
  readonly kind: MappingKind;
  /** linear: the hpa of `start`. */
  readonly hpa: number;
  /** alloc: the hpa of each page, or -1 while it is not allocated. */
  readonly frames: Float64Array | undefined;
}

const FAULT_KINDS: Readonly<Record<AccessFaultReason, AxErrorKind>> = {
  unmapped: 'BadAddress',
  reserved: 'BadAddress',
  permission: 'PermissionDenied',
  'no-memory': 'NoMemory',
};

/** A guest physical address space backed by one block of host memory. */
export class AddressSpace {
  /** The host memory every page is backed by. */
  readonly host: HostMemory;
  readonly #vm: string | undefined;
  /** Mappings sorted by start; they never overlap. */
  #areas: Area[] = [];
  /** Guest [0, #pinned) is the flat window of a bus a machine may be using: it cannot be unmapped. */
  #pinned = 0;
  /** The VM's devices, whose MMIO ranges the bus sends accesses to. */
  #devices: DeviceSet | undefined;

  /** Creates an empty address space over `host`. */
  constructor(host: HostMemory, options: AddressSpaceOptions = {}) {
    this.host = host;
    this.#vm = options.name;
  }

  /** The attached device set, if any. */
  get devices(): DeviceSet | undefined {
    return this.#devices;
  }

  /**
   * Attaches the VM's devices: the bus sends guest accesses to MMIO device ranges to them. Device
   * ranges and mappings never overlap: attaching, registering an MMIO device or mapping memory that
   * would overlap is AlreadyExists. BadState when a device set is attached already.
   */
  attachDevices(devices: DeviceSet): void {
    if (this.#devices !== undefined) throw this.#error('BadState', 'attachDevices', 'a device set is attached already');
    for (const device of devices.devices('mmio')) {
      const problem = this.#mappingOverlap(device.range.base, device.range.length);
      if (problem !== undefined) throw this.#error('AlreadyExists', 'attachDevices', `device ${device.name} at ${hexRange(device.range.base, device.range.length)} ${problem}`);
    }
    devices.addMmioClaimCheck((base, length) => this.#mappingOverlap(base, length));
    this.#devices = devices;
  }

  /** Every mapping, in address order. */
  mappings(): MappingInfo[] {
    return this.#areas.map((area) => ({
      gpa: area.start,
      size: area.size,
      flags: area.flags,
      kind: area.kind,
      ...(area.kind === 'linear' ? { hpa: area.hpa } : {}),
      populatedPages: area.kind === 'linear' ? area.size / PAGE_SIZE : area.frames === undefined ? 0 : area.frames.filter((hpa) => hpa >= 0).length,
    }));
  }

  /**
   * Maps guest [gpa, gpa + size) onto host [hpa, hpa + size). The caller owns that host memory: the
   * address space neither takes nor frees its frames, so host memory may be mapped more than once
   * (identical mappings alias it by design), and the caller must not also hand those frames out as
   * HAL regions or let `mapAlloc` allocate them (claim them with `host.claim` first).
   */
  mapLinear(gpa: number, hpa: number, size: number, flags: number): void {
    this.#checkRange(gpa, size, 'mapLinear');
    checkMappingFlags(flags, this.#place('mapLinear'));
    if (!Number.isInteger(hpa) || hpa < 0 || !isPageAligned(hpa) || hpa + size > this.host.size) {
      throw this.#error('InvalidInput', 'mapLinear', `host range ${hexRange(hpa, size)} is not page-aligned inside host memory (${hex(this.host.size)} bytes)`);
    }
    this.#insert({ start: gpa, size, flags, kind: 'linear', hpa, frames: undefined });
  }

  /**
   * Maps guest [gpa, gpa + size) onto host frames the address space allocates: all now when
   * `populate` is set (contiguous when possible), else each on its first access.
   */
  mapAlloc(gpa: number, size: number, flags: number, populate: boolean): void {
    this.#checkRange(gpa, size, 'mapAlloc');
    checkMappingFlags(flags, this.#place('mapAlloc'));
    this.#checkFree(gpa, size, 'mapAlloc');
    const frames = new Float64Array(size / PAGE_SIZE).fill(-1);
    if (populate) this.#populate(frames);
    this.#insert({ start: gpa, size, flags, kind: 'alloc', hpa: -1, frames });
  }

  /** Reserves guest [gpa, gpa + size): nothing else can be mapped there, and every access faults. */
  mapReserved(gpa: number, size: number, flags = 0): void {
    this.#checkRange(gpa, size, 'mapReserved');
    checkMappingFlags(flags, this.#place('mapReserved'));
    this.#insert({ start: gpa, size, flags, kind: 'reserved', hpa: -1, frames: undefined });
  }

  /**
   * Unmaps every mapped page in guest [gpa, gpa + size), splitting mappings at the edges and freeing
   * allocated frames. NotFound when nothing there is mapped; BadState inside a live flat window.
   */
  unmap(gpa: number, size: number): void {
    this.#checkRange(gpa, size, 'unmap');
    const end = gpa + size;
    if (gpa < this.#pinned) {
      throw this.#error('BadState', 'unmap', `${hexRange(gpa, size)} overlaps the flat RAM window ${hexRange(0, this.#pinned)} a machine's memory bus uses`);
    }
    const hit = this.#areas.filter((area) => area.start < end && area.start + area.size > gpa);
    if (hit.length === 0) throw this.#error('NotFound', 'unmap', `nothing is mapped in ${hexRange(gpa, size)}`);
    const kept = this.#areas.filter((area) => !hit.includes(area));
    for (const area of hit) {
      const cutStart = Math.max(gpa, area.start);
      const cutEnd = Math.min(end, area.start + area.size);
      this.#freeFrames(area, cutStart, cutEnd);
      if (area.start < cutStart) kept.push(slice(area, area.start, cutStart));
      if (cutEnd < area.start + area.size) kept.push(slice(area, cutEnd, area.start + area.size));
    }
    this.#areas = kept.sort((a, b) => a.start - b.start);
  }

  /** Unmaps everything and frees every allocated frame (the VM's memory is released). */
  unmapAll(): void {
    for (const area of this.#areas) this.#freeFrames(area, area.start, area.start + area.size);
    this.#areas = [];
    this.#pinned = 0;
  }

  /**
   * Where guest address `gpa` is in host memory; undefined when unmapped, reserved or not yet
   * allocated. InvalidInput when `gpa` is not a whole number from 0 to 0xffffffff.
   */
  translate(gpa: number): Translation | undefined {
    this.#checkAddress(gpa, 'translate');
    const area = this.#find(gpa);
    if (area === undefined) return undefined;
    const hpa = hostAddress(area, gpa);
    return hpa === undefined ? undefined : { hpa, flags: area.flags };
  }

  /**
   * Handles a nested page fault: allocates the page of a lazily-allocated mapping on its first
   * access. True when the page is now present and allows `access` (the access can be retried).
   */
  handlePageFault(gpa: number, access: Access): boolean {
    return typeof this.resolve(gpa, access) === 'number';
  }

  /**
   * The host address for a guest access to `gpa`, allocating a lazily-mapped page on first access,
   * or why the access faults. Never throws for a guest address (a whole number from 0 to
   * 0xffffffff; anything else is InvalidInput, a VMM bug).
   */
  resolve(gpa: number, access: Access): number | AccessFault {
    this.#checkAddress(gpa, 'resolve');
    const area = this.#accessible(gpa, access);
    if (!('kind' in area)) return area;
    return hostAddress(area, gpa) ?? this.#allocPage(area, gpa, access);
  }

  /**
   * The host address of each page of a guest access of `width` bytes at `gpa`, pushed onto `parts`,
   * or why the access faults. Every page is checked, and enough free frames for the lazy ones made
   * sure of, before any page is allocated: a faulting access allocates nothing. An access reaching
   * beyond 4 GiB is an `unmapped` fault (the machine's address arithmetic can get there).
   */
  resolveRange(gpa: number, width: number, access: Access, parts: number[]): AccessFault | undefined {
    if (!Number.isInteger(gpa) || gpa < 0 || !Number.isInteger(width) || width <= 0) {
      throw this.#error('InvalidInput', 'resolveRange', `${gpa} (+${width}) is not a guest access`);
    }
    if (gpa + width > GUEST_ADDRESS_LIMIT) return { reason: 'unmapped', message: `${access} at ${hex(gpa)}: it reaches beyond the 4 GiB guest address space` };
    const pages: Area[] = [];
    let missing = 0;
    for (let at = gpa; at < gpa + width; at = pageFloor(at) + PAGE_SIZE) {
      const area = this.#accessible(at, access);
      if (!('kind' in area)) return area;
      pages.push(area);
      if (hostAddress(area, at) === undefined) missing++;
    }
    if (missing > this.host.freeFrames) return { reason: 'no-memory', message: `${access} at ${hex(gpa)}: no host memory left to allocate the page` };
    parts.length = 0;
    let at = gpa;
    for (const area of pages) {
      parts.push(hostAddress(area, at) ?? (this.#allocPage(area, at, access) as number));
      at = pageFloor(at) + PAGE_SIZE;
    }
    return undefined;
  }

  /**
   * The bytes of guest [gpa, gpa + length) as segments split at page boundaries, in order,
   * allocating lazily-mapped pages. BadAddress when any page is unmapped or reserved. (The VMM's
   * view: mapping flags do not restrict it.)
   */
  translatedByteBuffer(gpa: number, length: number): GuestSegment[] {
    if (!Number.isInteger(gpa) || !Number.isInteger(length) || gpa < 0 || length < 0 || gpa + length > GUEST_ADDRESS_LIMIT) {
      throw this.#error('InvalidInput', 'translatedByteBuffer', `range ${gpa} (+${length}) is not inside the 4 GiB guest address space`);
    }
    // Every page is checked before any lazy one is allocated: a failing call allocates nothing.
    for (let at = gpa; at < gpa + length; at = pageFloor(at) + PAGE_SIZE) this.#mappedArea(at, 'translatedByteBuffer');
    const segments: GuestSegment[] = [];
    for (let at = gpa; at < gpa + length; ) {
      const next = Math.min(pageFloor(at) + PAGE_SIZE, gpa + length);
      const hpa = this.#hostFor(at, 'translatedByteBuffer');
      segments.push({ gpa: at, hpa, bytes: this.host.bytes.subarray(hpa, hpa + (next - at)) });
      at = next;
    }
    return segments;
  }

  /** The buffers an image of `size` bytes loaded at `gpa` goes into (AxVM `get_image_load_region`). */
  imageLoadRegion(gpa: number, size: number): GuestSegment[] {
    return this.translatedByteBuffer(gpa, size);
  }

  /** Copies `image` into guest memory at `gpa`, whatever the pages' flags (loading a read-only kernel is allowed). */
  loadImage(gpa: number, image: Uint8Array): void {
    let offset = 0;
    for (const segment of this.imageLoadRegion(gpa, image.length)) {
      segment.bytes.set(image.subarray(offset, offset + segment.bytes.length));
      offset += segment.bytes.length;
    }
  }

  /**
   * Reads a typed value from guest memory. InvalidInput for an unknown type or when `gpa` is not
   * aligned to the type's width.
   */
  readFromGuest<T extends GuestValueType>(gpa: number, type: T): GuestValue<T> {
    const codec = this.#codec(type, 'readFromGuest');
    const hpa = this.#typedAccess(gpa, codec.width, type, 'read');
    return codec.read(this.host.view, hpa) as GuestValue<T>;
  }

  /**
   * Writes a typed value to guest memory. InvalidInput for an unknown type, when `gpa` is not
   * aligned to the type's width, or when the value does not fit the type (a finite number beyond
   * the f32 range included; NaN and the infinities themselves are stored as they are);
   * PermissionDenied on a page that is not writable.
   */
  writeToGuest<T extends GuestValueType>(gpa: number, type: T, value: GuestValue<T>): void {
    const codec = this.#codec(type, 'writeToGuest');
    const problem = codec.problem(value);
    if (problem !== undefined) throw this.#error('InvalidInput', 'writeToGuest', `cannot store ${String(value)} as ${type}: it is ${problem}`);
    const hpa = this.#typedAccess(gpa, codec.width, type, 'write');
    codec.write(this.host.view, hpa, value);
  }

  /**
   * The flat RAM window: the longest run of guest memory from address 0 that is present, readable
   * and writable, not device memory, and contiguous in host memory (the machine reads and writes it
   * without checks).
   */
  flatWindow(): FlatWindow {
    const first = this.#areas[0];
    if (first === undefined || first.start !== 0) return { hpa: 0, size: 0 };
    const base = hostAddress(first, 0);
    if (base === undefined) return { hpa: 0, size: 0 };
    let size = 0;
    for (const area of this.#areas) {
      if (area.start !== size || !windowable(area.flags)) break;
      let page = area.start;
      while (page < area.start + area.size && hostAddress(area, page) === base + page) page += PAGE_SIZE;
      size = page;
      if (page < area.start + area.size) break;
    }
    return { hpa: base, size: Math.min(size, MAX_FLAT_MEMORY) };
  }

  /**
   * A memory bus over this address space for `new Machine(program, { memory: space.bus() })`: the
   * flat window is used directly, accesses to an attached device's MMIO range go to the device,
   * every other access goes through the mappings (lazy pages are allocated, unmapped, reserved and
   * forbidden accesses fault). The window is pinned: it cannot be
   * unmapped afterwards, as a running machine keeps using it. Its `size` (what `msize` reports) is
   * the top of guest RAM, capped at 0xffffffff: `msize` pushes a 32-bit value, so 4 GiB itself
   * cannot be told.
   */
  bus(): GuestMemoryBus {
    const window = this.flatWindow();
    this.#pinned = Math.max(this.#pinned, window.size);
    const ramTop = this.#areas.filter((area) => area.kind !== 'reserved').reduce((top, area) => Math.max(top, area.start + area.size), 0);
    return new GuestMemoryBus(this, this.host.bytes.subarray(window.hpa, window.hpa + window.size), Math.min(ramTop, 0xffff_ffff));
  }

  #typedAccess(gpa: number, width: number, type: GuestValueType, access: Access): number {
    const operation = access === 'read' ? 'readFromGuest' : 'writeToGuest';
    if (!Number.isInteger(gpa) || gpa < 0 || gpa + width > GUEST_ADDRESS_LIMIT) {
      throw this.#error('InvalidInput', operation, `${gpa} is not a guest physical address`);
    }
    if (gpa % width !== 0) throw this.#error('InvalidInput', operation, `${hex(gpa)} is not aligned to the ${width}-byte ${type}`);
    const result = this.resolve(gpa, access);
    if (typeof result !== 'number') throw this.#error(FAULT_KINDS[result.reason], operation, result.message);
    return result;
  }

  #hostFor(gpa: number, operation: string): number {
    const area = this.#mappedArea(gpa, operation);
    const hpa = hostAddress(area, gpa);
    if (hpa !== undefined) return hpa;
    const frame = this.host.allocFrame('guest');
    area.frames![Math.floor((gpa - area.start) / PAGE_SIZE)] = frame;
    return frame + (gpa % PAGE_SIZE);
  }

  /** The mapping holding `gpa` for the VMM's own accesses; BadAddress when unmapped or reserved. */
  #mappedArea(gpa: number, operation: string): Area {
    const area = this.#find(gpa);
    if (area === undefined || area.kind === 'reserved') {
      throw this.#error('BadAddress', operation, `${hex(gpa)} is ${area === undefined ? 'not mapped' : 'reserved'}`);
    }
    return area;
  }

  /** The mapping holding `gpa` if it allows a guest's `access`, else why not. */
  #accessible(gpa: number, access: Access): Area | AccessFault {
    const area = this.#find(gpa);
    if (area === undefined) return { reason: 'unmapped', message: `${access} at ${hex(gpa)}: nothing is mapped there` };
    if (area.kind === 'reserved') return { reason: 'reserved', message: `${access} at ${hex(gpa)}: the range ${hexRange(area.start, area.size)} is reserved` };
    if (!allows(area.flags, access)) {
      return { reason: 'permission', message: `${access} at ${hex(gpa)}: the page is mapped ${describeFlags(area.flags)}` };
    }
    return area;
  }

  /** Allocates the lazy page of `area` holding `gpa`: its host address, or the no-memory fault. */
  #allocPage(area: Area, gpa: number, access: Access): number | AccessFault {
    const frame = this.host.allocContiguous(1, 'guest');
    if (frame === undefined) return { reason: 'no-memory', message: `${access} at ${hex(gpa)}: no host memory left to allocate the page` };
    area.frames![Math.floor((gpa - area.start) / PAGE_SIZE)] = frame;
    return frame + (gpa % PAGE_SIZE);
  }

  /** InvalidInput unless `gpa` is a guest physical address. */
  #checkAddress(gpa: number, operation: string): void {
    if (!Number.isInteger(gpa) || gpa < 0 || gpa >= GUEST_ADDRESS_LIMIT) {
      throw this.#error('InvalidInput', operation, `${gpa} is not a guest physical address (a whole number from 0 to 0xffffffff)`);
    }
  }

  /** The codec of `type`; InvalidInput naming it when there is none. */
  #codec(type: GuestValueType, operation: string): ValueCodec {
    if (!Object.hasOwn(GUEST_VALUE_CODECS, type)) {
      throw this.#error('InvalidInput', operation, `unknown value type ${String(type)} (${Object.keys(GUEST_VALUE_CODECS).join(', ')})`);
    }
    return GUEST_VALUE_CODECS[type];
  }

  #populate(frames: Float64Array): void {
    const run = this.host.allocContiguous(frames.length, 'guest');
    if (run !== undefined) {
      for (let page = 0; page < frames.length; page++) frames[page] = run + page * PAGE_SIZE;
      return;
    }
    try {
      for (let page = 0; page < frames.length; page++) frames[page] = this.host.allocFrame('guest');
    } catch (error) {
      for (const hpa of frames) if (hpa >= 0) this.host.free(hpa, 1, 'guest');
      throw error instanceof AxError ? this.#error(error.kind, 'mapAlloc', error.detail) : error;
    }
  }

  #freeFrames(area: Area, from: number, to: number): void {
    if (area.frames === undefined) return;
    for (let page = (from - area.start) / PAGE_SIZE; page < (to - area.start) / PAGE_SIZE; page++) {
      if (area.frames[page] >= 0) this.host.free(area.frames[page], 1, 'guest');
    }
  }

  #insert(area: Area): void {
    this.#checkFree(area.start, area.size, area.kind === 'linear' ? 'mapLinear' : area.kind === 'alloc' ? 'mapAlloc' : 'mapReserved');
    const index = this.#areas.findIndex((other) => other.start > area.start);
    this.#areas.splice(index === -1 ? this.#areas.length : index, 0, area);
  }

  #checkFree(gpa: number, size: number, operation: string): void {
    const problem = this.#mappingOverlap(gpa, size);
    if (problem !== undefined) throw this.#error('AlreadyExists', operation, `${hexRange(gpa, size)} ${problem}`);
    const device = this.#devices?.overlapping('mmio', gpa, size);
    if (device !== undefined) {
      const { base, length } = device.range;
      throw this.#error('AlreadyExists', operation, `${hexRange(gpa, size)} overlaps device ${device.name} at ${hexRange(base, length)}`);
    }
  }

  /** Why guest [gpa, gpa + size) cannot be claimed by anything else: the mapping it overlaps. */
  #mappingOverlap(gpa: number, size: number): string | undefined {
    const other = this.#areas.find((area) => area.start < gpa + size && area.start + area.size > gpa);
    return other === undefined ? undefined : `overlaps the ${other.kind} mapping ${hexRange(other.start, other.size)} at ${hex(Math.max(gpa, other.start))}`;
  }

  #checkRange(gpa: number, size: number, operation: string): void {
    if (!Number.isInteger(gpa) || !Number.isInteger(size) || gpa < 0 || size <= 0) {
      throw this.#error('InvalidInput', operation, `gpa ${gpa} and size ${size} must be whole numbers, the size above 0`);
    }
    if (!isPageAligned(gpa) || !isPageAligned(size)) {
      throw this.#error('InvalidInput', operation, `gpa ${hex(gpa)} and size ${hex(size)} must be multiples of the 4 KiB page size`);
    }
    if (gpa + size > GUEST_ADDRESS_LIMIT) throw this.#error('InvalidInput', operation, `${hexRange(gpa, size)} ends beyond the 4 GiB guest address space`);
  }

  /** The mapping holding `gpa` (binary search). */
  #find(gpa: number): Area | undefined {
    let low = 0;
    let high = this.#areas.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const area = this.#areas[middle];
      if (gpa < area.start) high = middle - 1;
      else if (gpa >= area.start + area.size) low = middle + 1;
      else return area;
    }
    return undefined;
  }

  #place(field: string): { vm?: string; field: string } {
    return this.#vm === undefined ? { field } : { vm: this.#vm, field };
  }

  #error(kind: AxErrorKind, field: string, detail: string): AxError {
    return new AxError(kind, detail, this.#place(field));
  }
}

/** The host address of `gpa` inside `area`, or undefined when the page has no host memory (yet). */
function hostAddress(area: Area, gpa: number): number | undefined {
  if (area.kind === 'linear') return area.hpa + (gpa - area.start);
  if (area.kind === 'reserved') return undefined;
  const frame = area.frames![Math.floor((gpa - area.start) / PAGE_SIZE)];
  return frame < 0 ? undefined : frame + (gpa % PAGE_SIZE);
}

/** Pages the machine may use without checks: readable, writable RAM (not device memory). */
function windowable(flags: number): boolean {
  return (flags & (MappingFlags.READ | MappingFlags.WRITE)) === (MappingFlags.READ | MappingFlags.WRITE) && (flags & MappingFlags.DEVICE) === 0;
}

/** The part [from, to) of `area`, as a mapping of its own. */
function slice(area: Area, from: number, to: number): Area {
  const firstPage = (from - area.start) / PAGE_SIZE;
  return {
    start: from,
    size: to - from,
    flags: area.flags,
    kind: area.kind,
    hpa: area.kind === 'linear' ? area.hpa + (from - area.start) : -1,
    frames: area.frames?.slice(firstPage, firstPage + (to - from) / PAGE_SIZE),
  };
}
