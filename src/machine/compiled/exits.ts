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
 * the other arguments (the step budget last); `nest` counts the region functions below it on the
 * JavaScript stack, of every machine (see `nesting`).
 *
 * A region function throws only on entry, when the JavaScript stack is full (before it changed
 * anything), or when something comes out of a native call (see codegen's ncall), with `T.unwinding`
 * set. A callee region function that cannot start becomes an exit to the driver at the callee's entry.
 */
export type RegionFunction = (block: number, nest: number, sp: number, fp: number, depth: number, gas: number, budget: number) => number;

/**
 * Most region functions on the JavaScript stack at once, all machines together (a native may run
 * another machine, whose compiled code then sits on top of its caller's); beyond it guest calls
 * go through the driver, which takes no JavaScript stack per guest call.
 */
export const MAX_NEST = 100;

/**
 * Region functions on the JavaScript stack below the native being called (process-wide): a
 * generated `ncall` sets it for the duration of the call, and a driver enters its first region
 * function with it, so nested machines share one budget of `MAX_NEST`.
 */
export const nesting = { depth: 0 };
