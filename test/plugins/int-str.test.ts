/** The int and str standard plugins: each instruction, its results and its error paths (pattern mismatches, interruptions). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AsmError } from '../../src/errors.js';
import { runCode, standardRuntime } from './helpers.js';

/** Runs `lines` then prints cell `r`; returns the output line. */
async function result(declarations: string, lines: string): Promise<string> {
  const run = await runCode(`${declarations}\n${lines}\n:com.print @r\npush 0\nhalt`);
  assert.equal(run.interruption, null, run.report.processes[0].kernels[0].report ?? '');
  return run.output.trim();
}

test('int: arithmetic, comparison, in-place increment, parsing and printing', async () => {
  assert.equal(await result('.value r INT 0', ':int.add 1 2 3 4 -> @r'), '10');
  assert.equal(await result('.value r INT 0', ':int.sub 1 8 -> @r'), '-7');
  assert.equal(await result('.value r INT 0', ':int.mul 2 3 7 -> @r'), '42');
  assert.equal(await result('.value r INT 0', ':int.div -7 2 -> @r'), '-3');
  assert.equal(await result('.value r INT 0', ':int.mod 7 3 -> @r'), '1');
  assert.equal(await result('.value r BLN FALSE', ':int.cmp 3 <= 3 -> @r'), 'TRUE');
  assert.equal(await result('.value r BLN TRUE', ':int.cmp 3 <> 3 -> @r'), 'FALSE');
  assert.equal(await result('.value r INT 5', ':int.inc @r\n:int.inc @r 10'), '16');
  assert.equal(await result('.value r INT 0', ':int.parse " -12 " -> @r'), '-12');
  assert.equal(await result('.value r STR ""', ':int.print 99 -> @r'), '99');
});

test('int: division by zero and overflow raise NUMERIC, bad text raises FAILURE', async () => {
  for (const [code, kind, message] of [
    [':int.div 1 0', 'NUMERIC', 'int.div: division by zero'],
    [':int.mod 1 0', 'NUMERIC', 'int.mod: division by zero'],
    [':int.mul 9007199254740991 2', 'NUMERIC', /int\.mul: the result 18014398509481982 is outside the safe integers/],
    ['.value r INT 9007199254740991\n:int.inc @r', 'NUMERIC', /int\.inc: the result .* is outside the safe integers/],
    [':int.parse "12a"', 'FAILURE', 'int.parse: "12a" is not a decimal integer'],
  ] as const) {
    const run = await runCode(`${code}\npush 0\nhalt`);
    assert.equal(run.interruption?.kind, kind, code);
    assert.match(run.interruption?.message ?? '', typeof message === 'string' ? new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : message);
    assert.equal(run.report.processes[0].state, 'INTERRUPTED');
  }
});

test('int and str: arguments that do not match the patterns are refused when the code is assembled', () => {
  const { runtime } = standardRuntime();
  for (const [code, message] of [
    [':int.add 1', /int\.add: .*expected INT/],
    [':int.add 1 "2"', /argument 2: expected INT but found a STR value/],
    [':int.cmp 1 2 3', /argument 2: expected/],
    [':int.inc 1', /expected a mutable INT|MUTABLE|mutable/],
    [':str.size 3', /str\.size: argument 1: expected STR but found an? INT value/],
  ] as const) {
    assert.throws(() => runtime.addProcess({ name: `p${code.length}${code.charCodeAt(5)}`, code }), (e) => e instanceof AsmError && message.test(e.message), code);
  }
});

test('int: a cell whose type is only known at run time is checked when the call runs (PROCESSOR)', async () => {
  const run = await runCode('.value s STR "x"\n:int.add @0 1\npush 0\nhalt');
  assert.equal(run.interruption?.kind, 'PROCESSOR');
  assert.match(run.interruption?.message ?? '', /int\.add: argument 1: expected INT/);
});

test('str: join, size, sub, find, cmp, append, repeat', async () => {
  assert.equal(await result('.value r STR ""', ':str.join "a" 1 TRUE "b" -> @r'), 'a1TRUEb');
  assert.equal(await result('.value r INT 0', ':str.size "hello" -> @r'), '5');
  assert.equal(await result('.value r STR ""', ':str.sub "hello" 1 3 -> @r'), 'el');
  assert.equal(await result('.value r STR ""', ':str.sub "hello" 2 -> @r'), 'llo');
  assert.equal(await result('.value r INT 0', ':str.find "hello" "lo" -> @r'), '3');
  assert.equal(await result('.value r INT 0', ':str.find "hello" "z" -> @r'), '-1');
  assert.equal(await result('.value r BLN FALSE', ':str.cmp "abc" < "abd" -> @r'), 'TRUE');
  assert.equal(await result('.value r STR "x"', ':str.append @r "-" 2'), 'x-2');
  assert.equal(await result('.value r STR ""', ':str.repeat "ab" 3 -> @r'), 'ababab');
});

test('str: bad ranges, negative counts and huge results raise FAILURE', async () => {
  for (const [code, message] of [
    [':str.sub "abc" 2 1', 'str.sub: [2, 1) is not a range of a string of 3 characters'],
    [':str.sub "abc" 0 4', 'str.sub: [0, 4) is not a range of a string of 3 characters'],
    [':str.repeat "ab" -1', 'str.repeat: cannot repeat a string -1 times'],
    [':str.repeat "ab" 9007199254740991', 'str.repeat: the result would have 18014398509481982 characters (at most 16777216)'],
  ] as const) {
    const run = await runCode(`${code}\npush 0\nhalt`);
    assert.deepEqual(run.interruption, { kind: 'FAILURE', message }, code);
  }
});

test('an interruption from a standard plugin goes to the guest handler', async () => {
  const run = await runCode(`
    push handler
    :interruption GLOBAL NUMERIC %
    :int.div 1 0
    :com.print "after"
    push 0
    halt
handler:
    :com.print "caught"
    iret`);
  assert.equal(run.output, 'caught\nafter\n');
  assert.equal(run.report.ok, true);
});
