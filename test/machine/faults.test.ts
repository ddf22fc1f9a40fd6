/**
 * Faults: every fault status, raised with the exact pc of the instruction that did not complete and
 * a message saying why. Walks the opcode table where a fault applies to a whole family of opcodes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GAS_COST, OPCODES } from '../../src/isa/opcodes.js';
import { Machine } from '../../src/machine/machine.js';
import type { NativeLibrary } from '../../src/machine/natives.js';
import { Status } from '../../src/isa/status.js';
import type { Instruction } from './harness.js';
import { assertFault, assertStatus, bytesAt, expectFault, frame, ins, machineFor, program } from './harness.js';

/** `count` pushes of 1. */
function ones(count: number): Instruction[] {
  return Array.from({ length: count }, () => ins('push', 1));
}

const ONE_CONSTANT = { constants: Float64Array.of(2.5) };

describe('StackUnderflow', () => {
  const popping = OPCODES.filter((row) => row.pops !== null && row.pops > 0);

  test('every popping opcode with too few values faults and leaves the stack alone', () => {
    for (const row of popping) {
      for (let have = 0; have < (row.pops ?? 0); have++) {
        const machine = expectFault([...ones(have), [row.code, 0]], Status.StackUnderflow, have, new RegExp(`\\b${row.mnemonic}\\b`), ONE_CONSTANT);
        assert.deepEqual(machine.stackValues(), ones(have).map(() => 1), `${row.mnemonic} with ${have} values`);
      }
    }
  });

  test('enter with more arguments than the stack holds', () => {
    expectFault([ins('push', 1), ins('push', 2), ins('enter', frame(3, 0))], Status.StackUnderflow, 2, /enter/);
  });

  test('ret with more results than the frame holds', () => {
    // the callee's frame holds one value; the caller's values below fp do not count
    expectFault([ins('push', 1), ins('push', 2), ins('call', 4), ins('brk'), ins('push', 3), ins('ret', 2)], Status.StackUnderflow, 5, /ret/);
  });

  test('locals outside the frame', () => {
    const callee = (access: Instruction): Instruction[] => [ins('push', 5), ins('call', 3), ins('brk'), ins('enter', frame(1, 1)), ins('push', 9), access];
    expectFault(callee(ins('lget', 3)), Status.StackUnderflow, 5, /lget/);
    expectFault(callee(ins('lset', 2)), Status.StackUnderflow, 5, /lset/);
    expectFault(callee(ins('ltee', 2)), Status.StackUnderflow, 5, /ltee/);
    expectFault([ins('lget', 0)], Status.StackUnderflow, 0, /lget/);
  });

  test('a native popping from an empty stack', () => {
    const library: NativeLibrary = { name: 'lib', functions: [{ name: 'take', fn: (ctx) => void ctx.popInt() }] };
    const imports = [{ index: 0, name: 'lib', functions: [{ index: 0, name: 'take' }] }];
    expectFault([ins('nop'), ins('ncall', 0)], Status.StackUnderflow, 1, /lib\.take/, { imports }, { libraries: [library] });
  });
});

describe('StackOverflow', () => {
  test('every opcode that grows the stack faults on a full stack', () => {
    const growing = OPCODES.filter((row) => row.pops !== null && row.pushes !== null && row.pushes > row.pops);
    assert.ok(growing.length >= 8);
    for (const row of growing) {
      const capacity = Math.max(row.pops ?? 0, 1);
      const machine = expectFault([...ones(capacity), [row.code, 0]], Status.StackOverflow, capacity, /overflow/, ONE_CONSTANT, { stackSize: capacity });
      assert.equal(machine.stackValues().length, capacity, row.mnemonic);
    }
  });

  test('enter with more locals than fit', () => {
    expectFault([ins('push', 1), ins('enter', frame(1, 4))], Status.StackOverflow, 1, /overflow/, {}, { stackSize: 4 });
  });

  test('a native pushing onto a full stack', () => {
    const library: NativeLibrary = { name: 'lib', functions: [{ name: 'give', fn: (ctx) => ctx.pushInt(1) }] };
    const imports = [{ index: 0, name: 'lib', functions: [{ index: 0, name: 'give' }] }];
    expectFault([ins('push', 1), ins('ncall', 0)], Status.StackOverflow, 1, /lib\.give/, { imports }, { libraries: [library], stackSize: 1 });
  });

  test('the host cannot push onto a full stack', () => {
    const machine = machineFor([ins('push', 1)], {}, { stackSize: 1 });
    machine.run(1);
    assert.equal(machine.push(2), false);
    assert.deepEqual(machine.stackValues(), [1]);
  });
});

