/**
 * The plugin API checks every argument: one test per validation rule. Each bad call raises a
 * FAILURE interruption whose message names the API function and the parameter; the kernel (with
 * no handler) ends INTERRUPTED and its report says so.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SVM, SVM_Parameter, SVM_Value } from '../../src/plugin/api/index.js';
import * as api from '../../src/plugin/api/index.js';
import { deleted, probe, probePlugin } from './fixtures.js';
import { runProcesses } from './helpers.js';

/** Runs `body` as the probe instruction in process `main` (a second process `other` exists); returns main's interruption message. */
async function failure(body: (svm: SVM, argv: readonly SVM_Parameter[]) => unknown, args = ''): Promise<string> {
  probe.body = body;
  const { report } = await runProcesses([probePlugin], [
    { name: 'main', code: `:probe.run ${args}\npush 0\nhalt` },
    { name: 'other', code: 'push 0\nhalt' },
  ]);
  const kernel = report.processes[0].kernels[0];
  assert.equal(report.processes[0].state, 'INTERRUPTED', 'the bad call must interrupt the kernel');
  assert.equal(kernel.interruption?.kind, 'FAILURE');
  assert.match(kernel.report ?? '', /INTERRUPTED by FAILURE/);
  return kernel.interruption.message;
}

const asValue = (x: unknown): SVM_Value => x as SVM_Value;

test('a null handle is void', async () => {
  assert.equal(await failure((svm) => api.svm_value_integer_get(svm, asValue(null))), 'svm_value_integer_get: parameter value is void');
});

test('a handle the API never gave out is invalid', async () => {
  assert.match(await failure((svm) => api.svm_value_integer_get(svm, asValue({}))), /^svm_value_integer_get: parameter value is invalid/);
});

test('a handle freed when its callback returned is stale', async () => {
  let kept: SVM_Value | null = null;
  probe.body = (svm) => {
    if (kept === null) kept = api.svm_value_integer_new(svm, 1);
    else api.svm_value_integer_get(svm, kept);
  };
  const { report } = await runProcesses([probePlugin], [{ name: 'main', code: ':probe.run\n:probe.run\npush 0\nhalt' }]);
  assert.match(report.processes[0].kernels[0].interruption?.message ?? '', /^svm_value_integer_get: parameter value is stale/);
});

test('a handle deleted with svm_variable_delete is stale, and the message says so', async () => {
  const message = await failure((svm) => {
    const value = api.svm_value_integer_new(svm, 1);
    api.svm_variable_delete(svm, value);
    api.svm_value_integer_get(svm, value);
  });
  assert.equal(message, 'svm_value_integer_get: parameter value is stale: it was deleted (svm_variable_delete)');
});

test('a global handle on a value the kernel took over goes stale when the kernel deletes the value', async () => {
  deleted.length = 0;
  let kept: SVM_Value | null = null;
  const seen: boolean[] = [];
  probe.body = (svm) => {
    if (kept === null) {
      kept = api.svm_value_plugin_new(svm, 'probe.thing', 'first');
      api.svm_variable_scope_set_global(svm, kept);
      return kept;
    }
    seen.push(api.svm_variable_is_valid(svm, kept));
    if (seen.length === 1) return api.svm_value_plugin_new(svm, 'probe.thing', 'second');
    return api.svm_value_plugin_get_internal(svm, kept);
  };
  const code = '.value c probe.thing\n:probe.value -> @c\n:probe.value -> @c\n:probe.value\npush 0\nhalt';
  const { report } = await runProcesses([probePlugin], [{ name: 'main', code }]);
  assert.deepEqual(seen, [true, false]); // valid while in memory; stale once its cell was overwritten
  assert.equal(deleted[0], 'first');
  assert.match(report.processes[0].kernels[0].interruption?.message ?? '', /^svm_value_plugin_get_internal: parameter value is stale: the value it stood for was deleted/);
});

test('a handle of another kind is refused', async () => {
  assert.match(await failure((svm, argv) => api.svm_value_integer_get(svm, asValue(argv[0])), '1'), /^svm_value_integer_get: parameter value is not a value \(it is a parameter\)/);
});

test('a value of another type is refused', async () => {
  assert.equal(await failure((svm) => api.svm_value_integer_get(svm, api.svm_value_string_new(svm, 'x'))), 'svm_value_integer_get: parameter value is not an INT value (it is STR)');
});

test('a parameter of another kind is refused', async () => {
  assert.equal(await failure((svm, argv) => api.svm_parameter_keyword_get(svm, argv[0]), '1'), 'svm_parameter_keyword_get: parameter parameter is not a keyword parameter (it is a value)');
});

