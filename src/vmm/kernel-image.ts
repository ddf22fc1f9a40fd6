/**
 * A VM's kernel as the bytes loaded into guest memory: an exvm image (`.exb`) as it is, or assembly
 * source (`.exa`) assembled and encoded. Guest kernels get no native libraries: a guest reaches the
 * world through devices and hypercalls only.
 */
import { assemble } from '../asm/index.js';
import { decodeImage, encodeImage } from '../image/index.js';
import { instructionCount } from '../image/program.js';
import { ExvmError } from '../errors.js';
import type { VmConfig } from './config-types.js';
import { AxError } from './errors.js';
import { counted } from '../messages.js';

/** The bytes a VM loads into guest memory, by image (the kernel's `.exb` encoding, the others as they are). */
export interface VmImages {
  readonly kernel: Uint8Array;
  readonly bios?: Uint8Array;
  readonly dtb?: Uint8Array;
  readonly ramdisk?: Uint8Array;
}

/**
 * The kernel image bytes for the file `path` holding `contents`. InvalidInput (naming
 * `kernel.kernel_path` in config `source`) when the source does not assemble or the image is malformed.
 */
export function kernelImageBytes(path: string, contents: Uint8Array, source: string): Uint8Array {
  try {
    if (path.toLowerCase().endsWith('.exa')) {
      return encodeImage(assemble(new TextDecoder().decode(contents), { file: path, debug: false }));
    }
    decodeImage(contents);
    return contents;
  } catch (error) {
    if (error instanceof ExvmError) {
      throw new AxError('InvalidInput', `kernel ${path} cannot be used: ${error.message}`, { vm: source, field: 'kernel.kernel_path' });
    }
    throw error;
  }
}

/**
 * Checks that `config`'s `kernel.entry_point` names an instruction of the kernel image `kernel`
 * (bytes from `kernelImageBytes`). InvalidInput naming `kernel.entry_point` otherwise.
 */
export function checkEntryPoint(config: VmConfig, kernel: Uint8Array): void {
  const count = instructionCount(decodeImage(kernel));
  const entry = config.kernel.entryPoint;
  if (entry >= count) {
    throw new AxError('InvalidInput', `entry point ${entry} is not an instruction of kernel ${config.kernel.kernelPath}, which has ${counted(count, 'instruction')}`, { vm: config.source, field: 'kernel.entry_point' });
  }
}
