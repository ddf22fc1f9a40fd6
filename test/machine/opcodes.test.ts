/**
 * Per-opcode behaviour: every opcode of the table, its normal results and edge cases. Faults are in
 * faults.test.ts. Each `opcode(...)` block records its mnemonic in `coveredMnemonics`, which the
 * table test compares with the opcode table.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Mnemonic } from '../../src/isa/opcodes.js';
import type { ImportedLibrary } from '../../src/image/program.js';
import { Machine } from '../../src/machine/machine.js';
import type { NativeContext, NativeLibrary } from '../../src/machine/natives.js';
import { Op } from '../../src/isa/opcodes.js';
import { encodeInstructions, makeProgram } from '../../src/image/program.js';
import { Status } from '../../src/isa/status.js';
import {
  assertFault,
  assertStatus,
  bytesAt,
  floatOp,
  frame,
  ins,
  intOp,
  machineFor,
  runToBreak,
  stackAfter,
  stackAtBreak,
  wordAt,
} from './harness.js';
import type { Instruction } from './harness.js';

const INT_MIN = -0x80000000;
const INT_MAX = 0x7fffffff;

const covered = new Set<string>();

/** The mnemonics this file has at least one test for. */
export const coveredMnemonics: ReadonlySet<string> = covered;

/** Registers the tests of one opcode: one `test` per named case. */
function opcode(mnemonic: Mnemonic, cases: Readonly<Record<string, () => void>>): void {
  const names = Object.keys(cases);
  if (names.length > 0) covered.add(mnemonic);
  describe(mnemonic, () => {
    for (const name of names) test(name, cases[name]);
  });
}

/** Checks `mnemonic` on each `[inputs..., expected]` row, integer inputs pushed with `push`. */
function intCases(mnemonic: Mnemonic, rows: readonly (readonly number[])[]): () => void {
  return () => {
    for (const row of rows) assert.deepEqual(intOp(mnemonic, row.slice(0, -1)), [row[row.length - 1]], `${mnemonic} ${row.slice(0, -1).join(' ')}`);
  };
}

/** Checks `mnemonic` on each `[inputs..., expected]` row, float inputs pushed with `pushf`. */
function floatCases(mnemonic: Mnemonic, rows: readonly (readonly number[])[]): () => void {
  return () => {
    for (const row of rows) assert.deepEqual(floatOp(mnemonic, row.slice(0, -1)), [row[row.length - 1]], `${mnemonic} ${row.slice(0, -1).join(' ')}`);
  };
}

/** Checks a comparison over a list of operand pairs against the expected 0/1 results. */
function comparisonCases(
  op: (mnemonic: Mnemonic, inputs: readonly number[]) => number[],
  mnemonic: Mnemonic,
  pairs: readonly (readonly [number, number])[],
  expected: readonly number[],
): () => void {
  return () => {
    assert.equal(pairs.length, expected.length);
    pairs.forEach((pair, i) => assert.deepEqual(op(mnemonic, pair), [expected[i]], `${mnemonic} ${pair.join(' ')}`));
  };
}

// ---------------------------------------------------------------- control

opcode('nop', {
  'does nothing but advance the pc': () => {
    const machine = machineFor([ins('push', 7), ins('nop'), ins('nop')]);
    assertStatus(machine.run(3), Status.Ok);
    assert.deepEqual(machine.stackValues(), [7]);
    assert.equal(machine.pc, 3);
    assert.equal(machine.gasUsed, 3);
  },
});

opcode('halt', {
  'pops the exit code and stops with Halted, pc on the halt': () => {
    const machine = machineFor([ins('push', 9), ins('push', 42), ins('halt'), ins('push', 1)]);
    assertStatus(machine.run(), Status.Halted);
    assert.equal(machine.exitCode, 42);
    assert.deepEqual(machine.stackValues(), [9]);
    assert.equal(machine.pc, 2);
    assert.equal(machine.fault, undefined);
  },
  'the exit code is a signed 32-bit integer': () => {
    const machine = machineFor([ins('push', -1), ins('halt')]);
    machine.run();
    assert.equal(machine.exitCode, -1);
  },
  'a float exit code is truncated toward zero': () => {
    const machine = machineFor([ins('pushf', 0), ins('halt')], { constants: Float64Array.of(-3.75) });
    machine.run();
    assert.equal(machine.exitCode, -3);
  },
});

opcode('jmp', {
  'jumps forward over instructions': () => {
    assert.deepEqual(stackAtBreak([ins('jmp', 2), ins('push', 1), ins('push', 2), ins('brk')]), [2]);
  },
  'jumps backward (a loop)': () => {
    // 0 push 3; 1 push 1; 2 sub; 3 dup; 4 jz 6; 5 jmp 1; 6 brk
    const machine = runToBreak([ins('push', 3), ins('push', 1), ins('sub'), ins('dup'), ins('jz', 6), ins('jmp', 1), ins('brk')]);
    assert.deepEqual(machine.stackValues(), [0]);
    assert.equal(machine.instructionsExecuted, 1 + 5 + 5 + 4 + 1);
  },
  'a jump to the last instruction is allowed': () => {
    assert.deepEqual(stackAtBreak([ins('jmp', 2), ins('push', 1), ins('brk')]), []);
  },
});

for (const [mnemonic, takenOn] of [['jz', 'zero'], ['jnz', 'nonzero']] as const) {
  // 0 push v; 1 jz/jnz 4; 2 push 1; 3 brk; 4 push 2; 5 brk
  const branch = (value: number): number[] =>
    stackAtBreak([ins('push', value), ins(mnemonic, 4), ins('push', 1), ins('brk'), ins('push', 2), ins('brk')]);
  const taken = [2];
  const fallThrough = [1];
  opcode(mnemonic, {
    [`pops the condition and branches on ${takenOn}`]: () => {
      assert.deepEqual(branch(0), mnemonic === 'jz' ? taken : fallThrough);
      for (const value of [1, -1, INT_MIN, INT_MAX]) assert.deepEqual(branch(value), mnemonic === 'jz' ? fallThrough : taken, `condition ${value}`);
    },
  });
}

opcode('call', {
  'pushes a call frame and jumps; the stack is unchanged': () => {
    const machine = runToBreak([ins('push', 5), ins('call', 3), ins('brk'), ins('brk')]);
    assert.equal(machine.pc, 4);
    assert.equal(machine.callDepth, 1);
    assert.deepEqual(machine.stackValues(), [5]);
  },
  'nested and recursive calls (factorial 5)': () => {
    // fact(n) = n == 0 ? 1 : n * fact(n - 1)
    const code = [
      ins('push', 5), ins('call', 3), ins('halt'),
      ins('enter', frame(1, 0)), ins('lget', 0), ins('jnz', 8), ins('push', 1), ins('ret', 1),
      ins('lget', 0), ins('lget', 0), ins('addi', -1), ins('call', 3), ins('mul'), ins('ret', 1),
    ];
    const machine = machineFor(code);
    assertStatus(machine.run(), Status.Halted);
    assert.equal(machine.exitCode, 120);
    assert.equal(machine.callDepth, 0);
    assert.deepEqual(machine.stackValues(), []);
  },
  'a call inside a callee returns to the callee': () => {
    // f(x) = g(x) + x, g(x) = x * x; f(3) = 12
    const code = [
      ins('push', 3), ins('call', 3), ins('brk'),
      ins('enter', frame(1, 0)), ins('lget', 0), ins('call', 9), ins('lget', 0), ins('add'), ins('ret', 1),
      ins('enter', frame(1, 0)), ins('lget', 0), ins('lget', 0), ins('mul'), ins('ret', 1),
    ];
    const machine = runToBreak(code);
    assert.deepEqual(machine.stackValues(), [12]);
    assert.equal(machine.pc, 3);
  },
});

