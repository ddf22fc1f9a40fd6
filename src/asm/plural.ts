/** Counts in words, for disassembly comments. */

/** `1 byte`, `2 bytes`: the count and the noun, plural unless the count is exactly 1. */
export function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
