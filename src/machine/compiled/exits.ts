/**
 * The contract between generated region functions and the tier's driver: how a region function
 * says why it returned. Whatever the reason, it has written the machine state (pc, sp, fp, depth,
 * gas, and the step budget) back first.
 */

/** Why a region function returned. */
export const Exit = {
  /** Go on at `core.pc`: a jump out of the region, a call the region cannot make directly. */
  NEXT: 0,
  /** A `ret` popped a frame: go on at the return pc `core.pc` (the caller checks it is its own). */
  RETURNED: 1,
  /** A block-ending instruction finished with an interrupt pending and enabled: take it, then go on. */
  INTERRUPT: 2,
  /** The instruction at `core.pc` must run in the precise stream (a fault, a bus access, too little gas or budget). */
  BAIL: 3,
  /** The machine stopped (halt, brk, hcall, wfi, a native's fault): `core.status` says how. */
  STOP: 4,
} as const;

/**
 * A generated region function: runs from block `block` of its region, with the machine state in
 * the other arguments (the step budget last); `nest` counts JavaScript calls between region functions.
 */
export type RegionFunction = (block: number, nest: number, sp: number, fp: number, depth: number, gas: number, budget: number) => number;

/** Deepest chain of direct JavaScript calls between region functions; deeper guest calls go through the driver. */
export const MAX_NEST = 100;
