/**
 * JavaScript stack for compiled code. Region functions call each other directly, so compiled code
 * takes JavaScript stack per guest call where the run loop takes none; and V8 may throw a
 * RangeError near the end of the stack at any function return or loop in code it runs
 * unoptimised (where it checks for interrupts), so running out half-way through a block could not
 * be undone. So before the driver enters compiled code it checks that HEADROOM bytes are free, and
 * region functions call each other directly only while their estimated frames fit in it; beyond,
 * guest calls go through the driver. Where the check fails, the run stays in the run loop.
 */

/** Bytes of JavaScript stack the driver makes sure are free before it enters compiled code. */
export const HEADROOM = 32 * 1024;

/** Levels of `descend` that take at least HEADROOM bytes (V8 gives a call with 16 arguments over 300 bytes). */
const LEVELS = Math.ceil(HEADROOM / 256);

/** Recurses `levels` deep with 16 arguments a frame; returns `levels`. */
function descend(levels: number, a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number,
  i: number, j: number, k: number, l: number, m: number, n: number, o: number, p: number): number {
  return levels === 0 ? a : descend(levels - 1, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, a) + 1;
}

/** Whether HEADROOM bytes of JavaScript stack are free below the caller (about 1 µs). */
export function hasHeadroom(): boolean {
  try {
    return descend(LEVELS, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) >= LEVELS;
  } catch {
    return false;
  }
}

/**
 * A region function's frame as V8 might lay it out unoptimised, generously: 8 bytes for each
 * of its `names` (parameters, variables and temporaries) and for V8's own words, doubled.
 */
export function frameBytes(names: number): number {
  return 16 * (names + 32);
}
