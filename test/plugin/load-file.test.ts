/** Loading plugin modules from files (the Node adapter). */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { addPluginFile, loadPluginFile } from '../../src/plugin/node/load-file.js';
import { PluginRegistry, PluginRegistryError } from '../../src/plugin/registry/index.js';

const dir = mkdtempSync(join(tmpdir(), 'exvm-plugins-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

test('a module exporting its configuration and callbacks loads', async () => {
  const path = file('named.mjs', "export const configuration = 'PLUGIN named\\nDEFINE\\n  INSTRUCTION named.go';\nexport function instruction_go() {}\n");
  const registry = new PluginRegistry();
  await addPluginFile(registry, path);
  assert.ok(registry.boot().find('INSTRUCTION', 'named.go'));
});

test('a module whose default export is the plugin loads', async () => {
  const path = file('default.mjs', "export default { configuration: 'PLUGIN dflt', plugin_startup() {} };\n");
  assert.equal((await loadPluginFile(path)).configuration, 'PLUGIN dflt');
});

test('a missing file or a module that is not a plugin is refused, naming the path', async () => {
  await assert.rejects(loadPluginFile(join(dir, 'absent.mjs')), (e) => e instanceof PluginRegistryError && e.message.startsWith(`${join(dir, 'absent.mjs')}: cannot load the plugin module`));
  const path = file('other.mjs', 'export const x = 1;\n');
  await assert.rejects(loadPluginFile(path), (e) => e instanceof PluginRegistryError && /not a plugin module/.test(e.message));
});

test('a syntax error in the module is a load error, not a crash', async () => {
  const path = file('broken.mjs', 'export const = ;\n');
  await assert.rejects(loadPluginFile(path), /cannot load the plugin module/);
});

test('errors in a loaded plugin name its file', async () => {
  const path = file('incomplete.mjs', "export const configuration = 'PLUGIN inc\\nDEFINE\\n  TYPE inc.t';\n");
  const registry = new PluginRegistry();
  await addPluginFile(registry, path);
  assert.throws(() => registry.boot(), (e) => e instanceof PluginRegistryError && e.message.includes(`${path} (plugin inc): TYPE inc.t needs the callback type_t_delete`));
});
