/**
 * JavaScript stack for compiled code. Region functions call each other directly, so compiled code
 * takes JavaScript stack per guest call where the run loop takes none; and V8 may throw a
 * RangeError near the end of the stack at any function return or loop in code it runs
 * unoptimised (where it checks for interrupts), so running out half-way through a block could not
 * be undone. So the driver checks that FIRST_HEADROOM bytes are free before it enters compiled
 * code (else the run stays in the run loop), and region functions call each other directly only
 * while their estimated frames fit in what was checked: a callee that would go beyond checks for
 * another EXTENSION bytes (keeping SLACK of the last check free for the check itself), or, where
 * they are not free, leaves the call to the driver. All machines together (see exits.ts's
 * `nesting`) never take more than MAX_COMPILED_STACK: beyond, guest calls go through the driver,
 * which takes no stack per call, so nested machines get as deep as on the interpreter.
 */

/** Bytes of JavaScript stack the driver makes sure are free before it enters compiled code (about 0.2 µs to check). */
export const FIRST_HEADROOM = 8 * 1024;
/** Bytes of estimated frames a successful check lets region functions add (about 1 µs to check). */
export const EXTENSION = 32 * 1024;
/** Bytes each check keeps free beyond what it lets frames use. */
const SLACK = 8 * 1024;
/** Most estimated bytes of region frames on the JavaScript stack, all machines together. */
export const MAX_COMPILED_STACK = 64 * 1024;

/** Recurses `levels` deep with 16 arguments a frame; returns `levels`. */
function descend(levels: number, a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number,
  i: number, j: number, k: number, l: number, m: number, n: number, o: number, p: number): number {
  return levels === 0 ? a : descend(levels - 1, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, a) + 1;
}

/** Whether `bytes` of JavaScript stack are free below the caller (V8 gives a call of `descend` over 300 bytes). */
export function hasHeadroom(bytes: number): boolean {
  const levels = Math.ceil(bytes / 256);
  try {
    return descend(levels, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) >= levels;
  } catch {
    return false;
  }
}

/** Checks for room beyond estimated frames of `nest` bytes: the new limit for `nest`, or undefined where it is not free. */
export function extendHeadroom(nest: number): number | undefined {
  if (nest >= MAX_COMPILED_STACK || !hasHeadroom(EXTENSION + SLACK)) return undefined;
  return Math.min(nest + EXTENSION, MAX_COMPILED_STACK);
}

/**
 * A region function's frame as V8 might lay it out unoptimised, generously: 8 bytes for each
 * of its `names` (parameters, variables and temporaries) and for V8's own words, doubled.
 */
export function frameBytes(names: number): number {
  return 16 * (names + 32);
}
