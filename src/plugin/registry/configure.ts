/**
 * Reads a plugin module's configuration string: its `configuration` export, or what its
 * `plugin_configure(svm)` passes to `svm_plugin_configure` (the only API function callable then).
 */
import type { SvmBackend } from '../api/backend.js';
import { PluginApiError, bindBackend, unbindBackend } from '../api/backend.js';
import type { PluginModule } from '../api/types.js';
import { errorReason } from '../../messages.js';

/** The configuration string of `module`, or a problem (appended to `problems`) and null. */
export function configurationOf(module: PluginModule, source: string, problems: string[]): string | null {
  const configure = module.plugin_configure;
  if (typeof module.configuration === 'string' && configure !== undefined) {
    problems.push(`${source}: a plugin exports either configuration or plugin_configure, not both`);
    return null;
  }
  if (typeof module.configuration === 'string') return module.configuration;
  if (typeof configure !== 'function') {
    problems.push(`${source}: a plugin must export its configuration string (configuration) or a plugin_configure function`);
    return null;
  }
  let text: string | null = null;
  const backend = new Proxy({} as SvmBackend, {
    get: (_target, name) => name === 'svm_plugin_configure'
      ? (configuration: unknown) => {
        if (typeof configuration !== 'string') throw new PluginApiError('svm_plugin_configure', 'parameter configuration is not a string');
        text = configuration;
      }
      : () => {
        throw new PluginApiError(String(name), 'only svm_plugin_configure can be called from plugin_configure');
      },
  });
  const svm = bindBackend(backend);
  try {
    configure(svm);
  } catch (error) {
    problems.push(`${source}: plugin_configure failed: ${errorReason(error)}`);
    return null;
  } finally {
    unbindBackend(svm);
  }
  if (text === null) problems.push(`${source}: plugin_configure did not call svm_plugin_configure`);
  return text;
}
