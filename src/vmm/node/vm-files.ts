/**
 * VMs from config files (Node only): loads each config and its images, sizes host memory for all
 * of them, and gives each block device its disk file (`kernel.disk_path`, relative to the config).
 */
import type { VmConfig } from '../config-types.js';
import { MapType } from '../config-types.js';
import type { ConsoleSink } from '../devices/uart.js';
import { MAX_HOST_MEMORY } from '../host-memory.js';
import { PAGE_SIZE } from '../page.js';
import type { Vm } from '../vm.js';
import type { Vmm } from '../vmm.js';
import { openConfigDisk } from './file-disk.js';
import { loadVmConfig, loadVmImagesSync } from './load-config.js';

/** Host memory reserved besides the VMs' regions (IVC channels, lazily allocated pages). */
const HOST_MEMORY_SLACK = 16 * 1024 * 1024;

/** Host memory enough for every alloc region of `configs` and every identical region at its own address. */
export function hostMemoryFor(configs: readonly VmConfig[]): number {
  let total = HOST_MEMORY_SLACK;
  let identicalTop = 0;
  for (const config of configs) {
    for (const region of config.kernel.memoryRegions) {
      if (region.mapType === MapType.Alloc) total += region.size;
      if (region.mapType === MapType.Identical) identicalTop = Math.max(identicalTop, region.gpa + region.size);
    }
  }
  const size = Math.max(total, identicalTop + HOST_MEMORY_SLACK);
  return Math.min(Math.ceil(size / PAGE_SIZE) * PAGE_SIZE, MAX_HOST_MEMORY);
}

/** Loads and validates every config (the first bad one throws, naming its file and key). */
export async function loadVmConfigs(paths: readonly string[]): Promise<VmConfig[]> {
  const configs: VmConfig[] = [];
  for (const path of paths) configs.push(await loadVmConfig(path));
  return configs;
}

/** Creates a VM of `vmm` from a loaded config: its images and, for a block device, its disk file. */
export function createVmFromConfig(vmm: Vmm, config: VmConfig, console: ConsoleSink): Vm {
  const images = loadVmImagesSync(config);
  const disk = openConfigDisk(config);
  try {
    return vmm.createVm(config, { images, console, ...(disk === undefined ? {} : { disk }) });
  } catch (error) {
    disk?.close();
    throw error;
  }
}
