/** AxVM's `MappingFlags`: what a guest may do with a mapped page, and how the memory behaves. */
import { AxError } from './errors.js';
import type { AxErrorPlace } from './errors.js';
import { hex } from './page.js';

/** The mapping flag bits (axaddrspace `MappingFlags`). */
export const MappingFlags = {
  /** The guest may read the page. */
  READ: 0x1,
  /** The guest may write the page. */
  WRITE: 0x2,
  /** The guest may execute from the page (kept for the schema: exvm code is not in guest memory). */
  EXECUTE: 0x4,
  /** The page is accessible to guest user mode (kept for the schema). */
  USER: 0x8,
  /** The page is device memory: never part of the machine's flat RAM window. */
  DEVICE: 0x10,
  /** The page is uncached (kept for the schema). */
  UNCACHED: 0x20,
} as const;

/** Every defined flag bit. */
export const ALL_MAPPING_FLAGS = 0x3f;

/** A guest access to memory. */
export type Access = 'read' | 'write';

/**
 * Checks that `flags` is a whole number made only of defined bits and returns it; unknown bits are
 * InvalidInput naming them.
 */
export function checkMappingFlags(flags: number, place: AxErrorPlace = {}): number {
  if (!Number.isInteger(flags) || flags < 0 || flags > 0xffff_ffff) {
    throw new AxError('InvalidInput', `mapping flags ${flags} are not a 32-bit unsigned whole number`, place);
  }
  const unknown = flags & ~ALL_MAPPING_FLAGS;
  if (unknown !== 0) {
    throw new AxError('InvalidInput', `unknown mapping flag bits ${hex(unknown >>> 0)} in ${hex(flags)} (known: READ 0x1, WRITE 0x2, EXECUTE 0x4, USER 0x8, DEVICE 0x10, UNCACHED 0x20)`, place);
  }
  return flags;
}

/** True when a page with `flags` allows `access`. */
export function allows(flags: number, access: Access): boolean {
  return (flags & (access === 'read' ? MappingFlags.READ : MappingFlags.WRITE)) !== 0;
}

/** The flags as names joined by `|` (`READ|WRITE`), or `none`. */
export function describeFlags(flags: number): string {
  const names = Object.entries(MappingFlags).filter(([, bit]) => (flags & bit) !== 0).map(([name]) => name);
  return names.length === 0 ? 'none' : names.join('|');
}
