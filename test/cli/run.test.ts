import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { repoPath } from '../helpers/paths.js';
import { assertFails, exvm, scratch } from './cli.js';

describe('exvm run outcomes', () => {
  it('the exit code is the program exit code & 0xff', () => {
    const dir = scratch({ '300.exa': 'push 300\nhalt\n', 'minus.exa': 'push -1\nhalt\n', 'seven.exa': 'push 7\nhalt\n' });
    assert.equal(exvm(['run', '300.exa'], '', dir).status, 44);
    assert.equal(exvm(['run', 'minus.exa'], '', dir).status, 255);
    assert.deepEqual(exvm(['run', 'seven.exa'], '', dir), { status: 7, stdout: '', stderr: '' });
  });

  it('a guest fault reports file:line:col, status, pc and message, after the output so far, and exits 70', () => {
    const dir = scratch({ 'fault.exa': '.data\nhi: .string "hi\\n"\n.text\n    push hi\n    push 3\n    ncall io.print_str\n    push 1\n    push 0\n    divs\n    halt\n' });
    assertFails(exvm(['run', 'fault.exa'], '', dir), 70, [/^fault\.exa:9:5: DivisionByZero at pc 5: .+$/], 'hi\n');
  });

  it('a native failure names the native', () => {
    const dir = scratch({ 'bad.exa': 'push 0\npush -1\nncall io.print_str\npush 0\nhalt\n' });
    assertFails(exvm(['run', 'bad.exa'], '', dir), 70, ['bad.exa:3:1: NativeFailure at pc 2: io.print_str: length -1 is negative']);
  });

  it('running out of gas is a fault', () => {
    assertFails(exvm(['run', 'examples/fib.exa', '--gas', '1000']), 70, [/^examples\/fib\.exa:\d+:\d+: OutOfGas at pc \d+: .+$/], 'fib(20) = ');
  });

  it('enough gas lets the program finish', () => {
    assert.deepEqual(exvm(['run', 'examples/hello.exa', '--gas', '10']), { status: 0, stdout: 'Hello, world!\n', stderr: '' });
  });

  it('--max-steps stops an unfinished program with exit 71', () => {
    const dir = scratch({ 'loop.exa': 'top:\n    jmp top\n' });
    assertFails(exvm(['run', 'loop.exa', '--max-steps', '1_000'], '', dir), 71, ['loop.exa:2:5: stopped at pc 0 after 1000 steps (--max-steps); the program had not finished']);
  });

  it('--max-steps 0 stops before the first instruction', () => {
    assertFails(exvm(['run', 'examples/hello.exa', '--max-steps', '0']), 71, ['examples/hello.exa:12:5: stopped at pc 0 after 0 steps (--max-steps); the program had not finished']);
  });

  it('--max-steps large enough changes nothing', () => {
    assert.deepEqual(exvm(['run', 'examples/hello.exa', '--max-steps', '5']), { status: 0, stdout: 'Hello, world!\n', stderr: '' });
  });

  it('brk does not stop a run; wfi and hcall cannot continue under exvm run', () => {
    const dir = scratch({ 'brk.exa': 'brk\npush 3\nhalt\n', 'wfi.exa': 'wfi\npush 0\nhalt\n', 'hcall.exa': 'hcall 9\npush 0\nhalt\n' });
    assert.equal(exvm(['run', 'brk.exa'], '', dir).status, 3);
    assertFails(exvm(['run', 'wfi.exa'], '', dir), 70, ['wfi.exa:1:1: Waiting at pc 0: wfi waits for an interrupt, but nothing raises interrupts under exvm run']);
    assertFails(exvm(['run', 'hcall.exa'], '', dir), 70, ['hcall.exa:1:1: Hypercall at pc 0: hcall 9 needs a hypervisor; exvm run does not handle hypercalls']);
  });

  it('--trace writes one JSON line per instruction to stderr', () => {
    const result = exvm(['run', 'examples/hello.exa', '--trace']);
    assert.equal(result.status, 0);
    assert.equal(result.stdout, 'Hello, world!\n');
    const lines = result.stderr.trimEnd().split('\n').map((line) => JSON.parse(line) as { pc: number; op: string; stack: number[] });
    assert.deepEqual(lines.map((l) => l.op), ['push', 'push', 'ncall', 'push', 'halt']);
    assert.deepEqual(lines.map((l) => l.pc), [0, 1, 2, 3, 4]);
    assert.deepEqual(lines[2].stack.length, 2);
  });

  it('--trace honours --max-steps', () => {
    const result = exvm(['run', 'examples/fib.exa', '--trace', '--max-steps', '3']);
    assert.equal(result.status, 71);
    const lines = result.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 4);
    assert.match(lines[3], /^examples\/fib\.exa:\d+:\d+: stopped at pc 3 after 3 steps/);
  });

  it('reads stdin a line at a time, flushing output before each read', () => {
    const dir = scratch({
      'echo.exa': [
        '.data',
        'buf: .zero 64',
        '.text',
        'loop:',
        '    push buf',
        '    push 64',
        '    ncall io.read_line',
        '    dup',
        '    push 0',
        '    lts',
        '    jnz done',
        '    push buf',
        '    swap',
        '    ncall io.print_str',
        '    ncall io.newline',
        '    jmp loop',
        'done:',
        '    push 0',
        '    halt',
        '',
      ].join('\n'),
    });
    const result = exvm(['run', 'echo.exa'], 'héllo\n\nwörld', dir);
    assert.deepEqual(result, { status: 0, stdout: 'héllo\n\nwörld\n', stderr: '' });
  });

  it('a line longer than 1 MiB reaches the program in 1 MiB pieces', () => {
    const dir = scratch({
      'lengths.exa': ['.memory 4194304', 'loop:', '    push 0', '    push 2097152', '    ncall io.read_line', '    dup', '    push 0', '    lts', '    jnz done', '    ncall io.print_int', '    ncall io.newline', '    jmp loop', 'done:', '    push 0', '    halt', ''].join('\n'),
    });
    const result = exvm(['run', 'lengths.exa'], `${'a'.repeat(1.5 * 2 ** 20)}\nend\n`, dir);
    assert.deepEqual(result, { status: 0, stdout: '1048576\n524288\n3\n', stderr: '' });
  });

  it('--help documents every command and the exit codes', () => {
    const result = exvm(['--help']);
    assert.equal(result.status, 0);
    assert.equal(result.stderr, '');
    for (const word of ['run', 'asm', 'disasm', 'Exit codes:', '70', '71', '141']) assert.ok(result.stdout.includes(word), word);
    const runHelp = exvm(['run', '--help']);
    assert.equal(runHelp.status, 0);
    for (const text of ['--gas', '--max-steps', '--trace', '--lib', 'then come the standard io, str, math and sys', '1 MiB', '"NaN"', '141']) assert.ok(runHelp.stdout.includes(text), text);
  });

  it('the help command prints the same help and exits 0', () => {
    assert.deepEqual(exvm(['help']), { ...exvm(['--help']), status: 0 });
    assert.deepEqual(exvm(['help', 'run']), { ...exvm(['run', '--help']), status: 0 });
    assert.match(exvm(['help']).stdout, /^Usage: exvm /);
  });

  it('--version prints the package version', () => {
    const manifest = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string };
    assert.deepEqual(exvm(['--version']), { status: 0, stdout: `${manifest.version}\n`, stderr: '' });
  });
});
