/** Writes the generated standard library reference, `docs/stdlib.md`, from the library objects. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stdlibMarkdown } from '../src/stdlib/docs.js';

/** The reference's path below the repository root. */
export const STDLIB_DOC_PATH = join('docs', 'stdlib.md');

/** Renders the standard library reference into `docs/stdlib.md` under `root`; returns the path written. */
export function writeStdlibReference(root: string): string {
  const path = join(root, STDLIB_DOC_PATH);
  writeFileSync(path, stdlibMarkdown());
  return path;
}
