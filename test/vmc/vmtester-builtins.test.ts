/**
 * The VM tester passes every VM that ships with the connector, loaded as a host loads them: the
 * built-in VMs in both dialects, the plain-JavaScript fixture modules written against the C guides,
 * and the example module of docs/connector.md.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadAndCreate } from '../../src/vmc/loader.js';
import { runVmTester } from '../../src/vmc/vmtester.js';
import type { VmTesterOptions } from '../../src/vmc/vmtester.js';
import { repoPath } from '../helpers/paths.js';

/** EVM bytecode returning the word 1. */
const RETURN_ONE = Uint8Array.of(0x60, 0x01, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3);

async function assertConforms(config: string, options: VmTesterOptions = {}): Promise<string[]> {
  const reports = runVmTester(await loadAndCreate(config), { ...options, destroy: true });
  assert.deepEqual(reports.filter((r) => !r.passed), [], `${config} fails checks`);
  assert.equal(reports.at(-1)?.name, 'destroy');
  return reports.map((r) => r.name);
}

describe('the VM tester on the connector\'s own VMs', () => {
  it('example_vm (ZVMC) and trans_log_vm (DVMC), with their options and a sample code', async () => {
    const options: VmTesterOptions = { sampleCode: RETURN_ONE, badOptionValues: [{ name: 'precompiles', badValue: 'maybe' }] };
    for (const config of ['example_vm', 'trans_log_vm']) {
      const names = await assertConforms(config, options);
      assert.ok(names.includes('set_option bad value verbose=GjNOONsbUl'), 'the verbose option is probed');
      assert.ok(names.includes('set_option bad value precompiles=maybe'));
      assert.ok(names.includes('execute create (sample code)'));
    }
  });

  it('the example VM with precompiles on passes the precompile sweep', async () => {
    const names = await assertConforms('example_vm,precompiles=on');
    assert.ok(names.includes('precompiles without a host'));
  });

  it('exvm (ZVMC)', async () => {
    await assertConforms('exvm');
  });

  it('the plain-JavaScript fixture modules, in both dialects', async () => {
    const fixture = (name: string): string => repoPath('test', 'vmc', 'fixtures', name);
    const names = await assertConforms(fixture('example_vm.mjs'), { badOptionValues: [{ name: 'cost', badValue: '0' }], sampleCode: Uint8Array.of(0x03, 0x01) });
    assert.ok(names.includes('set_option bad value cost=0'));
    await assertConforms(fixture('libtrans_log-vm.1.mjs'), { sampleCode: Uint8Array.of(0x02) });
    await assertConforms(fixture('fallback.mjs'));
  });

  it('the documentation\'s plain-JavaScript VM', async () => {
    await assertConforms(repoPath('examples', 'connector', 'reverse-vm.mjs'));
  });
});
