/**
 * Lays a decoded program out as the two instruction streams the run loop executes.
 *
 * The fast stream holds every basic block as a HEADER followed by its instructions, common
 * sequences fused into superinstructions. The header charges the whole block's gas and step
 * budget at once, so the instructions themselves check neither.
 *
 * The precise stream holds every instruction again, unfused, each behind a CHECK that charges just
 * that instruction. Execution moves to it when a header finds too little gas or budget for the
 * whole block, when it enters a block in the middle (a step, a restored snapshot, an interrupt
 * handler), and when a fast instruction "bails": anything unusual (a fault about to happen, a
 * memory access outside the flat window) makes the fast instruction give back the gas and budget
 * of itself and the rest of its block and replay from its pc in the precise stream, where every
 * fault is raised with exact gas, pc and step counts.
 */
import { BLOCK_ENDING_OPCODES, GAS_COST, Op } from '../isa/opcodes.js';
import type { DecodedProgram } from './decode.js';
import { Internal, matchFusion } from './fusion.js';

/** The executable form of a program. Indices into these arrays are "slots", not pcs. */
export interface Layout {
  readonly code: Uint8Array;
  readonly arg: Int32Array;
  readonly arg2: Int32Array;
  readonly arg3: Int32Array;
  /** The pc each slot stands for (for a HEADER, the block's first pc). */
  readonly pcOf: Int32Array;
  /** Gas charged in advance for this slot and the rest of its block (fast slots; own cost in precise slots). */
  readonly refundGas: Float64Array;
  /** Steps charged in advance for this slot and the rest of its block (fast slots). */
  readonly refundSteps: Int32Array;
  /** The precise slot that replays this slot's pc. */
  readonly preciseOf: Int32Array;
  /** Where to continue for each pc: the block header for a block's first pc, else its precise CHECK. */
  readonly entry: Int32Array;
  /** Slots from here on are the precise stream. */
  readonly preciseStart: number;
}

/** Longest block copied onto the end of the block that falls through into it. */
const TAIL_LIMIT = 6;

/** Instructions whose operand is a code address (a pc, to be turned into a slot). */
const TARGETS_CODE: ReadonlySet<number> = new Set<number>([Op.JMP, Op.JZ, Op.JNZ, Op.CALL]);

/** Which pcs start a basic block. */
function findLeaders(ops: Uint8Array, args: Int32Array, count: number, entryPc: number): Uint8Array {
  const leader = new Uint8Array(count + 1);
  leader[0] = 1;
  if (entryPc < count) leader[entryPc] = 1;
  leader[count] = 1;
  for (let pc = 0; pc < count; pc++) {
    if (BLOCK_ENDING_OPCODES.has(ops[pc])) leader[pc + 1] = 1;
    if (TARGETS_CODE.has(ops[pc])) leader[args[pc]] = 1;
  }
  return leader;
}

/** Builds the fast and precise streams of a decoded program. */
export function layoutProgram(decoded: DecodedProgram, entryPc: number): Layout {
  const { ops, args } = decoded;
  const count = ops.length - 1; // the last op is the end-of-code sentinel
  const leader = findLeaders(ops, args, count, entryPc);
  const blocks: number[] = [];
  for (let pc = 0; pc <= count; pc++) if (leader[pc]) blocks.push(pc);

  // Upper bound: fast = a header per block, a slot per pc, and per block a tail copy and its RESUME;
  // precise = CHECK + op per pc and a RESUME per block.
  const size = (3 + TAIL_LIMIT) * blocks.length + 3 * (count + 1);
  const code = new Uint8Array(size);
  const arg = new Int32Array(size);
  const arg2 = new Int32Array(size);
  const arg3 = new Int32Array(size);
  const pcOf = new Int32Array(size);
  const refundGas = new Float64Array(size);
  const refundSteps = new Int32Array(size);
  const preciseOf = new Int32Array(size);
  const entry = new Int32Array(count + 1);
  const headerOf = new Int32Array(count + 1).fill(-1);
  const checkOf = new Int32Array(count + 1);
  /** Slots whose arg is a jump target pc, turned into the target's header slot at the end. */
  const targetSlots: number[] = [];
  let slot = 0;

  const emit = (op: number, a: number, b: number, c: number, pc: number): number => {
    code[slot] = op;
    arg[slot] = a;
    arg2[slot] = b;
    arg3[slot] = c;
    pcOf[slot] = pc;
    return slot++;
  };
  const blockEnd = (index: number): number => (index + 1 < blocks.length ? blocks[index + 1] : count + 1);

  // Fast stream. A block that falls through into a short block (a loop body into its test) gets a
  // copy of that block appended, so a loop iteration runs as one block with one header.
  const gasOf = (from: number, to: number): number => {
    let gas = 0;
    for (let pc = from; pc < to; pc++) gas += GAS_COST[ops[pc]];
    return gas;
  };
  const emitRun = (from: number, to: number, restGas: number, stepsAfter: number): void => {
    for (let pc = from; pc < to; ) {
      const fused = matchFusion(ops, args, pc, to - pc);
      const s = fused
        ? emit(fused.op, fused.arg, fused.arg2, fused.arg3, pc)
        : emit(ops[pc], args[pc], 0, 0, pc);
      if (fused ? fused.branches : TARGETS_CODE.has(ops[pc])) targetSlots.push(s);
      refundGas[s] = restGas;
      refundSteps[s] = to - pc + stepsAfter;
      const length = fused ? fused.length : 1;
      restGas -= gasOf(pc, pc + length);
      pc += length;
    }
  };
  blocks.forEach((start, index) => {
    const end = blockEnd(index);
    const next = index + 1 < blocks.length ? blockEnd(index + 1) : end;
    const duplicate = end < count && !BLOCK_ENDING_OPCODES.has(ops[end - 1]) && next - end <= TAIL_LIMIT;
    const tail = duplicate ? next : end;
    headerOf[start] = emit(Internal.HEADER, gasOf(start, tail), tail - start, 0, start);
    emitRun(start, end, gasOf(start, tail), tail - end);
    if (!duplicate) return;
    emitRun(end, tail, gasOf(end, tail), 0);
    emit(Internal.RESUME, 0, 0, 0, tail); // the copy fell through: go on at the next block's header
  });
  const preciseStart = slot;

  // Precise stream.
  blocks.forEach((start, index) => {
    const end = blockEnd(index);
    arg3[headerOf[start]] = slot;
    for (let pc = start; pc < end; pc++) {
      checkOf[pc] = emit(Internal.CHECK, GAS_COST[ops[pc]], 0, 0, pc);
      const s = emit(ops[pc], args[pc], 0, 0, pc);
      refundGas[s] = GAS_COST[ops[pc]];
      if (TARGETS_CODE.has(ops[pc])) targetSlots.push(s);
    }
    if (end <= count) emit(Internal.RESUME, 0, 0, 0, end); // target patched below, once every header exists
  });

  for (let pc = 0; pc <= count; pc++) entry[pc] = headerOf[pc] >= 0 ? headerOf[pc] : checkOf[pc];
  for (let s = 0; s < slot; s++) {
    preciseOf[s] = checkOf[pcOf[s]];
    if (code[s] === Internal.RESUME) arg[s] = headerOf[pcOf[s]];
  }
  for (const s of targetSlots) arg[s] = headerOf[arg[s]];
  return { code, arg, arg2, arg3, pcOf, refundGas, refundSteps, preciseOf, entry, preciseStart };
}
