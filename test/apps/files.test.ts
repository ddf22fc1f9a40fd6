/**
 * The files an application reads under `exvm run`: regular files only, of bounded size (a device,
 * a FIFO or a huge file is refused with a message naming the file and the key, never a hang), and
 * `com` files confined to the application's folder (DEVICE otherwise).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoPath } from '../helpers/paths.js';
import type { CliResult } from '../cli/cli.js';
import { scratch } from '../cli/cli.js';
import { MAX_APP_FILE_BYTES } from '../../src/cli/app-files.js';

/** Runs `exvm run dir/app.toml`; the timeout only guards against a hang (the child is killed and the status is null). */
function runApp(dir: string): CliResult {
  const result = spawnSync(process.execPath, [repoPath('dist', 'src', 'cli', 'main.js'), 'run', join(dir, 'app.toml')], { encoding: 'utf8', input: '', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Makes the FIFO `path` (mkfifo). */
function fifo(path: string): void {
  assert.equal(spawnSync('mkfifo', [path]).status, 0, 'mkfifo');
}

const APP = (process: string, plugins = '[plugins.com]\n'): string => `${plugins}[[process]]\nname = "main"\n${process}`;

test('a code file or a plugin module that is a device, a FIFO or too big is a boot error naming the key and the file', () => {
  const dir = scratch({ 'app.toml': APP('code = "/dev/zero"\n') });
  assert.deepEqual(runApp(dir), { status: 1, stdout: '', stderr: `exvm: ${dir}/app.toml: process[0].code: cannot read /dev/zero: it is a device, not a regular file\n` });

  const module = scratch({ 'app.toml': APP('code = "main.exa"\n', '[plugins.x]\npath = "x.mjs"\n'), 'main.exa': 'halt' });
  fifo(join(module, 'x.mjs'));
  assert.deepEqual(runApp(module), { status: 1, stdout: '', stderr: `exvm: ${module}/app.toml: plugins.x.path: cannot read ${module}/x.mjs: it is a FIFO, not a regular file\n` });

  const big = scratch({ 'app.toml': APP('code = "main.exa"\n[[process.kernel]]\ncode = "big.exa"\n'), 'main.exa': 'halt', 'big.exa': '' });
  truncateSync(join(big, 'big.exa'), MAX_APP_FILE_BYTES + 1); // sparse: nothing is written
  assert.deepEqual(runApp(big), {
    status: 1, stdout: '',
    stderr: `exvm: ${big}/app.toml: process[0].kernel[0].code: cannot read ${big}/big.exa: ${MAX_APP_FILE_BYTES + 1} bytes is more than the ${MAX_APP_FILE_BYTES} an application may read\n`,
  });
});

/** Runs `:com.open FILE <mode> "<path>"` (and a write unless READ) in an application in `dir`; returns its DEVICE message, or '' when it ran to the end. */
function openFile(dir: string, mode: string, path: string): string {
  writeFileSync(join(dir, 'app.toml'), APP('code = "main.exa"\n'));
  const write = mode === 'READ' ? '' : ':com.write @d "x"\n';
  writeFileSync(join(dir, 'main.exa'), `.value d com.device\n:com.open FILE ${mode} ${JSON.stringify(path)} -> @d\n${write}push 0\nhalt`);
  const result = runApp(dir);
  if (result.status === 0) return '';
  assert.equal(result.status, 70, result.stderr);
  return /INTERRUPTED by DEVICE: (.*)\n/.exec(result.stderr)?.[1] ?? result.stderr;
}

test('com files are regular files inside the application folder: anything else is DEVICE, never a hang', () => {
  const outside = scratch({ 'secret.txt': 'secret' });
  const dir = scratch({ 'data.txt': 'data' });
  mkdirSync(join(dir, 'sub'));
  fifo(join(dir, 'pipe'));
  symlinkSync(join(outside, 'secret.txt'), join(dir, 'link.txt'));
  symlinkSync(outside, join(dir, 'away'));
  const confined = (path: string) => `com.open: ${path} is outside the application's folder (com files are confined to it)`;
  assert.equal(openFile(dir, 'READ', 'pipe'), 'com.open: cannot read pipe: it is a FIFO, not a regular file');
  assert.equal(openFile(dir, 'READ', 'sub'), 'com.open: cannot read sub: it is a directory, not a regular file');
  assert.equal(openFile(dir, 'READ', '/dev/zero'), confined('/dev/zero'));
  assert.equal(openFile(dir, 'READ', `${outside}/secret.txt`), confined(`${outside}/secret.txt`));
  assert.equal(openFile(dir, 'READ', '../secret.txt'), confined('../secret.txt'));
  assert.equal(openFile(dir, 'READ', 'link.txt'), confined('link.txt'));
  assert.equal(openFile(dir, 'WRITE', 'away/new.txt'), confined('away/new.txt'));
  assert.equal(openFile(dir, 'APPEND', 'pipe'), 'com.write: cannot write pipe: not a regular file');
  assert.equal(openFile(dir, 'READ', 'sub/../data.txt'), '');
  assert.equal(openFile(dir, 'WRITE', `${dir}/sub/new.txt`), '');
  assert.equal(readFileSync(join(dir, 'sub', 'new.txt'), 'utf8'), 'x');
  assert.equal(readFileSync(join(outside, 'secret.txt'), 'utf8'), 'secret');
});
