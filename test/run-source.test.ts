/** runSource: one call from assembly to a finished run, with the standard libraries. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AsmError, Status, runSource } from '../src/index.js';

test('runs a program with input and arguments and returns its output, exit code and gas', () => {
  const source = [
    '.data', 'buf: .zero 64', '.text',
    'push buf', 'push 64', 'ncall io.read_line', // -> len
    'push buf', 'swap', 'ncall io.print_str',
    'ncall sys.argc', 'halt',
  ].join('\n');
  const result = runSource(source, { input: 'hello\n', args: ['a', 'b'], gas: 10_000 });
  assert.equal(result.status, Status.Halted);
  assert.equal(result.output, 'hello');
  assert.equal(result.exitCode, 2);
  assert.ok(result.gasUsed > 0 && result.instructions === 8);
  assert.equal(result.fault, undefined);
});

test('faults and step limits are in the result; bad source throws AsmError with the file name', () => {
  assert.equal(runSource('push 1\npush 0\ndivs\n').fault?.status, Status.DivisionByZero);
  assert.equal(runSource('l: jmp l', { maxSteps: 10 }).status, Status.Ok);
  assert.throws(() => runSource('bogus', { file: 'x.exa' }), (error: unknown) => error instanceof AsmError && /^x\.exa:1:1:/.test(error.message));
});
