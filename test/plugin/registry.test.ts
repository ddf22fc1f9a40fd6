/**
 * The plugin registry: mandatory callbacks, USE resolution with the inclusion check, duplicates,
 * unresolved dependencies, options and arguments, plugin_configure, freezing at boot.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PluginRegistry, PluginRegistryError } from '../../src/plugin/registry/index.js';
import { PluginConfigError } from '../../src/plugin/config/index.js';
import type { PluginModule } from '../../src/plugin/api/index.js';
import { definePlugin, svm_plugin_configure, svm_value_integer_new } from '../../src/plugin/api/index.js';

const int = definePlugin({
  configuration: 'PLUGIN int\nDEFINE\n  INSTRUCTION int.add INT INT + -> INT\n  TYPE int.big\n  OPTION int.verbose -v BLN\n  ARGUMENT int.base INT\n  ARGUMENTS int.rest',
  instruction_add: (svm) => svm_value_integer_new(svm, 0),
  type_big_delete: () => undefined,
});

function problems(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof PluginRegistryError, String(error));
    return error.message;
  }
  assert.fail('expected a PluginRegistryError');
}

test('a plugin set boots and gives its objects with compiled patterns and callbacks', () => {
  const registry = new PluginRegistry();
  registry.add(int, { arguments: ['10', 'a', 'b'], options: { verbose: true } });
  const set = registry.boot();
  const add = set.find('INSTRUCTION', 'int.add');
  assert.ok(add?.compiled);
  assert.equal(typeof add.callbacks.get('call'), 'function');
  assert.equal(set.setting('int.verbose'), true);
  assert.equal(set.setting('int.base'), 10);
  assert.deepEqual(set.rest('int.rest'), ['a', 'b']);
});

test('a missing mandatory callback is refused, naming the object and the callback', () => {
  const registry = new PluginRegistry();
  registry.add({ configuration: 'PLUGIN t\nDEFINE\n  TYPE t.x\n  INSTRUCTION t.go' }, { source: 't.js' });
  const message = problems(() => registry.boot());
  assert.match(message, /t\.js \(plugin t\): TYPE t\.x needs the callback type_x_delete/);
  assert.match(message, /INSTRUCTION t\.go needs the callback instruction_go/);
});

test('every sequencer and scheduler callback but notification is mandatory', () => {
  const registry = new PluginRegistry();
  registry.add({ configuration: 'PLUGIN s\nDEFINE\n  SEQUENCER s.q\n  SCHEDULER s.r' });
  const message = problems(() => registry.boot());
  for (const name of ['create', 'delete', 'current', 'attach', 'detach', 'print']) assert.match(message, new RegExp(`sequencer_q_${name}\\b`));
  for (const name of ['create', 'delete', 'schedule', 'attach', 'detach', 'print']) assert.match(message, new RegExp(`scheduler_r_${name}\\b`));
  assert.doesNotMatch(message, /notification/);
});

test('a duplicate plugin is refused when added', () => {
  const registry = new PluginRegistry();
  registry.add(int, { source: 'a.js', arguments: ['1'] });
  assert.match(problems(() => registry.add(int, { source: 'b.js' })), /b\.js: plugin int is already loaded \(from a\.js\)/);
});

test('USE lines resolve against definitions: missing plugin, missing object, not included, incompatible return', () => {
  const registry = new PluginRegistry();
  registry.add(int, { arguments: ['1'] });
  registry.add({
    configuration: 'PLUGIN app\nUSE\n  INSTRUCTION int.add INT INT -> INT\n  INSTRUCTION int.sub INT INT\n  INSTRUCTION net.get STR\n',
  }, { source: 'app.js' });
  const message = problems(() => registry.boot());
  assert.doesNotMatch(message, /app\.js:3:/); // included: fine
  assert.match(message, /app\.js:4:\d+ \(plugin app\): USE INSTRUCTION int\.sub INT INT: plugin int defines no INSTRUCTION int\.sub/);
  assert.match(message, /app\.js:5:\d+ .*no plugin net is loaded/);
});

test('a USE prototype not included in the definition is refused with a counterexample', () => {
  const registry = new PluginRegistry();
  registry.add(int, { arguments: ['1'] });
  registry.add({ configuration: 'PLUGIN app\nUSE\n  INSTRUCTION int.add STR -> INT' }, { source: 'app.js' });
  assert.match(problems(() => registry.boot()), /app\.js:3:\d+ .*not included in the definition INSTRUCTION int\.add INT INT \+ -> INT: it accepts \(a STR value\)/);
});

test('a USE whose definition returns something else is refused', () => {
  const registry = new PluginRegistry();
  registry.add(int, { arguments: ['1'] });
  registry.add({ configuration: 'PLUGIN app\nUSE\n  INSTRUCTION int.add INT INT -> STR' });
  assert.match(problems(() => registry.boot()), /the definition returns INT, the prototype expects STR/);
});

test('options and arguments are checked against their declared types', () => {
  const registry = new PluginRegistry();
  registry.add(int, { options: { verbose: 3, nope: 1 }, arguments: ['x'] });
  const message = problems(() => registry.boot());
  assert.match(message, /OPTION int\.verbose \(-v\) expects a boolean, got 3/);
  assert.match(message, /unknown option "nope"/);
  assert.match(message, /ARGUMENT int\.base expects an integer .*, got "x"/);
});

test('a missing ARGUMENT and extra arguments are refused', () => {
  const missing = new PluginRegistry();
  missing.add(int);
  assert.match(problems(() => missing.boot()), /ARGUMENT int\.base is missing/);
  const extra = new PluginRegistry();
  extra.add({ configuration: 'PLUGIN e\nDEFINE\n  ARGUMENT e.a STR' }, { arguments: ['1', '2'] });
  assert.match(problems(() => extra.boot()), /1 extra argument \("2"\) and no ARGUMENTS declared/);
});

test('options are found by flag too', () => {
  const registry = new PluginRegistry();
  registry.add(int, { options: { '-v': false }, arguments: ['2'] });
  assert.equal(registry.boot().setting('int.verbose'), false);
});

test('plugin_configure declares the plugin through svm_plugin_configure', () => {
  const registry = new PluginRegistry();
  registry.add(definePlugin({ plugin_configure: (svm) => svm_plugin_configure(svm, 'PLUGIN c\nDEFINE\n  INTERRUPTION c.oops') }));
  assert.ok(registry.boot().find('INTERRUPTION', 'c.oops'));
});

test('a module without configuration, or with a malformed one, is refused with a clear error', () => {
  const registry = new PluginRegistry();
  assert.match(problems(() => registry.add({} as PluginModule, { source: 'x.js' })), /x\.js: a plugin must export its configuration string/);
  assert.match(problems(() => registry.add({ plugin_configure: () => undefined })), /did not call svm_plugin_configure/);
  assert.match(problems(() => registry.add({ plugin_configure: (svm) => svm_value_integer_new(svm, 1) })), /only svm_plugin_configure can be called from plugin_configure/);
  assert.throws(() => registry.add({ configuration: 'PLUGIN\n' }, { source: 'bad.js' }), (e) => e instanceof PluginConfigError && /^bad\.js:1:/.test(e.message));
});

test('the registry freezes at boot', () => {
  const registry = new PluginRegistry();
  registry.add(int, { arguments: ['1'] });
  const set = registry.boot();
  assert.ok(Object.isFrozen(set));
  assert.match(problems(() => registry.add({ configuration: 'PLUGIN late' })), /frozen/);
  assert.match(problems(() => registry.boot()), /already booted/);
});

test('integer options and arguments given as text must be safe integers; an option given twice is refused', () => {
  const huge = new PluginRegistry();
  huge.add(int, { arguments: ['99999999999999999999999'] });
  assert.match(problems(() => huge.boot()), /ARGUMENT int\.base expects an integer \(at most 9007199254740991 in magnitude\), got "99999999999999999999999"/);
  const big = new PluginRegistry();
  big.add(definePlugin({ configuration: 'PLUGIN q\nDEFINE\n  OPTION q.n -n INT' }), { options: { n: '99999999999999999999999' } });
  assert.match(problems(() => big.boot()), /OPTION q\.n \(-n\) expects an integer .*, got "99999999999999999999999"/);
  const twice = new PluginRegistry();
  twice.add(int, { options: { verbose: true, '-v': false }, arguments: ['1'] });
  assert.match(problems(() => twice.boot()), /OPTION int\.verbose is given twice \(as "verbose" and "-v"\)/);
});

test('USE INSTRUCTION flags must be those of the definition', () => {
  const flagged = definePlugin({
    configuration: 'PLUGIN fl\nDEFINE\n  WAITING INSTRUCTION fl.w\n  SYSTEM INSTRUCTION fl.s',
    instruction_w: () => undefined,
    instruction_s: () => undefined,
  });
  const boot = (uses: string): string | null => {
    const registry = new PluginRegistry();
    registry.add(flagged);
    registry.add({ configuration: `PLUGIN app\nUSE\n  ${uses}` }, { source: 'app.js' });
    try {
      registry.boot();
      return null;
    } catch (error) {
      assert.ok(error instanceof PluginRegistryError);
      return error.message;
    }
  };
  assert.equal(boot('WAITING INSTRUCTION fl.w\n  SYSTEM INSTRUCTION fl.s'), null);
  assert.match(boot('INSTRUCTION fl.w') ?? '', /app\.js:3:\d+ \(plugin app\): USE INSTRUCTION fl\.w: the flags differ: the definition has WAITING, the prototype no flag/);
  assert.match(boot('INSTRUCTION fl.s') ?? '', /USE INSTRUCTION fl\.s: the flags differ: the definition has SYSTEM, the prototype no flag/);
  assert.match(boot('WAITING SYSTEM INSTRUCTION fl.s') ?? '', /the definition has SYSTEM, the prototype WAITING SYSTEM/);
});
