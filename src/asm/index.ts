/** The assembler, the disassembler and library descriptions. */
export type { AssembleOptions } from './assembler.js';
export { assemble } from './assembler.js';
export { disassemble } from './disassembler.js';
export { stripDebug } from './strip-debug.js';
export type { DescribedLibrary, LibraryDescription } from './description.js';
export { MAX_DESCRIPTION_ENTRIES, describeLibraries, mergeDescriptions, parseLibraryDescription } from './description.js';
export { formatFloat } from './floats.js';
