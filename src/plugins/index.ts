/**
 * The standard plugins, written only against the public plugin API: `int`, `str`, `com` (devices,
 * through a host) and `run` (sleep, interruptions, the stack sequencer, round-robin and priority
 * schedulers).
 */
import type { PluginModule } from '../plugin/api/index.js';
import { comPlugin } from './com.js';
import type { ComHost } from './com-host.js';
import { intPlugin } from './int.js';
import { runPlugin } from './run/index.js';
import { strPlugin } from './str.js';

export type { ComHost } from './com-host.js';
export { memoryComHost } from './com-host.js';
export { comPlugin } from './com.js';
export { intPlugin } from './int.js';
export { runPlugin } from './run/index.js';
export { strPlugin } from './str.js';

/** The names of the standard plugins. */
export const STANDARD_PLUGINS = ['int', 'str', 'com', 'run'] as const;

/** The standard plugin modules by name; `com` does its input and output through `comHost`. */
export function standardPlugins(comHost: ComHost): Readonly<Record<(typeof STANDARD_PLUGINS)[number], PluginModule>> {
  return { int: intPlugin, str: strPlugin, com: comPlugin(comHost), run: runPlugin };
}