opcode('enter', {
  'makes the arguments locals 0.. and pushes zeroed locals after them': () => {
    // caller pushes 10 and 3; the callee stops inside its frame
    const machine = runToBreak([ins('push', 10), ins('push', 3), ins('call', 4), ins('brk'), ins('enter', frame(2, 3)), ins('brk')]);
    assert.deepEqual(machine.stackValues(), [10, 3, 0, 0, 0]);
  },
  'locals are addressed from the frame base (args first)': () => {
    // callee: local2 := local0 - local1; push local2
    const code = [
      ins('push', 99), ins('push', 10), ins('push', 3), ins('call', 5), ins('brk'),
      ins('enter', frame(2, 1)), ins('lget', 0), ins('lget', 1), ins('sub'), ins('lset', 2), ins('lget', 2), ins('brk'),
    ];
    assert.deepEqual(stackAtBreak(code), [99, 10, 3, 7, 7]);
  },
  'at the top level it sets the frame base below the arguments': () => {
    assert.deepEqual(stackAfter([ins('push', 1), ins('push', 2), ins('enter', frame(1, 1)), ins('lget', 0)]), [1, 2, 0, 2]);
  },
});

opcode('ret', {
  'replaces the arguments with one result': () => {
    const code = [
      ins('push', 10), ins('push', 3), ins('call', 4), ins('brk'),
      ins('enter', frame(2, 0)), ins('lget', 0), ins('lget', 1), ins('sub'), ins('ret', 1),
    ];
    const machine = runToBreak(code);
    assert.deepEqual(machine.stackValues(), [7]);
    assert.equal(machine.callDepth, 0);
    assert.equal(machine.pc, 4);
  },
  'moves several results in order and drops the rest of the frame': () => {
    // returns (a - b, a + b) and leaves junk below them
    const code = [
      ins('push', 42), ins('push', 10), ins('push', 3), ins('call', 5), ins('brk'),
      ins('enter', frame(2, 2)), ins('push', 555),
      ins('lget', 0), ins('lget', 1), ins('sub'), ins('lget', 0), ins('lget', 1), ins('add'), ins('ret', 2),
    ];
    assert.deepEqual(stackAtBreak(code), [42, 7, 13]);
  },
  'ret 0 removes the arguments': () => {
    const code = [ins('push', 1), ins('push', 2), ins('call', 4), ins('brk'), ins('enter', frame(2, 1)), ins('push', 9), ins('ret', 0)];
    assert.deepEqual(stackAtBreak(code), []);
  },
  "restores the caller's frame": () => {
    // main has local 0 = 4; the callee writes its own local 0; main reads 4 back
    const code = [
      ins('enter', frame(0, 1)), ins('push', 4), ins('lset', 0), ins('call', 6), ins('lget', 0), ins('brk'),
      ins('enter', frame(0, 1)), ins('push', 99), ins('lset', 0), ins('ret', 0),
    ];
    assert.deepEqual(stackAtBreak(code), [4, 4]);
  },
  'without enter, the frame starts at the stack top at call time': () => {
    const code = [ins('push', 5), ins('call', 3), ins('brk'), ins('push', 6), ins('push', 7), ins('ret', 1)];
    assert.deepEqual(stackAtBreak(code), [5, 7]);
  },
});

opcode('brk', {
  'stops with Breakpoint after itself; running again resumes': () => {
    const machine = machineFor([ins('push', 1), ins('brk'), ins('push', 2), ins('brk'), ins('push', 0), ins('halt')]);
    assertStatus(machine.run(), Status.Breakpoint);
    assert.equal(machine.pc, 2);
    assert.deepEqual(machine.stackValues(), [1]);
    assert.equal(machine.fault, undefined);
    assertStatus(machine.run(), Status.Breakpoint);
    assert.equal(machine.pc, 4);
    assert.deepEqual(machine.stackValues(), [1, 2]);
    assertStatus(machine.run(), Status.Halted);
  },
});

// ---------------------------------------------------------------- stack

opcode('push', {
  'pushes the operand as a signed 32-bit integer': () => {
    assert.deepEqual(stackAfter([ins('push', 0), ins('push', INT_MAX), ins('push', 0xffffffff), ins('push', 0x80000000), ins('push', -7)]), [0, INT_MAX, -1, INT_MIN, -7]);
  },
});

opcode('pushf', {
  'pushes constants from the pool, including -0, NaN and infinities': () => {
    const constants = Float64Array.of(1.5, -0, NaN, Infinity, -Infinity, 1e-300);
    const code = Array.from(constants, (_, i) => ins('pushf', i));
    assert.deepEqual(stackAfter(code, { constants }), [1.5, -0, NaN, Infinity, -Infinity, 1e-300]);
  },
});

opcode('pop', {
  'drops the top value': () => {
    assert.deepEqual(stackAfter([ins('push', 1), ins('push', 2), ins('pop')]), [1]);
  },
});

opcode('dup', {
  'duplicates the top value (ints and floats)': () => {
    assert.deepEqual(stackAfter([ins('push', 1), ins('push', 3), ins('dup')]), [1, 3, 3]);
    assert.deepEqual(stackAfter([ins('pushf', 0), ins('dup')], { constants: Float64Array.of(-0) }), [-0, -0]);
  },
});

opcode('swap', {
  'swaps the top two values': () => {
    assert.deepEqual(stackAfter([ins('push', 1), ins('push', 2), ins('push', 3), ins('swap')]), [1, 3, 2]);
  },
});

opcode('over', {
  'copies the second value to the top': () => {
    assert.deepEqual(stackAfter([ins('push', 0), ins('push', 1), ins('push', 2), ins('over')]), [0, 1, 2, 1]);
  },
});

opcode('rot', {
  'rotates the third value to the top': () => {
    assert.deepEqual(stackAfter([ins('push', 0), ins('push', 1), ins('push', 2), ins('push', 3), ins('rot')]), [0, 2, 3, 1]);
  },
});

// ---------------------------------------------------------------- locals

opcode('lget', {
  "pushes a local of the current frame (a callee's argument)": () => {
    const code = [ins('push', 8), ins('push', 9), ins('call', 4), ins('brk'), ins('enter', frame(2, 0)), ins('lget', 1), ins('lget', 0), ins('brk')];
    assert.deepEqual(stackAtBreak(code), [8, 9, 9, 8]);
  },
  'at the top level, local i is stack slot i': () => {
    assert.deepEqual(stackAfter([ins('push', 5), ins('push', 6), ins('lget', 0)]), [5, 6, 5]);
  },
});

