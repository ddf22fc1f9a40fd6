/**
 * The instructions the review tests' random function generators (review-v2.test.ts,
 * review-inline.test.ts) share: stack, arithmetic, conversion and memory instructions picked by a
 * seed, in a function with `n` locals.
 */
import type { Machine } from '../../../src/machine/machine.js';
import type { NativeLibrary } from '../../../src/machine/natives.js';
import type { Instruction } from '../harness.js';
import { ins } from '../harness.js';

/** Picks 0 to 15 as instructions (`s`: the seed, `local`: a local below `n`); undefined for other picks. */
export function plainInstructions(pick: number, s: number, n: number, local: number): Instruction[] | undefined {
  switch (pick) {
    case 0: return [ins('push', ((s >> 3) % 100) - 10)];
    case 1: return [ins('pushf', (s >> 8) % 7)];
    case 2: return [n ? ins('lget', local) : ins('push', 1)];
    case 3: return [n ? ins('lset', local) : ins('pop')];
    case 4: return n ? [ins('ltee', local)] : undefined;
    case 5: return [ins('add')];
    case 6: return [ins('mul')];
    case 7: return [ins('divs')];
    case 8: return [ins('fadd')];
    case 9: return [ins('utof')];
    case 10: return [ins('ftoi')];
    case 11: return [ins('dup')];
    case 12: return [ins('swap')];
    case 13: return [ins('pop')];
    case 14: return [ins('push', ((s >> 5) % 64) * 4), ins('ld32')];
    case 15: return [ins('push', ((s >> 5) % 64) * 4), ins('swap'), ins('st32')];
    default: return undefined;
  }
}

/**
 * The 12 instructions a random program starts with: interrupt vector 1 at pc 8 (enabled or not),
 * a call of `entry` with arguments 1 and 2, halt; then the 4 instructions of the `handler`.
 */
export function randomPrelude(enable: boolean, entry: number, handler: readonly Instruction[]): Instruction[] {
  return [
    ins('push', 8), ins('setvec', 1), enable ? ins('ei') : ins('nop'), ins('push', 1), ins('push', 2), ins('call', entry), ins('halt'), ins('nop'),
    ...handler,
  ];
}

/** The machine a random program's slice runs on: `x.raise` raises interrupt 1 on it. */
export const randomRun: { machine?: Machine } = {};

/** Natives of the random programs (library `x`). */
export const RANDOM_LIBRARIES: NativeLibrary[] = [{
  name: 'x',
  functions: [
    { name: 'add', fn: (c) => { const b = c.popInt(); c.pushInt(c.popInt() + b); } },
    { name: 'boom', fn: (c) => c.fail('boom') },
    { name: 'burn', fn: (c) => c.chargeGas(7) },
    { name: 'raise', fn: () => { randomRun.machine?.raiseInterrupt(1); } },
    { name: 'half', fn: (c) => { c.pushFloat(c.popFloat() / 2); } },
    { name: 'dup', fn: (c) => { const a = c.popFloat(); c.pushFloat(a); c.pushFloat(a); } },
  ],
}];

/** The imports that name RANDOM_LIBRARIES' functions (`ncall` k calls the k-th). */
export const RANDOM_IMPORTS = [{ index: 0, name: 'x', functions: RANDOM_LIBRARIES[0].functions.map((f, index) => ({ index, name: f.name })) }];

/** The constants random programs push with `pushf`: fractions, -0, NaN and values beyond int32. */
export const RANDOM_CONSTANTS = new Float64Array([1.5, -0, 2 ** 31 + 5, NaN, 4294967295, -1, 3]);
