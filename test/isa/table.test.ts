/**
 * Integrity of the opcode table: all 256 byte values, each defined opcode well-formed and tested,
 * each undefined one an InvalidInstruction when executed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OpcodeGroup, OperandKind } from '../../src/isa/opcodes.js';
import { GAS_COST, OPCODES, Op, RESERVED_OPCODE, opcodeByMnemonic, opcodeInfo } from '../../src/isa/opcodes.js';
import { Status } from '../../src/isa/status.js';
import { coveredMnemonics } from '../machine/opcodes.test.js';
import { expectFault } from '../machine/harness.js';

const OPERAND_KINDS: readonly OperandKind[] = ['none', 'i32', 'u32', 'code', 'local', 'frame', 'count', 'const', 'native', 'offset', 'vector'];
const GROUPS: readonly OpcodeGroup[] = ['control', 'stack', 'locals', 'integer', 'float', 'conversion', 'memory', 'atomic', 'system', 'interrupt'];
const BYTES = Array.from({ length: 256 }, (_, byte) => byte);

test('every defined opcode is well-formed and found under its code and mnemonic', () => {
  const mnemonics = new Set<string>();
  for (const byte of BYTES) {
    const row = opcodeInfo(byte);
    if (!row) {
      assert.equal(GAS_COST[byte], 0, `undefined opcode 0x${byte.toString(16)} has no gas cost`);
      continue;
    }
    const where = `opcode 0x${byte.toString(16)} (${row.mnemonic})`;
    assert.equal(row.code, byte, where);
    assert.match(row.mnemonic, /^[a-z][a-z0-9]*$/, where);
    assert.ok(!mnemonics.has(row.mnemonic), `${where}: duplicate mnemonic`);
    mnemonics.add(row.mnemonic);
    assert.equal(opcodeByMnemonic(row.mnemonic), row, where);
    assert.equal(Op[row.mnemonic.toUpperCase() as keyof typeof Op], byte, where);
    assert.ok(row.doc.trim().length > 0, `${where}: empty doc`);
    assert.ok(Number.isInteger(row.gas) && row.gas >= 1, `${where}: gas ${row.gas}`);
    assert.equal(GAS_COST[byte], row.gas, where);
    assert.ok(OPERAND_KINDS.includes(row.operand), `${where}: operand kind ${row.operand}`);
    assert.ok(GROUPS.includes(row.group), `${where}: group ${row.group}`);
    for (const count of [row.pops, row.pushes]) assert.ok(count === null || (Number.isInteger(count) && count >= 0), `${where}: stack count ${count}`);
  }
  assert.equal(mnemonics.size, OPCODES.length, 'every table row has its own code');
});

test('the reserved opcode is undefined', () => {
  assert.equal(opcodeInfo(RESERVED_OPCODE), undefined);
  assert.equal(RESERVED_OPCODE, 0xff);
});

test('every defined opcode has a test in test/machine/opcodes.test.ts', () => {
  const untested = OPCODES.map((row) => row.mnemonic).filter((mnemonic) => !coveredMnemonics.has(mnemonic));
  assert.deepEqual(untested, [], `opcodes without a test: ${untested.join(', ')}`);
  const unknown = [...coveredMnemonics].filter((mnemonic) => !opcodeByMnemonic(mnemonic));
  assert.deepEqual(unknown, [], `tests for opcodes the table does not define: ${unknown.join(', ')}`);
});

test('undefined opcodes execute as InvalidInstruction faults', () => {
  for (const byte of BYTES.filter((b) => !opcodeInfo(b))) {
    const hex = byte.toString(16).padStart(2, '0');
    const machine = expectFault([[Op.PUSH, 1], [byte, 0]], Status.InvalidInstruction, 1, new RegExp(`0x${hex}`, 'i'));
    assert.deepEqual(machine.stackValues(), [1], `0x${hex} changed the stack`);
  }
});
