/**
 * The standard native libraries every exvm tool offers: `io`, `str`, `math` and `sys`, in that
 * order (their library indices 0..3).
 */
import type { NativeLibrary } from '../machine/natives.js';
import type { StdEnvironment } from './environment.js';
import { ioLibrary } from './io.js';
import { mathLibrary } from './math.js';
import { strLibrary } from './str.js';
import { sysLibrary } from './sys.js';

export type { BufferedEnvironment, StdEnvironment } from './environment.js';
export { bufferedEnvironment } from './environment.js';

/** Names of the standard libraries, in library-index order. */
export const STANDARD_LIBRARY_NAMES = ['io', 'str', 'math', 'sys'] as const;

/** The standard libraries (io, str, math, sys, in that order) bound to `env`. */
export function standardLibraries(env: StdEnvironment): NativeLibrary[] {
  return [ioLibrary(env), strLibrary(), mathLibrary(), sysLibrary(env)];
}
