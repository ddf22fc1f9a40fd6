/**
 * The contract between generated region functions and the tier's driver: how a region function
 * says why it returned. Whatever the reason, it has written the machine state (pc, sp, fp, depth)
 * back, the gas left to `T.gas` and the instructions it ran to `T.steps` (see codegen.ts).
 */

/** Why a region function returned. */
export const Exit = {
  /** Go on at `core.pc`: a jump out of the region, a call the region cannot make directly. */
  NEXT: 0,
  /** A `ret` popped a frame the driver's caller made: go on at the return pc `core.pc`. */
  RETURNED: 1,
  /** A block-ending instruction finished with an interrupt pending and enabled: take it, then go on. */
  INTERRUPT: 2,
  /** The instruction at `core.pc` must run in the precise stream (a fault, a bus access, too little gas). */
  BAIL: 3,
  /** The machine stopped (halt, brk, hcall, wfi, a native's fault): `core.status` says how. */
  STOP: 4,
} as const;

/**
 * A generated region function: runs from block `block` of its region, with the machine state in
 * the other arguments (gas as an int32 part: see codegen); `nest` is the
 * JavaScript stack the region functions below it take, as estimated (see headroom.ts), and frames
 * from depth `base` up are implicit (the driver passes the current depth). It returns `~Exit`, or,
 * from a `ret` to a region function that called it, the gas left (never negative).
 *
 * A region function throws only what comes out of a native call (with `T.unwinding` set to
 * UNWINDING_NATIVE, see block.ts's ncall) or, should the JavaScript stack run out (see
 * headroom.ts), a RangeError (UNWINDING_LOST once it passed a caller).
 */
export type RegionFunction = (block: number, nest: number, base: number, sp: number, fp: number, depth: number, gas: number) => number;

/** `T.unwinding`: nothing is unwinding. */
export const UNWINDING_NONE = 0;
/** `T.unwinding`: an exception from a native call, with the machine state at the `ncall` written back. */
export const UNWINDING_NATIVE = 1;
/** `T.unwinding`: the JavaScript stack ran out in a region function: its state is lost. */
export const UNWINDING_LOST = 2;

/**
 * Estimated JavaScript stack that region functions take below the native being called, all
 * machines together (a native may run another machine, whose compiled code then sits on top of its
 * caller's): a generated `ncall` sets it for the duration of the call, and a driver enters its
 * first region function with it, so that nested machines share one limit (see headroom.ts).
 */
export const nesting = { bytes: 0 };
