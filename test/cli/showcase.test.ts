import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { ROOT, repoPath } from '../helpers/paths.js';

describe('showcase (npm start)', () => {
  const result = spawnSync(process.execPath, [repoPath('dist', 'src', 'cli', 'showcase.js')], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('runs cleanly', () => {
    assert.equal(result.stderr, '');
    assert.equal(result.status, 0);
  });

  it('shows every example under its title with its command line and output', () => {
    for (const name of ['hello', 'fib', 'sieve', 'strings', 'memory', 'input', 'args']) {
      assert.match(result.stdout, new RegExp(`^── ${name}\\.exa: .+─$`, 'm'), name);
    }
    assert.match(result.stdout, /^\$ exvm run examples\/hello\.exa\nHello, world!\n {2}↳ exit code 0, 5 instructions, \d+ gas$/m);
    assert.match(result.stdout, /^\$ printf 'Ada\\n1\\n2\\nforty\\n3\\n4\\n' \| exvm run examples\/input\.exa$/m);
    assert.match(result.stdout, /^sum of 4 numbers: 10$/m);
    assert.match(result.stdout, /^\$ exvm run examples\/args\.exa -- one 'two words' three\nargc = 3$/m);
    assert.ok(!result.stdout.includes('\u001b['), 'no colours when NO_COLOR is set');
  });

  it('shows the other layers through the exvm command, each ending with exit code 0', () => {
    for (const command of ['boot examples/vmm/smp-ivc.toml', 'run examples/apps/bigint/app.toml', 'run examples/apps/producer-consumer/app.toml', 'vmc run examples/connector/storage.exa']) {
      assert.match(result.stdout, new RegExp(`^\\$ exvm ${command.replaceAll('.', '\\.')}\n(?:.*\n)*? {2}↳ exit code 0$`, 'm'), command);
    }
    assert.match(result.stdout, /^\[smp-guest\] all vCPUs checked in, shutting down$/m);
    assert.match(result.stdout, /^\[publisher\] reply: thanks, got it$/m);
    assert.match(result.stdout, /^30! = 265252859812191058636308480000000$/m);
    assert.match(result.stdout, /^total 55$/m);
  });

  it('ends with a hint about exvm run', () => {
    const last = result.stdout.trimEnd().split('\n').at(-1) ?? '';
    assert.match(last, /exvm run/);
  });
});
