/**
 * The VM tester on broken plain-JavaScript modules (test/vmc/broken), loaded as a host loads them:
 * it sees through the dialect adapter, checks destroy last, and reports every check whatever the
 * VM does.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Capability, StatusCode } from '../../src/vmc/constants.js';
import { loadAndCreate } from '../../src/vmc/loader.js';
import { makeResult } from '../../src/vmc/result.js';
import type { VM } from '../../src/vmc/types.js';
import type { CheckReport } from '../../src/vmc/vmtester.js';
import { destroyVm, runVmTester } from '../../src/vmc/vmtester.js';
import { repoPath } from '../helpers/paths.js';

const broken = (name: string): string => repoPath('test', 'vmc', 'broken', `${name}.mjs`);

/** The failed checks, by name, with their details. */
async function failures(name: string): Promise<Record<string, string>> {
  const reports: CheckReport[] = runVmTester(await loadAndCreate(broken(name)), { destroy: true });
  assert.equal(reports.at(-1)?.name, 'destroy', 'destroy is the last check');
  return Object.fromEntries(reports.filter((r) => !r.passed).map((r) => [r.name, r.detail]));
}

const EXECUTES = ['execute call (empty code)', 'execute create (empty code)'];

describe('the VM tester on broken modules', () => {
  it('a VM without destroy, or whose destroy throws, fails the destroy check and nothing else', async () => {
    assert.deepEqual(await failures('nodestroy'), { destroy: 'no destroy() method' });
    assert.deepEqual(await failures('destroy_throws'), { destroy: 'destroy() threw: destroy boom' });
  });

  it('a destroy that is not a function', () => {
    const vm = { abiVersion: 10, name: 'x', version: '1', getCapabilities: () => Capability.Vm1, destroy: 'no', execute: () => makeResult({ statusCode: StatusCode.Success }) };
    const reports = runVmTester(vm as unknown as VM, { destroy: true });
    assert.deepEqual(reports.filter((r) => !r.passed).map((r) => [r.name, r.detail]), [['destroy', 'destroy is string, not a function']]);
    assert.equal(destroyVm(vm as unknown as VM), 'destroy is string, not a function');
  });

  it('a release that is not a function and an output_size that disagrees with output_data, which the adapter hides', async () => {
    const failed = await failures('rel_bad');
    assert.deepEqual(Object.keys(failed).sort(), [...EXECUTES, 'release'].sort());
    for (const name of EXECUTES) assert.equal(failed[name], 'release is string, not a function; output_size is 7 but output_data is null');
    assert.equal(failed.release, 'release is string, not a function');
  });

  it('gas left above the message\'s gas, a fractional refund, output that is no byte array', async () => {
    const failed = await failures('frac');
    assert.match(failed.capabilities, /returned 1\.5, not a bit set/);
    for (const name of EXECUTES) {
      assert.equal(failed[name], "gas left 65546 exceeds the message's gas 65536; gas refund 0.5 is not a non-negative whole number; output is not a byte array");
    }
  });

  it('results that are not results: a number, null, a Promise', async () => {
    const expected: Record<string, string> = {
      exec_number: 'threw: execute returned the number 42, not a result',
      exec_null: 'threw: execute returned null, not a result',
      exec_promise: 'execute returned a Promise: it must return its result synchronously',
    };
    for (const [name, detail] of Object.entries(expected)) {
      const failed = await failures(name);
      for (const check of EXECUTES) assert.equal(failed[check], detail, `${name}: ${check}`);
      assert.equal(failed.destroy, undefined, `${name} destroys cleanly`);
    }
  });

  it('a result with missing fields, a negative gas left, a refund on FAILURE, a status given as a string', async () => {
    const cases: Record<string, RegExp> = {
      exec_missing: /^output_data is missing: .*; gas left undefined is not a non-negative whole number; gas refund undefined is not/,
      exec_neg: /^gas left -5 is not a non-negative whole number$/,
      exec_badgas: /gas left is 65536 with status 1; .*gas refund is 3 with status 1/,
      status_str: /^status code '0' is not defined; .*gas refund -3 is not a non-negative whole number$/,
    };
    for (const [name, detail] of Object.entries(cases)) {
      const failed = await failures(name);
      for (const check of EXECUTES) assert.match(failed[check], detail, `${name}: ${check}`);
    }
  });
});
