/**
 * Regions: how the code-generating tier cuts a program into units it compiles to one JavaScript
 * function each. A region is a run of consecutive basic blocks that starts at a function entry
 * (the program entry or a call target) and is cut into pieces of at most `MAX_REGION_SIZE`
 * instructions (and, by fit.ts, of bounded generated source), so that V8 optimises every generated
 * function early. Blocks are the run
 * loop's own blocks (its block headers mark them), with long blocks cut every `MAX_BLOCK_SIZE`
 * instructions; a cut is only an accounting boundary, never an interrupt point.
 */
import { Op } from '../../isa/opcodes.js';
import type { DecodedProgram } from '../decode.js';
import { Internal } from '../fusion.js';
import type { Layout } from '../layout.js';

/** Most instructions in one region (fit.ts also bounds its generated source). */
export const MAX_REGION_SIZE = 600;
/** Most instructions in one compiled block. */
const MAX_BLOCK_SIZE = 200;

/** A basic block: the instructions [start, end). */
export interface Block {
  readonly start: number;
  readonly end: number;
}

/** Consecutive blocks compiled into one function; `index` is its position in `RegionMap.regions`. */
export interface Region {
  readonly index: number;
  readonly blocks: readonly Block[];
}

/** The regions of a program and where each block start lives. */
export interface RegionMap {
  readonly regions: readonly Region[];
  /** Region of each pc that starts a block, -1 for other pcs. */
  readonly regionOf: Int32Array;
  /** Position of each block-starting pc in its region's `blocks`, -1 for other pcs. */
  readonly blockOf: Int32Array;
}

/** Whether `pc` starts one of the run loop's blocks (it has a header in the fast stream). */
function startsBlock(layout: Layout, pc: number): boolean {
  const op = layout.code[layout.entry[pc]];
  return op === Internal.HEADER || op === Internal.TIER;
}

/** Which pcs are function entries (the program entry, call targets) and loop heads (targets of backward jumps). */
function entryPoints(decoded: DecodedProgram, entryPc: number): { functionEntry: Uint8Array; loopHead: Uint8Array } {
  const { ops, args } = decoded;
  const count = ops.length - 1;
  const functionEntry = new Uint8Array(count + 1);
  const loopHead = new Uint8Array(count + 1);
  functionEntry[0] = 1;
  if (entryPc < count) functionEntry[entryPc] = 1;
  for (let pc = 0; pc < count; pc++) {
    if (ops[pc] === Op.CALL) functionEntry[args[pc]] = 1;
    if ((ops[pc] === Op.JMP || ops[pc] === Op.JZ || ops[pc] === Op.JNZ) && args[pc] <= pc) loopHead[args[pc]] = 1;
  }
  return { functionEntry, loopHead };
}

/** The pcs whose run-loop headers the tier watches in `auto` mode: function entries and loop heads. */
export function watchedPcs(decoded: DecodedProgram, entryPc: number): number[] {
  const { functionEntry, loopHead } = entryPoints(decoded, entryPc);
  const watched: number[] = [];
  for (let pc = 0; pc < functionEntry.length - 1; pc++) if (functionEntry[pc] || loopHead[pc]) watched.push(pc);
  return watched;
}

/** The region map of a program of `count` instructions cut into `pieces` (each the blocks of one region, in order). */
export function regionMap(count: number, pieces: readonly (readonly Block[])[]): RegionMap {
  const regionOf = new Int32Array(count + 1).fill(-1);
  const blockOf = new Int32Array(count + 1).fill(-1);
  const regions = pieces.map((blocks, index): Region => {
    blocks.forEach((block, k) => {
      regionOf[block.start] = index;
      blockOf[block.start] = k;
    });
    return { index, blocks };
  });
  return { regions, regionOf, blockOf };
}

/** Cuts the program into regions of blocks (fit.ts cuts them again where their source is too large). */
export function findRegions(decoded: DecodedProgram, layout: Layout, entryPc: number): RegionMap {
  const count = decoded.ops.length - 1; // the end-of-code sentinel is left to the run loop
  const { functionEntry } = entryPoints(decoded, entryPc);
  const pieces: Block[][] = [];
  let blocks: Block[] = [];
  let size = 0;
  const close = (): void => {
    if (blocks.length > 0) pieces.push(blocks);
    blocks = [];
    size = 0;
  };
  let start = 0;
  while (start < count) {
    let end = start + 1;
    while (end < count && end - start < MAX_BLOCK_SIZE && !startsBlock(layout, end)) end++;
    if (functionEntry[start] || size + (end - start) > MAX_REGION_SIZE) close();
    blocks.push({ start, end });
    size += end - start;
    start = end;
  }
  close();
  return regionMap(count, pieces);
}
