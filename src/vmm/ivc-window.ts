/**
 * A VM's IVC channel range (the emu_type 0xA entry of its config): guest physical addresses where
 * the VMM maps inter-VM channels. `alloc` hands out page-rounded runs first-fit, `release` gives
 * them back, so a VM can publish and subscribe again and again without running out (AxVM's windows
 * were never released).
 */
import { AxError } from './errors.js';
import { PAGE_SIZE, hex, hexRange } from './page.js';

/** Rounds a channel size up to whole 4 KiB pages. */
export function channelSize(size: number): number {
  return Math.ceil(size / PAGE_SIZE) * PAGE_SIZE;
}

/** The IVC range of one VM. */
export class IvcWindow {
  /** Pages in use (1) or free (0). */
  readonly #used: Uint8Array;
  /** Allocated runs: gpa → pages. */
  readonly #runs = new Map<number, number>();

  /** The range [base, base + length) (page-aligned, validated by the config). */
  constructor(
    readonly base: number,
    readonly length: number,
    private readonly vm: string,
  ) {
    this.#used = new Uint8Array(length / PAGE_SIZE);
  }

  /** Bytes allocated now. */
  get allocated(): number {
    let pages = 0;
    for (const count of this.#runs.values()) pages += count;
    return pages * PAGE_SIZE;
  }

  /**
   * Reserves `size` bytes rounded up to 4 KiB and returns the gpa. InvalidInput for a size of 0 or
   * one that is not a whole number; NoMemory when no free run that long is left.
   */
  alloc(size: number): number {
    if (!Number.isInteger(size) || size <= 0 || size > this.length) {
      if (Number.isInteger(size) && size > this.length) throw this.#error('NoMemory', 'allocIvcChannel', `${size} bytes do not fit the IVC range ${hexRange(this.base, this.length)}`);
      throw this.#error('InvalidInput', 'allocIvcChannel', `channel size ${size} must be a whole number of bytes above 0`);
    }
    const pages = channelSize(size) / PAGE_SIZE;
    let run = 0;
    for (let page = 0; page < this.#used.length; page++) {
      run = this.#used[page] === 0 ? run + 1 : 0;
      if (run === pages) {
        const first = page - pages + 1;
        this.#used.fill(1, first, page + 1);
        const gpa = this.base + first * PAGE_SIZE;
        this.#runs.set(gpa, pages);
        return gpa;
      }
    }
    throw this.#error('NoMemory', 'allocIvcChannel', `no free run of ${pages * PAGE_SIZE} bytes is left in the IVC range ${hexRange(this.base, this.length)}`);
  }

  /** Gives back a run from `alloc`; NotFound when `gpa` is not the start of one or `size` differs (after rounding). */
  release(gpa: number, size: number): void {
    const pages = this.#runs.get(gpa);
    if (pages === undefined) throw this.#error('NotFound', 'releaseIvcChannel', `no IVC channel starts at ${Number.isInteger(gpa) ? hex(gpa) : String(gpa)}`);
    if (!Number.isInteger(size) || channelSize(size) !== pages * PAGE_SIZE) {
      throw this.#error('InvalidInput', 'releaseIvcChannel', `the channel at ${hex(gpa)} has ${pages * PAGE_SIZE} bytes, not ${size}`);
    }
    const first = (gpa - this.base) / PAGE_SIZE;
    this.#used.fill(0, first, first + pages);
    this.#runs.delete(gpa);
  }

  #error(kind: 'InvalidInput' | 'NoMemory' | 'NotFound', field: string, detail: string): AxError {
    return new AxError(kind, detail, { vm: this.vm, field });
  }
}
