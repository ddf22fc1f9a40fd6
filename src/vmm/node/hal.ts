/**
 * The default HAL on Node: the isomorphic `DefaultHal` with a nanosecond clock
 * (`process.hrtime.bigint`), and files: it loads a config's images (relative to the config file)
 * and opens its block device's disk file, so `Vm.create(config, createNodeHal(...))` needs nothing else.
 */
import type { VmConfig } from '../config-types.js';
import type { BlockBackend } from '../devices/block.js';
import { DefaultHal } from '../hal.js';
import type { DefaultHalOptions } from '../hal.js';
import type { VmImages } from '../kernel-image.js';
import type { VmHal } from '../vm.js';
import { openConfigDisk } from './file-disk.js';
import { loadCheckedImages } from './load-config.js';

/** How to create the Node HAL: the default HAL's options without the clock. */
export type NodeHalOptions = Omit<DefaultHalOptions, 'clock'>;

/** The Node HAL. */
export class NodeHal extends DefaultHal implements VmHal {
  /** Creates it over `options.memory`. */
  constructor(options: NodeHalOptions) {
    super({ ...options, clock: () => process.hrtime.bigint() });
  }

  /** Reads and checks the images `config` names (paths relative to the config file). */
  loadImages(config: VmConfig): VmImages {
    return loadCheckedImages(config);
  }

  /** Opens (creating it when missing) the disk file of `config`'s block device, if it has one and a `disk_path`. */
  openDisk(config: VmConfig): BlockBackend | undefined {
    return openConfigDisk(config);
  }
}

/** A DefaultHal whose time is Node's monotonic nanosecond clock, and which loads files. */
export function createNodeHal(options: NodeHalOptions): NodeHal {
  return new NodeHal(options);
}
