/** Shared fixtures of the runtime tests: boot plugins, run processes, read reports. */
import type { PluginModule } from '../../src/plugin/api/index.js';
import { PluginRegistry } from '../../src/plugin/registry/index.js';
import type { ProcessOptions, RuntimeOptions, RuntimeReport } from '../../src/runtime/index.js';
import { Runtime } from '../../src/runtime/index.js';

/** A runtime over `plugins` (booted in order). */
export function runtimeWith(plugins: readonly PluginModule[], options: RuntimeOptions = {}): Runtime {
  const registry = new PluginRegistry();
  for (const plugin of plugins) registry.add(plugin);
  return new Runtime(registry.boot(), options);
}

/** Runs processes on a runtime over `plugins`; returns the report and the output. */
export async function runProcesses(plugins: readonly PluginModule[], processes: readonly ProcessOptions[], options: RuntimeOptions = {}): Promise<{ report: RuntimeReport; output: string; runtime: Runtime }> {
  const runtime = runtimeWith(plugins, options);
  for (const process of processes) runtime.addProcess(process);
  const report = await runtime.run();
  return { report, output: runtime.written, runtime };
}

/** Runs one process named `main` with `code`. */
export function runMain(plugins: readonly PluginModule[], code: string, extra: Partial<ProcessOptions> = {}, options: RuntimeOptions = {}): ReturnType<typeof runProcesses> {
  return runProcesses(plugins, [{ name: 'main', code, ...extra }], options);
}
