/**
 * Booting application descriptions with an in-memory loader: one test per boot rule (each an
 * AppError naming the key), what a booted application runs, and a property: random descriptions
 * over a small vocabulary either boot or raise AppError/AsmError, never anything else.
 */
import '../helpers/property.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { AsmError } from '../../src/errors.js';
import type { PluginModule } from '../../src/plugin/api/index.js';
import { definePlugin } from '../../src/plugin/api/index.js';
import { memoryComHost, standardPlugins } from '../../src/plugins/index.js';
import type { AppLoader } from '../../src/runtime/app.js';
import { bootApplication } from '../../src/runtime/app.js';
import { parseApplication } from '../../src/runtime/app-config.js';
import { AppError } from '../../src/runtime/app-error.js';
import { encodeImage } from '../../src/image/index.js';
import { assemble } from '../../src/asm/index.js';

/** A scheduler that refuses every process. */
const picky = definePlugin({
  configuration: 'PLUGIN picky\nDEFINE\n  SCHEDULER picky.none',
  scheduler_none_create: () => ({}),
  scheduler_none_delete: () => undefined,
  scheduler_none_attach: () => false,
  scheduler_none_detach: () => true,
  scheduler_none_print: () => 'picky',
  scheduler_none_schedule: () => 0,
});

/** An in-memory loader: `files` by path, plugin modules by path. */
function loader(files: Readonly<Record<string, string | Uint8Array>>, modules: Readonly<Record<string, PluginModule>> = {}): AppLoader {
  return {
    display: (path) => `app/${path}`,
    readFile: (path) => {
      const content = files[path];
      if (content === undefined) throw new Error(`cannot read app/${path}: no such file or directory`);
      return typeof content === 'string' ? new TextEncoder().encode(content) : content;
    },
    importPlugin: async (path) => {
      const module = modules[path];
      if (module === undefined) throw new Error(`app/${path}: cannot load the plugin module`);
      return module;
    },
    standard: standardPlugins(memoryComHost(new Map())),
  };
}

const PLUGINS = '[plugins.int]\n[plugins.com]\n[plugins.run]\n';
const PROCESS = '[[process]]\nname = "main"\ncode = "main.exa"\n';

/** Boots `toml` with `files`; returns the runtime. */
const boot = (toml: string, files: Readonly<Record<string, string | Uint8Array>>, modules: Readonly<Record<string, PluginModule>> = {}) =>
  bootApplication(parseApplication(toml, 'app.toml'), loader(files, modules));

/** Asserts that booting is refused with exactly `message` after `app.toml: `. */
async function refused(toml: string, files: Readonly<Record<string, string | Uint8Array>>, message: string, modules: Readonly<Record<string, PluginModule>> = {}): Promise<void> {
  await assert.rejects(boot(toml, files, modules), (e) => e instanceof AppError && e.message === `app.toml: ${message}`, message);
}

test('a booted application runs its processes with their kernels, sequencer and scheduler', async () => {
  const runtime = await boot(`[application]\nslice = 5\ninstructions_per_ms = 5\n${PLUGINS}${PROCESS}sequencer = "run.stack"\nscheduler = "run.rr"\n[[process.kernel]]\ncode = "top.exa"\n`, {
    'main.exa': ':com.print "bottom"\npush 0\nhalt',
    'top.exa': ':com.print "top"\npush 0\nhalt',
  });
  const report = await runtime.run();
  assert.equal(runtime.written, 'top\nbottom\n');
  assert.equal(report.ok, true);
  assert.equal(runtime.slice, 5);
});

test('the real clock runs an application too', async () => {
  const runtime = await boot(`[application]\nclock = "real"\n${PLUGINS}${PROCESS}`, { 'main.exa': ':run.sleep 1\n:com.print "woke"\npush 0\nhalt' });
  const report = await runtime.run();
  assert.equal(runtime.written, 'woke\n');
  assert.equal(report.ok, true);
});

test('an image runs as plain exvm code', async () => {
  const image = encodeImage(assemble('push 3\nhalt', { file: 'k.exa' }));
  const runtime = await boot(`${PROCESS.replace('main.exa', 'k.exb')}`, { 'k.exb': image });
  const report = await runtime.run();
  assert.equal(report.processes[0].kernels[0].exitCode, 3);
});

test('access control from the description: quotas and protected mode reach the kernel', async () => {
  const runtime = await boot(`${PLUGINS}${PROCESS}instructions = 3\n`, { 'main.exa': 'loop:\njmp loop' });
  const report = await runtime.run();
  assert.equal(report.processes[0].kernels[0].interruption?.kind, 'SECURITY');
});

