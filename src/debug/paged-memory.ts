/**
 * Memory captured as pages for checkpoints: an all-zero page is one shared constant, and a page
 * equal to the previous capture's is shared with it, so a checkpoint only retains the pages that
 * changed since the last one (a large, mostly untouched `.memory` costs next to nothing).
 */

/** Bytes per page. */
export const PAGE_BYTES = 1 << 16;

const ZERO_PAGE = new Uint8Array(PAGE_BYTES);

/** A capture of memory: one page per PAGE_BYTES (the last may be shorter). */
export interface PagedMemory {
  readonly pages: readonly Uint8Array[];
}

/** The bytes as 32-bit words when they are aligned (4 times fewer comparisons), else as they are. */
const words = (bytes: Uint8Array): Uint8Array | Uint32Array => (bytes.byteOffset % 4 === 0 && bytes.length % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4) : bytes);

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  const x = words(a);
  const y = words(b);
  if (x.length !== y.length) return false;
  for (let index = 0; index < x.length; index++) if (x[index] !== y[index]) return false;
  return true;
}

function allZero(bytes: Uint8Array): boolean {
  const x = words(bytes);
  for (let index = 0; index < x.length; index++) if (x[index] !== 0) return false;
  return true;
}

/** Captures `memory`, sharing the zero page and every page unchanged since `previous` (a capture of the same memory). */
export function capturePages(memory: Uint8Array, previous: PagedMemory | undefined): PagedMemory {
  const pages: Uint8Array[] = [];
  for (let at = 0; at < memory.length; at += PAGE_BYTES) {
    const live = memory.subarray(at, at + PAGE_BYTES);
    const before = previous?.pages[pages.length];
    if (before !== undefined && equalBytes(before, live)) pages.push(before);
    else if (live.length === PAGE_BYTES && allZero(live)) pages.push(ZERO_PAGE);
    else pages.push(live.slice());
  }
  return { pages };
}

/** Writes a capture back into `memory`. */
export function restorePages(memory: Uint8Array, captured: PagedMemory): void {
  captured.pages.forEach((page, index) => memory.set(page, index * PAGE_BYTES));
}

/** Bytes `captured` holds beyond what `previous` already holds (the zero page is free). */
export function freshBytes(captured: PagedMemory, previous: PagedMemory | undefined): number {
  let bytes = 0;
  captured.pages.forEach((page, index) => {
    if (page !== ZERO_PAGE && page !== previous?.pages[index]) bytes += page.length;
  });
  return bytes;
}