opcode('lset', {
  'pops into a local': () => {
    assert.deepEqual(stackAfter([ins('enter', frame(0, 2)), ins('push', 7), ins('lset', 1)]), [0, 7]);
    assert.deepEqual(stackAfter([ins('enter', frame(0, 2)), ins('push', 7), ins('push', 8), ins('lset', 0)]), [8, 0, 7]);
  },
});

opcode('ltee', {
  'stores into a local and keeps the value': () => {
    assert.deepEqual(stackAfter([ins('enter', frame(0, 2)), ins('push', 7), ins('ltee', 1)]), [0, 7, 7]);
  },
});

// ---------------------------------------------------------------- integer

opcode('add', {
  'adds, wrapping to 32 bits': intCases('add', [[1, 2, 3], [INT_MAX, 1, INT_MIN], [-1, -1, -2], [INT_MIN, INT_MIN, 0], [INT_MIN, -1, INT_MAX]]),
});

opcode('sub', {
  'subtracts (a - b), wrapping': intCases('sub', [[5, 7, -2], [INT_MIN, 1, INT_MAX], [0, INT_MIN, INT_MIN], [-1, INT_MAX, INT_MIN]]),
});

opcode('mul', {
  'keeps the low 32 bits of the product': intCases('mul', [
    [6, 7, 42], [-3, 5, -15], [0x10000, 0x10000, 0], [INT_MAX, 2, -2], [-1, -1, 1], [INT_MIN, -1, INT_MIN],
    [0x12345678, 0x9abcdef, -498937336], [0x10001, 0x10001, 0x20001],
  ]),
});

opcode('divs', {
  'divides signed, toward zero; MIN / -1 wraps to MIN': intCases('divs', [
    [7, 2, 3], [-7, 2, -3], [7, -2, -3], [-7, -2, 3], [0, 5, 0], [INT_MIN, -1, INT_MIN], [INT_MIN, 1, INT_MIN], [INT_MIN, 2, -0x40000000], [-1, INT_MIN, 0],
  ]),
});

opcode('divu', {
  'divides the unsigned views': intCases('divu', [
    [7, 2, 3], [-1, 2, INT_MAX], [-2, -1, 0], [-1, -1, 1], [INT_MIN, 2, 0x40000000], [6, -1, 0], [-1, 1, -1], [INT_MIN, -1, 0],
  ]),
});

opcode('rems', {
  'remainder has the sign of the dividend; MIN % -1 is 0': intCases('rems', [
    [7, 2, 1], [-7, 2, -1], [7, -2, 1], [-7, -2, -1], [5, 5, 0], [INT_MIN, -1, 0], [INT_MIN, 3, -2], [3, INT_MIN, 3],
  ]),
});

opcode('remu', {
  'remainder of the unsigned views': intCases('remu', [
    [-1, 10, 5], [7, -1, 7], [-1, -2, 1], [-2, -1, -2], [INT_MIN, 3, 2], [10, 3, 1],
  ]),
});

opcode('and', { 'bitwise and': intCases('and', [[0b1100, 0b1010, 0b1000], [-1, INT_MIN, INT_MIN], [INT_MAX, INT_MIN, 0]]) });
opcode('or', { 'bitwise or': intCases('or', [[0b1100, 0b1010, 0b1110], [INT_MIN, INT_MAX, -1], [0, 0, 0]]) });
opcode('xor', { 'bitwise xor': intCases('xor', [[0b1100, 0b1010, 0b0110], [-1, INT_MAX, INT_MIN], [5, 5, 0]]) });

opcode('shl', {
  'shifts left by the count modulo 32': intCases('shl', [[1, 31, INT_MIN], [1, 32, 1], [1, 33, 2], [3, -1, INT_MIN], [-1, 4, -16], [5, 0, 5], [0x40000000, 1, INT_MIN]]),
});

opcode('shrs', {
  'shifts right arithmetically by the count modulo 32': intCases('shrs', [[INT_MIN, 31, -1], [INT_MIN, 32, INT_MIN], [-16, 2, -4], [16, 2, 4], [-1, 63, -1], [INT_MAX, 31, 0], [INT_MIN, 33, -0x40000000]]),
});

opcode('shru', {
  'shifts right logically by the count modulo 32': intCases('shru', [[INT_MIN, 31, 1], [-1, 0, -1], [-1, 32, -1], [-1, 1, INT_MAX], [-16, 2, 0x3ffffffc], [-1, 33, INT_MAX]]),
});

opcode('neg', { 'negates, wrapping (-MIN is MIN)': intCases('neg', [[5, -5], [-1, 1], [0, 0], [INT_MIN, INT_MIN], [INT_MAX, -INT_MAX]]) });
opcode('not', { 'bitwise complement': intCases('not', [[0, -1], [-1, 0], [INT_MIN, INT_MAX], [5, -6]]) });

opcode('addi', {
  'adds the signed operand, wrapping': () => {
    assert.deepEqual(intOp('addi', [1], 5), [6]);
    assert.deepEqual(intOp('addi', [0], -1), [-1]);
    assert.deepEqual(intOp('addi', [10], 0xfffffffe), [8]);
    assert.deepEqual(intOp('addi', [INT_MAX], 1), [INT_MIN]);
    assert.deepEqual(intOp('addi', [-1], 0x80000000), [INT_MAX]);
  },
});

const INT_PAIRS = [[1, 2], [2, 1], [2, 2], [-1, 1], [1, -1], [INT_MIN, INT_MAX], [INT_MAX, INT_MIN], [-1, -1]] as const;
const INT_COMPARISONS: readonly (readonly [Mnemonic, readonly number[]])[] = [
  ['eq', [0, 0, 1, 0, 0, 0, 0, 1]],
  ['ne', [1, 1, 0, 1, 1, 1, 1, 0]],
  ['lts', [1, 0, 0, 1, 0, 1, 0, 0]],
  ['ltu', [1, 0, 0, 0, 1, 0, 1, 0]],
  ['les', [1, 0, 1, 1, 0, 1, 0, 1]],
  ['leu', [1, 0, 1, 0, 1, 0, 1, 1]],
  ['gts', [0, 1, 0, 0, 1, 0, 1, 0]],
  ['gtu', [0, 1, 0, 1, 0, 1, 0, 0]],
  ['ges', [0, 1, 1, 0, 1, 0, 1, 1]],
  ['geu', [0, 1, 1, 1, 0, 1, 0, 1]],
];
for (const [mnemonic, expected] of INT_COMPARISONS) {
  opcode(mnemonic, { 'compares (signed or unsigned view) and pushes 1 or 0': comparisonCases(intOp, mnemonic, INT_PAIRS, expected) });
}

opcode('eqz', { 'pushes 1 for zero, else 0': intCases('eqz', [[0, 1], [1, 0], [-1, 0], [INT_MIN, 0]]) });
opcode('clz', { 'counts leading zero bits (32 for 0)': intCases('clz', [[0, 32], [-1, 0], [1, 31], [INT_MIN, 0], [0x10000, 15], [INT_MAX, 1]]) });
opcode('ctz', { 'counts trailing zero bits (32 for 0)': intCases('ctz', [[0, 32], [-1, 0], [1, 0], [INT_MIN, 31], [0x10000, 16], [12, 2]]) });
opcode('popcnt', { 'counts set bits': intCases('popcnt', [[0, 0], [-1, 32], [INT_MIN, 1], [0x80000001 | 0, 2], [INT_MAX, 31], [0xf0f0, 8]]) });

