/**
 * The block device (emu_type 0xE1, in place of virtio-blk: a simple, synchronous, documented
 * device): 512-byte sectors of a backend (a host file through the Node adapter, or memory), moved
 * to and from guest memory by the device itself. Registers (32-bit):
 *
 * | offset | register | read | write |
 * | --- | --- | --- | --- |
 * | 0x00 | SECTOR   | the sector | selects the sector |
 * | 0x04 | BUFFER   | the buffer | the guest physical address of a 512-byte buffer |
 * | 0x08 | COMMAND  | 0 | 1 READ (sector → buffer), 2 WRITE (buffer → sector), 3 FLUSH (written sectors reach the disk) |
 * | 0x0C | STATUS   | the last command's result: 0 done, 1 I/O error, 2 sector out of range, 3 bad buffer, 4 unknown command | ignored |
 * | 0x10 | CAPACITY | the number of sectors | ignored |
 *
 * A command completes before the guest's store returns. A WRITE is not durable until FLUSH (or
 * the VM's shutdown, which flushes); after a FLUSH returns 0 the data survives a host crash.
 */
import { EmuType } from '../config-types.js';
import { lowWord } from './device.js';
import type { DeviceRange, DeviceSpace, DeviceValue, EmulatedDevice } from './device.js';
import type { DevicePlacement } from './dummy.js';

/** Bytes per sector. */
export const SECTOR_SIZE = 512;
/** Register offsets. */
export const BLOCK_SECTOR = 0x00;
/** The buffer register. */
export const BLOCK_BUFFER = 0x04;
/** The command register. */
export const BLOCK_COMMAND = 0x08;
/** The status register. */
export const BLOCK_STATUS = 0x0c;
/** The capacity register. */
export const BLOCK_CAPACITY = 0x10;

/** The commands. */
export const BlockCommand = { Read: 1, Write: 2, Flush: 3 } as const;
/** The statuses. */
export const BlockStatus = { Done: 0, IoError: 1, OutOfRange: 2, BadBuffer: 3, UnknownCommand: 4 } as const;

/** Where the sectors live. Methods may throw: the command then ends with status IoError. */
export interface BlockBackend {
  /** Number of sectors. */
  readonly sectors: number;
  /** Fills `into` (one sector) with sector `sector`. */
  read(sector: number, into: Uint8Array): void;
  /** Writes one sector. */
  write(sector: number, bytes: Uint8Array): void;
  /** Makes every write so far durable. */
  flush(): void;
  /** Flushes and releases the backend. */
  close(): void;
}

/**
 * The device's access to guest memory (DMA), with the guest's own rights: each throws when the
 * buffer is not RAM the guest may access that way (a read needs READ, a write needs WRITE).
 */
export interface GuestDma {
  read(gpa: number, length: number): Uint8Array;
  write(gpa: number, bytes: Uint8Array): void;
  /** Throws unless the guest may write `length` bytes at `gpa` (checked before the disk is read). */
  checkWritable(gpa: number, length: number): void;
}

/** A backend in memory (browsers, tests). */
export class MemoryBlockBackend implements BlockBackend {
  /** The disk's bytes. */
  readonly bytes: Uint8Array;

  /** A zeroed disk of `sectors` sectors. */
  constructor(readonly sectors: number) {
    this.bytes = new Uint8Array(sectors * SECTOR_SIZE);
  }

  /** Copies a sector out. */
  read(sector: number, into: Uint8Array): void {
    into.set(this.bytes.subarray(sector * SECTOR_SIZE, (sector + 1) * SECTOR_SIZE));
  }

  /** Copies a sector in. */
  write(sector: number, bytes: Uint8Array): void {
    this.bytes.set(bytes, sector * SECTOR_SIZE);
  }

  /** Nothing to do: memory is as durable as it gets. */
  flush(): void {}

  /** Nothing to release. */
  close(): void {}
}

/** How to create a block device. */
export interface BlockDeviceOptions extends DevicePlacement {
  readonly backend: BlockBackend;
  readonly dma: GuestDma;
}

/** The block device. */
export class BlockDevice implements EmulatedDevice {
  readonly emuType = EmuType.VirtioBlk;
  readonly name: string;
  readonly range: DeviceRange;
  readonly space: DeviceSpace;
  readonly #backend: BlockBackend;
  readonly #dma: GuestDma;
  #sector = 0;
  #buffer = 0;
  #status: number = BlockStatus.Done;

  /** Creates the device over `options.backend`. */
  constructor(options: BlockDeviceOptions) {
    this.name = options.name;
    this.range = { base: options.range.base, length: options.range.length };
    this.space = options.space ?? 'mmio';
    this.#backend = options.backend;
    this.#dma = options.dma;
  }

  /** Reads a register. */
  handleRead(offset: number): number {
    switch (offset) {
      case BLOCK_SECTOR: return this.#sector;
      case BLOCK_BUFFER: return this.#buffer;
      case BLOCK_STATUS: return this.#status;
      case BLOCK_CAPACITY: return this.#backend.sectors;
      default: return 0;
    }
  }

  /** Writes a register; a COMMAND runs the command. */
  handleWrite(offset: number, _width: number, value: DeviceValue): void {
    const word = lowWord(value);
    if (offset === BLOCK_SECTOR) this.#sector = word;
    else if (offset === BLOCK_BUFFER) this.#buffer = word;
    else if (offset === BLOCK_COMMAND) this.#status = this.#execute(word);
  }

  /** Flushes and releases the backend (the VM shuts down). */
  close(): void {
    this.#backend.close();
  }

  /** Clears the registers. */
  reset(): void {
    this.#sector = 0;
    this.#buffer = 0;
    this.#status = BlockStatus.Done;
  }

  #execute(command: number): number {
    if (command === BlockCommand.Flush) return this.#io(() => this.#backend.flush());
    if (command !== BlockCommand.Read && command !== BlockCommand.Write) return BlockStatus.UnknownCommand;
    if (this.#sector >= this.#backend.sectors) return BlockStatus.OutOfRange;
    let bytes: Uint8Array;
    try {
      bytes = command === BlockCommand.Write ? this.#dma.read(this.#buffer, SECTOR_SIZE) : new Uint8Array(SECTOR_SIZE);
      if (command === BlockCommand.Read) this.#dma.checkWritable(this.#buffer, SECTOR_SIZE); // before touching the disk
    } catch {
      return BlockStatus.BadBuffer;
    }
    if (command === BlockCommand.Write) return this.#io(() => this.#backend.write(this.#sector, bytes));
    const status = this.#io(() => this.#backend.read(this.#sector, bytes));
    if (status !== BlockStatus.Done) return status;
    try {
      this.#dma.write(this.#buffer, bytes);
    } catch {
      return BlockStatus.BadBuffer;
    }
    return BlockStatus.Done;
  }

  #io(action: () => void): number {
    try {
      action();
      return BlockStatus.Done;
    } catch {
      return BlockStatus.IoError;
    }
  }
}
