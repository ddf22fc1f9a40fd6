/**
 * The block device's disk as a host file (Node only). Writes go to the file at once (`pwrite`);
 * FLUSH and close `fsync` it, so a write the guest has flushed survives a crash of the host. A new
 * disk file is created whole (zeros written to a temporary file, synced, then renamed into place),
 * so a crash never leaves a half-created disk behind.
 */
import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { EmuType } from '../config-types.js';
import type { VmConfig } from '../config-types.js';
import { DEFAULT_DISK_SECTORS } from '../devices/factory.js';
import { SECTOR_SIZE } from '../devices/block.js';
import type { BlockBackend } from '../devices/block.js';
import { AxError } from '../errors.js';
import { errorReason } from '../../messages.js';

/** A disk file. */
export class FileDisk implements BlockBackend {
  /** Number of sectors (the file's size in whole sectors). */
  readonly sectors: number;
  #fd: number | undefined;

  private constructor(
    readonly path: string,
    fd: number,
  ) {
    this.#fd = fd;
    this.sectors = Math.floor(fstatSync(fd).size / SECTOR_SIZE);
  }

  /**
   * Opens the disk file at `path`, creating it with `sectors` zeroed sectors when it does not exist.
   * Io (naming the file) when it cannot be created or opened; InvalidInput when it holds no whole sector.
   */
  static open(path: string, sectors: number, source: string): FileDisk {
    const disk = io(path, source, () => {
      if (!existsSync(path)) createWhole(path, sectors);
      return new FileDisk(path, openSync(path, 'r+'));
    });
    if (disk.sectors === 0) {
      disk.close();
      throw new AxError('InvalidInput', `disk ${path} is smaller than one ${SECTOR_SIZE}-byte sector`, { vm: source, field: 'kernel.disk_path' });
    }
    return disk;
  }

  /** Reads one sector (zeros past the end of the file). */
  read(sector: number, into: Uint8Array): void {
    into.fill(0);
    let done = 0;
    while (done < SECTOR_SIZE) {
      const count = readSync(this.#open(), into, done, SECTOR_SIZE - done, sector * SECTOR_SIZE + done);
      if (count === 0) break;
      done += count;
    }
  }

  /** Writes one sector to the file (durable after `flush`). */
  write(sector: number, bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.length) done += writeSync(this.#open(), bytes, done, bytes.length - done, sector * SECTOR_SIZE + done);
  }

  /** fsync: every write so far is on the disk. */
  flush(): void {
    fsyncSync(this.#open());
  }

  /** Flushes and closes the file (once; later calls do nothing). */
  close(): void {
    const fd = this.#fd;
    if (fd === undefined) return;
    this.#fd = undefined;
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  #open(): number {
    if (this.#fd === undefined) throw new Error(`disk ${this.path} is closed`);
    return this.#fd;
  }
}

/**
 * The disk of `config`'s block device: `kernel.disk_path` (relative to the config file), created
 * with `cfg_list[0]` sectors when missing; undefined without a block device or a disk path.
 */
export function openConfigDisk(config: VmConfig): FileDisk | undefined {
  const block = config.devices.emuDevices.find((device) => device.emuType === EmuType.VirtioBlk);
  const diskPath = config.kernel.diskPath;
  if (block === undefined || diskPath === undefined) return undefined;
  return FileDisk.open(resolve(dirname(config.source), diskPath), block.cfgList[0] ?? DEFAULT_DISK_SECTORS, config.source);
}

/** Bytes of zeros written at a time when a new disk file is made. */
const ZERO_CHUNK = 1 << 20;

function createWhole(path: string, sectors: number): void {
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    const total = sectors * SECTOR_SIZE;
    const zeros = new Uint8Array(Math.min(total, ZERO_CHUNK));
    for (let at = 0; at < total; ) at += writeSync(fd, zeros, 0, Math.min(zeros.length, total - at), at);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temporary, path);
  syncFolder(dirname(path));
}

/** Makes a rename in `folder` durable (where the platform allows syncing a folder). */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms cannot open or sync a folder; the rename is then as durable as they make it.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function io<T>(path: string, source: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    throw new AxError('Io', `disk ${path}: ${errorReason(error)}`, { vm: source, field: 'kernel.disk_path' });
  }
}
