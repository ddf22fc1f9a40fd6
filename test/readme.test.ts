/**
 * The README's TypeScript example must keep working: it is extracted and run against the build.
 * (It has no type annotations, so it runs as JavaScript.)
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { repoPath } from './helpers/paths.js';

test('the README example runs and prints what its comment says', () => {
  const readme = readFileSync(repoPath('README.md'), 'utf8');
  const snippet = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(snippet, 'README.md has a ```ts example');
  const entry = pathToFileURL(repoPath('dist', 'src', 'index.js')).href;
  const file = join(mkdtempSync(join(tmpdir(), 'exvm-readme-')), 'example.mjs');
  writeFileSync(file, snippet.replace("from 'exvm'", `from '${entry}'`));
  const result = spawnSync(process.execPath, [file], { encoding: 'utf8' });
  assert.equal(result.stderr, '');
  const promised = /console\.log\(.*\); \/\/ "(.*)" (\d+)/.exec(snippet);
  assert.ok(promised, 'the example ends with a console.log whose comment gives the expected output');
  assert.equal(result.stdout, `${promised[1]} ${promised[2]}\n`);
});
