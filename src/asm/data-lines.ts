/** Data segments as assembly: `.org`, then `.string` for printable runs, `.zero` for zero runs, `.byte` for the rest. */
import type { DataSegment } from '../image/program.js';
import { commented } from './comment-column.js';
import { counted } from '../messages.js';

const MIN_STRING = 4;
const MIN_ZEROS = 8;
const MAX_STRING = 48;
const BYTES_PER_LINE = 16;
const ESCAPES: Readonly<Record<number, string>> = { 0x0a: '\\n', 0x09: '\\t', 0x0d: '\\r', 0x22: '\\"', 0x5c: '\\\\' };

function printable(byte: number): boolean {
  return (byte >= 0x20 && byte < 0x7f) || byte in ESCAPES;
}

function runLength(bytes: Uint8Array, from: number, test: (byte: number) => boolean, max = Infinity): number {
  let end = from;
  while (end < bytes.length && end - from < max && test(bytes[end])) end++;
  return end - from;
}

/** The lines that place one segment's bytes at its address. */
export function dataLines(segment: DataSegment): string[] {
  const { bytes, address } = segment;
  const lines = [commented(`.org 0x${address.toString(16)}`, counted(bytes.length, 'byte'))];
  const where = (offset: number): string => `0x${(address + offset).toString(16)}`;
  let i = 0;
  while (i < bytes.length) {
    const zeros = runLength(bytes, i, (b) => b === 0);
    if (zeros >= MIN_ZEROS) {
      lines.push(commented(`    .zero ${zeros}`, where(i)));
      i += zeros;
      continue;
    }
    const text = runLength(bytes, i, printable, MAX_STRING);
    if (text >= MIN_STRING) {
      const literal = Array.from(bytes.subarray(i, i + text), (b) => ESCAPES[b] ?? String.fromCharCode(b)).join('');
      lines.push(commented(`    .string "${literal}"`, where(i)));
      i += text;
      continue;
    }
    const start = i;
    while (i < bytes.length && i - start < BYTES_PER_LINE && (i === start || !startsRun(bytes, i))) i++;
    lines.push(commented(`    .byte ${Array.from(bytes.subarray(start, i)).join(', ')}`, where(start)));
  }
  return lines;
}

/** Whether a zero run or a printable run worth its own line starts at `i`. */
function startsRun(bytes: Uint8Array, i: number): boolean {
  return runLength(bytes, i, (b) => b === 0, MIN_ZEROS) >= MIN_ZEROS || runLength(bytes, i, printable, MIN_STRING) >= MIN_STRING;
}
