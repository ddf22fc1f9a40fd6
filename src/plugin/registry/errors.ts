/**
 * The error a plugin set that cannot boot raises: every problem found (a missing callback, a
 * duplicate plugin, an unresolved or incompatible USE, a bad option), one per line.
 */
import { ErrorCode, ExvmError } from '../../errors.js';

/** A plugin set that cannot be loaded or booted (code `EXVM_PLUGIN_REGISTRY`). */
export class PluginRegistryError extends ExvmError {
  /** Creates the error from its problems, each naming the plugin (and its source) it is about. */
  constructor(readonly problems: readonly string[]) {
    super(ErrorCode.PluginRegistry, problems.join('\n'));
  }
}
