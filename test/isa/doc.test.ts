/** docs/isa.md is generated: it must equal what the opcode table renders today. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { renderIsaReference } from '../../src/isa/doc.js';
import { OPCODES } from '../../src/isa/opcodes.js';
import { Status } from '../../src/isa/status.js';
import { repoPath } from '../helpers/paths.js';

test('docs/isa.md is up to date with the opcode table', () => {
  const onDisk = readFileSync(repoPath('docs', 'isa.md'), 'utf8');
  assert.ok(onDisk === renderIsaReference(), 'docs/isa.md is out of date: run `npm run docs` and commit the result');
});

test('the reference has one row per opcode and per status', () => {
  const text = renderIsaReference();
  for (const row of OPCODES) assert.match(text, new RegExp(`\\| \`${row.mnemonic}\` \\|`), `no row for ${row.mnemonic}`);
  for (const [name, code] of Object.entries(Status)) assert.match(text, new RegExp(`\\| ${code} \\| ${name} \\|`), `no row for status ${name}`);
});

test('pipes in semantics are escaped so table rows keep their columns', () => {
  const rows = renderIsaReference().split('\n').filter((line) => /^\| 0x[0-9A-F]{2} \|/.test(line));
  assert.equal(rows.length, OPCODES.length);
  for (const row of rows) assert.equal(row.split(/(?<!\\)\|/).length, 9, `row has the wrong number of cells: ${row}`);
});
