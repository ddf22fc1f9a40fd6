/** The `com` plugin's host under `exvm run app.toml`: files relative to the application's folder, console input from stdin. */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ComHost } from '../plugins/index.js';
import { reason } from './files.js';

/** Runs a file operation, rethrowing its failure as an Error that says why in words. */
function explained<T>(what: string, operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    throw new Error(`cannot ${what}: ${reason(error)}`);
  }
}

/** A host whose files are relative to `folder` and whose console input is stdin (read whole, at the first read). */
export function nodeComHost(folder: string): ComHost {
  let lines: string[] | null = null;
  return {
    readLine: () => {
      lines ??= explained('read stdin', () => readFileSync(0, 'utf8')).split(/\r?\n/);
      if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop(); // the final newline ends the last line
      return lines.shift() ?? null;
    },
    readFile: (path) => explained(`read ${path}`, () => readFileSync(resolve(folder, path), 'utf8')),
    writeFile: (path, text, append) => explained(`write ${path}`, () => (append ? appendFileSync : writeFileSync)(resolve(folder, path), text)),
  };
}
