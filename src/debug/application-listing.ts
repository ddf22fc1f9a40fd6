/**
 * The listing of an application target: every kernel's program one after the other in one pc
 * space (kernel k's pc p is `base_k + p`), and their sources one after the other, each under a
 * comment line naming its process, kernel and file, so that breakpoints, the current line and
 * the disassembly work for every process at once.
 */
import type { Program } from '../image/program.js';
import { listing } from './listing.js';
import type { TargetInfo } from './protocol.js';
import { MAX_INSTRUCTION_CHARS, MAX_SOURCE_CHARS } from './protocol.js';

/** One kernel's part of the listing. */
export interface ListingPart {
  /** The kernel's id in the runtime. */
  readonly kernel: number;
  /** What it is: `process producer, kernel 0 (producer.exa)`. */
  readonly title: string;
  readonly program: Program;
  /** Its assembly source, when known. */
  readonly source: string | null;
}

/** The combined listing, its source, and where each kernel's pcs start. */
export interface CombinedListing {
  readonly instructions: TargetInfo['instructions'];
  readonly source: string | null;
  /** Kernel id → the global pc of its instruction 0. */
  readonly bases: ReadonlyMap<number, number>;
}

/** Lays `parts` out one after the other. */
export function combinedListing(parts: readonly ListingPart[]): CombinedListing {
  const instructions: TargetInfo['instructions'][number][] = [];
  const lines: string[] = [];
  const bases = new Map<number, number>();
  for (const part of parts) {
    const base = instructions.length;
    bases.set(part.kernel, base);
    lines.push(`; ==== ${part.title} ====`);
    const lineBase = lines.length; // the part's line 1 is the line after its title
    if (part.source !== null) lines.push(...part.source.replace(/\n$/, '').split('\n'));
    for (const entry of listing(part.program)) {
      const text = entry.pc === 0 ? `[${part.title}] ${entry.text}`.slice(0, MAX_INSTRUCTION_CHARS) : entry.text;
      instructions.push({ pc: base + entry.pc, text, line: part.source === null || entry.line === null ? null : lineBase + entry.line });
    }
  }
  const source = lines.join('\n') + '\n';
  return { instructions, source: source.length <= MAX_SOURCE_CHARS ? source : null, bases };
}
