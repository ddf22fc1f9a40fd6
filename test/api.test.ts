/**
 * The public API, used the way an embedder would: only through `src/index.ts`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as exvm from '../src/index.js';

const source = `
.data
greeting: .string "sum="
.text
    push greeting
    push sizeof(greeting)
    ncall io.print_str
    enter 0, 2          ; local 0 = i, local 1 = sum
loop:
    lget 1
    lget 0
    add
    lset 1
    lget 0
    addi 1
    ltee 0
    push 101
    lts
    jnz loop
    lget 1
    ncall io.print_int
    push 0
    halt
`;

test('assemble with the standard library description, encode, decode and run', () => {
  const env = exvm.bufferedEnvironment();
  const libraries = exvm.standardLibraries(env);
  const program = exvm.assemble(source, { file: 'sum.exa', libraries: exvm.describeLibraries(libraries) });
  const image = exvm.encodeImage(program);
  assert.ok(exvm.looksLikeImage(image));
  const machine = new exvm.Machine(exvm.decodeImage(image), { libraries, gas: 100_000 });
  assert.deepEqual(machine.missingImports, []);
  assert.equal(machine.run(), exvm.Status.Halted);
  assert.equal(machine.exitCode, 0);
  assert.equal(env.output(), 'sum=5050');
  assert.ok(machine.gasUsed > 0 && machine.gasUsed < 100_000);
});

test('guest faults are statuses with a position; bad input is a typed error', () => {
  const program = exvm.assemble('push 1\npush 0\ndivs\nhalt\n', { file: 'div.exa' });
  const machine = new exvm.Machine(program);
  assert.equal(machine.run(), exvm.Status.DivisionByZero);
  assert.equal(machine.fault?.pc, 2);
  assert.equal(exvm.statusName(machine.status), 'DivisionByZero');
  assert.equal(machine.run(), exvm.Status.DivisionByZero, 'the error state is sticky');
  machine.reset();
  assert.equal(machine.pc, 0);
  assert.throws(() => exvm.assemble('pusj 1', { file: 'typo.exa' }), (error: unknown) => error instanceof exvm.AsmError && error.code === exvm.ErrorCode.Assembly && /typo\.exa:1:1:/.test(error.message));
  assert.throws(() => exvm.decodeImage(new Uint8Array([1, 2, 3])), exvm.ImageError);
});

test('the opcode table is exposed and consistent with the Op constants', () => {
  for (const row of exvm.OPCODES) assert.equal(exvm.opcodeInfo(row.code), row);
  assert.equal(exvm.Op.ADD, exvm.opcodeByMnemonic('add')?.code);
});
