/**
 * Machine fuzzing: random programs (defined and undefined opcodes, operands biased to small values
 * and valid targets) under random small gas, stack, depth and step budgets. Whatever the guest
 * does, the host sees a status, never an exception, within the budget; a fault is final; and
 * `run`, `step` and `trace` agree.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { OPCODES, Op, opcodeInfo } from '../../src/isa/opcodes.js';
import type { Program } from '../../src/image/program.js';
import { Machine } from '../../src/machine/machine.js';
import type { NativeLibrary } from '../../src/machine/natives.js';
import { Status, isFault } from '../../src/isa/status.js';
import type { Instruction } from './harness.js';
import { program, stateOf } from './harness.js';
import '../helpers/property.js';

const KNOWN_STATUSES = new Set<number>(Object.values(Status));
const DEFINED = OPCODES.map((row) => row.code);

/** Natives for `ncall` operands 0..5 (library 0); 6 is imported but provided by no library. */
function fuzzLibrary(raise: () => void): NativeLibrary {
  return {
    name: 'lib',
    functions: [
      { name: 'take', fn: (ctx) => void ctx.popInt() },
      { name: 'give', fn: (ctx) => ctx.pushFloat(0.5) },
      { name: 'fail', fn: (ctx) => ctx.fail('refused') },
      {
        name: 'throw',
        fn: () => {
          throw new Error('native bug');
        },
      },
      { name: 'charge', fn: (ctx) => ctx.chargeGas(3) },
      { name: 'raise', fn: raise },
    ],
  };
}
const IMPORTS = [{ index: 0, name: 'lib', functions: ['take', 'give', 'fail', 'throw', 'charge', 'raise', 'ghost'].map((name, index) => ({ index, name })) }];

interface Case {
  readonly code: Instruction[];
  readonly entry: number;
  readonly constants: number[];
  readonly gas: number;
  readonly budget: number;
  readonly stackSize: number;
  readonly maxCallDepth: number;
}

function operand(length: number): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 8 }) },
    { weight: 3, arbitrary: fc.integer({ min: 0, max: length - 1 }) },
    { weight: 1, arbitrary: fc.constantFrom(length, 0x10000, 0x80000000, 0xffffffff, 0x00010002) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffffffff }) },
  );
}

// Pushes are common so that programs get past empty-stack underflows; a few bytes are undefined.
const opcode = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...DEFINED) },
  { weight: 4, arbitrary: fc.constant(Op.PUSH) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) },
);

/** An instruction; opcodes without an operand mostly get 0, so that they can execute. */
function instruction(length: number): fc.Arbitrary<Instruction> {
  return fc.tuple(opcode, operand(length), fc.integer({ min: 0, max: 9 })).map(([code, value, dice]): Instruction => [
    code,
    opcodeInfo(code)?.operand === 'none' && dice > 0 ? 0 : value,
  ]);
}

// A prologue of small pushes gives the random body something to work on.
const cases: fc.Arbitrary<Case> = fc
  .tuple(fc.array(fc.integer({ min: 0, max: 16 }), { maxLength: 6 }), fc.integer({ min: 1, max: 24 }))
  .chain(([prologue, bodyLength]) =>
    fc.record({
      code: fc
        .array(instruction(prologue.length + bodyLength), { minLength: bodyLength, maxLength: bodyLength })
        .map((body) => [...prologue.map((value): Instruction => [Op.PUSH, value]), ...body]),
      entry: fc.oneof({ weight: 9, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: prologue.length + bodyLength + 2 }) }),
      constants: fc.array(fc.double(), { maxLength: 3 }),
      gas: fc.integer({ min: 0, max: 400 }),
      budget: fc.integer({ min: 0, max: 300 }),
      stackSize: fc.integer({ min: 1, max: 24 }),
      maxCallDepth: fc.integer({ min: 1, max: 6 }),
    }),
  );

function programOf(c: Case): Program {
  return program(c.code, { entry: c.entry, constants: Float64Array.from(c.constants), memorySize: 64, imports: IMPORTS, data: [{ address: 8, bytes: Uint8Array.of(1, 2, 3, 4) }] });
}

/** A machine for the case; `raises` makes the `raise` native raise an interrupt from inside the run. */
function machineOf(c: Case, raises: boolean): Machine {
  const machine: Machine = new Machine(programOf(c), {
    gas: c.gas,
    stackSize: c.stackSize,
    maxCallDepth: c.maxCallDepth,
    libraries: [fuzzLibrary(() => (raises ? machine.raiseInterrupt(c.gas % 32) : undefined))],
  });
  return machine;
}

/** Runs to the budget in slices (`one` runs one slice), resuming after Breakpoint, Hypercall and Waiting. */
function drive(machine: Machine, budget: number, one: (machine: Machine, left: number) => Status): Status {
  let status = machine.status;
  for (let slices = 0; slices <= budget && machine.instructionsExecuted < budget; slices++) {
    status = one(machine, budget - machine.instructionsExecuted);
    if (status === Status.Halted || isFault(status)) break;
  }
  return status;
}

test('run never throws, returns a status, stays within its budget, and a fault is final', () => {
  fc.assert(
    fc.property(cases, (c) => {
      const machine = machineOf(c, true);
      const status = machine.run(c.budget);
      assert.ok(KNOWN_STATUSES.has(status), `unknown status ${status}`);
      assert.equal(machine.status, status);
      assert.ok(machine.instructionsExecuted <= c.budget, `executed ${machine.instructionsExecuted} of a budget of ${c.budget}`);
      if (status === Status.Ok) assert.equal(machine.instructionsExecuted, c.budget, 'Ok means the budget ran out');
      assert.ok(machine.gas >= 0 && machine.gas <= c.gas, `gas ${machine.gas} of ${c.gas}`);
      assert.ok(machine.stackValues().length <= c.stackSize);
      assert.ok(machine.callDepth <= c.maxCallDepth);
      if (!isFault(status)) {
        assert.equal(machine.fault, undefined);
        return;
      }
      const fault = machine.fault;
      assert.ok(fault, 'a fault status without fault information');
      assert.equal(fault.status, status);
      assert.ok(fault.pc >= 0 && fault.pc <= Math.max(c.code.length, c.entry), `fault pc ${fault.pc}`);
      assert.ok(fault.message.length > 0);
      const before = stateOf(machine);
      assert.equal(machine.step(), status);
      assert.equal(machine.run(), status);
      assert.deepEqual(stateOf(machine), before, 'a faulted machine executed something');
    }),
    { numRuns: 1500 },
  );
});

test('run, step and trace agree on random programs', () => {
  fc.assert(
    fc.property(cases, (c) => {
      const ran = machineOf(c, false);
      const runStatus = drive(ran, c.budget, (m, left) => m.run(left));
      const stepped = machineOf(c, false);
      const stepStatus = drive(stepped, c.budget, (m) => m.step());
      const traced = machineOf(c, false);
      let lines = 0;
      const traceStatus = drive(traced, c.budget, (m, left) => m.trace(() => lines++, left));
      assert.equal(stepStatus, runStatus);
      assert.equal(traceStatus, runStatus);
      assert.deepEqual(stateOf(stepped), stateOf(ran));
      assert.deepEqual(stateOf(traced), stateOf(ran));
      assert.ok(lines === ran.instructionsExecuted || lines === ran.instructionsExecuted + 1, `${lines} trace lines for ${ran.instructionsExecuted} instructions`);
    }),
    { numRuns: 800 },
  );
});
