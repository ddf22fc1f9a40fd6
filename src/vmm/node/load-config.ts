/**
 * Loads a VM config from a TOML file and, for `image_location = "fs"`, the images it names
 * (relative to the config file's folder), checking that each image fits where it is loaded.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseVmConfig, checkImageSizes } from '../config.js';
import { loadableBytesAt } from '../config-layout.js';
import type { VmConfig } from '../config-types.js';
import { AxError } from '../errors.js';
import { checkEntryPoint, kernelImageBytes } from '../kernel-image.js';
import type { VmImages } from '../kernel-image.js';

/** The images a VM loads (moved to the isomorphic kernel-image.ts; re-exported for Node callers). */
export type { VmImages } from '../kernel-image.js';

/**
 * Reads and validates the VM config at `path`. For `image_location = "fs"` it also loads every
 * image and checks it fits its memory and that `entry_point` is one of the kernel's instructions. Throws AxError: InvalidInput for an invalid config or image,
 * NotFound or Io for a file that cannot be read.
 */
export async function loadVmConfig(path: string): Promise<VmConfig> {
  const text = new TextDecoder().decode(readBytes(path, path, '', MAX_SOURCE_BYTES));
  const config = parseVmConfig(text, path);
  if (config.kernel.imageLocation === 'fs') loadCheckedImages(config);
  return config;
}

/** Loads the images of a config whose images are files, resolving paths against the config file's folder. */
export async function loadVmImages(config: VmConfig): Promise<VmImages> {
  return Promise.resolve(loadVmImagesSync(config));
}

/** `loadVmImages`, synchronously (the Node HAL loads images inside `Vm.create`). */
export function loadVmImagesSync(config: VmConfig): VmImages {
  const folder = dirname(config.source);
  const kernelPath = config.kernel.kernelPath;
  // Assembly source is text (comments, spelled-out numbers): it may be larger than the image it makes.
  const kernelLimit = kernelPath.toLowerCase().endsWith('.exa') ? MAX_SOURCE_BYTES : loadableBytesAt(config, config.kernel.kernelLoadAddr);
  const kernel = kernelImageBytes(kernelPath, readBytes(resolve(folder, kernelPath), config.source, 'kernel.kernel_path', kernelLimit), config.source);
  const images: { -readonly [K in keyof VmImages]: VmImages[K] } = { kernel };
  for (const name of ['bios', 'dtb', 'ramdisk'] as const) {
    const image = config.kernel[name];
    if (image !== undefined) images[name] = readBytes(resolve(folder, image.path), config.source, `kernel.${name}_path`, loadableBytesAt(config, image.loadAddr));
  }
  return images;
}

/** Loads the images and checks that each fits its memory and that `entry_point` is one of the kernel's instructions. */
export function loadCheckedImages(config: VmConfig): VmImages {
  const images = loadVmImagesSync(config);
  checkImageSizes(config, {
    kernel: images.kernel.length,
    ...(images.bios === undefined ? {} : { bios: images.bios.length }),
    ...(images.dtb === undefined ? {} : { dtb: images.dtb.length }),
    ...(images.ramdisk === undefined ? {} : { ramdisk: images.ramdisk.length }),
  });
  checkEntryPoint(config, images.kernel);
  return images;
}

/** Largest config file or kernel assembly source read (bytes). */
const MAX_SOURCE_BYTES = 16 * 1024 * 1024;

/**
 * The bytes of image `file`, which must be a regular file of at most `limit` bytes (the memory it
 * is loaded into): a device (/dev/zero), a FIFO or a huge file is InvalidInput naming `field`,
 * found before anything is read. Opened non-blocking, so a FIFO cannot block the open.
 */
function readBytes(file: string, source: string, field: string, limit: number): Uint8Array {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new AxError('InvalidInput', `${file} is not a regular file`, place(source, field));
    if (stat.size > limit) {
      const why = field === '' ? `is too large (at most ${limit} bytes are read)` : `does not fit where it is loaded (at most ${limit} bytes)`;
      throw new AxError('InvalidInput', `the ${stat.size}-byte file ${file} ${why}`, place(source, field));
    }
    const bytes = new Uint8Array(stat.size);
    for (let done = 0; done < bytes.length; ) {
      const count = readSync(fd, bytes, done, bytes.length - done, done);
      if (count === 0) return bytes.subarray(0, done);
      done += count;
    }
    return bytes;
  } catch (error) {
    throw error instanceof AxError ? error : fileError(error, file, source, field);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function fileError(error: unknown, file: string, source: string, field: string): AxError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const kind = code === 'ENOENT' ? 'NotFound' : code === 'EISDIR' ? 'InvalidInput' : 'Io';
  return new AxError(kind, `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, place(source, field));
}

/** Where an error is: the config file, and the key when there is one. */
function place(source: string, field: string): { vm: string; field?: string } {
  return { vm: source, ...(field === '' ? {} : { field }) };
}
