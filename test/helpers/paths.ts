/** Paths tests need: the repository root, found from this file whether run from src or dist. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

/** The repository root. */
export const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/** A path below the repository root. */
export function repoPath(...parts: string[]): string {
  return join(ROOT, ...parts);
}
