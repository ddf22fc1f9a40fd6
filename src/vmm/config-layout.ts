/**
 * The guest physical layout rules of a VM config: memory regions, device ranges and pass-through
 * ranges are page-aligned, inside 4 GiB and pairwise disjoint; every image lies inside loadable
 * memory (alloc or identical regions, adjacent ones counting as one) and images do not overlap.
 */
import type { ConfigReader } from './config-reader.js';
import type { ImageSizes, VmConfig } from './config-types.js';
import { MapType } from './config-types.js';
import { GUEST_ADDRESS_LIMIT, hex, hexRange, isPageAligned } from './page.js';

/** A guest address range and the key path it comes from. */
export interface NamedRange {
  readonly path: string;
  /** The list it belongs to (ranges of the same list are named by their short path). */
  readonly list: string;
  readonly start: number;
  readonly size: number;
}

/** Checks that a range is page-aligned, non-empty and inside the guest address space. */
export function checkRangeShape(reader: ConfigReader, range: NamedRange, startKey: string, sizeKey: string): void {
  if (!isPageAligned(range.start)) throw reader.error(`${range.path}.${startKey}`, `${hex(range.start)} is not aligned to the 4 KiB page size`);
  if (range.size === 0) throw reader.error(`${range.path}.${sizeKey}`, 'must not be 0');
  if (!isPageAligned(range.size)) throw reader.error(`${range.path}.${sizeKey}`, `${hex(range.size)} is not a multiple of the 4 KiB page size`);
  if (range.start + range.size > GUEST_ADDRESS_LIMIT) throw reader.error(range.path, `${hexRange(range.start, range.size)} ends beyond the 4 GiB guest address space`);
}

/** Checks that no two ranges overlap; the later one (in `ranges` order) is the one reported. */
export function checkDisjoint(reader: ConfigReader, ranges: readonly NamedRange[]): void {
  ranges.forEach((range, index) => {
    for (const earlier of ranges.slice(0, index)) {
      if (earlier.start < range.start + range.size && range.start < earlier.start + earlier.size) {
        const name = earlier.list === range.list ? earlier.path.slice(earlier.path.lastIndexOf('.') + 1) : earlier.path;
        throw reader.error(range.path, `overlaps ${name} at ${hex(Math.max(earlier.start, range.start))}`);
      }
    }
  });
}

/** The loadable memory (alloc and identical regions) as merged [start, end) runs, in order. */
function loadableRuns(config: Pick<VmConfig, 'kernel'>): [number, number][] {
  const regions = config.kernel.memoryRegions.filter((region) => region.mapType !== MapType.Reserved).map((region): [number, number] => [region.gpa, region.gpa + region.size]);
  regions.sort((a, b) => a[0] - b[0]);
  const runs: [number, number][] = [];
  for (const [start, end] of regions) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last[1] === start) last[1] = end;
    else runs.push([start, end]);
  }
  return runs;
}

/** Bytes of loadable memory (alloc or identical regions, adjacent ones joined) from `gpa` to the end of its run; 0 outside. */
export function loadableBytesAt(config: Pick<VmConfig, 'kernel'>, gpa: number): number {
  const run = loadableRuns(config).find(([start, end]) => gpa >= start && gpa < end);
  return run === undefined ? 0 : run[1] - gpa;
}

/** The images a config loads: key path of the image, key path of its load address, address, size (when known). */
function images(config: Pick<VmConfig, 'kernel'>, sizes: ImageSizes | undefined): { key: string; addrKey: string; at: number; size: number }[] {
  const kernel = config.kernel;
  const list = [{ key: 'kernel.kernel_path', addrKey: 'kernel.kernel_load_addr', at: kernel.kernelLoadAddr, size: sizes?.kernel ?? 0 }];
  for (const name of ['bios', 'dtb', 'ramdisk'] as const) {
    const image = kernel[name];
    if (image !== undefined) list.push({ key: `kernel.${name}_path`, addrKey: `kernel.${name}_load_addr`, at: image.loadAddr, size: sizes?.[name] ?? 0 });
  }
  return list;
}

/**
 * Checks every load address lies in loadable memory, and — when `sizes` are given — that every
 * image fits where it is loaded and no two images overlap.
 */
export function checkImages(reader: ConfigReader, config: Pick<VmConfig, 'kernel'>, sizes?: ImageSizes): void {
  const runs = loadableRuns(config);
  const list = images(config, sizes);
  for (const image of list) {
    const run = runs.find(([start, end]) => image.at >= start && image.at < end);
    if (run === undefined) throw reader.error(image.addrKey, `${hex(image.at)} is not inside an alloc or identical memory region`);
    if (image.at + image.size > run[1]) {
      throw reader.error(image.key, `the ${image.size}-byte image loaded at ${hex(image.at)} does not fit: ${hexRange(run[1], image.at + image.size - run[1])} is outside loadable memory (the region ends at ${hex(run[1])})`);
    }
  }
  if (sizes === undefined) return;
  list.forEach((image, index) => {
    for (const earlier of list.slice(0, index)) {
      if (image.size > 0 && earlier.size > 0 && earlier.at < image.at + image.size && image.at < earlier.at + earlier.size) {
        throw reader.error(image.key, `the image at ${hexRange(image.at, image.size)} overlaps the ${earlier.key} image at ${hexRange(earlier.at, earlier.size)}`);
      }
    }
  });
}
