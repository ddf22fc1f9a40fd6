/**
 * `exvm vmc run` and `exvm vmtester` on broken VM modules (test/vmc/broken): a clear `exvm: ` line
 * and exit code 1, never an internal error, never NaN; every vmtester report printed. Also the
 * C-style module, and the note after a result a dialect REJECTED.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertFails, exvm } from './cli.js';

const broken = (name: string): string => `test/vmc/broken/${name}.mjs`;
const HEADER = 'Executing on Shanghai with 1000000 gas limit\n\n';
const SUCCESS = `${HEADER}Result:   success\nGas used: 0\nOutput:   \n`;

describe('exvm vmc run on a broken VM', () => {
  it('prints the result, then one line about a destroy that is missing or throws, and exits 1', () => {
    assertFails(exvm(['vmc', 'run', '--vm', broken('nodestroy'), '00']), 1, ['exvm: the VM could not be destroyed: no destroy() method'], SUCCESS);
    assertFails(exvm(['vmc', 'run', '--vm', broken('destroy_throws'), '00']), 1, ['exvm: the VM could not be destroyed: destroy() threw: destroy boom'], SUCCESS);
  });

  it('reports an invalid result instead of printing it, and exits 1', () => {
    const cases: [string, string][] = [
      ['exec_number', 'execute returned the number 42, not a result'],
      ['exec_null', 'execute returned null, not a result'],
      ['exec_promise', 'execute returned a Promise: it must return its result synchronously'],
      ['exec_neg', 'gas left -5 is not a non-negative whole number'],
      ['exec_badgas', 'gas left is 1000000 with status 1; it must be 0 unless SUCCESS or REVERT; gas refund is 3 with status 1; it must be 0 unless SUCCESS'],
      ['rel_bad', 'release is string, not a function; output_size is 7 but output_data is null'],
      ['frac', "gas left 1000010 exceeds the message's gas 1000000; gas refund 0.5 is not a non-negative whole number; output is not a byte array"],
    ];
    for (const [name, violation] of cases) {
      assertFails(exvm(['vmc', 'run', '--vm', broken(name), '00']), 1, [`exvm: the VM's result is invalid: ${violation}`], HEADER);
    }
    const missing = exvm(['vmc', 'run', '--vm', broken('exec_missing'), '00']);
    assertFails(missing, 1, [/^exvm: the VM's result is invalid: output_data is missing: .*gas left undefined is not a non-negative whole number/], HEADER);
    assert.doesNotMatch(missing.stderr + missing.stdout, /NaN|internal error/);
  });

  it('reports a throwing execute as the VM\'s, not as an internal error', () => {
    assertFails(exvm(['vmc', 'run', '--vm', broken('exec_throws'), '00']), 1, ["exvm: the VM's execute threw: boom"], HEADER);
  });

  it('explains a result the dialect REJECTED, on stderr, and still exits 0', () => {
    const london = exvm(['vmc', 'run', '--vm', 'example_vm', '--rev', 'London', '00']);
    assert.equal(london.status, 0);
    assert.match(london.stdout, /Result: {3}rejected\n/);
    assert.equal(london.stderr, 'note: the VM rejected the execution: ZVMC VMs accept only Shanghai, not London\n');
    assert.equal(exvm(['vmc', 'run', '--vm', 'trans_log_vm', '--rev', 'Prague', '00']).stderr, 'note: the VM rejected the execution: DVMC VMs accept only Frontier to Cancun, not Prague\n');
    assert.equal(exvm(['vmc', 'run', '--vm', 'trans_log_vm', '--rev', 'London', '00']).stderr, '', 'no note when the dialect knows the revision');
  });
});

describe('exvm vmtester on a broken VM', () => {
  it('prints every report and a failed destroy check when destroy is missing or throws', () => {
    for (const [name, detail] of [['nodestroy', 'no destroy() method'], ['destroy_throws', 'destroy() threw: destroy boom']]) {
      const result = exvm(['vmtester', broken(name)]);
      assert.equal(result.status, 1);
      assert.equal(result.stderr, '');
      const lines = result.stdout.trimEnd().split('\n');
      assert.equal(lines.length, 11);
      assert.equal(lines.at(-2), `[FAIL] destroy: ${detail}`);
      assert.equal(lines.at(-1), '9 passed, 1 failed');
    }
  });
});

describe('a VM module written C-style', () => {
  const fixture = 'test/vmc/c-style/c_style_vm.mjs';

  it('runs through vmc run, its option set through set_option(vm, name, value)', () => {
    assert.deepEqual(exvm(['vmc', 'run', '--vm', `${fixture},cost=2`, '--input', '0102', '01']), {
      status: 0,
      stdout: 'Executing on Shanghai with 1000000 gas limit\n\nResult:   success\nGas used: 2\nOutput:   0102\n',
      stderr: '',
    });
  });

  it('passes the VM tester', () => {
    const result = exvm(['vmtester', fixture, '--bad-value', 'cost=0', '--code', '02']);
    assert.equal(result.status, 0, result.stdout);
    assert.match(result.stdout, /^\[PASS\] destroy$/m);
    assert.match(result.stdout, /\n13 passed, 0 failed\n$/);
  });
});
