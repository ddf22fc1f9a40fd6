/**
 * Guest physical address arithmetic: 4 KiB pages in a 32-bit guest physical address space (exvm
 * addresses are unsigned 32-bit values, so a guest can name nothing at or above 4 GiB).
 */

/** Bytes in a page: the unit of mapping, allocation and alignment. */
export const PAGE_SIZE = 0x1000;

/** The first address beyond the guest physical address space (4 GiB). */
export const GUEST_ADDRESS_LIMIT = 0x1_0000_0000;

/** True when `value` is a multiple of the page size. */
export function isPageAligned(value: number): boolean {
  return value % PAGE_SIZE === 0;
}

/** The start of the page holding `address`. */
export function pageFloor(address: number): number {
  return address - (address % PAGE_SIZE);
}

/** Formats an address the way messages show it: `0x80000000`. */
export function hex(value: number): string {
  return `0x${value.toString(16)}`;
}

/** Formats a half-open range: `0x1000..0x3000`. */
export function hexRange(start: number, size: number): string {
  return `${hex(start)}..${hex(start + size)}`;
}

