/**
 * The run loop's case labels are numeric literals (so V8 builds a jump table), each annotated with
 * its mnemonic: `case 0x20 /* add *\/:`. This test checks every annotation against the opcode table
 * and the internal opcodes, and that every defined opcode has a case.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { OPCODES, opcodeByMnemonic } from '../../src/isa/opcodes.js';
import { Internal, LocalBin, StackBin } from '../../src/machine/fusion.js';
import { repoPath } from '../helpers/paths.js';

const files = ['src/machine/interpreter.ts', 'src/machine/fusion.ts'];
const annotated = /\b(0x[0-9a-f]+|\d+) \/\* ([A-Za-z0-9_.]+) \*\//g;
const flags: Readonly<Record<string, Readonly<Record<string, number>>>> = { LocalBin, StackBin };

/** The value an annotation names: a mnemonic, an internal opcode, or a flag like `LocalBin.SET`. */
function named(name: string): number | undefined {
  const [group, flag] = name.split('.');
  if (flag !== undefined) return flags[group]?.[flag];
  return name === name.toUpperCase() ? Internal[name as keyof typeof Internal] : opcodeByMnemonic(name)?.code;
}

test('every annotated literal matches the opcode table, the internal opcodes or the superinstruction flags', () => {
  let count = 0;
  for (const file of files) {
    for (const [, literal, name] of readFileSync(repoPath(file), 'utf8').matchAll(annotated)) {
      assert.equal(Number(literal), named(name), `${file}: ${literal} is annotated as ${name}`);
      count++;
    }
  }
  assert.ok(count > OPCODES.length, `expected annotated literals, found ${count}`);
});

test('every defined opcode and every internal opcode has a case in the run loop', () => {
  const source = readFileSync(repoPath('src/machine/interpreter.ts'), 'utf8');
  const cases = new Set([...source.matchAll(/case (0x[0-9a-f]{2}) \/\*/g)].map(([, literal]) => Number(literal)));
  for (const row of OPCODES) assert.ok(cases.has(row.code), `no case for ${row.mnemonic} (0x${row.code.toString(16)})`);
  for (const [name, code] of Object.entries(Internal)) assert.ok(cases.has(code), `no case for internal ${name}`);
});
