/**
 * Gas accounting: after a program runs, gasUsed is the sum of the table's costs of the
 * instructions it executed, plus the per-32-byte extra of mcopy/mfill.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { INSTRUCTION_SIZE, Op, opcodeInfo } from '../../src/isa/opcodes.js';
import type { Program } from '../../src/image/program.js';
import { Machine } from '../../src/machine/machine.js';
import { Status } from '../../src/isa/status.js';
import { assertStatus, finish, frame, ins, program } from './harness.js';
import { INTERRUPTS, SUM_OF_SQUARES } from './programs.js';

/** Steps `machine` to the end, adding up the table cost of each instruction before it runs. */
function costByTable(machine: Machine): number {
  let total = 0;
  finish(machine, (m) => {
    const opcode = m.program.code[m.pc * INSTRUCTION_SIZE];
    const row = opcodeInfo(opcode);
    assert.ok(row, `undefined opcode 0x${opcode.toString(16)} at ${m.pc}`);
    total += row.gas;
    if (opcode === Op.MCOPY || opcode === Op.MFILL) total += Math.ceil((m.stackValues().at(-1) ?? 0) / 32);
    return m.step();
  });
  return total;
}

const BULK = program([
  ins('push', 0), ins('push', 7), ins('push', 100), ins('mfill'),
  ins('push', 200), ins('push', 0), ins('push', 33), ins('mcopy'),
  ins('push', 300), ins('push', 1), ins('push', 0), ins('mfill'),
  ins('push', 400), ins('push', 0), ins('push', 64), ins('mcopy'),
  ins('push', 0), ins('halt'),
]);

const FLOATS_AND_DIVISION = program([
  ins('pushf', 0), ins('pushf', 1), ins('fmul'), ins('fsqrt'), ins('pushf', 1), ins('fdiv'), ins('ftoi'),
  ins('push', 3), ins('divs'), ins('push', 5), ins('remu'), ins('call', 13), ins('halt'),
  ins('enter', frame(1, 1)), ins('lget', 0), ins('ret', 1),
], { constants: Float64Array.of(9, 4) });

for (const [name, subject] of [['loops, calls and memory', SUM_OF_SQUARES], ['interrupts', INTERRUPTS], ['mcopy and mfill', BULK], ['floats and division', FLOATS_AND_DIVISION]] as const) {
  test(`gasUsed is the sum of the table's costs: ${name}`, () => {
    const check = (p: Program, gas?: number): void => {
      const stepped = new Machine(p, { gas });
      const expected = costByTable(stepped);
      assertStatus(stepped.status, Status.Halted, stepped.fault?.message);
      assert.equal(stepped.gasUsed, expected);
      const ran = new Machine(p, { gas });
      assertStatus(finish(ran), Status.Halted);
      assert.equal(ran.gasUsed, expected);
      if (gas !== undefined) assert.equal(ran.gas, gas - expected);
    };
    check(subject);
    check(subject, 100_000);
  });
}
