/**
 * Structured loops: which of a region's blocks the code generator nests in a JavaScript loop of
 * their own instead of reaching them through the region function's `switch`.
 *
 * An innermost loop is a run of blocks [head, last] that jump back only to `head`, that no other
 * block of the region enters except at `head`, and that contain no other loop. It becomes
 * `loop_head: for (;;) { ... }` in the case of `head`: a jump back is `continue`, a jump forward
 * inside it leaves a labelled block that ends just before its target (`skip_target: { ... }`), and
 * V8 then sees an ordinary loop. The blocks after `head` have no case of their own: the driver can
 * enter such a loop only at its head (the run loop runs the rest of an iteration).
 */
import type { DecodedProgram } from '../decode.js';
import { exitsOf } from './analysis.js';
import type { Block, Region, RegionMap } from './regions.js';

/** One structured loop: blocks [head, last] of the region (indices), and its forward-jump scopes. */
export interface Loop {
  readonly head: number;
  readonly last: number;
  /** Labelled blocks inside the loop: [start, target), opened before block `start`, closed before `target`. */
  readonly scopes: readonly { readonly start: number; readonly target: number }[];
}

/** A block's in-region successors (indices): its jump's target and where it falls through to. */
interface Edges {
  readonly jump?: number;
  readonly fall?: number;
}

/** The in-region successors of each block, from the blocks as compiled (`units`). */
function edgesOf(decoded: DecodedProgram, map: RegionMap, region: Region, units: readonly Block[]): Edges[] {
  const index = (pc: number | undefined): number | undefined => (pc !== undefined && map.regionOf[pc] === region.index && map.blockOf[pc] >= 0 ? map.blockOf[pc] : undefined);
  return units.map((unit) => {
    const { jump, fall } = exitsOf(decoded, unit);
    return { jump: index(jump), fall: index(fall) };
  });
}

/** Both successors of a block, where it has them. */
function targetsOf(edges: Edges): number[] {
  return [edges.jump, edges.fall].filter((k): k is number => k !== undefined);
}

/** Whether [head, last] is an innermost loop (see the file comment). */
function isLoop(edges: readonly Edges[], head: number, last: number): boolean {
  for (let k = 0; k < edges.length; k++) {
    const inside = k >= head && k <= last;
    for (const target of targetsOf(edges[k])) {
      if (!inside && target > head && target <= last) return false; // entered in the middle
      if (inside && target <= k && target !== head && target >= head) return false; // an inner loop
    }
  }
  return true;
}

/**
 * The labelled blocks a loop needs for its forward jumps (a jump to the next block too: it leaves
 * an `if`), widened until they nest: each starts at the earliest block that jumps to its target,
 * and one that starts inside another but ends after it starts where the other does.
 */
function scopesOf(edges: readonly Edges[], head: number, last: number): Loop['scopes'] {
  const starts = new Map<number, number>();
  const add = (target: number, k: number): void => {
    if (target <= last) starts.set(target, Math.min(starts.get(target) ?? k, k));
  };
  for (let k = head; k <= last; k++) {
    const { jump, fall } = edges[k];
    if (jump !== undefined && jump > k) add(jump, k);
    if (fall !== undefined && fall > k + 1) add(fall, k);
  }
  const scopes = [...starts].map(([target, start]) => ({ start, target }));
  for (let changed = true; changed;) {
    changed = false;
    for (const a of scopes) {
      for (const b of scopes) {
        if (a.start < b.start && b.start < a.target && a.target < b.target) {
          b.start = a.start;
          changed = true;
        }
      }
    }
  }
  return scopes;
}

/** The innermost loops of a region whose blocks compile to `units` (see the file comment), in block order. */
export function innermostLoops(decoded: DecodedProgram, map: RegionMap, region: Region, units: readonly Block[]): Loop[] {
  const edges = edgesOf(decoded, map, region, units);
  const backSources = new Map<number, number[]>();
  edges.forEach((blockEdges, k) => {
    for (const target of targetsOf(blockEdges)) if (target <= k) backSources.set(target, [...(backSources.get(target) ?? []), k]);
  });
  const loops: Loop[] = [];
  let free = 0; // blocks before this one belong to a loop already
  for (const head of [...backSources.keys()].sort((a, b) => a - b)) {
    if (head < free) continue;
    const last = backSources.get(head)?.sort((a, b) => b - a).find((end) => isLoop(edges, head, end));
    if (last === undefined) continue;
    loops.push({ head, last, scopes: scopesOf(edges, head, last) });
    free = last + 1;
  }
  return loops;
}
