/**
 * The native libraries a command works with: those given with `--lib`, in order, then the standard
 * ones. `--lib` files come first so that a positional description (`{"libraries": [["f", "g"]]}`)
 * keeps the indices it states (`ncall 0.g`); standard functions are called and imported by name,
 * so their position does not matter. A `.json` description names functions without implementing them (calls to them are
 * reported as missing imports); a `.js`/`.mjs` module exports `libraries: NativeLibrary[]`, whose
 * description is derived from the implementations.
 */
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LibraryDescription } from '../asm/index.js';
import { describeLibraries, mergeDescriptions, parseLibraryDescription } from '../asm/index.js';
import { ErrorCode, ExvmError, LibraryDescriptionError } from '../errors.js';
import type { NativeLibrary } from '../machine/natives.js';
import type { StdEnvironment } from '../stdlib/index.js';
import { standardLibraries } from '../stdlib/index.js';
import { readInput, readText } from './files.js';

/** Libraries for the assembler (`description`) and the machine (`implementations`, same positions). */
export interface LibrarySet {
  readonly description: LibraryDescription;
  /** One entry per described library; a library that is only described has no functions. */
  readonly implementations: readonly NativeLibrary[];
}

function isNativeLibrary(value: unknown): value is NativeLibrary {
  if (typeof value !== 'object' || value === null || !('name' in value) || !('functions' in value)) return false;
  const { name, functions } = value;
  return (
    typeof name === 'string' &&
    Array.isArray(functions) &&
    functions.every((f: unknown) => typeof f === 'object' && f !== null && 'name' in f && typeof f.name === 'string' && 'fn' in f && typeof f.fn === 'function')
  );
}

async function importModule(path: string): Promise<NativeLibrary[]> {
  readInput(path); // a missing or unreadable file is reported like any other input file
  let module: unknown;
  try {
    module = await import(pathToFileURL(resolve(path)).href);
  } catch (error) {
    throw new ExvmError(ErrorCode.File, `cannot load library module ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const libraries = typeof module === 'object' && module !== null && 'libraries' in module ? module.libraries : undefined;
  if (!Array.isArray(libraries) || !libraries.every(isNativeLibrary)) {
    throw new LibraryDescriptionError(path, 'a library module must export `libraries`: an array of { name, functions: [{ name, fn }] }');
  }
  return libraries;
}

async function loadOne(path: string): Promise<LibrarySet> {
  const kind = extname(path).toLowerCase();
  if (kind === '.json') {
    const description = parseLibraryDescription(readText(path), path);
    return { description, implementations: description.libraries.map((l) => ({ name: l.name, functions: [] })) };
  }
  if (kind === '.js' || kind === '.mjs') {
    const implementations = await importModule(path);
    return { description: describeLibraries(implementations), implementations };
  }
  throw new ExvmError(ErrorCode.Usage, `--lib ${path}: expected a description (.json) or a module (.js, .mjs)`);
}

/** A set of libraries and where it came from, for messages. */
interface SourcedSet extends LibrarySet {
  readonly source: string;
}

/** Library names must stay unique across all the sets, or `ncall lib.fn` would be ambiguous. */
function checkUniqueNames(sets: readonly SourcedSet[]): void {
  const owners = new Map<string, string>();
  for (const { description, source } of sets) {
    for (const { name } of description.libraries) {
      const owner = owners.get(name);
      if (owner !== undefined) throw new LibraryDescriptionError(source, `library '${name}' is already provided by ${owner}`);
      if (name !== '') owners.set(name, source);
    }
  }
}

/** The `--lib` files in the order given, followed by the standard libraries over `env`. */
export async function loadLibraries(paths: readonly string[], env: StdEnvironment): Promise<LibrarySet> {
  const standard = standardLibraries(env);
  const given: SourcedSet[] = [];
  for (const path of paths) given.push({ ...(await loadOne(path)), source: path });
  const std: SourcedSet = { description: describeLibraries(standard), implementations: standard, source: 'the standard libraries' };
  checkUniqueNames([std, ...given]); // standard first, so a clash names the --lib file as the one at fault
  const sets = [...given, std];
  return {
    description: mergeDescriptions(...sets.map((s) => s.description)),
    implementations: sets.flatMap((s) => s.implementations),
  };
}
