/** A memory bus for tier tests: flat RAM, and beyond it a console device that records every access (MMIO). */
import type { AccessKind, BusFault, MemoryBus } from '../../../src/machine/memory.js';

/** Where the console's data register is, as in examples/vmm/uart.toml. */
export const CONSOLE_ADDRESS = 0x10000000;

/** Flat RAM of `size` bytes; the console at CONSOLE_ADDRESS; every other address faults. */
export class ConsoleBus implements MemoryBus {
  /** The RAM. */
  readonly flat: Uint8Array;
  /** Every device access, as `load@address:kind` or `store@address:kind=value`. */
  readonly log: string[] = [];

  /** Creates `size` bytes of RAM. */
  constructor(size: number) {
    this.flat = new Uint8Array(size);
  }

  /** What `msize` reports: just the RAM. */
  get size(): number {
    return this.flat.length;
  }

  /** Loads from the console read 0x41; anything else faults. */
  load(address: number, kind: AccessKind): number | BusFault {
    if (address !== CONSOLE_ADDRESS) return { fault: `no device at 0x${address.toString(16)}` };
    this.log.push(`load@${address}:${kind}`);
    return 0x41;
  }

  /** Stores to the console are recorded; anything else faults. */
  store(address: number, kind: AccessKind, value: number): BusFault | undefined {
    if (address !== CONSOLE_ADDRESS) return { fault: `no device at 0x${address.toString(16)}` };
    this.log.push(`store@${address}:${kind}=${value}`);
    return undefined;
  }
}
