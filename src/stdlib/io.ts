/** The `io` library: printing numbers, characters and strings, and reading lines of input. */
import type { NativeContext, NativeLibrary } from '../machine/natives.js';
import type { StdEnvironment } from './environment.js';
import { chargeBytes, cStringLength, parseInt32, popBuffer, popBytes, storeText, utf8 } from './guest.js';

/** How print_float writes a float: shortest round-trip digits, `inf`, `-inf`, `nan`, `-0`. */
function formatFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Object.is(x, -0)) return '-0';
  return String(x);
}

function printCodepoint(ctx: NativeContext, env: StdEnvironment): void {
  const codepoint = ctx.popInt();
  const valid = codepoint >= 0 && codepoint <= 0x10ffff && !(codepoint >= 0xd800 && codepoint <= 0xdfff);
  if (!valid) ctx.fail(`${codepoint} is not a Unicode scalar value`);
  env.write(utf8(String.fromCodePoint(codepoint)));
}

function printCString(ctx: NativeContext, env: StdEnvironment): void {
  const address = ctx.popInt();
  const length = cStringLength(ctx, address);
  env.write(ctx.readBytes(address, length));
}

function readLine(ctx: NativeContext, env: StdEnvironment): void {
  const buffer = popBuffer(ctx);
  const line = env.readLine();
  ctx.pushInt(line === null ? -1 : storeText(ctx, buffer, line));
}

function readInt(ctx: NativeContext, env: StdEnvironment): void {
  const line = env.readLine();
  if (line !== null) chargeBytes(ctx, line.length);
  const value = line === null ? undefined : parseInt32(line);
  ctx.pushInt(value ?? 0);
  ctx.pushInt(value === undefined ? 0 : 1);
}

/** The `io` library over `env`. */
export function ioLibrary(env: StdEnvironment): NativeLibrary {
  const print = (text: string): void => env.write(utf8(text));
  return {
    name: 'io',
    functions: [
      { name: 'print_int', doc: 'n -> ; prints n as a signed decimal integer', fn: (ctx) => print(String(ctx.popInt())) },
      { name: 'print_uint', doc: 'n -> ; prints n as an unsigned decimal integer', fn: (ctx) => print(String(ctx.popInt() >>> 0)) },
      { name: 'print_float', doc: 'x -> ; prints the float x as JavaScript writes numbers: shortest round-trip digits (0.1, 100, 1e+21, 1e-7), and inf, -inf, nan, -0', fn: (ctx) => print(formatFloat(ctx.popFloat())) },
      { name: 'print_char', doc: 'codepoint -> ; prints one Unicode character as UTF-8', fn: (ctx) => printCodepoint(ctx, env) },
      { name: 'print_str', doc: 'addr len -> ; prints len bytes of UTF-8 at addr', fn: (ctx) => env.write(popBytes(ctx)) },
      { name: 'print_cstr', doc: 'addr -> ; prints the NUL-terminated UTF-8 string at addr (no NUL before the end of memory: NativeFailure)', fn: (ctx) => printCString(ctx, env) },
      { name: 'newline', doc: '-> ; prints a line break', fn: () => print('\n') },
      { name: 'read_line', doc: 'addr max -> len ; reads a line (without its newline) into at most max bytes at addr, cut at a character boundary (the rest of a longer line is dropped); len = -1 at end of input', fn: (ctx) => readLine(ctx, env) },
      { name: 'read_int', doc: '-> n ok ; reads a line holding a decimal integer; ok = 0 (n = 0) at end of input or when it is not a 32-bit number', fn: (ctx) => readInt(ctx, env) },
    ],
  };
}
