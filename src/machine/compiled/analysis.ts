/**
 * Static facts the code generator uses to leave checks out of compiled blocks:
 *
 * - **Call summaries**: a function that opens with `enter a, l`, runs no other `enter` (nor that one
 *   again), and returns only with `ret n` for one `n`, leaves its caller's stack `n - a` values
 *   higher when it returns.
 * - **Stack heights**: how many values lie between `fp` and `sp` at the start of each block of a
 *   region (`sp - fp`), when every path inside the region agrees. A block entered at a known height
 *   needs no run-time test that its locals lie in the frame or that it pops no more than it has:
 *   those become facts about constants. (A region function checks the height once when it is
 *   entered from outside; see codegen's prologue.)
 */
import { Op, opcodeInfo } from '../../isa/opcodes.js';
import type { DecodedProgram } from '../decode.js';
import type { Block, Region, RegionMap } from './regions.js';

/** The stack effect of a function that returns the same way on every path. */
export interface CallSummary {
  /** Values `enter` takes from the caller (its argument count). */
  readonly args: number;
  /** Values every `ret` leaves. */
  readonly results: number;
}

/** Instructions after which control does not go on to the next one. */
const NO_FALLTHROUGH: ReadonlySet<number> = new Set<number>([Op.JMP, Op.RET, Op.HALT, Op.IRET]);

/** Most instructions one summary looks at (a function reachable through more is not summarised). */
const SUMMARY_LIMIT = 4096;

const summaries = new WeakMap<DecodedProgram, Map<number, CallSummary | null>>();

/** The summary of the function at `entry`, or null when it has none (see the file comment). */
export function callSummary(decoded: DecodedProgram, entry: number): CallSummary | null {
  let known = summaries.get(decoded);
  if (known === undefined) summaries.set(decoded, (known = new Map()));
  let summary = known.get(entry);
  if (summary === undefined) known.set(entry, (summary = summarise(decoded, entry)));
  return summary;
}

function summarise(decoded: DecodedProgram, entry: number): CallSummary | null {
  const { ops, args } = decoded;
  const count = ops.length - 1;
  if (!(entry >= 0 && entry < count) || ops[entry] !== Op.ENTER) return null;
  const seen = new Set<number>([entry]);
  const work = [entry];
  let results = -1;
  while (work.length > 0) {
    const pc = work.pop() as number;
    const op = ops[pc];
    if (op === Op.ENTER && pc !== entry) return null;
    if (op === Op.RET) {
      if (results >= 0 && results !== args[pc]) return null;
      results = args[pc];
    }
    const next: number[] = [];
    // A jump back to the entry runs its `enter` again, on another frame.
    if ((op === Op.JMP || op === Op.JZ || op === Op.JNZ) && args[pc] === entry) return null;
    if (op === Op.JMP || op === Op.JZ || op === Op.JNZ) next.push(args[pc]);
    if (!NO_FALLTHROUGH.has(op) && opcodeInfo(op) !== undefined) next.push(pc + 1);
    for (const target of next) {
      if (!(target >= 0 && target < count) || seen.has(target)) continue;
      if (seen.size === SUMMARY_LIMIT) return null;
      seen.add(target);
      work.push(target);
    }
  }
  return results < 0 ? null : { args: args[entry] & 0xffff, results };
}

/** A stack height no path agrees on. */
const UNKNOWN = Number.NaN;

/** How control leaves `block`: the target of its final jump, and the pc it falls through to. */
export function exitsOf(decoded: DecodedProgram, block: Block): { readonly jump?: number; readonly fall?: number } {
  const last = block.end - 1;
  const op = decoded.ops[last];
  const jump = op === Op.JMP || op === Op.JZ || op === Op.JNZ ? decoded.args[last] : undefined;
  const fall = !NO_FALLTHROUGH.has(op) && opcodeInfo(op) !== undefined ? block.end : undefined;
  return { ...(jump === undefined ? {} : { jump }), ...(fall === undefined ? {} : { fall }) };
}

