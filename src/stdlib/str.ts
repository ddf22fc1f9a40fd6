/** The `str` library: lengths, parsing, formatting and comparison of strings in guest memory. */
import type { NativeContext, NativeLibrary } from '../machine/natives.js';
import { chargeBytes, cStringLength, parseInt32, popBytes, utf8 } from './guest.js';

function parse(ctx: NativeContext): void {
  const value = parseInt32(new TextDecoder().decode(popBytes(ctx)));
  ctx.pushInt(value ?? 0);
  ctx.pushInt(value === undefined ? 0 : 1);
}

function format(ctx: NativeContext): void {
  const address = ctx.popInt();
  const digits = utf8(String(ctx.popInt()));
  chargeBytes(ctx, digits.length);
  ctx.writeBytes(address, digits);
  ctx.pushInt(digits.length);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const common = Math.min(a.length, b.length);
  for (let i = 0; i < common; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return Math.sign(a.length - b.length);
}

function compare(ctx: NativeContext): void {
  const b = popBytes(ctx);
  const a = popBytes(ctx);
  ctx.pushInt(compareBytes(a, b));
}

function length(ctx: NativeContext): void {
  ctx.pushInt(cStringLength(ctx, ctx.popInt()));
}

/** The `str` library. */
export function strLibrary(): NativeLibrary {
  return {
    name: 'str',
    functions: [
      { name: 'len', doc: 'addr -> n ; length in bytes of the NUL-terminated string at addr', fn: length },
      { name: 'parse_int', doc: 'addr len -> n ok ; parses a signed decimal 32-bit integer (blanks around it allowed); ok = 0 (n = 0) if it is not one', fn: parse },
      { name: 'format_int', doc: 'n addr -> len ; writes the signed decimal digits of n at addr (at most 11 bytes)', fn: format },
      { name: 'compare', doc: 'a alen b blen -> c ; compares two byte strings: c = -1, 0 or 1', fn: compare },
    ],
  };
}
