/**
 * Loads plugin modules from files (Node only): a compiled ES module whose exports are the plugin
 * (its `configuration` or `plugin_configure` and callbacks), or whose default export is.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PluginModule } from '../api/types.js';
import { PluginRegistryError } from '../registry/errors.js';
import type { AddPluginOptions, PluginRegistry } from '../registry/registry.js';
import { errorReason } from '../../messages.js';

const isPlugin = (candidate: unknown): candidate is PluginModule =>
  typeof candidate === 'object' && candidate !== null && ('configuration' in candidate || 'plugin_configure' in candidate);

/** Imports the plugin module at `path`; throws PluginRegistryError naming the path when it cannot. */
export async function loadPluginFile(path: string): Promise<PluginModule> {
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  } catch (error) {
    throw new PluginRegistryError([`${path}: cannot load the plugin module: ${errorReason(error)}`]);
  }
  if (isPlugin(namespace)) return namespace;
  if (isPlugin(namespace.default)) return namespace.default;
  throw new PluginRegistryError([`${path}: not a plugin module: it exports neither configuration nor plugin_configure (directly or as its default export)`]);
}

/** Loads the plugin at `path` and adds it to `registry` (its source is the path). */
export async function addPluginFile(registry: PluginRegistry, path: string, options: AddPluginOptions = {}): Promise<void> {
  registry.add(await loadPluginFile(path), { source: path, ...options });
}
