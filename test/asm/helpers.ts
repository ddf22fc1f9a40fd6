/** Shared helpers for the assembler tests. */
import assert from 'node:assert/strict';
import type { AssembleOptions } from '../../src/asm/index.js';
import { assemble, parseLibraryDescription } from '../../src/asm/index.js';
import { AsmError } from '../../src/errors.js';
import type { Program } from '../../src/image/program.js';
import { instructionCount, opcodeAt, operandAt } from '../../src/image/program.js';

/** A description mixing both forms: io (named, 0), a positional library (1), math (named, 2). */
export const DESCRIPTION = parseLibraryDescription(
  JSON.stringify({
    libraries: [
      { name: 'io', functions: ['print_int', 'print_str', 'newline'] },
      ['func1', 'func2', 'func3'],
      { name: 'math', functions: ['sin', 'cos', 'print_int'] },
    ],
  }),
);

/** The bit patterns of a constant pool, as hex strings (NaN payloads and -0 stay visible). */
export function constantBits(program: Program): string[] {
  return Array.from(new BigUint64Array(program.constants.buffer, program.constants.byteOffset, program.constants.length), (b) => b.toString(16));
}

/** A program as plain comparable data (bytes as arrays, floats as bit patterns). */
export function comparable(program: Program): unknown {
  return {
    code: Array.from(program.code),
    constants: constantBits(program),
    memorySize: program.memorySize,
    data: program.data.map((s) => ({ address: s.address, bytes: Array.from(s.bytes) })),
    imports: program.imports,
    exports: program.exports,
    entry: program.entry,
    debug: program.debug,
  };
}

/** Asserts two programs are identical (bit for bit). */
export function assertSameProgram(actual: Program, expected: Program): void {
  assert.deepEqual(comparable(actual), comparable(expected));
}

/** The instructions of a program as [mnemonic-code, operand] pairs. */
export function instructions(program: Program): [number, number][] {
  return Array.from({ length: instructionCount(program) }, (_, pc) => [opcodeAt(program.code, pc), operandAt(program.code, pc)]);
}

/** Assembles without debug info. */
export function asm(source: string, options: AssembleOptions = {}): Program {
  return assemble(source, { debug: false, ...options });
}

/** The diagnostics of source that must fail, as `line:column: message` strings. */
export function diagnosticsOf(source: string, options: AssembleOptions = {}): string[] {
  try {
    assemble(source, options);
  } catch (error) {
    assert.ok(error instanceof AsmError, `expected an AsmError, got ${String(error)}`);
    return error.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`);
  }
  assert.fail('expected the source not to assemble');
}
