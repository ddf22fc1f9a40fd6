/** The plugin registry: add plugin modules, boot them into a frozen, checked set. */
export type { AddPluginOptions, DefinedObject, LoadedPlugin, UsedObject } from './registry.js';
export { PluginRegistry, PluginSet } from './registry.js';
export { PluginRegistryError } from './errors.js';
export type { PluginSettings, ResolvedSettings, SettingValue } from './settings.js';
export type { CallbackSpec } from './callbacks.js';
export { callbacksOf } from './callbacks.js';