// ---------------------------------------------------------------- float

opcode('fadd', { 'adds (IEEE)': floatCases('fadd', [[0.5, 0.25, 0.75], [0.1, 0.2, 0.1 + 0.2], [Infinity, -Infinity, NaN], [-0, -0, -0], [-0, 0, 0], [1e308, 1e308, Infinity], [NaN, 1, NaN]]) });
opcode('fsub', { 'subtracts (IEEE)': floatCases('fsub', [[1, 0.25, 0.75], [0, 0, 0], [-0, 0, -0], [Infinity, Infinity, NaN], [3e9, -3e9, 6e9]]) });
opcode('fmul', { 'multiplies (IEEE)': floatCases('fmul', [[1.5, -2, -3], [-0, 5, -0], [Infinity, 0, NaN], [NaN, 1, NaN], [1e200, 1e200, Infinity], [65536, 65536, 4294967296]]) });
opcode('fdiv', { 'divides without faulting on zero': floatCases('fdiv', [[1, 4, 0.25], [1, 0, Infinity], [-1, 0, -Infinity], [1, -0, -Infinity], [0, 0, NaN], [Infinity, Infinity, NaN], [7, 2, 3.5]]) });
opcode('frem', { 'fmod with the sign of x': floatCases('frem', [[5.5, 2, 1.5], [-5.5, 2, -1.5], [5.5, -2, 1.5], [1, 0, NaN], [Infinity, 1, NaN], [5, Infinity, 5], [-0, 1, -0], [-4, 2, -0]]) });
opcode('fneg', { 'flips the sign, including of zero': floatCases('fneg', [[1.5, -1.5], [0, -0], [-0, 0], [NaN, NaN], [Infinity, -Infinity]]) });
opcode('fabs', { 'absolute value': floatCases('fabs', [[-1.5, 1.5], [-0, 0], [-Infinity, Infinity], [2, 2], [NaN, NaN]]) });
opcode('fsqrt', { 'square root (NaN for negatives, -0 stays -0)': floatCases('fsqrt', [[2.25, 1.5], [-1, NaN], [-0, -0], [Infinity, Infinity], [2, Math.SQRT2]]) });
opcode('ffloor', { 'rounds down': floatCases('ffloor', [[-0.5, -1], [0.5, 0], [-0, -0], [2.7, 2], [Infinity, Infinity], [NaN, NaN]]) });
opcode('fceil', { 'rounds up (-0.5 to -0)': floatCases('fceil', [[-0.5, -0], [0.5, 1], [-1.5, -1], [3, 3]]) });
opcode('ftrunc', { 'rounds toward zero': floatCases('ftrunc', [[-1.7, -1], [2.7, 2], [-0.3, -0], [NaN, NaN], [-Infinity, -Infinity]]) });
opcode('fmin', { 'minimum; NaN wins; -0 is below 0': floatCases('fmin', [[1, 2, 1], [2, 1, 1], [-0, 0, -0], [0, -0, -0], [NaN, 1, NaN], [1, NaN, NaN], [-Infinity, 5, -Infinity]]) });
opcode('fmax', { 'maximum; NaN wins; 0 is above -0': floatCases('fmax', [[1, 2, 2], [2, 1, 2], [-0, 0, 0], [0, -0, 0], [NaN, 1, NaN], [1, NaN, NaN], [Infinity, 5, Infinity]]) });

const FLOAT_PAIRS = [[1, 2], [2, 1], [2, 2], [-0, 0], [NaN, 1], [1, NaN], [NaN, NaN], [-Infinity, Infinity]] as const;
const FLOAT_COMPARISONS: readonly (readonly [Mnemonic, readonly number[]])[] = [
  ['feq', [0, 0, 1, 1, 0, 0, 0, 0]],
  ['fne', [1, 1, 0, 0, 1, 1, 1, 1]],
  ['flt', [1, 0, 0, 0, 0, 0, 0, 1]],
  ['fle', [1, 0, 1, 1, 0, 0, 0, 1]],
  ['fgt', [0, 1, 0, 0, 0, 0, 0, 0]],
  ['fge', [0, 1, 1, 1, 0, 0, 0, 0]],
];
for (const [mnemonic, expected] of FLOAT_COMPARISONS) {
  opcode(mnemonic, { 'compares floats (NaN unordered, -0 == 0) and pushes 1 or 0': comparisonCases(floatOp, mnemonic, FLOAT_PAIRS, expected) });
}

// ---------------------------------------------------------------- conversion

opcode('itof', { 'reads the integer as signed': intCases('itof', [[-1, -1], [INT_MIN, INT_MIN], [5, 5], [0, 0]]) });
opcode('utof', { 'reads the integer as unsigned': intCases('utof', [[-1, 4294967295], [INT_MIN, 2147483648], [5, 5], [0, 0]]) });

opcode('ftoi', {
  'truncates toward zero, saturating; NaN is 0': floatCases('ftoi', [
    [3.9, 3], [-3.9, -3], [-0.5, 0], [-0, 0], [1e10, INT_MAX], [-1e10, INT_MIN], [NaN, 0], [Infinity, INT_MAX], [-Infinity, INT_MIN],
    [2147483647.5, INT_MAX], [-2147483648.5, INT_MIN], [2147483646.9, 2147483646],
  ]),
});

opcode('ftou', {
  'truncates to unsigned, saturating; NaN and negatives are 0 (result as the 32-bit pattern)': floatCases('ftou', [
    [3.9, 3], [-1, 0], [-0.5, 0], [NaN, 0], [-Infinity, 0], [4294967295.5, -1], [1e10, -1], [Infinity, -1], [3e9, 3e9 - 2 ** 32], [2147483648, INT_MIN],
  ]),
});

// ---------------------------------------------------------------- memory

/** Loads with `mnemonic offset` from `address`, memory starting with `bytes`. */
function load(mnemonic: Mnemonic, bytes: readonly number[], address: number, offset = 0): number[] {
  return stackAfter([ins('push', address), ins(mnemonic, offset)], { data: [{ address: 0, bytes: Uint8Array.from(bytes) }] });
}

/** Stores `value` (an int, or a float when `float`) with `mnemonic offset` at `address`; returns the machine. */
function store(mnemonic: Mnemonic, address: number, value: number, offset = 0): Machine {
  const push = Number.isInteger(value) && !Object.is(value, -0) ? ins('push', value) : ins('pushf', 0);
  const machine = machineFor([ins('push', address), push, ins(mnemonic, offset)], { constants: Float64Array.of(value) });
  assertStatus(machine.run(3), Status.Ok, machine.fault?.message);
  assert.deepEqual(machine.stackValues(), [], 'a store pops its address and value');
  return machine;
}

opcode('ld8s', {
  'sign-extends a byte': () => {
    assert.deepEqual(load('ld8s', [0x80, 0x7f, 0xff], 0), [-128]);
    assert.deepEqual(load('ld8s', [0x80, 0x7f, 0xff], 1), [127]);
    assert.deepEqual(load('ld8s', [0x80, 0x7f, 0xff], 0, 2), [-1]);
  },
});

