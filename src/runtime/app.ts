/**
 * Boots an application description: loads its plugins (standard ones by name, modules through the
 * loader), boots the registry, builds the runtime and its processes with their kernels. Every
 * failure is an AppError naming the application file and the key (assembly errors stay AsmError:
 * they name the code file, line and column).
 */
import { AsmError, ImageError } from '../errors.js';
import { decodeImage, looksLikeImage } from '../image/index.js';
import { errorReason } from '../messages.js';
import type { PluginModule } from '../plugin/api/index.js';
import type { PluginSet } from '../plugin/registry/index.js';
import { PluginRegistry } from '../plugin/registry/index.js';
import type { AppDescription, AppKernel, AppPlugin } from './app-config.js';
import { AppReader } from './app-reader.js';
import type { KernelCode } from './kernel-code.js';
import { assembleKernel } from './kernel-code.js';
import type { RuntimeOptions } from './runtime.js';
import { Runtime } from './runtime.js';

/** What booting needs from its host: files relative to the application, plugin modules, the standard plugins. */
export interface AppLoader {
  /** How the file `path` (relative to the application) is named in messages. */
  display(path: string): string;
  /** The bytes of the file `path`; throws an Error saying why it cannot. */
  readFile(path: string): Uint8Array;
  /** The plugin module of the file `path`; throws an Error saying why it cannot. */
  importPlugin(path: string): Promise<PluginModule>;
  /** The standard plugins by name. */
  readonly standard: Readonly<Record<string, PluginModule>>;
}

/** Options of `bootApplication`. */
export interface BootOptions {
  /** Where the application's output goes (default: collected in `runtime.written`). */
  readonly output?: (text: string) => void;
  /** Where its input lines come from (`svm_machine_input`; default: none). */
  readonly input?: RuntimeOptions['input'];
  /** The execution tier of its kernels (default: auto). */
  readonly tier?: RuntimeOptions['tier'];
}

/** Runs `step`, turning any failure but an assembly error into an AppError at `path`. */
function at<T>(reader: AppReader, path: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof AsmError) throw error;
    throw reader.error(path, errorReason(error));
  }
}

/** The module of a plugin: a standard one by name, or the module file at its path. */
async function pluginModule(plugin: AppPlugin, loader: AppLoader, reader: AppReader): Promise<PluginModule> {
  const path = `plugins.${plugin.name}`;
  if (plugin.path !== undefined) return loader.importPlugin(plugin.path).catch((error: unknown) => Promise.reject(reader.error(`${path}.path`, errorReason(error))));
  const module = Object.hasOwn(loader.standard, plugin.name) ? loader.standard[plugin.name] : undefined;
  if (module === undefined) throw reader.error(path, `no standard plugin is named ${plugin.name} (standard plugins: ${Object.keys(loader.standard).join(', ')}); a plugin module needs path = "module.js"`);
  return module;
}

async function bootPlugins(description: AppDescription, loader: AppLoader, reader: AppReader): Promise<PluginSet> {
  const registry = new PluginRegistry();
  for (const plugin of description.plugins) {
    const path = `plugins.${plugin.name}`;
    const module = await pluginModule(plugin, loader, reader);
    const source = plugin.path === undefined ? `standard plugin ${plugin.name}` : loader.display(plugin.path);
    at(reader, path, () => registry.add(module, { source, options: plugin.options, arguments: plugin.arguments }));
    const declared = registry.names[registry.names.length - 1];
    if (declared !== plugin.name) throw reader.error(plugin.path === undefined ? path : `${path}.path`, `the module declares PLUGIN ${declared}, not ${plugin.name}`);
  }
  return at(reader, 'plugins', () => registry.boot());
}

/** The code of a kernel: an image (`.exb` or an image's magic number), otherwise assembly assembled against the plugins. */
function kernelCode(kernel: AppKernel, path: string, plugins: PluginSet, loader: AppLoader, reader: AppReader): KernelCode {
  const file = loader.display(kernel.code);
  const bytes = at(reader, `${path}.code`, () => loader.readFile(kernel.code));
  if (!kernel.code.toLowerCase().endsWith('.exb') && !looksLikeImage(bytes)) return assembleKernel(new TextDecoder().decode(bytes), plugins, { file });
  try {
    return { program: decodeImage(bytes), sites: [], memory: [], file };
  } catch (error) {
    if (error instanceof ImageError) throw reader.error(`${path}.code`, `${file}: ${error.message}`);
    throw error;
  }
}

/**
 * Boots `description`: its plugins, a runtime and its processes, ready to `run()`. Throws AppError
 * (naming the application file and the key) or AsmError (for code that does not assemble).
 */
export async function bootApplication(description: AppDescription, loader: AppLoader, options: BootOptions = {}): Promise<Runtime> {
  return buildApplication(description, await bootApplicationPlugins(description, loader), loader, options);
}

/** Loads and boots the plugins of `description` (for `buildApplication`). Throws AppError. */
export function bootApplicationPlugins(description: AppDescription, loader: AppLoader): Promise<PluginSet> {
  return bootPlugins(description, loader, new AppReader(description.source));
}

/**
 * `bootApplication` over plugins already booted, synchronously: a debugger builds the same
 * application again to go back in time. Throws AppError or AsmError.
 */
export function buildApplication(description: AppDescription, plugins: PluginSet, loader: AppLoader, options: BootOptions = {}): Runtime {
  const reader = new AppReader(description.source);
  const runtime = at(reader, 'plugins', () => new Runtime(plugins, {
    ...(description.clock === undefined ? {} : { clock: description.clock }),
    ...(description.slice === undefined ? {} : { slice: description.slice }),
    ...(description.instructionsPerMs === undefined ? {} : { instructionsPerMs: description.instructionsPerMs }),
    ...(options.output === undefined ? {} : { output: options.output }),
    ...(options.input === undefined ? {} : { input: options.input }),
    ...(options.tier === undefined ? {} : { tier: options.tier }),
  }));
  description.processes.forEach((process, index) => {
    const path = `process[${index}]`;
    for (const kind of ['sequencer', 'scheduler'] as const) {
      const name = process[kind];
      if (name !== undefined && plugins.find(kind === 'sequencer' ? 'SEQUENCER' : 'SCHEDULER', name) === undefined) throw reader.error(`${path}.${kind}`, `no plugin defines the ${kind} ${name}`);
    }
    const code = kernelCode(process, path, plugins, loader, reader);
    at(reader, path, () => runtime.addProcess({
      name: process.name, code, access: process.access, schedulerParameter: process.schedulerParameter,
      ...(process.sequencer === undefined ? {} : { sequencer: process.sequencer }),
      ...(process.scheduler === undefined ? {} : { scheduler: process.scheduler }),
      ...(process.memorySize === undefined ? {} : { memorySize: process.memorySize }),
    }));
    process.kernels.forEach((kernel, k) => {
      const kernelPath = `${path}.kernel[${k}]`;
      const kernelCodeOf = kernelCode(kernel, kernelPath, plugins, loader, reader);
      at(reader, kernelPath, () => runtime.addKernel(process.name, { code: kernelCodeOf, access: kernel.access, ...(kernel.memorySize === undefined ? {} : { memorySize: kernel.memorySize }) }));
    });
  });
  return runtime;
}
