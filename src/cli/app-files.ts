/**
 * The files an application reads under `exvm run` (its TOML, code, plugin modules, `com` files):
 * regular files only, at most MAX_APP_FILE_BYTES, so a path naming `/dev/zero`, a FIFO or a
 * directory is refused with a message instead of hanging or filling memory.
 */
import type { Stats } from 'node:fs';
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { ErrorCode, ExvmError } from '../errors.js';
import { reason } from './files.js';

/** The largest file an application may read (2^24 bytes, as long as the longest `str` string). */
export const MAX_APP_FILE_BYTES = 1 << 24;

/** What a file that is not a regular file is, in words. */
function kind(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** An ExvmError (File) saying why `path` cannot be read. */
const unreadable = (path: string, why: string): ExvmError => new ExvmError(ErrorCode.File, `cannot read ${path}: ${why}`);

/** Throws unless `stats` describe a regular file of at most `max` bytes (`path` names it in the message). */
function checkRegular(path: string, stats: Stats, max: number): void {
  if (!stats.isFile()) throw unreadable(path, `it is ${kind(stats)}, not a regular file`);
  if (stats.size > max) throw unreadable(path, `${stats.size} bytes is more than the ${max} an application may read`);
}

/** Checks, without opening it, that `path` is a regular file of at most `max` bytes (before importing a module). */
export function checkReadable(path: string, max = MAX_APP_FILE_BYTES): void {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw unreadable(path, reason(error));
  }
  checkRegular(path, stats, max);
}

/**
 * Reads the regular file `path` whole, at most `max` bytes; throws an ExvmError (File) naming it
 * (as `name`) otherwise. It is opened non-blocking (opening a FIFO would wait for a writer), checked through
 * the open descriptor, and read up to the size it had then (a file growing meanwhile is refused).
 */
export function readRegularFile(path: string, name = path, max = MAX_APP_FILE_BYTES): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw unreadable(name, reason(error));
  }
  try {
    const stats = fstatSync(fd);
    checkRegular(name, stats, max);
    const buffer = Buffer.alloc(stats.size + 1); // one more byte tells a file that grew
    let size = 0;
    for (let read = -1; read !== 0 && size < buffer.length; size += read) read = readSync(fd, buffer, size, buffer.length - size, null);
    if (size > stats.size) throw unreadable(name, 'it changed while being read');
    return buffer.subarray(0, size);
  } catch (error) {
    throw error instanceof ExvmError ? error : unreadable(name, reason(error));
  } finally {
    closeSync(fd);
  }
}
