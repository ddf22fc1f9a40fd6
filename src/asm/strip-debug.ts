/** Dropping a program's debug information. */
import type { Program } from '../image/program.js';

/** The same program without debug info (what `assemble(..., { debug: false })` produces). */
export function stripDebug(program: Program): Program {
  const { code, constants, memorySize, data, imports, exports, entry } = program;
  return { code, constants, memorySize, data, imports, exports, entry };
}
