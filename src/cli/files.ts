/** Reading and writing the files the CLI is given, with errors that name the file and the reason. */
import { readFileSync, writeFileSync } from 'node:fs';
import { ErrorCode, ExvmError } from '../errors.js';

const reasons: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  ENOTDIR: 'a parent is not a directory',
};

function reason(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  return reasons[code] ?? (error instanceof Error ? error.message : String(error));
}

/** Reads a whole file; throws an ExvmError (File) saying why it cannot. */
export function readInput(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ExvmError(ErrorCode.File, `cannot read ${path}: ${reason(error)}`);
  }
}

/** Reads a whole file as UTF-8 text. */
export function readText(path: string): string {
  return Buffer.from(readInput(path)).toString('utf8');
}

/** Writes a whole file; throws an ExvmError (File) saying why it cannot. */
export function writeOutput(path: string, contents: Uint8Array | string): void {
  try {
    writeFileSync(path, contents);
  } catch (error) {
    throw new ExvmError(ErrorCode.File, `cannot write ${path}: ${reason(error)}`);
  }
}
