/** Where the benchmark's inputs live, found from this file whether run from source or from dist. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchFailure } from './failure.js';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new BenchFailure(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

/** The directory holding the exvm assembly versions of the benchmark programs. */
export const EXA_DIR = join(findRoot(dirname(fileURLToPath(import.meta.url))), 'examples', 'bench');
