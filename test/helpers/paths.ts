/** Paths tests need: the repository root, found from this file whether run from src or dist. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRepoRoot } from '../../scripts/repo-root.js';

/** The repository root. */
export const ROOT = findRepoRoot(dirname(fileURLToPath(import.meta.url)));

/** A path below the repository root. */
export function repoPath(...parts: string[]): string {
  return join(ROOT, ...parts);
}
