/** Reading and writing the files the CLI is given, with errors that name the file and the reason. */
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { ErrorCode, ExvmError } from '../errors.js';

const reasons: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  ENOTDIR: 'a parent is not a directory',
  ENOSPC: 'no space left on device',
};

/** Why a file operation failed, in words (`no such file or directory`), or the error's own message. */
export function reason(error: unknown): string {
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

/** Reads a whole file as UTF-8 text (a leading byte-order mark is dropped). */
export function readText(path: string): string {
  return new TextDecoder('utf-8').decode(readInput(path));
}

function sameFile(a: string, b: string): boolean {
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false; // the output does not exist yet
  }
}

/**
 * Writes a whole file made from `input`. Refuses to overwrite the input itself, and writes to a
 * temporary file renamed into place, so a failed write never leaves a half-written file behind.
 */
export function writeOutput(path: string, contents: Uint8Array | string, input: string): void {
  if (sameFile(path, input)) throw new ExvmError(ErrorCode.File, `refusing to write ${path}: it is the input file; choose another output with -o`);
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, contents);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new ExvmError(ErrorCode.File, `cannot write ${path}: ${reason(error)}`);
  }
}
