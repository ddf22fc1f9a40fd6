/**
 * What the review tests (review-v2.test.ts, review-inline.test.ts) share: running a program on the
 * interpreter and on the other tiers slice by slice and comparing every observable field, and
 * machines whose pending-interrupt word is in guest memory.
 */
import assert from 'node:assert/strict';
import type { Program } from '../../../src/image/program.js';
import type { TierName } from '../../../src/machine/compiled/tier.js';
import type { MachineOptions } from '../../../src/machine/machine.js';
import { Machine } from '../../../src/machine/machine.js';
import type { MemoryBus } from '../../../src/machine/memory.js';
import type { Instruction } from '../harness.js';
import { program, stateOf } from '../harness.js';

/** One run slice: steps for `run`, an interrupt the host raises before it, and anything else to do first. */
export interface Slice {
  readonly steps?: number;
  readonly interrupt?: number;
  readonly before?: (machine: Machine) => void;
}

/** The tiers compared with the interpreter, with their options. */
export const OTHER_TIERS: readonly (readonly [TierName, MachineOptions])[] = [
  ['compiled', {}],
  ['auto', { hotThreshold: 1 }],
  ['auto', { hotThreshold: 3 }],
];

/** `code` as a program image (instructions get 256 bytes of memory). */
export function imageOf(code: Program | readonly Instruction[]): Program {
  return Array.isArray(code) ? program(code as readonly Instruction[], { memorySize: 256 }) : (code as Program);
}

/**
 * Runs `code` on the interpreter and on each other tier, slice by slice, and asserts that every
 * observable field agrees after every slice. `options` is a function so that each machine can get
 * its own bus or pending word.
 */
export function agree(code: Program | readonly Instruction[], slices: readonly Slice[] = [{}], options: () => MachineOptions = () => ({}), tiers = OTHER_TIERS): void {
  const image = imageOf(code);
  const reference = new Machine(image, { ...options(), tier: 'interpreter' });
  const others = tiers.map(([tier, extra]) => ({ name: `${tier} ${JSON.stringify(extra)}`, machine: new Machine(image, { ...options(), tier, ...extra }) }));
  slices.forEach((slice, index) => {
    const drive = (machine: Machine): ReturnType<typeof stateOf> => {
      if (slice.interrupt !== undefined) machine.raiseInterrupt(slice.interrupt);
      slice.before?.(machine);
      machine.run(slice.steps);
      return stateOf(machine);
    };
    const expected = drive(reference);
    for (const { name, machine } of others) assert.deepStrictEqual(drive(machine), expected, `${name} differs from the interpreter after slice ${index}`);
  });
}

/** Slices of `n` steps until `total` steps have been given (`extra`: more for slice k). */
export function slicesOf(n: number, total: number, extra: (k: number) => Partial<Slice> = () => ({})): Slice[] {
  return Array.from({ length: Math.ceil(total / n) }, (_, k) => ({ steps: n, ...extra(k) }));
}

/** A machine whose pending-interrupt word is the last word of its guest memory: a guest store raises an interrupt. */
export function pendingInMemory(): MachineOptions {
  const flat = new Uint8Array(256);
  const bus: MemoryBus = { flat, size: 256, load: () => ({ fault: 'outside' }), store: () => ({ fault: 'outside' }) };
  return { memory: bus, interrupts: new Int32Array(flat.buffer, 252, 1) };
}
