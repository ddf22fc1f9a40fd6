/**
 * Host "physical" memory: one block of bytes that guest pages are backed by, handed out in 4 KiB
 * frames. A host physical address (hpa) is a byte offset into the block. In a SharedArrayBuffer,
 * vCPU workers share every guest page — including pages allocated later — by sharing one buffer.
 */
import { AxError } from './errors.js';
import { PAGE_SIZE, hex, isPageAligned } from './page.js';
import { counted } from '../messages.js';

/** How to create host memory. */
export interface HostMemoryOptions {
  /** Back the memory with a SharedArrayBuffer (for vCPUs on worker threads). Default false. */
  readonly shared?: boolean;
}

/**
 * Who holds a frame: `region` for the HAL's allocations and claims (and other VMM uses), `guest`
 * for the frames an address space allocates behind guest pages. Freeing checks the owner, so the
 * HAL cannot free (and then hand out again) a page a guest mapping still uses.
 */
export type FrameOwner = 'region' | 'guest';

const OWNER_CODES: Readonly<Record<FrameOwner, number>> = { region: 1, guest: 2 };
const OWNER_NAMES = ['free', 'a HAL region', 'a guest mapping'];

/** Most host memory one block may hold (2 GiB: the largest buffer JavaScript engines reliably allocate). */
export const MAX_HOST_MEMORY = 0x8000_0000;

/**
 * A block of host memory with a first-fit frame allocator. Frames are zeroed when handed out and
 * remember their owner. Linear guest mappings (`AddressSpace.mapLinear`) do not take frames: they
 * alias host memory the caller owns, by design (identical mappings); the caller must not hand the
 * same frames out again, e.g. as HAL regions.
 */
export class HostMemory {
  /** Every byte of host memory; `bytes[hpa]` is the byte at host physical address `hpa`. */
  readonly bytes: Uint8Array;
  /** A little-endian view of `bytes`, for typed accesses. */
  readonly view: DataView;
  /** The owner code of each frame (OWNER_CODES), 0 when free. */
  readonly #used: Uint8Array;
  #usedCount = 0;
  /** Where the next search for free frames starts (frames below it were full when last looked at). */
  #hint = 0;

  /** Creates `size` bytes (a whole number of pages) of host memory. */
  constructor(size: number, options: HostMemoryOptions = {}) {
    if (!Number.isInteger(size) || size <= 0 || size > MAX_HOST_MEMORY || !isPageAligned(size)) {
      throw new AxError('InvalidInput', `host memory size ${size} must be a whole number of 4 KiB pages from 4 KiB to ${hex(MAX_HOST_MEMORY)}`);
    }
    if (options.shared === true && typeof SharedArrayBuffer === 'undefined') {
      throw new AxError('Unsupported', 'shared host memory needs SharedArrayBuffer, which this host does not provide (in a browser: serve the page cross-origin isolated)');
    }
    const buffer = options.shared === true ? new SharedArrayBuffer(size) : new ArrayBuffer(size);
    this.bytes = new Uint8Array(buffer);
    this.view = new DataView(buffer);
    this.#used = new Uint8Array(size / PAGE_SIZE);
  }

  /** Bytes of host memory. */
  get size(): number {
    return this.bytes.length;
  }

  /** Whether the memory is in a SharedArrayBuffer. */
  get shared(): boolean {
    return typeof SharedArrayBuffer !== 'undefined' && this.bytes.buffer instanceof SharedArrayBuffer;
  }

  /** Frames in use. */
  get usedFrames(): number {
    return this.#usedCount;
  }

  /** Frames free. */
  get freeFrames(): number {
    return this.#used.length - this.#usedCount;
  }

  /**
   * Allocates `count` contiguous zeroed frames for `owner` and returns the hpa of the first, or
   * undefined when no run that long is free.
   */
  allocContiguous(count: number, owner: FrameOwner = 'region'): number | undefined {
    const frames = this.#used.length;
    for (const start of this.#hint === 0 ? [0] : [this.#hint, 0]) {
      let run = 0;
      for (let frame = start; frame < frames; frame++) {
        run = this.#used[frame] === 0 ? run + 1 : 0;
        if (run === count) {
          const first = frame - count + 1;
          this.#take(first, count, owner);
          return first * PAGE_SIZE;
        }
      }
    }
    return undefined;
  }

  /** Allocates one zeroed frame for `owner`; NoMemory when none is free. */
  allocFrame(owner: FrameOwner = 'region'): number {
    const hpa = this.allocContiguous(1, owner);
    if (hpa === undefined) throw new AxError('NoMemory', `host memory is exhausted (${this.size} bytes, all ${counted(this.#used.length, 'frame')} in use)`);
    return hpa;
  }

  /** Marks `count` frames from `hpa` as in use without zeroing them (memory the caller already owns, e.g. an identical mapping). */
  claim(hpa: number, count: number, owner: FrameOwner = 'region'): void {
    const first = this.#frameIndex(hpa, count);
    for (let frame = first; frame < first + count; frame++) {
      if (this.#used[frame] !== 0) throw new AxError('AlreadyExists', `host frame ${hex(frame * PAGE_SIZE)} is already in use by ${OWNER_NAMES[this.#used[frame]]}`);
    }
    this.#used.fill(OWNER_CODES[owner], first, first + count);
    this.#usedCount += count;
  }

  /** Frees `count` frames of `owner` from `hpa`; a frame that is free or has another owner is BadState (nothing is freed). */
  free(hpa: number, count: number, owner: FrameOwner = 'region'): void {
    const first = this.#frameIndex(hpa, count);
    for (let frame = first; frame < first + count; frame++) {
      const code = this.#used[frame];
      if (code === 0) throw new AxError('BadState', `host frame ${hex(frame * PAGE_SIZE)} is freed but not in use`);
      if (code !== OWNER_CODES[owner]) throw new AxError('BadState', `host frame ${hex(frame * PAGE_SIZE)} belongs to ${OWNER_NAMES[code]}, not to ${OWNER_NAMES[OWNER_CODES[owner]]}`);
    }
    this.#used.fill(0, first, first + count);
    this.#usedCount -= count;
    this.#hint = Math.min(this.#hint, first);
  }

  #take(first: number, count: number, owner: FrameOwner): void {
    this.#used.fill(OWNER_CODES[owner], first, first + count);
    this.#usedCount += count;
    this.bytes.fill(0, first * PAGE_SIZE, (first + count) * PAGE_SIZE);
    this.#hint = first + count;
  }

  #frameIndex(hpa: number, count: number): number {
    if (!Number.isInteger(hpa) || !isPageAligned(hpa) || !Number.isInteger(count) || count < 1 || hpa < 0 || hpa + count * PAGE_SIZE > this.size) {
      throw new AxError('InvalidInput', `host range ${hex(hpa)} (+${counted(count, 'frame')}) is not a run of whole frames inside host memory (${hex(this.size)} bytes)`);
    }
    return hpa / PAGE_SIZE;
  }
}
