/**
 * The architecture's dependency rules, checked on the source: layers depend only downward, and the
 * isomorphic layers (everything but the command line) import no Node built-ins, so they run in a
 * browser.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { repoPath } from './helpers/paths.js';

/** Each layer and the layers it may import from (besides itself). */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  isa: ['image'], // operand validation reads the program's constant pool (a type)
  image: ['isa'],
  asm: ['isa', 'image'],
  machine: ['isa', 'image'],
  stdlib: ['isa', 'image', 'machine'],
  vmc: ['isa', 'image', 'asm', 'machine', 'stdlib'],
  plugin: ['isa', 'image', 'asm', 'machine', 'stdlib'],
  vmm: ['isa', 'image', 'asm', 'machine', 'stdlib'],
  runtime: ['isa', 'image', 'asm', 'machine', 'stdlib', 'plugin'], // the runtime implements the plugin API
  plugins: ['plugin'], // standard plugins: only the public plugin API module (checked below)
  debug: ['isa', 'image', 'asm', 'machine', 'stdlib', 'runtime', 'plugin', 'vmm'],
  cli: ['isa', 'image', 'asm', 'machine', 'stdlib', 'vmc', 'plugin', 'vmm', 'errors', 'runtime', 'plugins', 'debug'],
};
const ISOMORPHIC = ['isa', 'image', 'asm', 'machine', 'stdlib', 'vmc', 'plugin', 'vmm', 'runtime', 'plugins', 'debug'];
/** The one module standard plugins may import (besides each other): the public plugin API. */
const PLUGIN_API = 'plugin/api/index.js';
/** Node adapters inside an isomorphic layer, by convention in a `node/` folder. */
const isNodeAdapter = (file: string): boolean => file.split('/').includes('node');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []);
}

const src = repoPath('src');
const imports = sources(src).map((file) => ({
  file: relative(src, file),
  layer: relative(src, file).split('/')[0],
  text: readFileSync(file, 'utf8'),
  specifiers: [...readFileSync(file, 'utf8').matchAll(/^import\b[^;]*?from '([^']+)';/gm)].map(([, specifier]) => specifier),
}));

test('layers import only from the layers below them', () => {
  for (const { file, layer, specifiers } of imports) {
    if (!(layer in ALLOWED)) continue;
    for (const specifier of specifiers.filter((s) => s.startsWith('.'))) {
      const target = relative(src, join(dirname(join(src, file)), specifier)).split('/')[0].replace(/\.js$/, '');
      if (target === layer || target === 'errors' || target === 'messages') continue; // shared by every layer
      assert.ok(ALLOWED[layer].includes(target), `${file} (layer ${layer}) imports ${specifier} from layer ${target}`);
    }
  }
});

test('standard plugins import only the public plugin API module', () => {
  for (const { file, layer, specifiers } of imports) {
    if (layer !== 'plugins') continue;
    for (const specifier of specifiers) {
      const target = relative(src, join(dirname(join(src, file)), specifier));
      assert.ok(target === PLUGIN_API || target.startsWith('plugins/'), `${file} imports ${specifier}: a standard plugin may only import src/${PLUGIN_API}`);
    }
  }
});

test('the isomorphic layers import no Node built-ins', () => {
  for (const { file, layer, specifiers } of imports) {
    if (!ISOMORPHIC.includes(layer) || isNodeAdapter(file)) continue;
    for (const specifier of specifiers) assert.ok(!specifier.startsWith('node:'), `${file} imports ${specifier}`);
  }
});

test('the isomorphic layers use no Node globals', () => {
  for (const { file, layer, text } of imports) {
    if (!ISOMORPHIC.includes(layer) || isNodeAdapter(file)) continue;
    const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''); // comments may mention them
    // `process.` alone is not enough: the runtime names its own processes (`this.process.name`)
    for (const use of [/\bBuffer\./, /\bnew Buffer\b/, /(?<![.\w$])process\.(?:env|argv|exit|exitCode|stdout|stderr|stdin|cwd|platform|on|nextTick|hrtime|versions?|memoryUsage)\b/, /\brequire\(/, /\b__dirname\b/, /\b__filename\b/]) {
      assert.doesNotMatch(code, use, `${file} uses a Node global`);
    }
  }
});
