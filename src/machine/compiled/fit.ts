/**
 * Regions of bounded source size. V8 optimises a large function late or not at all (TurboFan's
 * compile time grows faster than the function, and it declines functions of ~60 KiB of bytecode),
 * and how much source an instruction becomes varies a lot: a bail writes out every value pending
 * in its block. So after regions.ts has cut the program by instruction count, the regions whose
 * generated blocks add up to more than the source budget are cut again between blocks, and a
 * block too large on its own is first cut into shorter blocks (a cut is only an accounting
 * boundary, as in regions.ts).
 */
import type { DecodedProgram } from '../decode.js';
import type { GeneratedRegion } from './codegen.js';
import { generateCases } from './codegen.js';
import type { Block, RegionMap } from './regions.js';
import { regionMap } from './regions.js';

/** Most characters of generated source in one region function. */
export const MAX_REGION_SOURCE = 40_000;
/**
 * What the measured blocks of one region may add up to: the rest is for the function's prologue
 * and epilogue, and for the code that changes when a region is cut (a jump between the pieces
 * leaves through the driver; the pieces may keep other locals in variables).
 */
const BLOCK_BUDGET = 30_000;

/** A block and the size of its generated source (estimated in proportion for pieces of a cut block). */
interface Sized {
  readonly block: Block;
  readonly size: number;
}

/** `block` cut into equal pieces of at most BLOCK_BUDGET characters each, by its measured `size`. */
function pieces(block: Block, size: number): Sized[] {
  const length = block.end - block.start;
  const count = Math.min(length, Math.ceil(size / BLOCK_BUDGET));
  if (count <= 1) return [{ block, size }];
  const cut: Sized[] = [];
  for (let k = 0; k < count; k++) {
    const start = block.start + Math.floor((length * k) / count);
    const end = block.start + Math.floor((length * (k + 1)) / count);
    cut.push({ block: { start, end }, size: size / count });
  }
  return cut;
}

/** A fitted region map, and the generated cases of each region that fitting left as it was (reusable as they are). */
export interface FittedRegions {
  readonly map: RegionMap;
  readonly cases: (GeneratedRegion | undefined)[];
}

/**
 * `map` with every region's generated source bounded. A region that is cut keeps its index for
 * its first piece and the other pieces go to the end, so no other region's code changes (a call
 * targets a region's first block; a jump into another region leaves through the driver either
 * way) and the cases measured for the regions left whole are their final code.
 */
export function fitRegions(decoded: DecodedProgram, map: RegionMap, pendingPrivate: boolean): FittedRegions {
  const firsts: Block[][] = [];
  const rest: Block[][] = [];
  const cases: (GeneratedRegion | undefined)[] = [];
  for (const region of map.regions) {
    const generated = generateCases(decoded, map, region, pendingPrivate);
    const parts: Block[][] = [];
    let blocks: Block[] = [];
    let size = 0;
    region.blocks.forEach((block, k) => {
      for (const piece of pieces(block, generated.sizes[k])) {
        if (blocks.length > 0 && size + piece.size > BLOCK_BUDGET) {
          parts.push(blocks);
          blocks = [];
          size = 0;
        }
        blocks.push(piece.block);
        size += piece.size;
      }
    });
    parts.push(blocks);
    firsts.push(parts[0]);
    rest.push(...parts.slice(1));
    cases.push(parts.length === 1 && blocks.length === region.blocks.length ? generated : undefined);
  }
  if (cases.every((generated) => generated !== undefined)) return { map, cases };
  return { map: regionMap(decoded.ops.length - 1, [...firsts, ...rest]), cases };
}
