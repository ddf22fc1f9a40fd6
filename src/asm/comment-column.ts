/** Disassembly line layout: code or data on the left, an aligned comment on the right. */

const COMMENT_COLUMN = 36;

/** A line of output with its trailing comment aligned. */
export function commented(text: string, comment: string): string {
  return `${text.padEnd(COMMENT_COLUMN - 1)} ; ${comment}`;
}
