/** `exvm vmc run`: EVMC's output format on both built-in VM kinds, --create, --input, --bench, errors. */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { assemble } from '../../src/asm/index.js';
import { encodeImage } from '../../src/image/index.js';
import { exvmHostDescription } from '../../src/vmc/vms/exvm.js';
import { repoPath } from '../helpers/paths.js';
import { assertFails, exvm, scratch } from './cli.js';

/** EVM bytecode returning the 32-byte word 1: PUSH1 1, PUSH1 0, MSTORE, PUSH1 32, PUSH1 0, RETURN. */
const RETURN_ONE = '600160005260206000f3';
const WORD_ONE = `${'00'.repeat(31)}01`;
/** EVM init code returning RETURN_ONE as the code to install: PUSH10 <it>, PUSH1 0, MSTORE, PUSH1 10, PUSH1 22, RETURN. */
const CREATE_RETURN_ONE = `69${RETURN_ONE}600052600a6016f3`;

function lines(...body: string[]): string {
  return `${body.join('\n')}\n`;
}

describe('exvm vmc run', () => {
  it('runs hex code on the example VM and prints the result, gas used and output', () => {
    const expected = lines('Executing on Shanghai with 1000000 gas limit', '', 'Result:   success', 'Gas used: 18', `Output:   ${WORD_ONE}`);
    assert.deepEqual(exvm(['vmc', 'run', '--vm', 'example_vm', RETURN_ONE]), { status: 0, stdout: expected, stderr: '' });
    assert.equal(exvm(['vmc', 'run', '--vm', 'example_vm', `0x${RETURN_ONE.toUpperCase()}`]).stdout, expected, '0x and upper case');
  });

  it('reads hex from @FILE, spaces and newlines allowed', () => {
    const dir = scratch({ 'code.hex': '6001 6000 52\n6020 6000 f3\n' });
    assert.equal(exvm(['vmc', 'run', '--vm', 'example_vm', '@code.hex'], '', dir).stdout.split('\n')[4], `Output:   ${WORD_ONE}`);
  });

  it('runs an .exa program on the exvm VM (the default) with storage', () => {
    const result = exvm(['vmc', 'run', 'examples/connector/storage.exa']);
    assert.equal(result.status, 0);
    assert.equal(result.stderr, '');
    assert.match(result.stdout, /^Executing on Shanghai with 1000000 gas limit\n\nResult: {3}success\nGas used: \d+\nOutput: {3}0{56}12345678\n$/);
  });

  it('runs an .exb image, and passes --input to the program', () => {
    const source = readFileSync(repoPath('examples', 'connector', 'echo.exa'), 'utf8');
    const dir = scratch();
    writeFileSync(`${dir}/echo.exb`, encodeImage(assemble(source, { libraries: exvmHostDescription })));
    const result = exvm(['vmc', 'run', '--input', '68656c6c6f', `${dir}/echo.exb`]);
    assert.equal(result.stdout.split('\n')[4], `Output:   ${Buffer.from('echo: hello').toString('hex')}`);
    const fromFile = scratch({ 'input.hex': '0x6869' });
    assert.equal(exvm(['vmc', 'run', '--input', '@input.hex', `${dir}/echo.exb`], '', fromFile).stdout.split('\n')[4], `Output:   ${Buffer.from('echo: hi').toString('hex')}`);
  });

  it('prints no Output line for a failure, and gas used is all the gas; the exit code is still 0', () => {
    assert.deepEqual(exvm(['vmc', 'run', '--vm', 'example_vm', '--gas', '5000', 'fe']), {
      status: 0,
      stdout: lines('Executing on Shanghai with 5000 gas limit', '', 'Result:   invalid instruction', 'Gas used: 5000'),
      stderr: '',
    });
  });

  it('prints the output of a revert', () => {
    // PUSH1 0, PUSH1 0, REVERT: reverts with empty output.
    const result = exvm(['vmc', 'run', '--vm', 'example_vm', '60006000fd']);
    assert.match(result.stdout, /Result: {3}revert\nGas used: \d+\nOutput: {3}\n$/);
  });

  it('--create executes the init code, installs its output and calls it', () => {
    assert.deepEqual(exvm(['vmc', 'run', '--vm', 'example_vm', '--create', CREATE_RETURN_ONE]), {
      status: 0,
      stdout: lines('Creating and executing on Shanghai with 1000000 gas limit', '', 'Result:   success', 'Gas used: 18', `Output:   ${WORD_ONE}`),
      stderr: '',
    });
  });

  it('--create reports a failed creation and exits with its status code', () => {
    assert.deepEqual(exvm(['vmc', 'run', '--vm', 'example_vm', '--create', 'fe']), {
      status: 4,
      stdout: lines('Creating and executing on Shanghai with 1000000 gas limit', 'Contract creation failed: invalid instruction'),
      stderr: '',
    });
  });

  it('--rev takes a name or a number, and a dialect refuses revisions it does not know', () => {
    assert.match(exvm(['vmc', 'run', '--vm', 'trans_log_vm', '--rev', 'tangerine_whistle', RETURN_ONE]).stdout, /^Executing on Tangerine Whistle with .*\n\nResult: {3}success\n/);
    assert.match(exvm(['vmc', 'run', '--vm', 'trans_log_vm', '--rev', '9', RETURN_ONE]).stdout, /^Executing on London /);
    assert.match(exvm(['vmc', 'run', '--vm', 'example_vm', '--rev', 'London', RETURN_ONE]).stdout, /Result: {3}rejected\n/, 'ZVMC knows Shanghai only');
  });

  it('--bench prints the mean time per execution, and a warning when runs differ', () => {
    const same = exvm(['vmc', 'run', '--vm', 'example_vm', '--bench', RETURN_ONE]);
    assert.equal(same.status, 0);
    assert.match(same.stdout, /^Executing on Shanghai with 1000000 gas limit\n\nTime: {5}\d+ ns \(avg of \d+ iterations\)\nResult: {3}success\n/);
    // counter.exa counts its executions in storage, so each run returns another output.
    const differ = exvm(['vmc', 'run', '--bench', 'examples/connector/counter.exa']);
    assert.match(differ.stdout, /\n\nWARNING! Inconsistent execution result likely due to the use of storage \(output: 0{63}2\)\nTime: {5}\d+ ns/);
    assert.match(differ.stdout, /Output: {3}0{63}1\n$/, 'the result shown is the first run\'s');
  });

  it('bad arguments are usage errors, one line each', () => {
    assertFails(exvm(['vmc', 'run', '0x6g']), 2, ["exvm: CODE: 'g' is not a hex digit"]);
    assertFails(exvm(['vmc', 'run', '600']), 2, ['exvm: CODE: odd number of hex digits (3)']);
    assertFails(exvm(['vmc', 'run', '--input', 'xyz', '00']), 2, ["exvm: --input: 'x' is not a hex digit"]);
    assertFails(exvm(['vmc', 'run', '--rev', 'Atlantis', '00']), 2, [/^exvm: option '--rev <revision>' argument 'Atlantis' is invalid\. unknown revision 'Atlantis'; expected one of Frontier \(0\), .*Shanghai \(11\).*$/]);
    assertFails(exvm(['vmc', 'run', '--gas', '-1', '00']), 2, [/^exvm: option '--gas <n>' argument '-1' is invalid/]);
    assertFails(exvm(['vmc', 'run', '@missing.hex']), 1, ['exvm: cannot read missing.hex: no such file or directory']);
    assertFails(exvm(['vmc', 'run', 'missing.exa']), 1, ['exvm: cannot read missing.exa: no such file or directory']);
  });

  it('assembly errors are reported compiler-style', () => {
    const dir = scratch({ 'bad.exa': 'push 1\nncall host.nope\n' });
    const result = exvm(['vmc', 'run', 'bad.exa'], '', dir);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^bad\.exa:2:\d+: .*host\.nope/);
  });

  it('a VM that cannot be loaded exits with the loader error code', () => {
    assertFails(exvm(['vmc', 'run', '--vm', 'no/such/vm.mjs', '00']), 1, [/^exvm: .*no\/such\/vm\.mjs/]);
    assertFails(exvm(['vmc', 'run', '--vm', 'example_vm,verbose=loud', '00']), 7, [/^exvm: .*example_vm.*'loud'.*'verbose'/]);
  });
});
