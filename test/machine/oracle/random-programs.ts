/**
 * Random programs for differential tests (the run loop against the reference interpreter, the
 * compiled tier against both): the generator, the natives they call, and the observable state
 * that is compared.
 */
import fc from 'fast-check';
import { encodeInstructions, makeProgram } from '../../../src/image/program.js';
import type { Program } from '../../../src/image/program.js';
import { OPCODES, opcodeByMnemonic } from '../../../src/isa/opcodes.js';
import { FRAME_WORDS, MachineCore } from '../../../src/machine/core.js';
import { decodeProgram } from '../../../src/machine/decode.js';
import { FlatMemory } from '../../../src/machine/memory.js';
import type { NativeLibrary } from '../../../src/machine/natives.js';

/** The machine whose native is running: lets a native raise an interrupt during a run, as a device would. */
let running: MachineCore | undefined;

/** Tells the natives which machine is running (x.raise raises its interrupt 1). */
export function setRunning(core: MachineCore): void {
  running = core;
}
/** The natives random programs call: x.add, x.boom (fails), x.burn (charges 7 gas), x.raise. */
export const libraries: NativeLibrary[] = [{
  name: 'x',
  functions: [
    { name: 'add', fn: (c) => { const b = c.popInt(); c.pushInt(c.popInt() + b); } },
    { name: 'boom', fn: (c) => c.fail('boom') },
    { name: 'burn', fn: (c) => c.chargeGas(7) },
    { name: 'raise', fn: () => { if (running) running.pending[0] |= 2; } },
  ],
}];
const imports = [{ index: 0, name: 'x', functions: [0, 1, 2, 3].map((index) => ({ index, name: libraries[0].functions[index].name })) }];

const code = (m: string): number => opcodeByMnemonic(m)!.code;
const binops = ['add', 'sub', 'lts', 'mul', 'ges', 'shl', 'eq', 'ltu'] as const;

/** One instruction with an operand that is usually valid for its kind (sometimes not). */
function instruction(length: number): fc.Arbitrary<[number, number]> {
  return fc.tuple(fc.constantFrom(...OPCODES), fc.nat(0xffff), fc.integer({ min: -8, max: 70000 }), fc.double()).map(([spec, small, wide, chance]) => {
    const operand = (() => {
      switch (spec.operand) {
        case 'code': return chance < 0.05 ? length + (small % 4) : small % length;
        case 'local': return small % 4;
        case 'frame': return (small % 3) | ((small >> 2) % 3) << 16;
        case 'count': return small % 3;
        case 'const': return small % 2;
        case 'native': return small % 5;
        case 'vector': return small % 3;
        case 'none': return chance < 0.02 ? 1 : 0;
        default: return wide;
      }
    })();
    return [chance > 0.995 ? 0xfe : spec.code, operand >>> 0];
  });
}

/** A sequence the decoder fuses into a superinstruction. */
function fusable(length: number): fc.Arbitrary<Array<[number, number]>> {
  const local = fc.nat(3);
  const imm = fc.integer({ min: -3, max: 5 });
  const bin = fc.constantFrom(...binops).map(code);
  const branch = fc.tuple(fc.constantFrom('jz', 'jnz').map(code), fc.nat(length - 1));
  return fc.oneof(
    fc.tuple(local, local, bin, local).map(([a, b, op, c]) => [[code('lget'), a], [code('lget'), b], [op, 0], [code('lset'), c]]),
    fc.tuple(local, imm, bin, local).map(([a, k, op, c]) => [[code('lget'), a], [code('push'), k], [op, 0], [code('lset'), c]]),
    fc.tuple(local, imm, local).map(([a, k, c]) => [[code('lget'), a], [code('addi'), k], [code('lset'), c]]),
    fc.tuple(local, imm, bin, branch).map(([a, k, op, [j, t]]) => [[code('lget'), a], [code('push'), k], [op, 0], [j, t]]),
    fc.tuple(local, local, bin, branch).map(([a, b, op, [j, t]]) => [[code('lget'), a], [code('lget'), b], [op, 0], [j, t]]),
    fc.tuple(bin, branch).map(([op, [j, t]]) => [[op, 0], [j, t]]),
    fc.tuple(imm, bin).map(([k, op]) => [[code('push'), k], [op, 0]]),
    local.map((a) => [[code('lget'), a], [code('ret'), 1]]),
    fc.tuple(local, imm, fc.nat(length - 1)).map(([a, k, t]) => [[code('lget'), a], [code('addi'), k], [code('call'), t]]),
    fc.tuple(local, imm, bin, fc.nat(length - 1)).map(([a, k, op, t]) => [[code('lget'), a], [code('push'), k], [op, 0], [code('call'), t]]),
    bin.map((op) => [[op, 0], [code('ret'), 1]]),
  ).map((pairs) => pairs.map(([op, operand]) => [op, operand >>> 0] as [number, number]));
}

/** Random programs: plain, inside a call frame with locals, or with interrupts enabled. */
export const programs = fc.integer({ min: 4, max: 32 }).chain((length) =>
  fc.array(fc.oneof(
    { weight: 12, arbitrary: instruction(length).map((i) => [i]) },
    { weight: 4, arbitrary: fusable(length) },
    { weight: 1, arbitrary: fc.constant([[code('ncall'), 3] as [number, number]]) }, // x.raise: an interrupt arrives mid-run
  ), { minLength: 1, maxLength: length })
    // Most programs run inside a call with four locals, so that superinstructions find their locals and returns have a frame.
    // Half of those enable interrupts, with vector 1 handled by the instruction after the prelude.
    .chain((chunks) => fc.constantFrom('plain', 'framed', 'interruptible').map((kind) => {
      if (kind === 'plain') return chunks;
      const prelude: [number, number][] = [[code('call'), 2], [code('halt'), 0], [code('enter'), 4 << 16]];
      if (kind === 'interruptible') prelude.push([code('push'), 7], [code('setvec'), 1], [code('ei'), 0]);
      return [prelude, ...chunks];
    }))
    .map((chunks) => makeProgram({ code: encodeInstructions(chunks.flat()), constants: new Float64Array([1.5, -0]), memorySize: 256, imports })));

/** A machine core for `program` with `gas`, a 16-value stack and a call depth of 6. */
export function load(program: Program, gas: number): MachineCore {
  const core = new MachineCore(program, decodeProgram(program, libraries), new FlatMemory(256), gas, 16, 6, 0, new Int32Array(1), true);
  core.reset();
  return core;
}

/** Everything a program can observe or change about a machine, for deep comparison. */
export function observable(core: MachineCore, status: number): unknown {
  return {
    status, pc: core.pc, sp: core.sp, fp: core.fp, depth: core.depth, gas: core.gas, executed: core.executed,
    exitCode: core.exitCode, interruptsEnabled: core.interruptsEnabled, pending: core.pending[0],
    fault: core.fault && [core.fault.status, core.fault.pc, core.fault.address],
    stack: Array.from(core.stack.subarray(0, core.sp)), memory: Array.from(core.flat),
    frames: Array.from(core.frames.subarray(0, core.depth * FRAME_WORDS)), vectors: Array.from(core.vectors),
  };
}