describe('CallDepthExceeded', () => {
  test('recursion beyond maxCallDepth faults on the call', () => {
    const machine = expectFault([ins('nop'), ins('call', 0)], Status.CallDepthExceeded, 1, /depth/, {}, { maxCallDepth: 3 });
    assert.equal(machine.callDepth, 3);
  });

  test('the default limit is 4096', () => {
    assert.equal(expectFault([ins('call', 0)], Status.CallDepthExceeded, 0, /4096/).callDepth, 4096);
  });

  test('an interrupt that would exceed the limit', () => {
    // 0 push 6; 1 setvec 0; 2 ei; 3 call 4; 4 int 0; 5 nop; 6 iret -- the interrupt is taken at pc 5
    const code = [ins('push', 6), ins('setvec'), ins('ei'), ins('call', 4), ins('int'), ins('nop'), ins('iret')];
    expectFault(code, Status.CallDepthExceeded, 5, /interrupt 0/, {}, { maxCallDepth: 1 });
  });
});

describe('InvalidInstruction', () => {
  test('a nonzero operand on every no-operand opcode', () => {
    for (const row of OPCODES.filter((r) => r.operand === 'none')) {
      expectFault([ins('push', 1), [row.code, 1]], Status.InvalidInstruction, 1, new RegExp(`${row.mnemonic}.*operand`));
    }
  });

  test('operands out of range for their kind', () => {
    expectFault([ins('push', 1), ins('lget', 0x10000)], Status.InvalidInstruction, 1, /lget.*65536/);
    expectFault([ins('push', 1), ins('ret', 256)], Status.InvalidInstruction, 1, /ret.*256/);
    expectFault([ins('push', 1), ins('pushf', 1)], Status.InvalidInstruction, 1, /pushf.*constant 1/, ONE_CONSTANT);
    expectFault([ins('push', 1), ins('setvec', 32)], Status.InvalidInstruction, 1, /setvec.*32/);
    expectFault([ins('int', 32)], Status.InvalidInstruction, 0, /int.*32/);
  });

  test('an invalid instruction that is never reached does no harm', () => {
    const machine = machineFor([ins('push', 3), ins('halt'), [0xff, 0], ins('nop', 5)]);
    assertStatus(machine.run(), Status.Halted);
    assert.equal(machine.exitCode, 3);
  });
});

describe('BadJump', () => {
  test('branches and calls to targets outside the code', () => {
    for (const target of [4, 0xffffffff]) {
      expectFault([ins('nop'), ins('jmp', target), ins('nop'), ins('nop')], Status.BadJump, 1, /jmp.*outside the code/);
      expectFault([ins('push', 0), ins('jz', target), ins('nop'), ins('nop')], Status.BadJump, 1, /jz.*outside the code/);
      expectFault([ins('push', 1), ins('jnz', target), ins('nop'), ins('nop')], Status.BadJump, 1, /jnz.*outside the code/);
      expectFault([ins('nop'), ins('call', target), ins('nop'), ins('nop')], Status.BadJump, 1, /call.*outside the code/);
    }
  });

  test('running off the end of the code', () => {
    const machine = expectFault([ins('push', 1), ins('push', 2)], Status.BadJump, 2, /end of the code/);
    assert.deepEqual(machine.stackValues(), [1, 2]);
  });

  test('an empty program', () => {
    expectFault([], Status.BadJump, 0, /end of the code/);
  });

  test('an entry point outside the code', () => {
    const machine = new Machine({ ...program([ins('push', 1), ins('halt')]), entry: 5 }, { gas: 10 });
    assertStatus(machine.run(), Status.BadJump);
    assertFault(machine, Status.BadJump, 5, /outside the code/);
    assert.equal(machine.gas, 10);
  });

  test('setvec with a handler outside the code (or not a whole number)', () => {
    for (const handler of [[ins('push', 3)], [ins('push', -1)], [ins('pushf', 0)]]) {
      const machine = expectFault([...handler, ins('setvec', 4), ins('nop')], Status.BadJump, 1, /setvec/, ONE_CONSTANT);
      assert.equal(machine.stackValues().length, 1, 'the handler stays on the stack');
    }
  });
});

