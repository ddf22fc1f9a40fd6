/**
 * The slow path of one instruction in the precise stream: reached when the run loop's quick
 * checks refuse an instruction. It either completes the instruction the long way (a load or store
 * through the memory bus) or works out which fault it is and raises it with a message. Keeping
 * this out of the run loop keeps the loop small; the conditions mirror the loop's quick checks.
 */
import { Op, opcodeInfo } from '../isa/opcodes.js';
import type { MachineCore } from './core.js';
import { FRAME_WORDS, formatAddress } from './core.js';
import type { AccessKind } from './memory.js';
import { Status } from '../isa/status.js';

const LOAD_KIND: ReadonlyMap<number, AccessKind> = new Map<number, AccessKind>([
  [Op.LD8S, 's8'], [Op.LD8U, 'u8'], [Op.LD16S, 's16'], [Op.LD16U, 'u16'], [Op.LD32, 'i32'], [Op.LDF32, 'f32'], [Op.LDF64, 'f64'],
]);
const STORE_KIND: ReadonlyMap<number, AccessKind> = new Map<number, AccessKind>([
  [Op.ST8, 'u8'], [Op.ST16, 'u16'], [Op.ST32, 'i32'], [Op.STF32, 'f32'], [Op.STF64, 'f64'],
]);
const ATOMICS: ReadonlySet<number> = new Set<number>([Op.ALOAD, Op.ASTORE, Op.AADD, Op.AAND, Op.AOR, Op.AXCHG, Op.ACAS]);
const DIVISIONS: ReadonlySet<number> = new Set<number>([Op.DIVS, Op.DIVU, Op.REMS, Op.REMU]);

/** Stores a bus value in the width the access kind says (the bus sees the stored bits). */
function storedValue(kind: AccessKind, value: number): number {
  if (kind === 'u8') return value & 0xff;
  if (kind === 'u16') return value & 0xffff;
  if (kind === 'i32') return value | 0;
  return value;
}

/**
 * Completes or faults the instruction `op` (operand `operand`) at `pc`, with the core's state
 * synced. Returns true when it completed (pc still to be advanced by the caller), false when it
 * raised a fault.
 */
export function executeSlowly(core: MachineCore, op: number, operand: number, pc: number): boolean {
  const info = opcodeInfo(op);
  if (!info) {
    const why = core.decoded.malformed.get(pc);
    core.raise(why?.status ?? Status.InvalidInstruction, pc, why?.message ?? `undefined opcode ${formatAddress(op)}`);
    return false;
  }
  const name = info.mnemonic;
  const { sp, stack } = core;
  if (info.pops !== null && sp < info.pops) {
    core.raise(Status.StackUnderflow, pc, `${name} needs ${info.pops} value${info.pops === 1 ? '' : 's'} on the stack, found ${sp}`);
    return false;
  }
  if (info.pops !== null && info.pushes !== null && sp - info.pops + info.pushes > stack.length) {
    core.raise(Status.StackOverflow, pc, `${name}: value stack overflow (${stack.length} slots)`);
    return false;
  }
  const load = LOAD_KIND.get(op);
  if (load) {
    const address = (stack[sp - 1] >>> 0) + (operand >>> 0);
    const value = core.busLoad(address, load, pc);
    if (value === undefined) return false;
    stack[sp - 1] = value;
    return true;
  }
  const store = STORE_KIND.get(op);
  if (store) {
    const address = (stack[sp - 2] >>> 0) + (operand >>> 0);
    if (!core.busStore(address, store, storedValue(store, stack[sp - 1]), pc)) return false;
    core.sp -= 2;
    return true;
  }
  if (ATOMICS.has(op)) {
    const address = (stack[sp - info.pops!] >>> 0) + (operand >>> 0);
    const message = (address & 3) !== 0
      ? `${name} at ${formatAddress(address)} is not 4-byte aligned`
      : `${name} at ${formatAddress(address)} is outside the flat memory (${core.flat.length} bytes)`;
    core.raise(Status.MemoryFault, pc, message, address);
    return false;
  }
  if (DIVISIONS.has(op)) {
    core.raise(Status.DivisionByZero, pc, `${name}: division by zero`);
    return false;
  }
  return explainControlFault(core, op, operand, pc, name, info.gas);
}

/** Raises the fault of a local, frame, call, interrupt or bulk-memory instruction. */
function explainControlFault(core: MachineCore, op: number, operand: number, pc: number, name: string, gas: number): false {
  const { sp, fp, depth, stack } = core;
  switch (op) {
    case Op.LGET:
    case Op.LSET:
    case Op.LTEE:
      core.raise(Status.StackUnderflow, pc, `${name} ${operand}: local ${operand} is outside the current frame (${Math.max(0, sp - fp)} values)`);
      return false;
    case Op.CALL:
      core.raise(Status.CallDepthExceeded, pc, `call depth limit of ${core.maxDepth} exceeded`);
      return false;
    case Op.ENTER: {
      const args = operand & 0xffff;
      if (sp < args) core.raise(Status.StackUnderflow, pc, `enter needs ${args} argument${args === 1 ? '' : 's'} on the stack, found ${sp}`);
      else core.raise(Status.StackOverflow, pc, `enter: ${operand >>> 16} locals overflow the value stack (${stack.length} slots)`);
      return false;
    }
    case Op.RET: {
      const top = (depth - 1) * FRAME_WORDS;
      if (depth === 0) core.raise(Status.BadReturn, pc, 'ret with no call frame to return to');
      else if (core.frames[top + 2] !== -1) core.raise(Status.BadReturn, pc, 'ret inside an interrupt handler (use iret)');
      else core.raise(Status.StackUnderflow, pc, `ret ${operand} needs ${operand} result${operand === 1 ? '' : 's'} in the frame, found ${Math.max(0, sp - fp)}`);
      return false;
    }
    case Op.IRET:
      core.raise(Status.BadReturn, pc, 'iret outside an interrupt handler');
      return false;
    case Op.SETVEC:
      core.raise(Status.BadJump, pc, `setvec ${operand}: handler ${stack[sp - 1]} is outside the code (${core.decoded.ops.length - 1} instructions)`);
      return false;
    case Op.MCOPY:
    case Op.MFILL: {
      const length = stack[sp - 1] >>> 0;
      const extra = Math.ceil(length / 32);
      if (core.gas < extra) {
        core.gas += gas; // an instruction that runs out of gas leaves gas as it was before it
        core.raise(Status.OutOfGas, pc, `out of gas: ${name} of ${length} bytes costs ${extra} more than its ${gas}, ${core.gas} left`);
        return false;
      }
      const target = stack[sp - 3] >>> 0;
      const bad = target + length > core.flat.length ? target : stack[sp - 2] >>> 0;
      core.raise(Status.MemoryFault, pc, `${name} of ${length} bytes at ${formatAddress(bad)} is outside memory (${core.flat.length} bytes)`, bad);
      return false;
    }
    default:
      // The run loop refused an instruction for a reason this function does not know: a bug.
      core.raise(Status.InvalidInstruction, pc, `${name}: internal error: the instruction could not execute`);
      return false;
  }
}
