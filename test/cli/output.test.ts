/** Output that cannot be written: a reader that goes away (exit 141, quietly), a full disk, and exact trace numbers. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { repoPath } from '../helpers/paths.js';
import { assertFails, exvm, scratch } from './cli.js';

const MAIN = repoPath('dist', 'src', 'cli', 'main.js');
/** Prints "7\n" forever. */
const PRINTS_FOREVER = 'top: push 7\nncall io.print_int\nncall io.newline\njmp top\n';
/** A safety net so no test can hang: far more steps than a 64 KiB output buffer needs, but finite. */
const SAFETY_STEPS = '20_000_000';

/** Runs exvm, reads one chunk of the `closed` stream and then closes it; resolves with the exit code, that chunk and stderr so far. */
function closeAfterFirstChunk(args: readonly string[], cwd: string, closed: 'stdout' | 'stderr'): Promise<{ status: number | null; first: string; stderr: string }> {
  const child = spawn(process.execPath, [MAIN, ...args], { cwd, stdio: ['ignore', closed === 'stdout' ? 'pipe' : 'ignore', 'pipe'] });
  const stream = child[closed] as Readable;
  let first = '';
  let stderr = '';
  stream.once('data', (chunk: Buffer) => {
    first = chunk.toString('utf8');
    stream.destroy();
  });
  if (closed === 'stdout') child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, first, stderr })));
}

describe('exvm run when its output goes away', () => {
  it('a program printing forever stops quietly with 141 once the reader of stdout has gone (like `| head -1`)', async () => {
    const dir = scratch({ 'loop.exa': PRINTS_FOREVER });
    const result = await closeAfterFirstChunk(['run', 'loop.exa', '--max-steps', SAFETY_STEPS], dir, 'stdout');
    assert.match(result.first, /^7\n7\n/);
    assert.equal(result.stderr, '', 'no fault line, no stack trace');
    assert.equal(result.status, 141, 'exit 71 would mean the program ran on to --max-steps');
  });

  it('a traced program stops with 141 once the reader of stderr has gone', async () => {
    const dir = scratch({ 'loop.exa': PRINTS_FOREVER });
    const result = await closeAfterFirstChunk(['run', 'loop.exa', '--trace', '--max-steps', SAFETY_STEPS], dir, 'stderr');
    assert.match(result.first, /^\{"pc":0,"op":"push",/);
    assert.equal(result.status, 141);
  });

  it('a program that ends while stdout is still open is unaffected', () => {
    assert.deepEqual(exvm(['run', 'examples/hello.exa']), { status: 0, stdout: 'Hello, world!\n', stderr: '' });
  });
});

describe('a full disk', { skip: existsSync('/dev/full') ? false : 'no /dev/full here' }, () => {
  /** Runs exvm with stdout on /dev/full. */
  function toFullDisk(args: readonly string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
    const full = openSync('/dev/full', 'w');
    try {
      const result = spawnSync(process.execPath, [MAIN, ...args], { cwd, stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
      return { status: result.status, stdout: '', stderr: result.stderr };
    } finally {
      closeSync(full);
    }
  }

  it('disasm > /dev/full is one error line and exit 1', () => {
    const dir = scratch({ 'seven.exa': 'push 7\nhalt\n' });
    assert.equal(exvm(['asm', 'seven.exa'], '', dir).status, 0);
    assertFails(toFullDisk(['disasm', 'seven.exb'], dir), 1, ['exvm: cannot write to stdout: no space left on device']);
  });

  it('a program printing to a full disk is stopped with the same error, not a guest fault', () => {
    const dir = scratch({ 'loop.exa': PRINTS_FOREVER });
    assertFails(toFullDisk(['run', 'loop.exa', '--max-steps', SAFETY_STEPS], dir), 1, ['exvm: cannot write to stdout: no space left on device']);
  });
});

describe('--trace numbers', () => {
  it('NaN, ±Infinity and -0 on the stack are the strings "NaN", "Infinity", "-Infinity", "-0"; unlimited gas is a number', () => {
    const dir = scratch({ 'nums.exa': 'pushf nan\npushf inf\npushf -inf\npushf -0.0\npush 0\nhalt\n' });
    const result = exvm(['run', 'nums.exa', '--trace'], '', dir);
    assert.equal(result.status, 0);
    assert.equal(result.stdout, '');
    const lines = result.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 6);
    assert.equal(lines[0], `{"pc":0,"op":"pushf","operand":0,"gas":${Number.MAX_SAFE_INTEGER},"gasCost":1,"depth":0,"stack":[]}`);
    assert.deepEqual((JSON.parse(lines[5]) as { stack: unknown[] }).stack, ['NaN', 'Infinity', '-Infinity', '-0', 0]);
  });
});
