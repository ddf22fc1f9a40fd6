/** Bad host input is a clear RangeError; a misbehaving bus or native is a guest fault, never a host crash. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeInstructions, makeProgram } from '../../src/image/program.js';
import { Op } from '../../src/isa/opcodes.js';
import { Status } from '../../src/isa/status.js';
import { Machine } from '../../src/machine/machine.js';
import type { AccessKind, BusFault, MemoryBus } from '../../src/machine/memory.js';
import type { MachineSnapshot } from '../../src/machine/snapshot.js';

const program = makeProgram({ code: encodeInstructions([[Op.PUSH, 1], [Op.PUSH, 2], [Op.ADD, 0], [Op.HALT, 0]]) });

/** A bus with 16 flat bytes whose slow path answers with `answer`. */
function busAnswering(answer: (kind: AccessKind) => unknown): MemoryBus {
  return {
    flat: new Uint8Array(16),
    size: 0x10000,
    load: (_address, kind) => answer(kind) as number | BusFault,
    store: () => answer('i32') as BusFault | undefined,
  };
}

function load(bus: MemoryBus, opcode: number): Machine {
  return new Machine(makeProgram({ code: encodeInstructions([[Op.PUSH, 0x100], [opcode, 0], [Op.BRK, 0]]) }), { memory: bus });
}

describe('restore() checks the snapshot it is given', () => {
  const machine = new Machine(program);
  const good = machine.snapshot();
  const cases: [string, Partial<MachineSnapshot>, RegExp][] = [
    ['a fractional pc', { pc: 1.5 }, /pc 1\.5/],
    ['a pc past the code', { pc: 99 }, /pc 99/],
    ['negative gas', { gas: -5 }, /gas -5/],
    ['an unknown status', { status: 999 as Status }, /status 999/],
    ['a frame returning outside the code', { frames: new Int32Array([77, 0, -1]) }, /call frame 0/],
    ['a vector outside the code', { vectors: new Int32Array(32).fill(50) }, /vector handler 50/],
    ['memory of another size', { memory: new Uint8Array(3) }, /memory must be/],
  ];
  for (const [what, change, message] of cases) {
    it(`rejects ${what} with a RangeError and leaves the machine as it was`, () => {
      assert.throws(() => machine.restore({ ...good, ...change }), (error: unknown) => error instanceof RangeError && message.test(error.message));
      assert.equal(machine.run(), Status.Halted);
      assert.equal(machine.exitCode, 3);
      machine.reset();
    });
  }
});

describe('the Machine constructor rejects programs that cannot be loaded', () => {
  it('a fractional entry', () => {
    assert.throws(() => new Machine({ ...program, entry: 0.5 }), /entry 0\.5/);
  });
  it('a data segment at a negative address', () => {
    assert.throws(() => new Machine({ ...program, data: [{ address: -1, bytes: new Uint8Array(2) }] }), /data segment at -1/);
  });
});

describe('a misbehaving memory bus is a MemoryFault', () => {
  it('a bus that throws', () => {
    const machine = load(busAnswering(() => { throw new Error('device unplugged'); }), Op.LD32);
    assert.equal(machine.run(), Status.MemoryFault);
    assert.match(machine.fault?.message ?? '', /bus error on a i32 load at 0x100: device unplugged/);
    assert.equal(machine.fault?.pc, 1);
  });
  it('a bus that answers neither a number nor a fault', () => {
    const machine = load(busAnswering(() => 'junk'), Op.LD32);
    assert.equal(machine.run(), Status.MemoryFault);
    assert.match(machine.fault?.message ?? '', /neither a number nor a fault/);
  });
  it('a bus value is brought to the access kind', () => {
    const cases: [number, number, number][] = [[Op.LD8U, 511.5, 0xff], [Op.LD8S, 0x80, -128], [Op.LD16S, 0x18000, -32768], [Op.LD32, 2 ** 32 + 5, 5]];
    for (const [opcode, answer, expected] of cases) {
      const machine = load(busAnswering(() => answer), opcode);
      assert.equal(machine.run(), Status.Breakpoint, machine.fault?.message);
      assert.deepEqual(machine.stackValues(), [expected]);
    }
  });
  it('a store to a bus that throws', () => {
    const bus = busAnswering(() => { throw new Error('read-only'); });
    const machine = new Machine(makeProgram({ code: encodeInstructions([[Op.PUSH, 0x100], [Op.PUSH, 7], [Op.ST32, 0]]) }), { memory: bus });
    assert.equal(machine.run(), Status.MemoryFault);
    assert.match(machine.fault?.message ?? '', /bus error on a i32 store at 0x100: read-only/);
  });
});

describe('natives cannot reach outside memory with odd addresses', () => {
  for (const [address, length] of [[1.5, 4], [-1, 4], [0, -2], [0, 2.5]]) {
    it(`readBytes(${address}, ${length}) faults MemoryFault`, () => {
      const libraries = [{ name: 'n', functions: [{ name: 'read', fn: (c: { readBytes(a: number, l: number): Uint8Array }) => void c.readBytes(address, length) }] }];
      const machine = new Machine(makeProgram({ code: encodeInstructions([[Op.NCALL, 0]]) }), { libraries });
      assert.equal(machine.run(), Status.MemoryFault);
      assert.doesNotMatch(machine.fault?.message ?? '', /0x-/);
    });
  }
});

describe('who owns memory', () => {
  it('reset() clears memory the machine allocated, but not a supplied bus', () => {
    const code = encodeInstructions([[Op.PUSH, 8], [Op.PUSH, 0x55], [Op.ST8, 0], [Op.BRK, 0]]);
    const own = new Machine(makeProgram({ code }));
    own.run();
    assert.equal(own.memory[8], 0x55);
    own.reset();
    assert.equal(own.memory[8], 0);

    const bus = busAnswering(() => ({ fault: 'none' }));
    bus.flat[3] = 0x77; // the bus owner's data, e.g. a guest image loaded by a hypervisor
    const borrowed = new Machine(makeProgram({ code }), { memory: bus });
    assert.equal(borrowed.memory[3], 0x77, 'not cleared when the machine is built');
    borrowed.run();
    borrowed.reset();
    assert.equal(borrowed.memory[3], 0x77, 'not cleared on reset');
    assert.equal(borrowed.memory[8], 0x55, 'what the program wrote stays: the memory is the bus owner\'s');
  });

  it('a supplied bus never gets the program\'s data segments written into it', () => {
    const program = makeProgram({ code: encodeInstructions([[Op.BRK, 0]]), data: [{ address: 2, bytes: new Uint8Array([9, 9]) }] });
    const bus = busAnswering(() => ({ fault: 'none' }));
    bus.flat[2] = 0x42; // live guest data, e.g. written by another vCPU
    const machine = new Machine(program, { memory: bus });
    machine.reset();
    assert.equal(machine.memory[2], 0x42);
  });
});

describe('a native call that faults does not complete', () => {
  it('leaves the stack as it was before the call', () => {
    const libraries = [{ name: 'n', functions: [{ name: 'picky', fn: (c: { popInt(): number; fail(m: string): never }) => { c.popInt(); c.popInt(); c.fail('rejected'); } }] }];
    const machine = new Machine(makeProgram({ code: encodeInstructions([[Op.PUSH, 7], [Op.PUSH, 8], [Op.PUSH, 9], [Op.NCALL, 0]]) }), { libraries });
    assert.equal(machine.run(), Status.NativeFailure);
    assert.deepEqual(machine.stackValues(), [7, 8, 9]);
    assert.equal(machine.fault?.pc, 3);
  });
});
