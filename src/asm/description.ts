/**
 * Library descriptions: the JSON that tells the assembler which native functions exist, so that
 * `ncall io.print_int` can become a library and function index. Two forms, which may be mixed:
 * the seed's positional form `{"libraries": [["func1", "func2"]]}` (library index = position,
 * function index = position, no name) and the named form
 * `{"libraries": [{"name": "io", "functions": ["print_int"]}]}`.
 */
import { LibraryDescriptionError } from '../errors.js';

/** One described library; `name` is '' for a positional library. */
export interface DescribedLibrary {
  readonly name: string;
  readonly functions: readonly string[];
}

/** The libraries a program may call, in order: position = library index. */
export interface LibraryDescription {
  readonly libraries: readonly DescribedLibrary[];
}

/** Most libraries, and most functions per library, an `ncall` operand can address (16 bits each). */
export const MAX_DESCRIPTION_ENTRIES = 0x10000;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Parses a library description; any deviation from the two forms is a LibraryDescriptionError naming its JSON path. */
export function parseLibraryDescription(json: string, source = '<description>'): LibraryDescription {
  const fail = (path: string, detail: string): never => {
    throw new LibraryDescriptionError(source, path === '' ? detail : `${path}: ${detail}`);
  };
  let root: Json;
  try {
    // Editors on Windows like to start UTF-8 files with a byte order mark; JSON.parse does not.
    root = JSON.parse(json.startsWith('\uFEFF') ? json.slice(1) : json) as Json;
  } catch (error) {
    return fail('', `invalid JSON: ${(error as Error).message}`);
  }
  if (!isObject(root)) return fail('', `expected an object with a "libraries" array, found ${typeName(root)}`);
  checkKeys(root, ['libraries'], '', fail);
  const list = root.libraries;
  if (!Array.isArray(list)) return fail('libraries', `expected an array, found ${list === undefined ? 'nothing' : typeName(list)}`);
  checkCount(list, 'libraries', fail);
  const libraries = list.map((entry, i) => parseLibrary(entry, `libraries[${i}]`, fail));
  const names = new Map<string, number>();
  libraries.forEach((library, i) => {
    if (library.name === '') return;
    const first = names.get(library.name);
    if (first !== undefined) fail(`libraries[${i}].name`, `duplicate library name '${library.name}' (also libraries[${first}])`);
    names.set(library.name, i);
  });
  return { libraries };
}

type Fail = (path: string, detail: string) => never;

function parseLibrary(entry: Json, path: string, fail: Fail): DescribedLibrary {
  if (Array.isArray(entry)) return { name: '', functions: parseFunctions(entry, path, fail) };
  if (!isObject(entry)) return fail(path, `expected an array of function names or an object {"name", "functions"}, found ${typeName(entry)}`);
  checkKeys(entry, ['name', 'functions'], path, fail);
  const { name, functions } = entry;
  if (typeof name !== 'string') return fail(`${path}.name`, `expected a string, found ${name === undefined ? 'nothing' : typeName(name)}`);
  if (name === '') return fail(`${path}.name`, 'library name is empty');
  if (/^[0-9]+$/.test(name)) return fail(`${path}.name`, `library name '${name}' is all digits, which ncall reads as the position of a library (N.fn)`);
  if (!Array.isArray(functions)) return fail(`${path}.functions`, `expected an array, found ${functions === undefined ? 'nothing' : typeName(functions)}`);
  return { name, functions: parseFunctions(functions, `${path}.functions`, fail) };
}

function parseFunctions(list: Json[], path: string, fail: Fail): string[] {
  checkCount(list, path, fail);
  const seen = new Map<string, number>();
  return list.map((name, i) => {
    if (typeof name !== 'string') return fail(`${path}[${i}]`, `expected a function name (a string), found ${typeName(name)}`);
    if (name === '') return fail(`${path}[${i}]`, 'function name is empty');
    const first = seen.get(name);
    if (first !== undefined) fail(`${path}[${i}]`, `duplicate function name '${name}' (also ${path}[${first}])`);
    seen.set(name, i);
    return name;
  });
}

function checkKeys(object: { [key: string]: Json }, allowed: readonly string[], path: string, fail: Fail): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) fail(path === '' ? key : `${path}.${key}`, `unknown key (expected ${allowed.map((k) => `"${k}"`).join(' and ')})`);
  }
}

function checkCount(list: readonly Json[], path: string, fail: Fail): void {
  if (list.length > MAX_DESCRIPTION_ENTRIES) fail(path, `has ${list.length} entries; at most ${MAX_DESCRIPTION_ENTRIES} fit in an ncall operand`);
}

/** What `describeLibraries` needs of a library: its name and its functions' names (a machine's `NativeLibrary` fits). */
export interface NamedLibrary {
  readonly name: string;
  readonly functions: readonly { readonly name: string }[];
}

/** The description of a machine's native libraries (named form, same order). */
export function describeLibraries(libs: readonly NamedLibrary[]): LibraryDescription {
  return { libraries: libs.map((library) => ({ name: library.name, functions: library.functions.map((fn) => fn.name) })) };
}

/** Several descriptions as one: their libraries appended in order. */
export function mergeDescriptions(...descriptions: readonly LibraryDescription[]): LibraryDescription {
  return { libraries: descriptions.flatMap((d) => d.libraries) };
}