/** Where control goes from the end of `block`: the pcs it may continue at. */
function successors(decoded: DecodedProgram, block: Block): number[] {
  const { jump, fall } = exitsOf(decoded, block);
  return [jump, fall].filter((pc): pc is number => pc !== undefined);
}

const callTargets = new WeakMap<DecodedProgram, Uint8Array>();

/** Whether some `call` in the program targets `pc` (a function entry: `call` sets fp to sp). */
export function isCallTarget(decoded: DecodedProgram, pc: number): boolean {
  let targets = callTargets.get(decoded);
  if (targets === undefined) {
    targets = new Uint8Array(decoded.ops.length);
    for (let k = 0; k < decoded.ops.length - 1; k++) {
      const target = decoded.args[k];
      if (decoded.ops[k] === Op.CALL && target >= 0 && target < targets.length) targets[target] = 1;
    }
    callTargets.set(decoded, targets);
  }
  return targets[pc] === 1;
}

/**
 * The height (`sp - fp`) at the end of `block` entered at `height` (UNKNOWN after a call with no
 * summary or a native call). Its successors all start at it.
 */
function heightAfter(decoded: DecodedProgram, block: Block, height: number): number {
  let h = height;
  for (let pc = block.start; pc < block.end; pc++) {
    const op = decoded.ops[pc];
    const arg = decoded.args[pc];
    if (op === Op.ENTER) {
      h = (arg & 0xffff) + (arg >>> 16);
    } else if (op === Op.CALL) {
      const summary = callSummary(decoded, arg);
      h = summary === null ? UNKNOWN : h - summary.args + summary.results;
    } else if (op === Op.NCALL) {
      h = UNKNOWN;
    } else {
      const info = opcodeInfo(op);
      if (info === undefined || info.pops === null || info.pushes === null) return h;
      h += info.pushes - info.pops;
    }
  }
  return h;
}

/**
 * The height at the start of each of `region`'s blocks (UNKNOWN where paths disagree, none is
 * known, or it is negative). Function entries start at 0 (`call` sets fp to sp; the program starts
 * with both 0); other blocks no block of the region reaches are unknown. Any height is sound where
 * the region is entered from outside: the region function checks it there (codegen's prologue).
 */
export function blockHeights(decoded: DecodedProgram, map: RegionMap, region: Region): Float64Array {
  const functionEntry = (pc: number): boolean => pc === 0 || isCallTarget(decoded, pc);
  const { blocks } = region;
  const heights = new Float64Array(blocks.length).fill(UNKNOWN);
  const reached = new Uint8Array(blocks.length);
  const index = (pc: number): number => (map.regionOf[pc] === region.index ? map.blockOf[pc] : -1);
  const edges = blocks.map((block) => successors(decoded, block).map(index).filter((k) => k >= 0));
  const hasPredecessor = new Uint8Array(blocks.length);
  for (const targets of edges) for (const k of targets) hasPredecessor[k] = 1;
  const work: number[] = [];
  const arrive = (k: number, at: number): void => {
    const height = at >= 0 ? at : UNKNOWN; // below fp: left to run-time tests
    if (!reached[k]) {
      reached[k] = 1;
      heights[k] = height;
      work.push(k);
    } else if (!Object.is(heights[k], height) && !Number.isNaN(heights[k])) {
      heights[k] = UNKNOWN;
      work.push(k);
    }
  };
  blocks.forEach((block, k) => {
    if (!hasPredecessor[k] || functionEntry(block.start)) arrive(k, functionEntry(block.start) ? 0 : UNKNOWN);
  });
  while (work.length > 0) {
    const k = work.pop() as number;
    const after = heightAfter(decoded, blocks[k], heights[k]);
    for (const target of edges[k]) arrive(target, after);
  }
  return heights;
}