describe('MemoryFault', () => {
  const SIZE = 256;
  const small = { memorySize: SIZE };
  const widths = { ld8s: 1, ld8u: 1, ld16s: 2, ld16u: 2, ld32: 4, ldf32: 4, ldf64: 8, st8: 1, st16: 2, st32: 4, stf32: 4, stf64: 8 } as const;

  test('every load and store width: the last byte is in bounds, one past is a fault with the address', () => {
    for (const [mnemonic, width] of Object.entries(widths) as [keyof typeof widths, number][]) {
      const isStore = mnemonic.startsWith('st');
      const access = (address: number, offset: number): Instruction[] => [ins('push', address), ...(isStore ? [ins('push', 0x7f)] : []), ins(mnemonic, offset)];
      const fits = machineFor(access(SIZE - width - 1, 1), small);
      assertStatus(fits.run(access(0, 0).length), Status.Ok, `${mnemonic} at the end: ${fits.fault?.message}`);
      for (const [address, offset] of [[SIZE - width + 1, 0], [SIZE - width, 1], [SIZE, 0], [-1, 0], [0, 0xffffffff], [-4, 8]]) {
        const machine = expectFault([ins('nop'), ...access(address, offset)], Status.MemoryFault, isStore ? 3 : 2, /outside memory/, small);
        assert.equal(machine.fault?.address, (address >>> 0) + offset, `${mnemonic} at ${address} + ${offset}`);
        assert.equal(machine.stackValues().length, isStore ? 2 : 1, `${mnemonic} keeps its operands`);
        assert.ok(bytesAt(machine, 0, SIZE).every((byte) => byte === 0), `${mnemonic} at ${address} + ${offset} wrote memory`);
      }
    }
  });

  test('atomics must be 4-byte aligned (after adding the offset)', () => {
    const cases: Instruction[][] = [
      [ins('push', 2), ins('aload')],
      [ins('push', 1), ins('aload', 2)],
      [ins('push', 6), ins('push', 1), ins('astore')],
      [ins('push', 3), ins('push', 1), ins('aadd')],
      [ins('push', 5), ins('push', 1), ins('aand')],
      [ins('push', 2), ins('push', 1), ins('aor')],
      [ins('push', 1), ins('push', 1), ins('axchg')],
      [ins('push', 2), ins('push', 0), ins('push', 1), ins('acas')],
    ];
    for (const code of cases) {
      const machine = expectFault(code, Status.MemoryFault, code.length - 1, /align/, small);
      assert.ok((machine.fault?.address ?? 0) % 4 !== 0, 'the fault names the unaligned address');
    }
  });

  test('atomics outside memory', () => {
    for (const code of [
      [ins('push', SIZE), ins('aload')],
      [ins('push', SIZE - 4), ins('aload', 4)],
      [ins('push', SIZE), ins('push', 1), ins('astore')],
      [ins('push', -4), ins('push', 1), ins('aadd')],
      [ins('push', SIZE), ins('push', 0), ins('push', 1), ins('acas')],
    ]) {
      expectFault(code, Status.MemoryFault, code.length - 1, /outside/, small);
    }
  });

  test('mcopy and mfill outside memory change nothing', () => {
    for (const code of [
      [ins('push', SIZE - 4), ins('push', 0), ins('push', 5), ins('mcopy')],
      [ins('push', 0), ins('push', SIZE - 4), ins('push', 5), ins('mcopy')],
      [ins('push', SIZE - 4), ins('push', 0x41), ins('push', 5), ins('mfill')],
      [ins('push', -1), ins('push', 0x41), ins('push', 2), ins('mfill')],
    ]) {
      const machine = expectFault(code, Status.MemoryFault, 3, /outside memory/, { ...small, data: [{ address: 0, bytes: Uint8Array.of(9, 9, 9, 9, 9) }] });
      assert.deepEqual(bytesAt(machine, 0, 6), [9, 9, 9, 9, 9, 0]);
      assert.ok(bytesAt(machine, 6, SIZE).every((byte) => byte === 0));
      assert.equal(machine.stackValues().length, 3);
    }
  });
});

describe('DivisionByZero', () => {
  test('integer division and remainder by zero keep their operands', () => {
    for (const mnemonic of ['divs', 'divu', 'rems', 'remu'] as const) {
      const machine = expectFault([ins('push', 7), ins('push', 0), ins(mnemonic)], Status.DivisionByZero, 2, new RegExp(`${mnemonic}.*division by zero`));
      assert.deepEqual(machine.stackValues(), [7, 0]);
    }
  });
});