test('a null string is void and a number is not a string', async () => {
  assert.equal(await failure((svm) => api.svm_value_string_new(svm, null as unknown as string)), 'svm_value_string_new: parameter string is void');
  assert.equal(await failure((svm) => api.svm_value_string_new(svm, 3 as unknown as string)), 'svm_value_string_new: parameter string is not a string');
});

test('a fraction is not an integer', async () => {
  assert.equal(await failure((svm) => api.svm_value_integer_new(svm, 1.5)), 'svm_value_integer_new: parameter integer is not an integer');
});

test('a negative size is refused', async () => {
  assert.equal(await failure((svm) => api.svm_value_pointer_new(svm, 0, -1)), 'svm_value_pointer_new: parameter size is not a non-negative integer');
});

test('a number is not a boolean', async () => {
  assert.equal(await failure((svm) => api.svm_value_boolean_new(svm, 1 as unknown as boolean)), 'svm_value_boolean_new: parameter boolean is not a boolean');
});

test('a plugin type no plugin declares is refused', async () => {
  assert.equal(await failure((svm) => api.svm_value_plugin_new(svm, 'nope.t', {})), 'svm_value_plugin_new: parameter type: no plugin defines the TYPE nope.t');
});

test('a plugin value needs a handler', async () => {
  assert.equal(await failure((svm) => api.svm_value_plugin_new(svm, 'probe.thing', null)), 'svm_value_plugin_new: parameter handler is void');
});

test('a base value has no plugin internal object', async () => {
  assert.equal(await failure((svm) => api.svm_value_plugin_get_internal(svm, api.svm_value_integer_new(svm, 1))), 'svm_value_plugin_get_internal: parameter value is not a plugin type value (it is INT)');
});

test('a structure of another type is refused', async () => {
  assert.equal(
    await failure((svm) => api.svm_structure_get_internal(svm, 'probe.other', api.svm_structure_new(svm, 'probe.box', {}))),
    'svm_structure_get_internal: parameter structure is not a $probe.other structure (it is $probe.box)',
  );
});

test('acting on another process without its lock is refused', async () => {
  assert.equal(
    await failure((svm) => api.svm_process_suspend(svm, api.svm_process_find(svm, 'other')!)),
    'svm_process_suspend: parameter process: process other is not the current process and the current process does not hold its lock (svm_process_ownership_lock)',
  );
});

test("reading another process's kernel memory without its lock is refused", async () => {
  assert.match(
    await failure((svm) => api.svm_memory_read_address(svm, api.svm_process_kernels(svm, api.svm_process_find(svm, 'other')!)[0], 0)),
    /^svm_process_kernels: parameter process: process other is not the current process/,
  );
});

test('function arguments must match the function pattern', async () => {
  assert.equal(
    await failure((svm) => api.svm_function_call(svm, 'probe.twice', 1, [api.svm_parameter_value_new(svm, api.svm_value_string_new(svm, 'x'))])),
    'svm_function_call: parameter argv does not match FUNCTION probe.twice: argument 1: expected INT but found a STR value',
  );
});

test('argc must count argv', async () => {
  assert.equal(await failure((svm) => api.svm_function_call(svm, 'probe.twice', 2, [])), 'svm_function_call: parameter argc is 2 but argv holds 0 parameters');
});

test('an unknown function is refused', async () => {
  assert.equal(await failure((svm) => api.svm_function_call(svm, 'probe.nothing', 0, [])), 'svm_function_call: parameter name: no plugin defines the FUNCTION probe.nothing');
});

test('an unknown interruption kind is refused', async () => {
  assert.equal(await failure((svm) => api.svm_processor_current_raise_error_internal__raw(svm, 'OOPS', 'x')), 'svm_processor_current_raise_error_internal__raw: parameter kind: "OOPS" is not a built-in interruption kind');
});

test('an svm handle from a callback that has returned is refused', async () => {
  let old: SVM | null = null;
  probe.body = (svm) => {
    if (old === null) old = svm;
    else api.svm_value_integer_new(old, 1);
  };
  const { report } = await runProcesses([probePlugin], [{ name: 'main', code: ':probe.run\n:probe.run\npush 0\nhalt' }]);
  assert.match(report.processes[0].kernels[0].interruption?.message ?? '', /threw: svm_value_integer_new: parameter svm is not the first parameter of a running plugin callback/);
});

test('a process locking itself is refused', async () => {
  assert.equal(
    await failure((svm) => api.svm_process_ownership_trylock(svm, api.svm_process_get_current(svm))),
    'svm_process_ownership_trylock: parameter process is the current process: a process does not lock itself',
  );
});
