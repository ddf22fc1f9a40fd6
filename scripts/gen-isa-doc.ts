/** Writes the generated ISA reference, `docs/isa.md`, from the opcode table. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderIsaReference } from '../src/isa/doc.js';

/** The reference's path below the repository root. */
export const ISA_DOC_PATH = join('docs', 'isa.md');

/** Renders the ISA reference into `docs/isa.md` under `root`; returns the path written. */
export function writeIsaReference(root: string): string {
  const path = join(root, ISA_DOC_PATH);
  writeFileSync(path, renderIsaReference());
  return path;
}