opcode('ld8u', {
  'zero-extends a byte': () => {
    assert.deepEqual(load('ld8u', [0x80, 0xff], 0), [128]);
    assert.deepEqual(load('ld8u', [0x80, 0xff], 1), [255]);
    assert.deepEqual(load('ld8u', [0x80, 0xff], 0, 1), [255]);
  },
});

opcode('ld16s', {
  'sign-extends a little-endian 16-bit value, at any alignment': () => {
    assert.deepEqual(load('ld16s', [0x34, 0x82], 0), [0x8234 - 0x10000]);
    assert.deepEqual(load('ld16s', [0x00, 0xff, 0x7f], 1), [0x7fff]);
    assert.deepEqual(load('ld16s', [0, 0, 0, 0x01, 0x80], 0, 3), [-0x7fff]);
  },
});

opcode('ld16u', {
  'zero-extends a little-endian 16-bit value': () => {
    assert.deepEqual(load('ld16u', [0x34, 0x82], 0), [0x8234]);
    assert.deepEqual(load('ld16u', [0x00, 0xff, 0xff], 1), [0xffff]);
  },
});

opcode('ld32', {
  'loads a little-endian 32-bit value as signed, at any alignment': () => {
    assert.deepEqual(load('ld32', [0x01, 0x02, 0x03, 0x84], 0), [0x84030201 | 0]);
    assert.deepEqual(load('ld32', [0, 0x78, 0x56, 0x34, 0x12], 1), [0x12345678]);
    assert.deepEqual(load('ld32', [0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff], 1, 4), [-1]);
  },
});

opcode('ldf32', {
  'widens a little-endian binary32': () => {
    assert.deepEqual(load('ldf32', [0x00, 0x00, 0xc0, 0x3f], 0), [1.5]);
    assert.deepEqual(load('ldf32', [0, 0xcd, 0xcc, 0xcc, 0x3d], 1), [Math.fround(0.1)]);
    assert.deepEqual(load('ldf32', [0x00, 0x00, 0x80, 0xff], 0), [-Infinity]);
    assert.deepEqual(load('ldf32', [0x00, 0x00, 0xc0, 0x7f], 0), [NaN]);
  },
});

opcode('ldf64', {
  'loads a little-endian binary64': () => {
    assert.deepEqual(load('ldf64', [0, 0, 0, 0, 0, 0, 0xf8, 0x3f], 0), [1.5]);
    assert.deepEqual(load('ldf64', [0, 0x9a, 0x99, 0x99, 0x99, 0x99, 0x99, 0xb9, 0x3f], 0, 1), [0.1]);
    assert.deepEqual(load('ldf64', [0, 0, 0, 0, 0, 0, 0, 0x80], 0), [-0]);
  },
});

opcode('st8', {
  'stores the low byte': () => {
    const machine = store('st8', 4, 0x1ff);
    assert.deepEqual(bytesAt(machine, 3, 6), [0, 0xff, 0]);
    assert.deepEqual(bytesAt(store('st8', 4, -2, 2), 5, 8), [0, 0xfe, 0]);
  },
});

opcode('st16', {
  'stores the low 16 bits little-endian': () => {
    assert.deepEqual(bytesAt(store('st16', 8, 0x12345), 7, 11), [0, 0x45, 0x23, 0]);
    assert.deepEqual(bytesAt(store('st16', 1, -2, 4), 4, 8), [0, 0xfe, 0xff, 0]);
  },
});

opcode('st32', {
  'stores 32 bits little-endian, at any alignment': () => {
    assert.deepEqual(bytesAt(store('st32', 8, 0x84030201 | 0), 7, 13), [0, 0x01, 0x02, 0x03, 0x84, 0]);
    assert.deepEqual(bytesAt(store('st32', 1, -1, 2), 2, 8), [0, 0xff, 0xff, 0xff, 0xff, 0]);
  },
});

opcode('stf32', {
  'stores a binary32, rounded': () => {
    assert.deepEqual(bytesAt(store('stf32', 0, 0.1), 0, 5), [0xcd, 0xcc, 0xcc, 0x3d, 0]);
    assert.deepEqual(bytesAt(store('stf32', 1, 1.5, 2), 3, 7), [0x00, 0x00, 0xc0, 0x3f]);
  },
});

opcode('stf64', {
  'stores a binary64 little-endian': () => {
    assert.deepEqual(bytesAt(store('stf64', 0, 0.1), 0, 9), [0x9a, 0x99, 0x99, 0x99, 0x99, 0x99, 0xb9, 0x3f, 0]);
    assert.deepEqual(bytesAt(store('stf64', 3, -0, 5), 8, 16), [0, 0, 0, 0, 0, 0, 0, 0x80]);
  },
  'round-trips through ldf64': () => {
    const code = [ins('push', 16), ins('pushf', 0), ins('stf64', 8), ins('push', 20), ins('ldf64', 4)];
    assert.deepEqual(stackAfter(code, { constants: Float64Array.of(-123.456e-7) }), [-123.456e-7]);
  },
});

opcode('msize', {
  "pushes the memory size: the program's, or the option's when larger": () => {
    assert.deepEqual(stackAfter([ins('msize')]), [65536]);
    assert.deepEqual(stackAfter([ins('msize')], { memorySize: 1024 }), [1024]);
    assert.deepEqual(stackAfter([ins('msize')], { memorySize: 1024 }, { memorySize: 4096 }), [4096]);
    assert.deepEqual(stackAfter([ins('msize')], { memorySize: 8192 }, { memorySize: 4096 }), [8192]);
  },
});

/** Runs `dst src len mcopy|mfill` over memory that starts with 1, 2, ..., 8. */
function bulk(mnemonic: 'mcopy' | 'mfill', dst: number, src: number, len: number): Machine {
  const code = [ins('push', dst), ins('push', src), ins('push', len), ins(mnemonic)];
  const machine = machineFor(code, { data: [{ address: 0, bytes: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8) }] });
  assertStatus(machine.run(4), Status.Ok, machine.fault?.message);
  assert.deepEqual(machine.stackValues(), []);
  return machine;
}

opcode('mcopy', {
  'copies bytes': () => {
    assert.deepEqual(bytesAt(bulk('mcopy', 100, 2, 3), 99, 104), [0, 3, 4, 5, 0]);
  },
  'handles overlapping ranges in both directions (memmove)': () => {
    assert.deepEqual(bytesAt(bulk('mcopy', 2, 0, 4), 0, 8), [1, 2, 1, 2, 3, 4, 7, 8]);
    assert.deepEqual(bytesAt(bulk('mcopy', 0, 2, 4), 0, 8), [3, 4, 5, 6, 5, 6, 7, 8]);
  },
  'a zero length copies nothing': () => {
    assert.deepEqual(bytesAt(bulk('mcopy', 0, 4, 0), 0, 8), [1, 2, 3, 4, 5, 6, 7, 8]);
  },
  'costs 3 gas plus 1 per 32 bytes, rounded up': () => {
    for (const [length, extra] of [[0, 0], [1, 1], [32, 1], [33, 2], [64, 2], [65, 3]]) {
      assert.equal(bulk('mcopy', 1000, 0, length).gasUsed, 3 + 3 + extra, `length ${length}`);
    }
  },
});

