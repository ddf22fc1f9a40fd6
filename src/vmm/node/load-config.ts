/**
 * Loads a VM config from a TOML file and, for `image_location = "fs"`, the images it names
 * (relative to the config file's folder), checking that each image fits where it is loaded.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseVmConfig, checkImageSizes } from '../config.js';
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
  const text = await readText(path, path, '');
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
  const kernel = kernelImageBytes(kernelPath, readBytes(resolve(folder, kernelPath), config.source, 'kernel.kernel_path'), config.source);
  const images: { -readonly [K in keyof VmImages]: VmImages[K] } = { kernel };
  for (const name of ['bios', 'dtb', 'ramdisk'] as const) {
    const image = config.kernel[name];
    if (image !== undefined) images[name] = readBytes(resolve(folder, image.path), config.source, `kernel.${name}_path`);
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

function readBytes(file: string, source: string, field: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(file));
  } catch (error) {
    throw fileError(error, file, source, field);
  }
}

async function readText(file: string, source: string, field: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw fileError(error, file, source, field);
  }
}

function fileError(error: unknown, file: string, source: string, field: string): AxError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const kind = code === 'ENOENT' ? 'NotFound' : code === 'EISDIR' ? 'InvalidInput' : 'Io';
  return new AxError(kind, `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, { vm: source, ...(field === '' ? {} : { field }) });
}
