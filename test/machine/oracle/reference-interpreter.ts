/**
 * The reference interpreter: the test oracle the fast run loop is checked against.
 *
 * It executes the *base* instructions one at a time with per-instruction gas and budget checks
 * and no superinstructions, block headers or precise/fast streams: the plainest reading of the
 * opcode table. It works on the same MachineCore state, so a differential test can run both on
 * the same program and compare every field. Keep it simple; speed does not matter here.
 */
import { BLOCK_ENDING_OPCODES, GAS_COST, Op, opcodeInfo } from '../../../src/isa/opcodes.js';
import { FRAME_WORDS } from '../../../src/machine/core.js';
import type { MachineCore } from '../../../src/machine/core.js';
import { Status } from '../../../src/isa/status.js';
import { popcount, saturateSigned, saturateUnsigned } from '../../../src/machine/numeric.js';

const INT32_MAX = 0x7fffffff;

function underflow(core: MachineCore, pc: number, needed: number, have: number): void {
  const name = opcodeInfo(core.decoded.ops[pc])?.mnemonic ?? 'instruction';
  core.raise(Status.StackUnderflow, pc, `${name} needs ${needed} value${needed === 1 ? '' : 's'} on the stack, found ${have}`);
}

function overflow(core: MachineCore, pc: number): void {
  core.raise(Status.StackOverflow, pc, `value stack overflow (${core.stack.length} slots)`);
}

function divideByZero(core: MachineCore, pc: number): void {
  core.raise(Status.DivisionByZero, pc, `${opcodeInfo(core.decoded.ops[pc])?.mnemonic}: division by zero`);
}

function misaligned(core: MachineCore, pc: number, address: number): void {
  core.raise(Status.MemoryFault, pc, `atomic access at 0x${address.toString(16)} is not 4-byte aligned`, address);
}

function atomicOutside(core: MachineCore, pc: number, address: number): void {
  core.raise(Status.MemoryFault, pc, `atomic access at 0x${address.toString(16)} is outside the flat memory (${core.flat.length} bytes)`, address);
}

