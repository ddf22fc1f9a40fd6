/** Shared fixtures of the standard plugin tests: a runtime over the standard plugins, with in-memory files and input. */
import type { PluginModule } from '../../src/plugin/api/index.js';
import { PluginRegistry } from '../../src/plugin/registry/index.js';
import { memoryComHost, standardPlugins } from '../../src/plugins/index.js';
import type { AddPluginOptions } from '../../src/plugin/registry/index.js';
import type { ProcessOptions, RuntimeOptions, RuntimeReport } from '../../src/runtime/index.js';
import { Runtime } from '../../src/runtime/index.js';

/** What a run gives back. */
export interface StandardRun {
  readonly report: RuntimeReport;
  readonly output: string;
  readonly runtime: Runtime;
  readonly files: Map<string, string>;
}

/** How to set up a run: files and console input for `com`, options per plugin, extra plugin modules. */
export interface StandardSetup extends Omit<RuntimeOptions, 'input'> {
  readonly files?: Record<string, string>;
  readonly input?: readonly string[];
  readonly settings?: Readonly<Record<string, AddPluginOptions>>;
  readonly extra?: readonly PluginModule[];
}

/** A runtime over the four standard plugins (and `extra`), booted. */
export function standardRuntime(setup: StandardSetup = {}): { runtime: Runtime; files: Map<string, string> } {
  const files = new Map(Object.entries(setup.files ?? {}));
  const registry = new PluginRegistry();
  for (const [name, module] of Object.entries(standardPlugins(memoryComHost(files, setup.input ?? [])))) registry.add(module, setup.settings?.[name] ?? {});
  for (const module of setup.extra ?? []) registry.add(module);
  return { runtime: new Runtime(registry.boot(), { ...setup, input: undefined }), files };
}

/** Runs processes over the standard plugins. */
export async function runStandard(processes: readonly ProcessOptions[], setup: StandardSetup = {}): Promise<StandardRun> {
  const { runtime, files } = standardRuntime(setup);
  for (const process of processes) runtime.addProcess(process);
  const report = await runtime.run();
  return { report, output: runtime.written, runtime, files };
}

/** Runs one process `main` with `code`; returns the run and the interruption that ended its first kernel, if any. */
export async function runCode(code: string, setup: StandardSetup = {}): Promise<StandardRun & { interruption: { kind: string; message: string } | null }> {
  const run = await runStandard([{ name: 'main', code }], setup);
  return { ...run, interruption: run.report.processes[0].kernels[0].interruption };
}

/** A guest loop printing `name` `times` times with com.print (5 instructions an iteration), then halting. */
export const printer = (name: string, times: number): string => `
    push ${times}
loop:
    :com.print "${name}"
    push -1
    add
    dup
    jnz loop
    push 0
    halt`;
