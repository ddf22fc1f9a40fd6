/**
 * Checked access to guest arguments and memory shared by the standard libraries: every native
 * validates what the guest hands it and charges gas for the bytes it processes.
 */
import type { NativeContext } from '../machine/natives.js';
import { GuestFault } from '../machine/natives.js';
import { Status } from '../isa/status.js';

/** Bytes of guest data a native may process for one unit of extra gas. */
export const BYTES_PER_GAS = 32;

const encoder = new TextEncoder();

/** UTF-8 bytes of `text`. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Charges one gas per started `BYTES_PER_GAS` bytes of work. */
export function chargeBytes(ctx: NativeContext, bytes: number): void {
  ctx.chargeGas(Math.ceil(bytes / BYTES_PER_GAS));
}

/** Pops a byte count; a negative count fails the call. `what` names it in the message. */
export function popLength(ctx: NativeContext, what: string): number {
  const length = ctx.popInt();
  if (length < 0) ctx.fail(`${what} ${length} is negative`);
  return length;
}

/** Pops `addr len` (len on top) and returns the bytes, charged and bounds-checked. */
export function popBytes(ctx: NativeContext): Uint8Array {
  const length = popLength(ctx, 'length');
  const address = ctx.popInt();
  const bytes = ctx.readBytes(address, length);
  chargeBytes(ctx, length);
  return bytes;
}

/** Faults MemoryFault unless [address, address + length) lies in guest memory. */
export function checkRange(ctx: NativeContext, address: number, length: number, what: string): void {
  if (!(address >= 0 && address + length <= ctx.memory.length)) {
    throw new GuestFault(Status.MemoryFault, `${what} of ${length} byte${length === 1 ? '' : 's'} at 0x${(address >>> 0).toString(16)} is outside memory (${ctx.memory.length} bytes)`, address);
  }
}

/** Length of the NUL-terminated string at `address`; fails when memory ends before the NUL. */
export function cStringLength(ctx: NativeContext, address: number): number {
  checkRange(ctx, address, 1, 'string');
  const memory = ctx.memory;
  const end = memory.indexOf(0, address);
  if (end < 0) ctx.fail(`no NUL terminator between 0x${address.toString(16)} and the end of memory`);
  chargeBytes(ctx, end - address + 1);
  return end - address;
}

/** The longest prefix of `bytes` of at most `max` bytes that does not split a UTF-8 character. */
export function truncateUtf8(bytes: Uint8Array, max: number): Uint8Array {
  if (bytes.length <= max) return bytes;
  let end = max;
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--; // back off continuation bytes
  return bytes.subarray(0, end);
}

/** A guest buffer: where to store, and how many bytes fit. */
export interface GuestBuffer {
  readonly address: number;
  readonly size: number;
}

/** Pops `addr max` (max on top) and checks that the whole buffer lies in memory. */
export function popBuffer(ctx: NativeContext): GuestBuffer {
  const size = popLength(ctx, 'buffer size');
  const address = ctx.popInt();
  checkRange(ctx, address, size, 'buffer');
  return { address, size };
}

/** Stores `text` as UTF-8 in `buffer` (cut at a character boundary to fit) and returns the bytes stored. */
export function storeText(ctx: NativeContext, buffer: GuestBuffer, text: string): number {
  const bytes = truncateUtf8(utf8(text), buffer.size);
  chargeBytes(ctx, bytes.length);
  ctx.writeBytes(buffer.address, bytes);
  return bytes.length;
}

/** Parses a 32-bit signed decimal integer (optional sign, surrounding blanks allowed); undefined if it is not one. */
export function parseInt32(text: string): number | undefined {
  const match = /^[ \t]*([+-]?[0-9]+)[ \t]*$/.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]);
  return value >= -0x80000000 && value <= 0x7fffffff ? value : undefined;
}