opcode('mfill', {
  'fills bytes with the low byte of the value': () => {
    assert.deepEqual(bytesAt(bulk('mfill', 2, 0xab, 3), 0, 8), [1, 2, 0xab, 0xab, 0xab, 6, 7, 8]);
    assert.deepEqual(bytesAt(bulk('mfill', 0, 0x1ff, 2), 0, 3), [0xff, 0xff, 3]);
    assert.deepEqual(bytesAt(bulk('mfill', 0, 9, 0), 0, 2), [1, 2]);
  },
  'costs 3 gas plus 1 per 32 bytes, rounded up': () => {
    for (const [length, extra] of [[0, 0], [31, 1], [96, 3], [97, 4]]) {
      assert.equal(bulk('mfill', 1000, 7, length).gasUsed, 3 + 3 + extra, `length ${length}`);
    }
  },
});

// ---------------------------------------------------------------- atomics

/** Runs `code` over memory whose words 0 and 1 are `first` and `second`; returns the machine after `code.length` steps. */
function atomic(code: readonly Instruction[], first: number, second = 0): Machine {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setInt32(0, first, true);
  new DataView(bytes.buffer).setInt32(4, second, true);
  const machine = machineFor(code, { data: [{ address: 0, bytes }] });
  assertStatus(machine.run(code.length), Status.Ok, machine.fault?.message);
  return machine;
}

opcode('aload', {
  'loads an aligned word, with the offset': () => {
    assert.deepEqual(atomic([ins('push', 0), ins('aload')], -5, 9).stackValues(), [-5]);
    assert.deepEqual(atomic([ins('push', 0), ins('aload', 4)], -5, 9).stackValues(), [9]);
    assert.deepEqual(atomic([ins('push', 2), ins('aload', 2)], -5, 9).stackValues(), [9]);
  },
});

opcode('astore', {
  'stores an aligned word and pushes nothing': () => {
    const machine = atomic([ins('push', 0), ins('push', -7), ins('astore', 4)], 1, 2);
    assert.deepEqual(machine.stackValues(), []);
    assert.equal(wordAt(machine, 0), 1);
    assert.equal(wordAt(machine, 4), -7);
  },
});

for (const [mnemonic, old, operand, result] of [
  ['aadd', 12, 10, 22],
  ['aadd', INT_MAX, 1, INT_MIN],
  ['aand', 0b1100, 0b1010, 0b1000],
  ['aor', 0b1100, 0b1010, 0b1110],
  ['axchg', 12, 99, 99],
] as const) {
  opcode(mnemonic, {
    [`pushes the old word (${old}) and writes ${result}`]: () => {
      const machine = atomic([ins('push', 4), ins('push', operand), ins(mnemonic)], 0, old);
      assert.deepEqual(machine.stackValues(), [old]);
      assert.equal(wordAt(machine, 4), result);
      assert.equal(wordAt(machine, 0), 0);
    },
  });
}

opcode('acas', {
  'writes the new value when the word equals the expected one; pushes the old word': () => {
    const machine = atomic([ins('push', 0), ins('push', 10), ins('push', 20), ins('acas', 4)], 0, 10);
    assert.deepEqual(machine.stackValues(), [10]);
    assert.equal(wordAt(machine, 4), 20);
  },
  'leaves the word alone when it differs': () => {
    const machine = atomic([ins('push', 4), ins('push', 11), ins('push', 20), ins('acas')], 0, 10);
    assert.deepEqual(machine.stackValues(), [10]);
    assert.equal(wordAt(machine, 4), 10);
  },
  'compares 32-bit patterns (-1 matches 0xffffffff)': () => {
    const machine = atomic([ins('push', 0), ins('push', 0xffffffff), ins('push', 1), ins('acas')], -1);
    assert.deepEqual(machine.stackValues(), [-1]);
    assert.equal(wordAt(machine, 0), 1);
  },
});

// ---------------------------------------------------------------- system

/** The operand of `ncall` for function `fn` of library `library`. */
function native(library: number, fn: number): number {
  return ((library << 16) | fn) >>> 0;
}

const FAKE_FUNCTIONS = ['sub', 'half', 'fail', 'throws', 'poke', 'charge', 'missing'] as const;

/** A fake library (without `missing`); `onRaise` is called by `raise`. */
function fakeLibrary(onRaise: () => void = () => {}): NativeLibrary {
  return {
    name: 'fake',
    functions: [
      // listed in another order than the program imports them: resolution is by name
      { name: 'raise', fn: () => onRaise() },
      { name: 'half', fn: (ctx) => ctx.pushFloat(ctx.popFloat() / 2) },
      {
        name: 'sub',
        fn: (ctx) => {
          const b = ctx.popInt();
          const a = ctx.popInt();
          ctx.pushInt(a - b);
        },
      },
      { name: 'fail', fn: (ctx) => ctx.fail('bad input') },
      {
        name: 'throws',
        fn: () => {
          throw new Error('boom');
        },
      },
      { name: 'poke', fn: (ctx) => ctx.writeBytes(ctx.popInt(), Uint8Array.of(ctx.cpuId, 0xaa)) },
      { name: 'charge', fn: (ctx) => ctx.chargeGas(10) },
    ],
  };
}

const FAKE_IMPORTS: readonly ImportedLibrary[] = [
  { index: 0, name: 'fake', functions: [...FAKE_FUNCTIONS, 'raise'].map((name, index) => ({ index, name })) },
];

/** The `ncall` of a fake function. */
function callFake(name: (typeof FAKE_FUNCTIONS)[number] | 'raise'): Instruction {
  return ins('ncall', native(0, [...FAKE_FUNCTIONS, 'raise'].indexOf(name)));
}

/** A machine running `code` with the fake library. */
function withFake(code: Instruction[], options: { gas?: number; cpuId?: number; onRaise?: () => void } = {}): Machine {
  return machineFor(code, { imports: FAKE_IMPORTS }, { libraries: [fakeLibrary(options.onRaise)], gas: options.gas, cpuId: options.cpuId });
}

