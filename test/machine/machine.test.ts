/**
 * Machine behaviour beyond single opcodes: the sticky error state, reset, step budgets, step vs
 * run, snapshots, tracing and option validation.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { INSTRUCTION_SIZE, opcodeInfo } from '../../src/isa/opcodes.js';
import type { Program } from '../../src/image/program.js';
import { Machine } from '../../src/machine/machine.js';
import type { MachineOptions } from '../../src/machine/machine.js';
import { Status, isFault } from '../../src/isa/status.js';
import type { TraceLine } from '../../src/machine/trace.js';
import { assertStatus, finish, ins, machineFor, program, stateOf } from './harness.js';
import { INTERRUPTS, INTERRUPTS_RESULT, SUM_OF_SQUARES, SUM_OF_SQUARES_RESULT } from './programs.js';
import '../helpers/property.js';

const SUBJECTS = [
  ['sum of squares', SUM_OF_SQUARES, SUM_OF_SQUARES_RESULT],
  ['interrupts', INTERRUPTS, INTERRUPTS_RESULT],
] as const;

/** Writes over the data segment at 0, then divides by zero at pc 5. */
const FAULTING = program([ins('push', 0), ins('push', 0x7f), ins('st8'), ins('push', 1), ins('push', 0), ins('divs'), ins('push', 9)], {
  data: [{ address: 0, bytes: Uint8Array.of(1, 2, 3) }],
});
const FAULT_PC = 5;

/** Runs until `steps` instructions have executed in all (resuming after breakpoints and the like) or the machine stops for good. */
function advance(machine: Machine, steps: number): void {
  while (machine.instructionsExecuted < steps) {
    const status = machine.run(steps - machine.instructionsExecuted);
    if (status === Status.Halted || isFault(status)) return;
  }
}

describe('the sticky error state', () => {
  test('after a fault, step() and run() return the fault and change nothing', () => {
    const machine = new Machine(FAULTING, { gas: 1000 });
    assertStatus(machine.run(), Status.DivisionByZero);
    assert.equal(machine.fault?.pc, FAULT_PC);
    const before = stateOf(machine);
    for (const again of [() => machine.step(), () => machine.run(), () => machine.run(5)]) {
      assertStatus(again(), Status.DivisionByZero);
      assert.deepEqual(stateOf(machine), before);
    }
  });

  test('halted is sticky too', () => {
    const machine = machineFor([ins('push', 4), ins('halt'), ins('push', 5)]);
    assertStatus(machine.run(), Status.Halted);
    const before = stateOf(machine);
    assertStatus(machine.step(), Status.Halted);
    assertStatus(machine.run(), Status.Halted);
    assert.deepEqual(stateOf(machine), before);
    assert.equal(machine.exitCode, 4);
  });

  test('reset() restores the initial state: entry pc, empty stack, full gas, data segments', () => {
    const machine = new Machine(FAULTING, { gas: 1000 });
    const initial = stateOf(machine);
    assert.deepEqual(Array.from(machine.memory.subarray(0, 4)), [1, 2, 3, 0]);
    machine.memory[100] = 55;
    machine.run();
    assert.equal(machine.memory[0], 0x7f);
    machine.reset();
    assert.deepEqual(stateOf(machine), initial);
    assert.equal(machine.memory[100], 0, 'memory outside the data segments is cleared');
    assertStatus(machine.run(), Status.DivisionByZero, 'and it runs again the same way');
    assert.equal(machine.fault?.pc, FAULT_PC);
  });

  test('reset() starts at the entry instruction', () => {
    const machine = new Machine({ ...program([ins('push', 1), ins('push', 2), ins('halt')]), entry: 1 });
    assert.equal(machine.pc, 1);
    assertStatus(machine.run(), Status.Halted);
    assert.equal(machine.exitCode, 2);
    machine.reset();
    assert.equal(machine.pc, 1);
  });
});