test('scheduler_parameter reaches the scheduler\'s attach once, and nothing is scheduled before plugin_startup', async () => {
  const events: string[] = [];
  let started = false;
  const watcher = definePlugin({
    configuration: 'PLUGIN watch\nDEFINE\n  SCHEDULER watch.log',
    plugin_startup: () => void (started = true),
    scheduler_log_create: () => ({}),
    scheduler_log_delete: () => undefined,
    scheduler_log_attach: (svm, handler, process, parameter) => (events.push(`attach ${parameter}`), true),
    scheduler_log_detach: () => (events.push('detach'), true),
    scheduler_log_print: () => 'watch',
    scheduler_log_schedule: () => (events.push(started ? 'schedule' : 'schedule before plugin_startup'), 0),
  });
  const runtime = await boot(`[plugins.watch]\npath = "w.mjs"\n${PROCESS}scheduler = "watch.log"\nscheduler_parameter = 7\n`, { 'main.exa': 'push 0\nhalt' }, { 'w.mjs': watcher });
  assert.deepEqual(events, ['attach 7']);
  await runtime.run();
  assert.ok(!events.includes('schedule before plugin_startup'), events.join(', '));
  assert.equal(events.filter((e) => e.startsWith('attach')).length, 1);
});

test('each boot rule is refused with the key that caused it', async () => {
  await refused(`[plugins.nope]\n${PROCESS}`, { 'main.exa': 'halt' }, 'plugins.nope: no standard plugin is named nope (standard plugins: int, str, com, run); a plugin module needs path = "module.js"');
  await refused(`[plugins.x]\npath = "x.mjs"\n${PROCESS}`, { 'main.exa': 'halt' }, 'plugins.x.path: app/x.mjs: cannot load the plugin module');
  await refused(`[plugins.other]\npath = "p.mjs"\n${PROCESS}`, { 'main.exa': 'halt' }, 'plugins.other.path: the module declares PLUGIN picky, not other', { 'p.mjs': picky });
  await refused(`[plugins.bad]\npath = "b.mjs"\n${PROCESS}`, { 'main.exa': 'halt' }, 'plugins.bad: app/b.mjs:3:3: expected an object kind (INSTRUCTION, FUNCTION, TYPE, STRUCT, INTERRUPTION, SEQUENCER, SCHEDULER, OPTION, ARGUMENT, ARGUMENTS) but found \'NONSENSE\'', { 'b.mjs': { configuration: 'PLUGIN bad\nDEFINE\n  NONSENSE' } });
  await refused(`[plugins.run]\narguments = ["x"]\n${PROCESS}`, { 'main.exa': 'halt' }, 'plugins: standard plugin run (plugin run): 1 extra argument ("x") and no ARGUMENTS declared');
  await refused(`[plugins.dep]\npath = "d.mjs"\n${PROCESS}`, { 'main.exa': 'halt' }, 'plugins: app/d.mjs (plugin dep): INSTRUCTION dep.x needs the callback instruction_x', { 'd.mjs': { configuration: 'PLUGIN dep\nDEFINE\n  INSTRUCTION dep.x' } });
  await refused(`${PLUGINS}${PROCESS}scheduler = "run.none"`, { 'main.exa': 'halt' }, 'process[0].scheduler: no plugin defines the scheduler run.none');
  await refused(`${PLUGINS}${PROCESS}sequencer = "run.none"`, { 'main.exa': 'halt' }, 'process[0].sequencer: no plugin defines the sequencer run.none');
  await refused(`[plugins.picky]\npath = "p.mjs"\n${PROCESS}scheduler = "picky.none"`, { 'main.exa': 'halt' }, 'process[0]: process main: the scheduler picky.none refused it', { 'p.mjs': picky });
  await refused(PROCESS, {}, 'process[0].code: cannot read app/main.exa: no such file or directory');
  await refused(`${PROCESS}[[process.kernel]]\ncode = "k.exb"`, { 'main.exa': 'halt', 'k.exb': 'junk' }, 'process[0].kernel[0].code: app/k.exb: invalid image at byte 0: header: truncated: header: 8 bytes needed, only 4 left');
});

test('code that does not assemble stays an AsmError naming the code file', async () => {
  await assert.rejects(boot(`${PLUGINS}${PROCESS}`, { 'main.exa': ':int.add "a" 1\nhalt' }), (e) => e instanceof AsmError && /^app\/main\.exa:1:\d+: int\.add: argument 1: expected INT/.test(e.message));
});

test('random descriptions boot or raise AppError or AsmError, never anything else', async () => {
  const value = fc.constantFrom('"main.exa"', '"k.exb"', '"none.exa"', '"run.rr"', '"run.stack"', '"picky.none"', '"x.y"', '1', '0', '-1', 'true', '"p.mjs"');
  const key = fc.constantFrom('code', 'scheduler', 'sequencer', 'scheduler_parameter', 'protected', 'instructions', 'memory', 'memory_size', 'path', 'arguments');
  const section = fc.constantFrom('[plugins.int]', '[plugins.run]', '[plugins.picky]', '[plugins.nope]', '[[process]]\nname = "a"', '[[process]]\nname = "b"', '[[process.kernel]]');
  const line = fc.oneof(section, fc.tuple(key, value).map(([k, v]) => `${k} = ${v}`));
  const files = { 'main.exa': ':int.add 1 2 -> %\nhalt', 'k.exb': 'junk' };
  await fc.assert(fc.asyncProperty(fc.array(line, { maxLength: 14 }), async (lines) => {
    try {
      await boot(lines.join('\n'), files, { 'p.mjs': picky });
    } catch (error) {
      assert.ok(error instanceof AppError || error instanceof AsmError, `unexpected ${String(error)}`);
    }
  }), { numRuns: 200 });
});
