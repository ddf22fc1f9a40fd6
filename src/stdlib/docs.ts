/** Renders `docs/stdlib.md` from the library objects themselves, so the page cannot drift from the code. */
import type { NativeLibrary } from '../machine/natives.js';
import { bufferedEnvironment } from './environment.js';
import { standardLibraries } from './index.js';

/** Splits a native's doc line `stack ; description` into its two halves. */
export function splitDoc(doc: string): { stack: string; description: string } {
  const at = doc.indexOf(' ; ');
  return at < 0 ? { stack: '', description: doc } : { stack: doc.slice(0, at).trim(), description: doc.slice(at + 3).trim() };
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|');
}

function libraryTable(library: NativeLibrary, index: number): string[] {
  const rows = library.functions.map((fn, position) => {
    const { stack, description } = splitDoc(fn.doc ?? '');
    const operand = `0x${((index << 16) | position).toString(16).padStart(5, '0')}`;
    return `| \`${library.name}.${fn.name}\` | \`${operand}\` | \`${escapeCell(stack)}\` | ${escapeCell(description)} |`;
  });
  return [`## ${index}. \`${library.name}\``, '', '| Function | ncall operand | Stack effect | Description |', '|---|---|---|---|', ...rows, ''];
}

/** The complete Markdown text of `docs/stdlib.md`. */
export function stdlibMarkdown(libraries: readonly NativeLibrary[] = standardLibraries(bufferedEnvironment())): string {
  return [
    '# Standard native libraries',
    '',
    '<!-- Generated from src/stdlib by `npm run docs` (scripts/gen-stdlib-docs.ts); do not edit by hand. -->',
    '',
    'Every exvm tool offers these libraries, in this order (the position is the library index in',
    '`ncall` operands). In assembly, call a function by its qualified name: `ncall io.print_int`.',
    'Arguments are pushed in order, so the last argument is on top of the stack; in the stack effects',
    'below, values left of `->` are popped and values right of it are pushed.',
    '',
    'Natives validate their arguments: a negative length or buffer size fails the call with',
    '`NativeFailure`, an address range outside memory faults `MemoryFault`. Natives that process',
    'guest bytes charge 1 extra gas per started 32 bytes, on top of the 5 gas of `ncall`.',
    '',
    'A call that faults leaves the stack and gas as they were before it, like any instruction that',
    'does not complete; what it did outside the machine stays done (a line it read is consumed).',
    'Input is read as UTF-8 text: bytes that are not valid UTF-8 reach the guest as U+FFFD, while',
    'output is written byte for byte.',
    '',
    ...libraries.flatMap(libraryTable),
  ].join('\n');
}
