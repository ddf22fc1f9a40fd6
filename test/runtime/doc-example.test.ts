/** The "writing a plugin" example of docs/plugins.md, run end to end. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { definePlugin, svm_parameter_value_get, svm_value_integer_get, svm_value_integer_new } from '../../src/plugin/api/index.js';
import { PluginRegistry } from '../../src/plugin/registry/index.js';
import { Runtime } from '../../src/runtime/index.js';

const calc = definePlugin({
  configuration: `PLUGIN calc
DEFINE
  INSTRUCTION calc.add INT INT -> INT`,
  instruction_add(svm, argc, argv) {
    const [a, b] = argv.map((p) => svm_value_integer_get(svm, svm_parameter_value_get(svm, p)));
    return svm_value_integer_new(svm, a + b);
  },
});

test('the documented plugin runs from guest code', async () => {
  const registry = new PluginRegistry();
  registry.add(calc, { source: 'calc.js' });
  const runtime = new Runtime(registry.boot());
  runtime.addProcess({ name: 'main', code: ':calc.add 2 3 -> %\nhalt' });
  const report = await runtime.run();
  assert.equal(report.ok, true);
  assert.equal(report.processes[0].kernels[0].exitCode, 5);
});