/** Executes at most `maxSteps` instructions; returns the machine's status afterwards. */
export function runReference(core: MachineCore, maxSteps: number): Status {
  if (core.stopped) return core.status;
  core.status = Status.Ok;
  if (!core.takeInterrupt()) return core.status;

  const { ops, args, malformed } = core.decoded;
  let previous = -1; // the last instruction executed in this run
  const stack = core.stack;
  const frames = core.frames;
  const view = core.view;
  const flat = core.flat;
  const words = core.words;
  const pending = core.pending;
  const constants = core.program.constants;
  const gasCost = GAS_COST;
  const capacity = stack.length;
  const maxDepth = core.maxDepth;
  const flatSize = flat.length;
  const codeLength = ops.length - 1;

  let pc = core.pc;
  let sp = core.sp;
  let fp = core.fp;
  let depth = core.depth;
  let gas = core.gas;
  let budget = maxSteps;

  run: for (;;) {
    // The ISA's interrupt rule: pending interrupts are taken after a block-ending instruction.
    if (previous >= 0 && BLOCK_ENDING_OPCODES.has(previous) && pending[0] !== 0 && core.interruptsEnabled) {
      core.pc = pc;
      core.sp = sp;
      core.fp = fp;
      core.depth = depth;
      if (!core.takeInterrupt()) break;
      pc = core.pc;
      sp = core.sp;
      fp = core.fp;
      depth = core.depth;
    }
    if (budget === 0) break;
    const op = ops[pc];
    previous = op;
    const cost = gasCost[op];
    if (gas < cost) {
      core.raise(Status.OutOfGas, pc, `out of gas: ${opcodeInfo(op)?.mnemonic} costs ${cost}, ${gas} left`);
      break;
    }
    gas -= cost;
    budget--;
    const a = args[pc];
    switch (op) {
      // ---- control
      case Op.NOP:
        pc++;
        continue;
      case Op.HALT:
        if (sp < 1) { underflow(core, pc, 1, sp); break run; }
        core.exitCode = stack[--sp] | 0;
        core.status = Status.Halted;
        break run;
      case Op.JMP:
        if (a > pc) { pc = a; continue; }
        pc = a;
        break;
      case Op.JZ:
        if (sp < 1) { underflow(core, pc, 1, sp); break run; }
        if (stack[--sp] !== 0) { pc++; continue; }
        if (a > pc) { pc = a; continue; }
        pc = a;
        break;
      case Op.JNZ:
        if (sp < 1) { underflow(core, pc, 1, sp); break run; }
        if (stack[--sp] === 0) { pc++; continue; }
        if (a > pc) { pc = a; continue; }
        pc = a;
        break;
      case Op.CALL: {
        if (depth === maxDepth) { core.raise(Status.CallDepthExceeded, pc, `call depth limit of ${maxDepth} exceeded`); break run; }
        const at = depth * FRAME_WORDS;
        frames[at] = pc + 1;
        frames[at + 1] = fp;
        frames[at + 2] = -1;
        depth++;
        fp = sp;
        pc = a;
        break;
      }
      case Op.ENTER: {
        const argCount = a & 0xffff;
        const localCount = a >>> 16;
        if (sp < argCount) { underflow(core, pc, argCount, sp); break run; }
        if (sp + localCount > capacity) { overflow(core, pc); break run; }
        fp = sp - argCount;
        for (let i = 0; i < localCount; i++) stack[sp++] = 0;
        pc++;
        continue;
      }
      case Op.RET: {
        if (depth === 0) { core.raise(Status.BadReturn, pc, 'ret with no call frame to return to'); break run; }
        const at = (depth - 1) * FRAME_WORDS;
        if (frames[at + 2] !== -1) { core.raise(Status.BadReturn, pc, 'ret inside an interrupt handler (use iret)'); break run; }
        if (sp - a < fp) { underflow(core, pc, a, sp - fp); break run; }
        const from = sp - a;
        for (let i = 0; i < a; i++) stack[fp + i] = stack[from + i];
        sp = fp + a;
        pc = frames[at];
        fp = frames[at + 1];
        depth--;
        continue;
      }
      case Op.BRK:
        pc++;
        core.status = Status.Breakpoint;
        break run;
      // ---- stack
      case Op.PUSH:
        if (sp === capacity) { overflow(core, pc); break run; }
        stack[sp++] = a;
        pc++;
        continue;
      case Op.PUSHF:
        if (sp === capacity) { overflow(core, pc); break run; }
        stack[sp++] = constants[a];
        pc++;
        continue;
      case Op.POP:
        if (sp < 1) { underflow(core, pc, 1, sp); break run; }
        sp--;
        pc++;
        continue;
      case Op.DUP:
        if (sp < 1) { underflow(core, pc, 1, sp); break run; }
        if (sp === capacity) { overflow(core, pc); break run; }
        stack[sp] = stack[sp - 1];
        sp++;
        pc++;
        continue;
      case Op.SWAP: {
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        const t = stack[sp - 1];
        stack[sp - 1] = stack[sp - 2];
        stack[sp - 2] = t;
        pc++;
        continue;
      }
      case Op.OVER:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        if (sp === capacity) { overflow(core, pc); break run; }
        stack[sp] = stack[sp - 2];
        sp++;
        pc++;
        continue;
      case Op.ROT: {
        if (sp < 3) { underflow(core, pc, 3, sp); break run; }
        const t = stack[sp - 3];
        stack[sp - 3] = stack[sp - 2];
        stack[sp - 2] = stack[sp - 1];
        stack[sp - 1] = t;
        pc++;
        continue;
      }
      // ---- locals
      case Op.LGET: {
        const slot = fp + a;
        if (slot >= sp) { core.raise(Status.StackUnderflow, pc, `lget ${a}: local is outside the frame`); break run; }
        if (sp === capacity) { overflow(core, pc); break run; }
        stack[sp++] = stack[slot];
        pc++;
        continue;
      }
      case Op.LSET: {
        const slot = fp + a;
        if (slot >= sp - 1) { core.raise(Status.StackUnderflow, pc, `lset ${a}: local is outside the frame`); break run; }
        stack[slot] = stack[--sp];
        pc++;
        continue;
      }
      case Op.LTEE: {
        const slot = fp + a;
        if (slot >= sp - 1) { core.raise(Status.StackUnderflow, pc, `ltee ${a}: local is outside the frame`); break run; }
        stack[slot] = stack[sp - 1];
        pc++;
        continue;
      }
      // ---- integer
      case Op.ADD:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = (stack[sp - 1] + stack[sp]) | 0;
        pc++;
        continue;
      case Op.SUB:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = (stack[sp - 1] - stack[sp]) | 0;
        pc++;
        continue;
      case Op.MUL:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = Math.imul(stack[sp - 1], stack[sp]);
        pc++;
        continue;
      case Op.DIVS: {
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        const b = stack[sp - 1] | 0;
        if (b === 0) { divideByZero(core, pc); break run; }
        sp--;
        stack[sp - 1] = ((stack[sp - 1] | 0) / b) | 0;
        pc++;
        continue;
      }
      case Op.DIVU: {
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        const b = stack[sp - 1] >>> 0;
        if (b === 0) { divideByZero(core, pc); break run; }
        sp--;
        stack[sp - 1] = ((stack[sp - 1] >>> 0) / b) | 0;
        pc++;
        continue;
      }
      case Op.REMS: {
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        const b = stack[sp - 1] | 0;
        if (b === 0) { divideByZero(core, pc); break run; }
        sp--;
        stack[sp - 1] = (stack[sp - 1] | 0) % b | 0;
        pc++;
        continue;
      }
      case Op.REMU: {
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        const b = stack[sp - 1] >>> 0;
        if (b === 0) { divideByZero(core, pc); break run; }
        sp--;
        stack[sp - 1] = (stack[sp - 1] >>> 0) % b | 0;
        pc++;
        continue;
      }
      case Op.AND:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = stack[sp - 1] & stack[sp];
        pc++;
        continue;
      case Op.OR:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = stack[sp - 1] | stack[sp];
        pc++;
        continue;
      case Op.XOR:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = stack[sp - 1] ^ stack[sp];
        pc++;
        continue;
      case Op.SHL:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = stack[sp - 1] << stack[sp];
        pc++;
        continue;
      case Op.SHRS:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = stack[sp - 1] >> stack[sp];
        pc++;
        continue;
      case Op.SHRU:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = (stack[sp - 1] >>> stack[sp]) | 0;
        pc++;
        continue;
      case Op.NEG:
        if (sp < 1) { underflow(core, pc, 1, sp); break run; }
        stack[sp - 1] = -stack[sp - 1] | 0;
        pc++;
        continue;
      case Op.NOT:
        if (sp < 1) { underflow(core, pc, 1, sp); break run; }
        stack[sp - 1] = ~stack[sp - 1];
        pc++;
        continue;
      case Op.ADDI:
        if (sp < 1) { underflow(core, pc, 1, sp); break run; }
        stack[sp - 1] = (stack[sp - 1] + a) | 0;
        pc++;
        continue;
      case Op.EQ:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = (stack[sp - 1] | 0) === (stack[sp] | 0) ? 1 : 0;
        pc++;
        continue;
      case Op.NE:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = (stack[sp - 1] | 0) !== (stack[sp] | 0) ? 1 : 0;
        pc++;
        continue;
      case Op.LTS:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = (stack[sp - 1] | 0) < (stack[sp] | 0) ? 1 : 0;
        pc++;
        continue;
      case Op.LTU:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = stack[sp - 1] >>> 0 < stack[sp] >>> 0 ? 1 : 0;
        pc++;
        continue;
      case Op.LES:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = (stack[sp - 1] | 0) <= (stack[sp] | 0) ? 1 : 0;
        pc++;
        continue;
      case Op.LEU:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = stack[sp - 1] >>> 0 <= stack[sp] >>> 0 ? 1 : 0;
        pc++;
        continue;
      case Op.GTS:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = (stack[sp - 1] | 0) > (stack[sp] | 0) ? 1 : 0;
        pc++;
        continue;
      case Op.GTU:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = stack[sp - 1] >>> 0 > stack[sp] >>> 0 ? 1 : 0;
        pc++;
        continue;
      case Op.GES:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = (stack[sp - 1] | 0) >= (stack[sp] | 0) ? 1 : 0;
        pc++;
        continue;
      case Op.GEU:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = stack[sp - 1] >>> 0 >= stack[sp] >>> 0 ? 1 : 0;
        pc++;
        continue;
      case Op.EQZ:
        if (sp < 1) { underflow(core, pc, 1, sp); break run; }
        stack[sp - 1] = (stack[sp - 1] | 0) === 0 ? 1 : 0;
        pc++;
        continue;
      case Op.CLZ:
        if (sp < 1) { underflow(core, pc, 1, sp); break run; }
        stack[sp - 1] = Math.clz32(stack[sp - 1]);
        pc++;
        continue;
      case Op.CTZ: {
        if (sp < 1) { underflow(core, pc, 1, sp); break run; }
        const x = stack[sp - 1] | 0;
        stack[sp - 1] = x === 0 ? 32 : 31 - Math.clz32(x & -x);
        pc++;
        continue;
      }
      case Op.POPCNT:
        if (sp < 1) { underflow(core, pc, 1, sp); break run; }
        stack[sp - 1] = popcount(stack[sp - 1] | 0);
        pc++;
        continue;
      // ---- float
      case Op.FADD:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = stack[sp - 1] + stack[sp];
        pc++;
        continue;
      case Op.FSUB:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = stack[sp - 1] - stack[sp];
        pc++;
        continue;
      case Op.FMUL:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = stack[sp - 1] * stack[sp];
        pc++;
        continue;
      case Op.FDIV:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = stack[sp - 1] / stack[sp];
        pc++;
        continue;
      case Op.FREM:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = stack[sp - 1] % stack[sp];
        pc++;
        continue;
      case Op.FNEG:
        if (sp < 1) { underflow(core, pc, 1, sp); break run; }
        stack[sp - 1] = -stack[sp - 1];
        pc++;
        continue;
      case Op.FABS:
        if (sp < 1) { underflow(core, pc, 1, sp); break run; }
        stack[sp - 1] = Math.abs(stack[sp - 1]);
        pc++;
        continue;
      case Op.FSQRT:
        if (sp < 1) { underflow(core, pc, 1, sp); break run; }
        stack[sp - 1] = Math.sqrt(stack[sp - 1]);
        pc++;
        continue;
      case Op.FFLOOR:
        if (sp < 1) { underflow(core, pc, 1, sp); break run; }
        stack[sp - 1] = Math.floor(stack[sp - 1]);
        pc++;
        continue;
      case Op.FCEIL:
        if (sp < 1) { underflow(core, pc, 1, sp); break run; }
        stack[sp - 1] = Math.ceil(stack[sp - 1]);
        pc++;
        continue;
      case Op.FTRUNC:
        if (sp < 1) { underflow(core, pc, 1, sp); break run; }
        stack[sp - 1] = Math.trunc(stack[sp - 1]);
        pc++;
        continue;
      case Op.FMIN:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = Math.min(stack[sp - 1], stack[sp]);
        pc++;
        continue;
      case Op.FMAX:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = Math.max(stack[sp - 1], stack[sp]);
        pc++;
        continue;
      case Op.FEQ:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = stack[sp - 1] === stack[sp] ? 1 : 0;
        pc++;
        continue;
      case Op.FNE:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = stack[sp - 1] !== stack[sp] ? 1 : 0;
        pc++;
        continue;
      case Op.FLT:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = stack[sp - 1] < stack[sp] ? 1 : 0;
        pc++;
        continue;
      case Op.FLE:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = stack[sp - 1] <= stack[sp] ? 1 : 0;
        pc++;
        continue;
      case Op.FGT:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = stack[sp - 1] > stack[sp] ? 1 : 0;
        pc++;
        continue;
      case Op.FGE:
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        sp--;
        stack[sp - 1] = stack[sp - 1] >= stack[sp] ? 1 : 0;
        pc++;
        continue;
      // ---- conversion
      case Op.ITOF:
        if (sp < 1) { underflow(core, pc, 1, sp); break run; }
        stack[sp - 1] = stack[sp - 1] | 0;
        pc++;
        continue;
      case Op.UTOF:
        if (sp < 1) { underflow(core, pc, 1, sp); break run; }
        stack[sp - 1] = stack[sp - 1] >>> 0;
        pc++;
        continue;
      case Op.FTOI:
        if (sp < 1) { underflow(core, pc, 1, sp); break run; }
        stack[sp - 1] = saturateSigned(stack[sp - 1]);
        pc++;
        continue;
      case Op.FTOU:
        if (sp < 1) { underflow(core, pc, 1, sp); break run; }
        stack[sp - 1] = saturateUnsigned(stack[sp - 1]);
        pc++;
        continue;
      // ---- memory loads: address = popped value (unsigned) + offset; the flat window is the fast path
      case Op.LD8S: case Op.LD8U: case Op.LD16S: case Op.LD16U: case Op.LD32: case Op.LDF32: case Op.LDF64: {
        if (sp < 1) { underflow(core, pc, 1, sp); break run; }
        const address = (stack[sp - 1] >>> 0) + (a >>> 0);
        let value: number | undefined;
        switch (op) {
          case Op.LD8S: value = address < flatSize ? view.getInt8(address) : core.busLoad(address, 's8', pc); break;
          case Op.LD8U: value = address < flatSize ? flat[address] : core.busLoad(address, 'u8', pc); break;
          case Op.LD16S: value = address + 2 <= flatSize ? view.getInt16(address, true) : core.busLoad(address, 's16', pc); break;
          case Op.LD16U: value = address + 2 <= flatSize ? view.getUint16(address, true) : core.busLoad(address, 'u16', pc); break;
          case Op.LD32: value = address + 4 <= flatSize ? view.getInt32(address, true) : core.busLoad(address, 'i32', pc); break;
          case Op.LDF32: value = address + 4 <= flatSize ? view.getFloat32(address, true) : core.busLoad(address, 'f32', pc); break;
          default: value = address + 8 <= flatSize ? view.getFloat64(address, true) : core.busLoad(address, 'f64', pc); break;
        }
        if (value === undefined) break run;
        stack[sp - 1] = value;
        pc++;
        continue;
      }
      // ---- memory stores: addr value ->
      case Op.ST8: case Op.ST16: case Op.ST32: case Op.STF32: case Op.STF64: {
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        const value = stack[sp - 1];
        const address = (stack[sp - 2] >>> 0) + (a >>> 0);
        let ok = true;
        switch (op) {
          case Op.ST8: if (address < flatSize) flat[address] = value; else ok = core.busStore(address, 'u8', value & 0xff, pc); break;
          case Op.ST16: if (address + 2 <= flatSize) view.setInt16(address, value, true); else ok = core.busStore(address, 'u16', value & 0xffff, pc); break;
          case Op.ST32: if (address + 4 <= flatSize) view.setInt32(address, value, true); else ok = core.busStore(address, 'i32', value | 0, pc); break;
          case Op.STF32: if (address + 4 <= flatSize) view.setFloat32(address, value, true); else ok = core.busStore(address, 'f32', value, pc); break;
          default: if (address + 8 <= flatSize) view.setFloat64(address, value, true); else ok = core.busStore(address, 'f64', value, pc); break;
        }
        if (!ok) break run;
        sp -= 2;
        pc++;
        continue;
      }
      case Op.MSIZE:
        if (sp === capacity) { overflow(core, pc); break run; }
        stack[sp++] = core.bus.size | 0;
        pc++;
        continue;
      case Op.MCOPY: case Op.MFILL: {
        if (sp < 3) { underflow(core, pc, 3, sp); break run; }
        const length = stack[sp - 1] >>> 0;
        const source = stack[sp - 2];
        const target = stack[sp - 3] >>> 0;
        const extra = Math.ceil(length / 32);
        if (gas < extra) { gas += cost; core.raise(Status.OutOfGas, pc, `out of gas: copying ${length} bytes costs ${extra} more, ${gas} left`); break run; }
        const from = source >>> 0;
        if (target + length > flatSize || (op === Op.MCOPY && from + length > flatSize)) {
          const bad = target + length > flatSize ? target : from;
          core.raise(Status.MemoryFault, pc, `${op === Op.MCOPY ? 'mcopy' : 'mfill'} of ${length} bytes at 0x${bad.toString(16)} is outside memory (${flatSize} bytes)`, bad);
          break run;
        }
        gas -= extra;
        if (op === Op.MCOPY) flat.copyWithin(target, from, from + length);
        else flat.fill(source & 0xff, target, target + length);
        sp -= 3;
        pc++;
        continue;
      }
      // ---- atomics (flat window only, 4-byte aligned)
      case Op.ALOAD: {
        if (sp < 1) { underflow(core, pc, 1, sp); break run; }
        const address = (stack[sp - 1] >>> 0) + (a >>> 0);
        if ((address & 3) !== 0) { misaligned(core, pc, address); break run; }
        if (address + 4 > flatSize) { atomicOutside(core, pc, address); break run; }
        stack[sp - 1] = Atomics.load(words, address >>> 2);
        pc++;
        continue;
      }
      case Op.ASTORE: case Op.AADD: case Op.AAND: case Op.AOR: case Op.AXCHG: {
        if (sp < 2) { underflow(core, pc, 2, sp); break run; }
        const value = stack[sp - 1] | 0;
        const address = (stack[sp - 2] >>> 0) + (a >>> 0);
        if ((address & 3) !== 0) { misaligned(core, pc, address); break run; }
        if (address + 4 > flatSize) { atomicOutside(core, pc, address); break run; }
        const index = address >>> 2;
        if (op === Op.ASTORE) { Atomics.store(words, index, value); sp -= 2; pc++; continue; }
        sp--;
        if (op === Op.AADD) stack[sp - 1] = Atomics.add(words, index, value);
        else if (op === Op.AAND) stack[sp - 1] = Atomics.and(words, index, value);
        else if (op === Op.AOR) stack[sp - 1] = Atomics.or(words, index, value);
        else stack[sp - 1] = Atomics.exchange(words, index, value);
        pc++;
        continue;
      }
      case Op.ACAS: {
        if (sp < 3) { underflow(core, pc, 3, sp); break run; }
        const replacement = stack[sp - 1] | 0;
        const expected = stack[sp - 2] | 0;
        const address = (stack[sp - 3] >>> 0) + (a >>> 0);
        if ((address & 3) !== 0) { misaligned(core, pc, address); break run; }
        if (address + 4 > flatSize) { atomicOutside(core, pc, address); break run; }
        sp -= 2;
        stack[sp - 1] = Atomics.compareExchange(words, address >>> 2, expected, replacement);
        pc++;
        continue;
      }
      // ---- system
      case Op.NCALL: {
        core.sp = sp;
        core.gas = gas;
        const ok = core.callNative(a, pc);
        sp = core.sp;
        gas = core.gas;
        if (!ok) break run;
        pc++;
        continue;
      }
      case Op.HCALL:
        core.hypercallNumber = a >>> 0;
        core.status = Status.Hypercall;
        pc++;
        break run;
      case Op.CPUID:
        if (sp === capacity) { overflow(core, pc); break run; }
        stack[sp++] = core.cpuId;
        pc++;
        continue;
      case Op.GAS:
        if (sp === capacity) { overflow(core, pc); break run; }
        stack[sp++] = gas > INT32_MAX ? INT32_MAX : gas;
        pc++;
        continue;
      // ---- interrupts
      case Op.SETVEC: {
        if (sp < 1) { underflow(core, pc, 1, sp); break run; }
        const handler = stack[sp - 1];
        if (!(handler >= 0 && handler < codeLength && handler === Math.floor(handler))) {
          core.raise(Status.BadJump, pc, `setvec ${a}: handler ${handler} is outside the code (${codeLength} instructions)`);
          break run;
        }
        core.vectors[a] = handler;
        sp--;
        pc++;
        continue;
      }
      case Op.EI:
        core.interruptsEnabled = true;
        pc++;
        break;
      case Op.DI:
        core.interruptsEnabled = false;
        pc++;
        continue;
      case Op.IRET: {
        const at = (depth - 1) * FRAME_WORDS;
        if (depth === 0 || frames[at + 2] === -1) { core.raise(Status.BadReturn, pc, 'iret outside an interrupt handler'); break run; }
        pc = frames[at];
        fp = frames[at + 1];
        sp = frames[at + 2];
        depth--;
        core.interruptsEnabled = true;
        break;
      }
      case Op.WFI:
        pc++;
        if (Atomics.load(pending, 0) !== 0) break;
        core.status = Status.Waiting;
        break run;
      case Op.INT:
        Atomics.or(pending, 0, 1 << a);
        pc++;
        break;
      default: {
        const why = malformed.get(pc);
        core.raise(why?.status ?? Status.InvalidInstruction, pc, why?.message ?? `undefined opcode 0x${op.toString(16)}`);
        break run;
      }
    }
    // An interrupt point: the case above set pc to where execution goes on.
    if (pending[0] !== 0 && core.interruptsEnabled) {
      core.pc = pc;
      core.sp = sp;
      core.fp = fp;
      core.depth = depth;
      if (!core.takeInterrupt()) break;
      pc = core.pc;
      sp = core.sp;
      fp = core.fp;
      depth = core.depth;
    }
  }

  core.pc = pc;
  core.sp = sp;
  core.fp = fp;
  core.depth = depth;
  core.gas = gas;
  core.executed += maxSteps - budget;
  return core.status;
}
