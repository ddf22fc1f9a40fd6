/** Runs the built `exvm` command in a child process, the way a user would. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { ROOT, repoPath } from '../helpers/paths.js';

/** What one invocation produced. */
export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `exvm ...args` from the repository root with `input` on stdin. */
export function exvm(args: readonly string[], input = '', cwd = ROOT): CliResult {
  const result = spawnSync(process.execPath, [repoPath('dist', 'src', 'cli', 'main.js'), ...args], { cwd, input, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const scratchDirs: string[] = [];
process.on('exit', () => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory holding `files` (name -> contents), removed when the test process exits. */
export function scratch(files: Readonly<Record<string, string>> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'exvm-cli-'));
  scratchDirs.push(dir);
  for (const [name, contents] of Object.entries(files)) writeFileSync(join(dir, name), contents);
  return dir;
}

/** Asserts a clean failure: the exit code, exactly the expected stderr lines, no stack trace, no stdout. */
export function assertFails(result: CliResult, status: number, lines: readonly (string | RegExp)[], stdout = ''): void {
  assert.doesNotMatch(result.stderr, / {4}at /, 'no stack trace');
  const actual = result.stderr.split('\n');
  assert.equal(actual.pop(), '', 'stderr ends with a newline');
  assert.equal(actual.length, lines.length, `stderr has ${lines.length} line(s):\n${result.stderr}`);
  lines.forEach((expected, i) => {
    if (typeof expected === 'string') assert.equal(actual[i], expected);
    else assert.match(actual[i], expected);
  });
  assert.equal(result.stdout, stdout);
  assert.equal(result.status, status);
}
