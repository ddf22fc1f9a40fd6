/**
 * The loader's Node part: imports a VM module file, resolved relative to the current directory.
 * Any failure (no such file, a directory, a syntax error, a module that throws while loading, an
 * extension other than .js and .mjs) is CANNOT_OPEN, with the reason.
 */
import { statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LoaderErrorCode } from '../constants.js';
import { errorReason } from '../../messages.js';
import { LoaderError } from '../loader-error.js';

/** The extensions of ES module files. */
const MODULE_EXTENSIONS = ['.js', '.mjs'];

/** The namespace of the ES module file at `path` (.js or .mjs), relative to the current directory. */
export async function importModuleFile(path: string): Promise<Readonly<Record<string, unknown>>> {
  const absolute = resolve(path);
  const stats = statSync(absolute, { throwIfNoEntry: false });
  if (stats === undefined) throw new LoaderError(LoaderErrorCode.CannotOpen, `cannot open VM module ${path}: no such file (${absolute})`);
  if (!stats.isFile()) throw new LoaderError(LoaderErrorCode.CannotOpen, `cannot open VM module ${path}: not a file (${absolute})`);
  if (!MODULE_EXTENSIONS.includes(extname(absolute))) {
    // A shared library (libexample-vm.so.1) cannot be imported: a VM here is a JS module, named as EVMC names libraries.
    throw new LoaderError(
      LoaderErrorCode.CannotOpen,
      `cannot load VM module ${path}: VM modules must be ES module files (.js or .mjs), not ${JSON.stringify(extname(absolute) || '(no extension)')}; the create function's name is derived from the module's file name as EVMC derives it from a library's (libexample-vm.1.mjs -> zvmc_create_example_vm)`,
    );
  }
  try {
    return (await import(pathToFileURL(absolute).href)) as Readonly<Record<string, unknown>>;
  } catch (error) {
    throw new LoaderError(LoaderErrorCode.CannotOpen, `cannot load VM module ${path}: ${errorReason(error)}`);
  }
}
