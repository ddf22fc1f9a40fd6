/**
 * The built-in VMs' create functions, named after their codenames as the guides recommend: what a
 * module written against the C API would export, and what the loader finds for the built-in names.
 */
import type { DvmcVm, ZvmcVm } from '../dialect/index.js';
import { toDvmc, toZvmc } from '../dialect/index.js';
import { createExampleVm } from './example.js';
import { createExvmVm } from './exvm.js';

/** The ZVMC guide's example VM. */
export function zvmc_create_example_vm(): ZvmcVm {
  return toZvmc(createExampleVm());
}

/** The DVMC guide's example VM (the same VM under the codename `trans_log_vm`). */
export function dvmc_create_trans_log_vm(): DvmcVm {
  return toDvmc(createExampleVm({ name: 'trans_log_vm' }));
}

/** The exvm machine as a ZVMC VM: executes `.exb` program images with a `host` native library. */
export function zvmc_create_exvm(): ZvmcVm {
  return toZvmc(createExvmVm());
}