opcode('ncall', {
  'the function pops its arguments (last on top) and pushes its results': () => {
    const machine = withFake([ins('push', 1), ins('push', 50), ins('push', 8), callFake('sub')]);
    assertStatus(machine.run(4), Status.Ok, machine.fault?.message);
    assert.deepEqual(machine.stackValues(), [1, 42]);
  },
  'floats pass through natives': () => {
    const machine = machineFor([ins('pushf', 0), callFake('half')], { imports: FAKE_IMPORTS, constants: Float64Array.of(3) }, { libraries: [fakeLibrary()] });
    assertStatus(machine.run(2), Status.Ok, machine.fault?.message);
    assert.deepEqual(machine.stackValues(), [1.5]);
  },
  'natives see guest memory and the cpu id': () => {
    const machine = withFake([ins('push', 6), callFake('poke'), ins('push', 6), ins('ld16u')], { cpuId: 3 });
    assertStatus(machine.run(4), Status.Ok, machine.fault?.message);
    assert.deepEqual(machine.stackValues(), [0xaa03]);
  },
  'costs 5 gas plus what the function charges': () => {
    const machine = withFake([callFake('charge')], { gas: 100 });
    assertStatus(machine.run(1), Status.Ok, machine.fault?.message);
    assert.equal(machine.gasUsed, 15);
  },
  'ctx.fail faults NativeFailure with a message naming the function': () => {
    const machine = withFake([ins('push', 1), callFake('fail')]);
    assertStatus(machine.run(), Status.NativeFailure);
    assertFault(machine, Status.NativeFailure, 1, /fake\.fail.*bad input/);
  },
  'a thrown Error faults NativeFailure with its message': () => {
    const machine = withFake([ins('nop'), ins('nop'), callFake('throws')]);
    assertStatus(machine.run(), Status.NativeFailure);
    assertFault(machine, Status.NativeFailure, 2, /fake\.throws.*boom/);
  },
  'an import no library provides is listed and faults UnknownNative when reached': () => {
    const machine = withFake([ins('push', 0), ins('jz', 3), callFake('missing'), callFake('missing')]);
    assert.deepEqual(machine.missingImports, [{ library: 'fake', function: 'missing', operand: native(0, FAKE_FUNCTIONS.indexOf('missing')) }]);
    assertStatus(machine.run(), Status.UnknownNative);
    assertFault(machine, Status.UnknownNative, 3, /fake\.missing/);
  },
  "an operand outside the program's imports faults UnknownNative": () => {
    const machine = withFake([ins('nop'), ins('ncall', native(1, 0))]);
    assertStatus(machine.run(), Status.UnknownNative);
    assertFault(machine, Status.UnknownNative, 1, /library 1, function 0/);
  },
  'without an import entry, the operand selects library and function by position, as the ExVM design says': () => {
    // libraries [[f1, f2], [g1]]: operand 0x0000_0001 is f2, 0x0001_0000 is g1
    const push = (value: number) => (context: NativeContext): void => context.pushInt(value);
    const libraries: NativeLibrary[] = [
      { name: '', functions: [{ name: 'f1', fn: push(1) }, { name: 'f2', fn: push(2) }] },
      { name: 'g', functions: [{ name: 'g1', fn: push(3) }] },
    ];
    const machine = new Machine(makeProgram({ code: encodeInstructions([[Op.NCALL, 0x0000_0001], [Op.NCALL, 0x0001_0000], [Op.BRK, 0]]) }), { libraries });
    assert.deepEqual(machine.missingImports, []);
    assertStatus(machine.run(), Status.Breakpoint, machine.fault?.message);
    assert.deepEqual(machine.stackValues(), [2, 3]);
  },
  'without an import entry, an operand past the libraries faults UnknownNative naming the position': () => {
    const machine = new Machine(makeProgram({ code: encodeInstructions([[Op.NCALL, 0x0000_0002]]) }), { libraries: [{ name: 'x', functions: [] }] });
    assertStatus(machine.run(), Status.UnknownNative);
    assertFault(machine, Status.UnknownNative, 0, /library 0, function 2/);
  },
  'a library missing entirely makes all its imports unknown': () => {
    const machine = machineFor([ins('push', 1), ins('push', 2), callFake('sub')], { imports: FAKE_IMPORTS });
    assert.equal(machine.missingImports.length, FAKE_IMPORTS[0].functions.length);
    assertStatus(machine.run(), Status.UnknownNative);
    assertFault(machine, Status.UnknownNative, 2, /fake\.sub/);
    assert.deepEqual(machine.stackValues(), [1, 2]);
  },
});

opcode('hcall', {
  'stops with Hypercall past itself; the host exchanges values and runs on': () => {
    const machine = machineFor([ins('push', 20), ins('hcall', 0xdeadbeef), ins('addi', 1), ins('brk')]);
    assertStatus(machine.run(), Status.Hypercall);
    assert.equal(machine.hypercallNumber, 0xdeadbeef);
    assert.equal(machine.pc, 2);
    assert.equal(machine.fault, undefined);
    assert.equal(machine.pop(), 20);
    assert.equal(machine.push(41), true);
    assertStatus(machine.run(), Status.Breakpoint);
    assert.deepEqual(machine.stackValues(), [42]);
  },
});

opcode('cpuid', {
  'pushes the cpuId option (0 by default)': () => {
    assert.deepEqual(stackAfter([ins('cpuid')]), [0]);
    assert.deepEqual(stackAfter([ins('cpuid')], {}, { cpuId: 7 }), [7]);
  },
});

opcode('gas', {
  'pushes the gas left after itself': () => {
    assert.deepEqual(stackAfter([ins('gas')], {}, { gas: 100 }), [99]);
    assert.deepEqual(stackAfter([ins('push', 1), ins('gas')], {}, { gas: 10 }), [1, 8]);
  },
  'saturates to 2^31 - 1': () => {
    assert.deepEqual(stackAfter([ins('gas')]), [INT_MAX]);
    assert.deepEqual(stackAfter([ins('gas')], {}, { gas: 2 ** 31 + 5 }), [INT_MAX]);
    assert.deepEqual(stackAfter([ins('gas')], {}, { gas: 2 ** 31 }), [INT_MAX]);
  },
});

// ---------------------------------------------------------------- interrupts

// 0 push 7; 1 setvec 3; 2 ei; 3 push 1; 4 int 3; 5 push 2; 6 brk;
// 7 handler: mem[0] := 42; push junk; iret
const HANDLED = [
  ins('push', 7), ins('setvec', 3), ins('ei'), ins('push', 1), ins('int', 3), ins('push', 2), ins('brk'),
  ins('push', 0), ins('push', 42), ins('st32'), ins('push', 99), ins('iret'),
];

opcode('setvec', {
  'pops a handler address that the vector then jumps to': () => {
    const machine = runToBreak(HANDLED);
    assert.equal(wordAt(machine, 0), 42);
    assert.deepEqual(machine.stackValues(), [1, 2]);
  },
  'a later setvec replaces the handler': () => {
    // 0 push 9; 1 setvec 0; 2 push 8; 3 setvec 0; 4 ei; 5 int 0; 6 nop; 7 nop; 8 brk; 9 brk
    const machine = runToBreak([ins('push', 9), ins('setvec'), ins('push', 8), ins('setvec'), ins('ei'), ins('int'), ins('nop'), ins('nop'), ins('brk'), ins('brk')]);
    assert.equal(machine.pc, 9);
    assert.equal(machine.callDepth, 1);
  },
});

opcode('ei', {
  'interrupts start disabled; a pending one is taken when ei runs': () => {
    // 0 push 8; 1 setvec 0; 2 int 0; 3 push 1; 4 ei; 5 push 2; 6 brk; 7 nop; 8 handler: brk
    const code = [ins('push', 8), ins('setvec'), ins('int'), ins('push', 1), ins('ei'), ins('push', 2), ins('brk'), ins('nop'), ins('brk')];
    const machine = machineFor(code);
    assert.equal(machine.interruptsEnabled, false);
    assertStatus(machine.run(), Status.Breakpoint);
    assert.equal(machine.pc, 9);
    assert.deepEqual(machine.stackValues(), [1]);
    assert.equal(machine.callDepth, 1);
  },
});

