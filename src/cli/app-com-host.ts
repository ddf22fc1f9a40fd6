/** The `com` plugin's host under `exvm run app.toml`: files relative to the application's folder. */
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

/** A host whose files are relative to `folder`. */
export function nodeComHost(folder: string): ComHost {
  return {
    readFile: (path) => explained(`read ${path}`, () => readFileSync(resolve(folder, path), 'utf8')),
    writeFile: (path, text, append) => explained(`write ${path}`, () => (append ? appendFileSync : writeFileSync)(resolve(folder, path), text)),
  };
}
