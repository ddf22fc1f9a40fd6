/**
 * The playground's targets: assembly source assembled against the standard libraries, with an
 * in-memory console. Source that does not assemble gives an empty program that carries the
 * diagnostics, so the page can show them inline.
 */
import { assemble, describeLibraries } from '../asm/index.js';
import { AsmError } from '../errors.js';
import { makeProgram } from '../image/program.js';
import { standardLibraries } from '../stdlib/index.js';
import { Journal } from './journal.js';
import { ProgramTarget } from './program-target.js';
import { MAX_DIAGNOSTIC_CHARS } from './protocol.js';

/** The file name the playground's programs are shown under. */
export const PLAYGROUND_FILE = 'playground.exa';

/** A target for `source`; assembly errors become the target's diagnostics. Other errors propagate. */
export function sourceTarget(source: string, input = '', gas?: number): ProgramTarget {
  const journal = new Journal(input, []);
  const libraries = standardLibraries(journal);
  const common = { source, name: PLAYGROUND_FILE, libraries, journal, gas };
  try {
    return new ProgramTarget({ ...common, program: assemble(source, { file: PLAYGROUND_FILE, libraries: describeLibraries(libraries) }) });
  } catch (error) {
    if (!(error instanceof AsmError)) throw error;
    const diagnostics = error.diagnostics.slice(0, 1000).map(({ line, column, message }) => ({ line, column, message: message.slice(0, MAX_DIAGNOSTIC_CHARS) }));
    return new ProgramTarget({ ...common, program: makeProgram({ code: new Uint8Array(0) }), diagnostics });
  }
}
