/**
 * The loader's Node part: imports a VM module file, resolved relative to the current directory.
 * Any failure (no such file, a directory, a syntax error, a module that throws while loading, an
 * extension Node cannot import) is CANNOT_OPEN, with the reason.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LoaderErrorCode } from '../constants.js';
import { LoaderError } from '../loader-error.js';

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The namespace of the ES module file at `path` (.js or .mjs), relative to the current directory. */
export async function importModuleFile(path: string): Promise<Readonly<Record<string, unknown>>> {
  const absolute = resolve(path);
  const stats = statSync(absolute, { throwIfNoEntry: false });
  if (stats === undefined) throw new LoaderError(LoaderErrorCode.CannotOpen, `cannot open VM module ${path}: no such file (${absolute})`);
  if (!stats.isFile()) throw new LoaderError(LoaderErrorCode.CannotOpen, `cannot open VM module ${path}: not a file (${absolute})`);
  try {
    return (await import(pathToFileURL(absolute).href)) as Readonly<Record<string, unknown>>;
  } catch (error) {
    throw new LoaderError(LoaderErrorCode.CannotOpen, `cannot load VM module ${path}: ${reason(error)}`);
  }
}
