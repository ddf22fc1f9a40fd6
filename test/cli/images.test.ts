import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoPath } from '../helpers/paths.js';
import { assertFails, exvm, scratch } from './cli.js';

const EXAMPLES = ['hello', 'fib', 'sieve', 'strings', 'memory', 'input', 'args'];

describe('asm, disasm and images through the CLI', () => {
  it('asm writes FILE.exb next to the source by default, silently', () => {
    const dir = scratch();
    copyFileSync(repoPath('examples', 'hello.exa'), join(dir, 'hello.exa'));
    const result = exvm(['asm', 'hello.exa'], '', dir);
    assert.deepEqual(result, { status: 0, stdout: '', stderr: '' });
    assert.ok(existsSync(join(dir, 'hello.exb')));
  });

  for (const name of EXAMPLES) {
    it(`${name}.exa runs the same assembled on the fly and as an .exb image`, () => {
      const image = join(scratch(), `${name}.exb`);
      assert.equal(exvm(['asm', `examples/${name}.exa`, '-o', image]).status, 0);
      const input = 'Ann\n5\n6\n';
      const args = ['--', 'x', 'y z'];
      const fromSource = exvm(['run', `examples/${name}.exa`, ...args], input);
      const fromImage = exvm(['run', image, ...args], input);
      assert.equal(fromImage.stdout, fromSource.stdout);
      assert.equal(fromImage.status, 0);
      assert.equal(fromImage.stderr, '');
    });

    it(`${name}.exb disassembles to assembly that reassembles to the identical image`, () => {
      const dir = scratch();
      assert.equal(exvm(['asm', `examples/${name}.exa`, '--no-debug', '-o', join(dir, 'a.exb')]).status, 0);
      assert.equal(exvm(['disasm', join(dir, 'a.exb'), '-o', join(dir, 'b.exa')]).status, 0);
      assert.equal(exvm(['asm', join(dir, 'b.exa'), '--no-debug', '-o', join(dir, 'b.exb')]).status, 0);
      assert.deepEqual(readFileSync(join(dir, 'b.exb')), readFileSync(join(dir, 'a.exb')));
    });
  }

  it('disasm prints to stdout without -o', () => {
    const image = join(scratch(), 'hello.exb');
    exvm(['asm', 'examples/hello.exa', '-o', image]);
    const result = exvm(['disasm', image]);
    assert.equal(result.status, 0);
    assert.equal(result.stderr, '');
    assert.match(result.stdout, /ncall io\.print_str/);
    assert.match(result.stdout, /\bhalt\b/);
  });

  it('--no-debug leaves out source positions, so a fault reports only the file', () => {
    const dir = scratch({ 'div.exa': 'push 7\npush 0\ndivs\nhalt\n' });
    exvm(['asm', 'div.exa', '-o', 'with.exb'], '', dir);
    exvm(['asm', 'div.exa', '-o', 'without.exb', '--no-debug'], '', dir);
    assert.ok(readFileSync(join(dir, 'without.exb')).length < readFileSync(join(dir, 'with.exb')).length);
    assertFails(exvm(['run', 'with.exb'], '', dir), 70, ['div.exa:3:1: DivisionByZero at pc 2: divs: division by zero']);
    assertFails(exvm(['run', 'without.exb'], '', dir), 70, ['without.exb: DivisionByZero at pc 2: divs: division by zero']);
  });
});
