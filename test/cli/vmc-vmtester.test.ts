/** `exvm vmtester`: a line per check, a summary, exit 0 only if all pass, the loader's code when loading fails. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertFails, exvm, scratch } from './cli.js';

/** A ZVMC module in plain JavaScript: a well-behaved VM, with `overrides` (source text of members) replacing members. */
function zvmcModule(overrides = ''): string {
  return `export function zvmc_create_broken() {
  return {
    abi_version: 10, name: 'broken', version: '1', get_capabilities: () => 1, destroy() {},
    set_option: () => 1,
    execute: (host, context, rev, msg) => ({ status_code: 0, gas_left: msg.gas, gas_refund: 0, output_data: new Uint8Array(0), output_size: 0, create_address: new Uint8Array(20) }),
    ${overrides}
  };
}
`;
}

describe('exvm vmtester', () => {
  it('prints [PASS] per check and a summary, and exits 0, for the built-in VMs', () => {
    const result = exvm(['vmtester', 'example_vm']);
    assert.equal(result.status, 0);
    assert.equal(result.stderr, '');
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.at(-1), '14 passed, 0 failed');
    assert.deepEqual(lines.slice(0, 4), ['[PASS] abi version', '[PASS] name', '[PASS] version', '[PASS] capabilities']);
    assert.ok(lines.includes('[PASS] set_option bad value verbose=x'));
    assert.ok(lines.includes('[PASS] execute call (sample code)'));
    for (const config of ['trans_log_vm', 'exvm', 'example_vm,precompiles=on']) {
      const run = exvm(['vmtester', config]);
      assert.equal(run.status, 0, `${config}:\n${run.stdout}`);
      assert.match(run.stdout, /\n\d+ passed, 0 failed\n$/);
    }
  });

  it('tests a plain-JavaScript module file, with --bad-value and --code', () => {
    const dir = scratch({ 'libgood-vm.mjs': zvmcModule("set_option: (name, value) => name === 'level' ? (value === '1' ? 0 : 2) : 1,").replace('zvmc_create_broken', 'zvmc_create_good_vm') });
    const result = exvm(['vmtester', 'libgood-vm.mjs', '--bad-value', 'level=9', '--code', '0x00ff'], '', dir);
    assert.equal(result.status, 0, result.stdout);
    assert.match(result.stdout, /^\[PASS\] set_option bad value level=9$/m);
    assert.match(result.stdout, /^\[PASS\] execute create \(sample code\)$/m);
    assert.match(result.stdout, /\n13 passed, 0 failed\n$/);
  });

  it('prints [FAIL] with the reason and exits 1 for a broken VM', () => {
    const dir = scratch({
      'broken.mjs': zvmcModule("name: '', execute: () => ({ status_code: 1, gas_left: 7, gas_refund: 0, output_data: new Uint8Array(0), output_size: 0, create_address: new Uint8Array(20) }),"),
    });
    const result = exvm(['vmtester', 'broken.mjs'], '', dir);
    assert.equal(result.status, 1);
    assert.equal(result.stderr, '');
    assert.match(result.stdout, /^\[FAIL\] name: name is empty$/m);
    assert.match(result.stdout, /^\[FAIL\] execute call \(empty code\): gas left is 7 with status 1; it must be 0 unless SUCCESS or REVERT$/m);
    assert.match(result.stdout, /^\[PASS\] release$/m);
    assert.match(result.stdout, /\n7 passed, 3 failed\n$/);
  });

  it('a VM that throws from execute fails those checks; the tester goes on', () => {
    const dir = scratch({ 'broken.mjs': zvmcModule("execute() { throw new Error('segfault'); },") });
    const result = exvm(['vmtester', 'broken.mjs'], '', dir);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /^\[FAIL\] execute call \(empty code\): threw: segfault$/m);
    assert.match(result.stdout, /\n7 passed, 3 failed\n$/);
  });

  it('exits with the loader error code, after one exvm: line, when the VM cannot be loaded', () => {
    const dir = scratch({
      'none.mjs': 'export const nothing = 1;\n',
      'broken.mjs': zvmcModule(),
      'null.mjs': 'export function zvmc_create_null() { return null; }\n',
      'old.mjs': zvmcModule('abi_version: 9,').replace('zvmc_create_broken', 'zvmc_create_old'),
    });
    // The loader's messages are its own (test/vmc/loader*.test.ts); here: the code, one line naming the path and the option.
    const cases: [string, number, RegExp][] = [
      ['missing.mjs', 1, /^exvm: .*missing\.mjs/],
      ['none.mjs', 2, /^exvm: .*none\.mjs.*zvmc_create_none/],
      [',verbose=1', 3, /^exvm: .*',verbose=1'/],
      ['null.mjs', 4, /^exvm: .*null\.mjs/],
      ['old.mjs', 5, /^exvm: .*\b9\b.*old\.mjs/],
      ['broken.mjs,colour=red', 6, /^exvm: .*broken\.mjs.*'colour'/],
      ['example_vm,verbose=loud', 7, /^exvm: .*example_vm.*'loud'.*'verbose'/],
    ];
    for (const [config, code, line] of cases) assertFails(exvm(['vmtester', config], '', dir), code, [line]);
  });

  it('bad tester options are usage errors', () => {
    assertFails(exvm(['vmtester', 'example_vm', '--bad-value', 'verbose']), 2, ['exvm: --bad-value verbose: expected NAME=VALUE']);
    assertFails(exvm(['vmtester', 'example_vm', '--code', 'zz']), 2, ["exvm: --code: 'z' is not a hex digit"]);
  });
});
