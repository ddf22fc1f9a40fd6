/**
 * The byte arguments of `exvm vmc run`: hex (with or without `0x`; whitespace between digits is
 * allowed, as in EVMC's tool), `@FILE` holding such hex, or, for CODE, an assembly (.exa) or image
 * (.exb) file, which becomes the image bytes the exvm connector VM executes.
 */
import { extname } from 'node:path';
import type { LibraryDescription } from '../asm/index.js';
import { encodeImage } from '../image/index.js';
import { ErrorCode, ExvmError } from '../errors.js';
import { readInput, readText } from './files.js';
import { assembleFile } from './program-file.js';

/** Program files that CODE may name, by extension. */
const PROGRAM_EXTENSIONS = ['.exa', '.exb'];

/** Parses hex, with or without `0x`, ignoring whitespace; `what` names the argument in errors. */
export function parseHex(text: string, what: string): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  const digits = /^0x/i.test(compact) ? compact.slice(2) : compact;
  const bad = /[^0-9a-fA-F]/.exec(digits);
  if (bad) throw new ExvmError(ErrorCode.Usage, `${what}: '${bad[0]}' is not a hex digit`);
  if (digits.length % 2 !== 0) throw new ExvmError(ErrorCode.Usage, `${what}: odd number of hex digits (${digits.length})`);
  return Uint8Array.from({ length: digits.length / 2 }, (_, i) => Number.parseInt(digits.slice(2 * i, 2 * i + 2), 16));
}

/** `HEX` or `@FILE` (a file of hex), as `--input` takes it. */
export function bytesArgument(argument: string, what: string): Uint8Array {
  if (!argument.startsWith('@')) return parseHex(argument, what);
  const file = argument.slice(1);
  return parseHex(readText(file), `${what} ${file}`);
}

/** Whether CODE names a program file (.exa or .exb) rather than hex. */
function isProgramFile(argument: string): boolean {
  return PROGRAM_EXTENSIONS.includes(extname(argument).toLowerCase());
}

/**
 * The code CODE stands for: hex, `@FILE` of hex, or a program file as image bytes (.exb files as
 * they are; .exa files assembled against `libraries`, the natives the VM offers, with no debug info).
 */
export function codeArgument(argument: string, libraries: LibraryDescription): Uint8Array {
  if (!isProgramFile(argument)) return bytesArgument(argument, 'CODE');
  if (extname(argument).toLowerCase() === '.exb') return readInput(argument);
  return encodeImage(assembleFile(argument, libraries, false));
}
