/**
 * Object lifetimes and inter-plugin calls: what a callback creates is freed when it returns unless
 * made global; values taken over by memory live on; structures and functions cross plugins.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SVM_Value } from '../../src/plugin/api/index.js';
import * as api from '../../src/plugin/api/index.js';
import { calc, deleted, killer, probe, probePlugin } from './fixtures.js';
import { runMain, runProcesses } from './helpers.js';

test('a plugin value made during a callback is deleted when the callback returns', async () => {
  deleted.length = 0;
  probe.body = (svm) => void api.svm_value_plugin_new(svm, 'probe.thing', 'temporary');
  const { report } = await runMain([probePlugin], ':probe.run\npush 0\nhalt');
  assert.equal(report.ok, true);
  assert.deepEqual(deleted, ['temporary']);
});

test('a global value survives its callback and is deleted when deleted explicitly', async () => {
  deleted.length = 0;
  let kept: SVM_Value | null = null;
  probe.body = (svm) => {
    if (kept === null) {
      kept = api.svm_value_plugin_new(svm, 'probe.thing', 'kept');
      api.svm_variable_scope_set_global(svm, kept);
    } else {
      assert.equal(api.svm_value_plugin_get_internal(svm, kept), 'kept');
      assert.deepEqual(deleted, []);
      api.svm_variable_delete(svm, kept);
      assert.equal(api.svm_variable_is_valid(svm, kept), false);
    }
  };
  const { report } = await runMain([probePlugin], ':probe.run\n:probe.run\npush 0\nhalt');
  assert.equal(report.ok, true, report.processes[0].kernels[0].report ?? '');
  assert.deepEqual(deleted, ['kept']);
});

test('a value returned to memory is taken over, not deleted, until its cell is overwritten', async () => {
  deleted.length = 0;
  let n = 0;
  const seen: unknown[] = [];
  probe.body = (svm) => {
    seen.push([...deleted]);
    return n < 2 ? api.svm_value_plugin_new(svm, 'probe.thing', `v${n++}`) : null;
  };
  const { report } = await runMain([probePlugin], '.value x probe.thing\n:probe.value -> @x\n:probe.value -> @x\n:probe.run\npush 0\nhalt');
  assert.equal(report.ok, true, report.processes[0].kernels[0].report ?? '');
  assert.deepEqual(seen, [[], [], ['v0']]); // v0 lived in memory until the second call overwrote it
  assert.deepEqual(deleted, ['v0', 'v1']); // v1 was still in memory when the kernel ended
});

test('structures pass between plugins and functions are callable between plugins', async () => {
  const results: number[] = [];
  probe.body = (svm) => {
    const twice = api.svm_function_call(svm, 'probe.twice', 1, [api.svm_parameter_value_new(svm, api.svm_value_integer_new(svm, 21))]) as SVM_Value;
    results.push(api.svm_value_integer_get(svm, twice));
    const box = api.svm_structure_new(svm, 'probe.box', { n: 7 });
    const unboxed = api.svm_function_call(svm, 'probe.unbox', 1, [api.svm_parameter_structure_new(svm, box)]) as SVM_Value;
    results.push(api.svm_value_integer_get(svm, unboxed));
  };
  const { report } = await runMain([probePlugin], ':probe.run\npush 0\nhalt');
  assert.equal(report.ok, true, report.processes[0].kernels[0].report ?? '');
  assert.deepEqual(results, [42, 7]);
});

test('a structure made during a callback is deleted by its plugin when the callback returns', async () => {
  deleted.length = 0;
  probe.body = (svm) => void api.svm_structure_new(svm, 'probe.box', 'box');
  await runMain([probePlugin], ':probe.run\npush 0\nhalt');
  assert.deepEqual(deleted, ['box']);
});

test('values copy and compare through the API (plugin types through their callbacks)', async () => {
  const seen: (number | string | null)[] = [];
  probe.body = (svm, argv) => {
    const rat = api.svm_parameter_value_get(svm, argv[0]);
    const copy = api.svm_value_copy(svm, rat);
    seen.push(api.svm_value_print(svm, copy), api.svm_value_compare(svm, rat, copy));
    seen.push(api.svm_value_compare(svm, api.svm_value_integer_new(svm, 1), api.svm_value_integer_new(svm, 2)));
    seen.push(api.svm_value_compare(svm, api.svm_value_integer_new(svm, 1), api.svm_value_string_new(svm, '1')));
  };
  const { report } = await runMain([probePlugin, calc], ':probe.run CONST calc.rat "2/3"\npush 0\nhalt');
  assert.equal(report.ok, true, report.processes[0].kernels[0].report ?? '');
  assert.deepEqual(seen, ['2/3', null, -1, null]); // calc.rat has no compare callback: not comparable
});

test('an AUTO cell takes values of any type', async () => {
  const { output, report } = await runMain([calc], '.value a AUTO\n:calc.add 1 2 -> @a\n:calc.print @a\n:calc.rat 1 3 -> @a\n:calc.print @a\npush 0\nhalt');
  assert.equal(report.ok, true, report.processes[0].kernels[0].report ?? '');
  assert.equal(output, '3\n1/3\n');
});

test("a function's result is checked against its declaration: a wrong type or a missing result raises FAILURE", async () => {
  const outcomes: string[] = [];
  const liar = api.definePlugin({
    configuration: 'PLUGIN liar\nDEFINE\n  FUNCTION liar.f -> INT\n  FUNCTION liar.g -> INT ?\n  FUNCTION liar.h -> INT\n  INSTRUCTION liar.call STR',
    function_f: (svm) => api.svm_value_string_new(svm, 's'),
    function_g: () => null,
    function_h: () => null,
    instruction_call: (svm, argc, argv) => {
      outcomes.push(api.svm_function_call(svm, 'liar.g', 0, []) === null ? 'g: null' : 'g: value');
      api.svm_function_call(svm, api.svm_value_string_get(svm, api.svm_parameter_value_get(svm, argv[0])), 0, []);
    },
  });
  const { report } = await runMain([liar], ':liar.call "liar.f"\npush 0\nhalt');
  assert.deepEqual(outcomes, ['g: null']);
  assert.equal(report.processes[0].kernels[0].interruption?.message, 'svm_function_call: function liar.f returned a STR value, but its declaration says -> INT');
  const { report: missing } = await runMain([liar], ':liar.call "liar.h"\npush 0\nhalt');
  assert.equal(missing.processes[0].kernels[0].interruption?.message, 'svm_function_call: function liar.h returned nothing, but its declaration says -> INT');
});

test('values left in kernel memory are deleted when the kernel ends; global variables when the run ends', async () => {
  deleted.length = 0;
  let during: unknown[] = [];
  probe.body = (svm) => {
    const box = api.svm_structure_new(svm, 'probe.box', 'global box');
    api.svm_variable_scope_set_global(svm, box);
    api.svm_variable_scope_set_global(svm, api.svm_value_plugin_new(svm, 'probe.thing', 'global thing'));
    return api.svm_value_plugin_new(svm, 'probe.thing', 'in memory');
  };
  const watcher = api.definePlugin({
    configuration: 'PLUGIN w\nDEFINE\n  INSTRUCTION w.look',
    instruction_look: () => void (during = [...deleted]),
  });
  const { report } = await runProcesses([probePlugin, watcher], [
    { name: 'main', code: '.value x probe.thing\n:probe.value -> @x\npush 0\nhalt' },
    { name: 'later', code: 'push 0\npush 0\npush 0\npop\npop\n:w.look\nhalt' },
  ], { slice: 1 });
  assert.equal(report.ok, true, JSON.stringify(report.warnings));
  assert.deepEqual(during, ['in memory'], 'deleted when main ended, while the run went on');
  assert.deepEqual(deleted, ['in memory', 'global box', 'global thing']);
});

test("another plugin's objects are usable only through a USE line, and calls are matched against the local prototype", async () => {
  const provider = api.definePlugin({
    configuration: 'PLUGIN prov\nDEFINE\n  FUNCTION prov.f VALUE -> INT\n  TYPE prov.t',
    function_f: (svm) => api.svm_value_integer_new(svm, 5),
    type_t_delete: () => undefined,
  });
  const user = (uses: string, body: (svm: api.SVM) => unknown): api.PluginModule => api.definePlugin({
    configuration: `PLUGIN usr\n${uses}DEFINE\n  INSTRUCTION usr.go`,
    instruction_go: (svm) => void body(svm),
  });
  const messageOf = async (plugin: api.PluginModule): Promise<string | undefined> =>
    (await runMain([provider, plugin], ':usr.go\npush 0\nhalt')).report.processes[0].kernels[0].interruption?.message;
  const callWith = (value: (svm: api.SVM) => api.SVM_Value) => (svm: api.SVM) => api.svm_function_call(svm, 'prov.f', 1, [api.svm_parameter_value_new(svm, value(svm))]);
  assert.equal(await messageOf(user('', callWith((svm) => api.svm_value_integer_new(svm, 1)))),
    'svm_function_call: parameter name: plugin usr uses the FUNCTION prov.f of plugin prov without declaring it (add USE FUNCTION prov.f ... to its configuration)');
  assert.equal(await messageOf(user('', (svm) => api.svm_value_plugin_new(svm, 'prov.t', {}))),
    'svm_value_plugin_new: parameter type: plugin usr uses the TYPE prov.t of plugin prov without declaring it (add USE TYPE prov.t ... to its configuration)');
  const declared = 'USE\n  FUNCTION prov.f INT -> INT\n  TYPE prov.t\n';
  assert.equal(await messageOf(user(declared, callWith((svm) => api.svm_value_integer_new(svm, 1)))), undefined);
  assert.equal(await messageOf(user(declared, (svm) => api.svm_value_plugin_new(svm, 'prov.t', {}))), undefined);
  assert.match(await messageOf(user(declared, callWith((svm) => api.svm_value_string_new(svm, 'x')))) ?? '', /^svm_function_call: parameter argv does not match the USE prototype of FUNCTION prov\.f: /);
});

test("another plugin's interruption needs no USE line: a relay raises what guest code names", async () => {
  const relay = api.definePlugin({
    configuration: 'PLUGIN rl\nDEFINE\n  INSTRUCTION rl.raise STR',
    instruction_raise: (svm, argc, argv) =>
      api.svm_processor_current_raise_error_external__raw(svm, api.svm_value_string_get(svm, api.svm_parameter_value_get(svm, argv[0])), 'relayed'),
  });
  const { report } = await runMain([probePlugin, relay], ':rl.raise "probe.alarm"\npush 0\nhalt');
  assert.deepEqual(report.processes[0].kernels[0].interruption, { kind: '!probe.alarm', message: 'relayed' });
});

test('the result of a WAITING instruction whose process was terminated meanwhile is deleted when it arrives', async () => {
  const gone: string[] = [];
  let seen: string[] = [];
  const late = api.definePlugin({
    configuration: 'PLUGIN lt\nDEFINE\n  TYPE lt.t\n  WAITING INSTRUCTION lt.make -> lt.t\n  WAITING INSTRUCTION lt.look',
    type_t_delete: (svm, handler) => void gone.push(handler as string),
    instruction_make: async (svm) => {
      await api.svm_machine_sleep(svm, 5);
      return api.svm_value_plugin_new(svm, 'lt.t', 'late');
    },
    instruction_look: async (svm) => {
      await api.svm_machine_sleep(svm, 10);
      seen = [...gone];
    },
  });
  const { report } = await runProcesses([calc, killer, late], [
    { name: 'victim', code: '.value c lt.t\n:lt.make -> @c\npush 0\nhalt' },
    { name: 'killer', code: ':calc.sleep 1\n:kl.kill "victim"\npush 0\nhalt' },
    { name: 'watch', code: ':lt.look\npush 0\nhalt' },
  ]);
  assert.deepEqual(report.processes.map((p) => p.state), ['ZOMBIE', 'ZOMBIE', 'ZOMBIE']);
  assert.deepEqual(seen, ['late']);
});