describe('OutOfGas', () => {
  const code = [ins('push', 6), ins('push', 3), ins('mul'), ins('push', 2), ins('divs'), ins('gas'), ins('push', 0), ins('halt')];
  const costs = code.map(([opcode]) => GAS_COST[opcode]);
  const total = costs.reduce((a, b) => a + b, 0);

  test('exact: with enough gas for k instructions, instruction k faults and gas is left unchanged', () => {
    for (let k = 0; k < code.length; k++) {
      const before = costs.slice(0, k).reduce((a, b) => a + b, 0);
      const left = costs[k] - 1;
      const machine = expectFault(code, Status.OutOfGas, k, /gas/, {}, { gas: before + left });
      assert.equal(machine.gas, left, `gas left at instruction ${k}`);
      assert.equal(machine.gasUsed, before);
      assert.equal(machine.instructionsExecuted, k);
    }
  });

  test('exactly enough gas runs to the end', () => {
    const machine = machineFor(code, {}, { gas: total });
    assertStatus(machine.run(), Status.Halted, machine.fault?.message);
    assert.equal(machine.gas, 0);
    assert.equal(machine.gasUsed, total);
  });

  test('stops before the first instruction with no gas', () => {
    assert.deepEqual(expectFault(code, Status.OutOfGas, 0, /gas/, {}, { gas: 0 }).stackValues(), []);
  });

  test("mcopy without gas for its length copies nothing", () => {
    const bulk = [ins('push', 64), ins('push', 0), ins('push', 64), ins('mcopy')];
    const machine = expectFault(bulk, Status.OutOfGas, 3, /gas/, { data: [{ address: 0, bytes: Uint8Array.of(5) }] }, { gas: 3 + 3 + 1 });
    assert.deepEqual(bytesAt(machine, 64, 65), [0]);
    assert.deepEqual(machine.stackValues(), [64, 0, 64]);
  });

  test('a native charging more gas than is left', () => {
    const library: NativeLibrary = { name: 'lib', functions: [{ name: 'costly', fn: (ctx) => ctx.chargeGas(100) }] };
    const imports = [{ index: 0, name: 'lib', functions: [{ index: 0, name: 'costly' }] }];
    expectFault([ins('nop'), ins('ncall', 0)], Status.OutOfGas, 1, /lib\.costly/, { imports }, { libraries: [library], gas: 50 });
  });
});

describe('BadReturn', () => {
  test('ret with no call frame', () => {
    expectFault([ins('push', 1), ins('ret', 1)], Status.BadReturn, 1, /ret/);
  });

  test('iret outside an interrupt handler, at the top level or in a called function', () => {
    expectFault([ins('nop'), ins('iret')], Status.BadReturn, 1, /iret/);
    expectFault([ins('call', 2), ins('nop'), ins('iret')], Status.BadReturn, 2, /iret/);
  });

  test('ret inside an interrupt handler', () => {
    // 0 push 4; 1 setvec 0; 2 ei; 3 int 0; 4 handler: ret 0
    expectFault([ins('push', 4), ins('setvec'), ins('ei'), ins('int'), ins('ret', 0)], Status.BadReturn, 4, /ret.*interrupt/);
  });
});

describe('UnhandledInterrupt', () => {
  test('an interrupt taken for a vector with no handler faults where it was taken', () => {
    expectFault([ins('ei'), ins('nop'), ins('int', 5), ins('nop')], Status.UnhandledInterrupt, 3, /interrupt 5/);
  });

  test('an interrupt raised by the host', () => {
    const machine = machineFor([ins('ei'), ins('nop'), ins('nop')]);
    assertStatus(machine.run(1), Status.Ok);
    machine.raiseInterrupt(9);
    assertStatus(machine.run(), Status.UnhandledInterrupt);
    assertFault(machine, Status.UnhandledInterrupt, 1, /interrupt 9/);
  });
});

test('every fault status has a test here, in opcodes.test.ts (UnknownNative, NativeFailure) or in tier/stack.test.ts (HostStackExhausted)', () => {
  const here = ['StackUnderflow', 'StackOverflow', 'CallDepthExceeded', 'InvalidInstruction', 'BadJump', 'MemoryFault', 'DivisionByZero', 'OutOfGas', 'BadReturn', 'UnhandledInterrupt'];
  const faults = Object.entries(Status).filter(([, code]) => code >= 16).map(([name]) => name);
  assert.deepEqual([...here, 'UnknownNative', 'NativeFailure', 'HostStackExhausted'].sort(), faults.sort());
});
