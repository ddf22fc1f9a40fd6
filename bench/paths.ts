/** Where the benchmark's inputs live, found from this file whether run from source or from dist. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRepoRoot } from '../scripts/repo-root.js';

/** The directory holding the exvm assembly versions of the benchmark programs. */
export const EXA_DIR = join(findRepoRoot(dirname(fileURLToPath(import.meta.url))), 'examples', 'bench');
