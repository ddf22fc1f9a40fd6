/**
 * Loading a connector VM for the `vmc run` and `vmtester` commands. A loader failure ends the
 * command with the loader's error code as the exit code (as EVMC's tools do; UNSPECIFIED, -1,
 * becomes 255) and its message as one `exvm: ` line.
 */
import { loadAndCreate } from '../vmc/loader.js';
import { LoaderError } from '../vmc/loader-error.js';
import type { VM } from '../vmc/types.js';
import { CliFailure, toolLines } from './report.js';

/** Loads and creates the VM `config` names (`path(,name[=value])*`). */
export async function loadVm(config: string): Promise<VM> {
  try {
    return await loadAndCreate(config);
  } catch (error) {
    if (error instanceof LoaderError) throw new CliFailure(error.loaderCode & 0xff, toolLines(error.message));
    throw error;
  }
}