describe('step budgets', () => {
  test('run(n) executes exactly n instructions and returns Ok', () => {
    const machine = new Machine(SUM_OF_SQUARES);
    advance(machine, 2); // past the hcall and the brk
    const start = machine.instructionsExecuted;
    assert.equal(start, 2);
    for (const n of [0, 1, 7, 30]) {
      const before = machine.instructionsExecuted;
      assertStatus(machine.run(n), Status.Ok);
      assert.equal(machine.instructionsExecuted - before, n);
    }
    assert.equal(machine.instructionsExecuted, start + 38);
  });

  test('run(0) executes nothing', () => {
    const machine = new Machine(SUM_OF_SQUARES);
    const before = stateOf(machine);
    assertStatus(machine.run(0), Status.Ok);
    assert.deepEqual(stateOf(machine), before);
  });

  test('running in slices of random sizes ends in the same state as one run', () => {
    for (const [name, subject, result] of SUBJECTS) {
      const whole = new Machine(subject, { gas: 1_000_000 });
      assertStatus(finish(whole), Status.Halted, name);
      assert.equal(whole.exitCode, result);
      const expected = stateOf(whole);
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 1, maxLength: 30 }), (sizes) => {
          const sliced = new Machine(subject, { gas: 1_000_000 });
          finish(sliced, (m, slice) => m.run(sizes[slice % sizes.length]));
          assert.deepEqual(stateOf(sliced), expected);
        }),
        { numRuns: 60 },
      );
    }
  });

  test('step() repeatedly ends in the same state as run()', () => {
    for (const [name, subject] of SUBJECTS) {
      const ran = new Machine(subject, { gas: 1_000_000 });
      const stepped = new Machine(subject, { gas: 1_000_000 });
      finish(ran);
      let steps = 0;
      finish(stepped, (m) => {
        steps++;
        return m.step();
      });
      assert.deepEqual(stateOf(stepped), stateOf(ran), name);
      assert.equal(stepped.instructionsExecuted, steps, `${name}: one instruction per step`);
    }
  });
});

describe('snapshots', () => {
  test('restoring and continuing gives the same result as running uninterrupted', () => {
    for (const [name, subject] of SUBJECTS) {
      const reference = new Machine(subject, { gas: 100_000 });
      finish(reference);
      const expected = stateOf(reference);
      for (const at of [0, 1, 5, 23, 40]) {
        const machine = new Machine(subject, { gas: 100_000 });
        advance(machine, at);
        assert.equal(machine.instructionsExecuted, at);
        const snapshot = machine.snapshot();
        finish(machine);
        assert.deepEqual(stateOf(machine), expected, `${name}: uninterrupted from ${at}`);
        machine.restore(snapshot);
        finish(machine);
        assert.deepEqual(stateOf(machine), expected, `${name}: restored at ${at}`);
        const other = new Machine(subject, { gas: 100_000 });
        other.restore(structuredClone(snapshot));
        finish(other);
        assert.deepEqual(stateOf(other), expected, `${name}: restored into another machine at ${at}`);
      }
    }
  });

  test('a snapshot is independent of later changes to the machine', () => {
    const machine = new Machine(SUM_OF_SQUARES);
    advance(machine, 40);
    const snapshot = machine.snapshot();
    const copy = structuredClone(snapshot);
    machine.memory[0] ^= 0xff;
    machine.push(1234);
    finish(machine);
    assert.deepEqual(snapshot, copy);
  });

  test('restoring a snapshot taken before a fault leaves the error state', () => {
    const machine = new Machine(FAULTING);
    const start = machine.snapshot();
    assertStatus(machine.run(), Status.DivisionByZero);
    machine.restore(start);
    assertStatus(machine.status, Status.Ok);
    assert.equal(machine.fault, undefined);
    assert.equal(machine.pc, 0);
    assert.deepEqual(Array.from(machine.memory.subarray(0, 3)), [1, 2, 3]);
    assertStatus(machine.run(3), Status.Ok);
  });

  test('registers() is the snapshot without its memory, at every moment, and independent of the machine', () => {
    for (const [name, subject] of SUBJECTS) {
      const machine = new Machine(subject, { gas: 100_000 });
      for (let at = 0; at < 60 && !isFault(machine.status) && machine.status !== Status.Halted; at++) {
        const registers = machine.registers();
        assert.equal('memory' in registers, false, `${name} at ${at}: no memory`);
        const { memory, ...expected } = machine.snapshot();
        assert.equal(memory.length, machine.memory.length);
        assert.deepEqual(registers, expected, `${name} at ${at}`);
        const copy = structuredClone(registers);
        machine.step();
        assert.deepEqual(registers, copy, `${name} at ${at}: unchanged by stepping`);
      }
    }
  });

  test('restoring into a machine with another program or memory size throws RangeError', () => {
    const snapshot = new Machine(SUM_OF_SQUARES).snapshot();
    assert.throws(() => new Machine(FAULTING).restore(snapshot), RangeError);
    assert.throws(() => new Machine(SUM_OF_SQUARES, { memorySize: 4096 }).restore(snapshot), RangeError);
  });
});

