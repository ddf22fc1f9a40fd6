/**
 * The `com` plugin's host under `exvm run app.toml`: files relative to the application's folder and
 * confined to it (an absolute path, `..` or a symbolic link leading out is refused), regular files
 * only, read up to MAX_APP_FILE_BYTES. Every refusal is an Error the plugin turns into DEVICE.
 */
import { appendFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { ComHost } from '../plugins/index.js';
import { readRegularFile } from './app-files.js';
import { reason } from './files.js';

/** Runs a file operation, rethrowing its failure as an Error that says why in words. */
function explained<T>(what: string, operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    throw new Error(`cannot ${what}: ${reason(error)}`);
  }
}

/** Whether `path` (absolute) is `folder` or below it. */
function inside(folder: string, path: string): boolean {
  const rest = relative(folder, path);
  return rest !== '..' && !rest.startsWith(`..${sep}`) && !isAbsolute(rest);
}

/** The real path of `path`, or of its folder when it does not exist yet (a file to create). */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(explained(`open ${path}`, () => realpathSync(dirname(path))), relative(dirname(path), path));
  }
}

/** A host whose files are relative to `folder` and confined to it. */
export function nodeComHost(folder: string): ComHost {
  const root = resolve(folder);
  /** The file `path` names, refused when it leads out of the folder. */
  const located = (path: string): string => {
    const target = resolve(root, path);
    if (!inside(root, target) || !inside(explained(`open ${path}`, () => realpathSync(root)), realPath(target))) {
      throw new Error(`${path} is outside the application's folder (com files are confined to it)`);
    }
    return target;
  };
  return {
    readFile: (path) => readRegularFile(located(path), path).toString('utf8'),
    writeFile: (path, text, append) => {
      const target = located(path);
      const existing = explained(`write ${path}`, () => statSync(target, { throwIfNoEntry: false }));
      if (existing !== undefined && !existing.isFile()) throw new Error(`cannot write ${path}: not a regular file`);
      explained(`write ${path}`, () => (append ? appendFileSync : writeFileSync)(target, text));
    },
  };
}