opcode('di', {
  'keeps raised interrupts pending until ei': () => {
    // 0 push 9; 1 setvec 0; 2 ei; 3 di; 4 int 0; 5 push 1; 6 brk; 7 ei; 8 brk; 9 handler: brk
    const code = [ins('push', 9), ins('setvec'), ins('ei'), ins('di'), ins('int'), ins('push', 1), ins('brk'), ins('ei'), ins('brk'), ins('brk')];
    const machine = runToBreak(code);
    assert.equal(machine.pc, 7);
    assert.equal(machine.interruptsEnabled, false);
    assert.equal(machine.callDepth, 0);
    assertStatus(machine.run(), Status.Breakpoint);
    assert.equal(machine.pc, 10, 'ei took the pending interrupt');
    assert.equal(machine.callDepth, 1);
  },
});

opcode('int', {
  'is taken at once when interrupts are enabled; the handler runs with interrupts disabled': () => {
    const code = [...HANDLED.slice(0, 7), ins('brk'), ins('iret')];
    const machine = runToBreak(code);
    assert.equal(machine.pc, 8, 'stopped inside the handler');
    assert.equal(machine.callDepth, 1);
    assert.equal(machine.interruptsEnabled, false);
    assert.deepEqual(machine.stackValues(), [1]);
  },
  'an int inside a handler is deferred until iret': () => {
    // A (vector 0) raises vector 1, then writes mem[0] := 1; B (vector 1) writes mem[4] := mem[0] + 1
    const code = [
      ins('push', 8), ins('setvec', 0), ins('push', 13), ins('setvec', 1), ins('ei'), ins('int', 0), ins('brk'), ins('nop'),
      ins('int', 1), ins('push', 0), ins('push', 1), ins('st32'), ins('iret'),
      ins('push', 4), ins('push', 0), ins('ld32'), ins('addi', 1), ins('st32'), ins('iret'),
    ];
    const machine = runToBreak(code);
    assert.equal(wordAt(machine, 0), 1);
    assert.equal(wordAt(machine, 4), 2, 'B ran after A finished');
    assert.equal(machine.pc, 7);
    assert.equal(machine.callDepth, 0);
  },
});

opcode('iret', {
  'restores pc, fp and sp and enables interrupts': () => {
    const machine = runToBreak(HANDLED);
    assert.equal(machine.pc, 7);
    assert.equal(machine.callDepth, 0);
    assert.equal(machine.interruptsEnabled, true);
    assert.deepEqual(machine.stackValues(), [1, 2], "the handler's values are dropped");
  },
  "restores the interrupted code's frame": () => {
    // main: enter 0,1; local0 := 5; int; lget 0 -> 5 although the handler wrote its own local 0
    const code = [
      ins('push', 9), ins('setvec'), ins('ei'), ins('enter', frame(0, 1)), ins('push', 5), ins('lset', 0), ins('int'), ins('lget', 0), ins('brk'),
      ins('enter', frame(0, 1)), ins('push', 77), ins('lset', 0), ins('iret'),
    ];
    assert.deepEqual(stackAtBreak(code), [5, 5]);
  },
});

opcode('wfi', {
  'stops with Waiting past itself when nothing is pending; running again continues': () => {
    const machine = machineFor([ins('push', 1), ins('wfi'), ins('push', 2), ins('brk')]);
    assertStatus(machine.run(), Status.Waiting);
    assert.equal(machine.pc, 2);
    assert.equal(machine.fault, undefined);
    assertStatus(machine.run(), Status.Breakpoint);
    assert.deepEqual(machine.stackValues(), [1, 2]);
  },
  'does not wait when an interrupt is pending, even with interrupts disabled': () => {
    assert.deepEqual(stackAtBreak([ins('int', 2), ins('wfi'), ins('push', 2), ins('brk')]), [2]);
  },
  'after Waiting, an interrupt from the host runs the handler, then execution continues after wfi': () => {
    // 0 push 6; 1 setvec 0; 2 ei; 3 wfi; 4 push 2; 5 brk; 6 handler: mem[0] := 7; iret
    const code = [ins('push', 6), ins('setvec'), ins('ei'), ins('wfi'), ins('push', 2), ins('brk'), ins('push', 0), ins('push', 7), ins('st32'), ins('iret')];
    const machine = machineFor(code);
    assertStatus(machine.run(), Status.Waiting);
    machine.raiseInterrupt(0);
    assertStatus(machine.run(), Status.Breakpoint);
    assert.equal(wordAt(machine, 0), 7);
    assert.deepEqual(machine.stackValues(), [2]);
  },
});

describe('interrupts raised by the host during a run', () => {
  test('are delivered when the next basic block starts: right after the ncall that raised them', () => {
    // 0 push 9; 1 setvec 0; 2 ei; 3 ncall raise (ends a block); 4 push 1; 5 brk; 6-8 nop; 9 handler: brk; 10 iret
    const code = [
      ins('push', 9), ins('setvec'), ins('ei'), callFake('raise'), ins('push', 1), ins('brk'), ins('nop'), ins('nop'), ins('nop'), ins('brk'), ins('iret'),
    ];
    const machine: Machine = withFake(code, { onRaise: () => machine.raiseInterrupt(0) });
    assertStatus(machine.run(), Status.Breakpoint);
    assert.equal(machine.pc, 10, 'in the handler, before push 1 ran');
    assert.deepEqual(machine.stackValues(), []);
    assert.equal(machine.callDepth, 1);
    assertStatus(machine.run(), Status.Breakpoint);
    assert.equal(machine.pc, 6, 'returned to pc 4, then ran push 1 and brk');
    assert.deepEqual(machine.stackValues(), [1]);
    assert.equal(machine.callDepth, 0);
  });

  test('are not taken in the middle of a basic block, nor while disabled', () => {
    // 0 push 11; 1 setvec 0; 2 ncall raise (interrupts still disabled); 3 push 1; 4 push 2; 5 add; 6 ei (ends a block); 7 push 5; 8 brk; 9-10 nop; 11 handler: brk; 12 iret
    const code = [
      ins('push', 11), ins('setvec'), callFake('raise'), ins('push', 1), ins('push', 2), ins('add'), ins('ei'), ins('push', 5), ins('brk'),
      ins('nop'), ins('nop'), ins('brk'), ins('iret'),
    ];
    const machine: Machine = withFake(code, { onRaise: () => machine.raiseInterrupt(0) });
    assertStatus(machine.run(), Status.Breakpoint);
    assert.equal(machine.pc, 12, 'taken right after ei');
    assert.deepEqual(machine.stackValues(), [3]);
    assertStatus(machine.run(), Status.Breakpoint);
    assert.deepEqual(machine.stackValues(), [3, 5]);
  });

  test('the lowest pending vector is taken first', () => {
    // handlers for vectors 1 and 2 append their number to mem[0] (x := x * 10 + n)
    const handler = (n: number): Instruction[] => [ins('push', 0), ins('push', 0), ins('ld32'), ins('push', 10), ins('mul'), ins('addi', n), ins('st32'), ins('iret')];
    const code = [ins('push', 8), ins('setvec', 2), ins('push', 16), ins('setvec', 1), ins('ei'), ins('nop'), ins('brk'), ins('nop'), ...handler(2), ...handler(1)];
    const machine = machineFor(code);
    assertStatus(machine.run(5), Status.Ok);
    machine.raiseInterrupt(2);
    machine.raiseInterrupt(1);
    assertStatus(machine.run(), Status.Breakpoint);
    assert.equal(wordAt(machine, 0), 12);
  });
});