describe('tracing', () => {
  /** What the trace line before each step must say, recorded by stepping a twin machine. */
  function expectedLines(subject: Program): Pick<TraceLine, 'pc' | 'op' | 'gas' | 'stack' | 'depth'>[] {
    const lines: Pick<TraceLine, 'pc' | 'op' | 'gas' | 'stack' | 'depth'>[] = [];
    finish(new Machine(subject, { gas: 100_000 }), (m) => {
      const opcode = m.program.code[m.pc * INSTRUCTION_SIZE];
      lines.push({ pc: m.pc, op: opcodeInfo(opcode)?.mnemonic ?? 'invalid', gas: m.gas, stack: m.stackValues(), depth: m.callDepth });
      return m.step();
    });
    return lines;
  }

  test('one line per instruction with pc, op, gas, depth and stack; results equal run()', () => {
    for (const [name, subject] of SUBJECTS) {
      const lines: TraceLine[] = [];
      const traced = new Machine(subject, { gas: 100_000 });
      finish(traced, (m) => m.trace((line) => lines.push(line)));
      const ran = new Machine(subject, { gas: 100_000 });
      finish(ran);
      assert.deepEqual(stateOf(traced), stateOf(ran), name);
      assert.equal(lines.length, ran.instructionsExecuted, `${name}: one line per instruction`);
      assert.deepEqual(lines.map(({ pc, op, gas, stack, depth }) => ({ pc, op, gas, stack, depth })), expectedLines(subject), name);
      for (const line of lines) assert.deepEqual(JSON.parse(JSON.stringify(line)), line, 'trace lines are JSON');
    }
  });

  test('trace honours the step budget', () => {
    const lines: TraceLine[] = [];
    const machine = machineFor([ins('push', 1), ins('push', 2), ins('add'), ins('halt')]);
    assertStatus(machine.trace((line) => lines.push(line), 2), Status.Ok);
    assert.deepEqual(lines.map((line) => line.op), ['push', 'push']);
    assert.equal(machine.pc, 2);
  });

  test('a faulting instruction gets its trace line; a stopped machine gets none', () => {
    const lines: TraceLine[] = [];
    const machine = new Machine(FAULTING);
    assertStatus(machine.trace((line) => lines.push(line)), Status.DivisionByZero);
    assert.equal(lines.at(-1)?.op, 'divs');
    assert.equal(lines.at(-1)?.pc, FAULT_PC);
    const count = lines.length;
    assertStatus(machine.trace((line) => lines.push(line)), Status.DivisionByZero);
    assert.equal(lines.length, count);
  });
});

describe('options', () => {
  const bad: readonly [string, MachineOptions][] = [
    ['negative gas', { gas: -1 }],
    ['fractional gas', { gas: 1.5 }],
    ['NaN gas', { gas: NaN }],
    ['infinite gas', { gas: Infinity }],
    ['gas beyond 2^53 - 1', { gas: 2 ** 53 }],
    ['zero stack', { stackSize: 0 }],
    ['negative stack', { stackSize: -4 }],
    ['fractional stack', { stackSize: 2.5 }],
    ['huge stack', { stackSize: 2 ** 24 + 1 }],
    ['zero call depth', { maxCallDepth: 0 }],
    ['fractional call depth', { maxCallDepth: 1.5 }],
    ['memory beyond 1 GiB', { memorySize: 2 ** 30 + 1 }],
  ];
  for (const [what, options] of bad) {
    test(`${what} is a RangeError`, () => {
      assert.throws(() => new Machine(SUM_OF_SQUARES, options), RangeError);
    });
  }

  test('a data segment that does not fit in memory is a RangeError', () => {
    assert.throws(() => new Machine(program([ins('nop')], { memorySize: 16, data: [{ address: 12, bytes: new Uint8Array(8) }] })), RangeError);
  });

  test('limits at their edges are accepted', () => {
    for (const options of [{ gas: 0 }, { gas: 2 ** 53 - 1 }, { stackSize: 1 }, { maxCallDepth: 1 }, { memorySize: 0 }]) {
      assert.doesNotThrow(() => new Machine(SUM_OF_SQUARES, options), JSON.stringify(options));
    }
  });

  test('raiseInterrupt only takes vectors 0..31', () => {
    const machine = new Machine(SUM_OF_SQUARES);
    for (const vector of [-1, 32, 1.5, NaN]) assert.throws(() => machine.raiseInterrupt(vector), RangeError, String(vector));
    assert.doesNotThrow(() => machine.raiseInterrupt(31));
  });
});
