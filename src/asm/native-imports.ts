/**
 * Resolving `ncall` operands against a library description, and collecting what a program
 * imports. `lib.fn` names a library by name (or, for a positional library, by its index); a bare
 * `fn` must be unique across all libraries. Names may themselves contain dots, so every split of
 * the operand is tried and the result must be unambiguous.
 */
import type { ImportedLibrary } from '../image/program.js';
import type { LibraryDescription } from './description.js';
import type { Reporter } from './diagnostics.js';
import type { IdentToken } from './lexer.js';
import { didYouMean } from './suggest.js';

interface Target {
  readonly library: number;
  readonly fn: number;
  /** Whether the whole operand is this function's name (so `library.function` would single it out). */
  bare: boolean;
}

/** The natives one program uses. */
export class NativeImports {
  readonly #used = new Map<number, Set<number>>();

  /** Resolves names against `description` (undefined: no natives are available). */
  constructor(private readonly description: LibraryDescription | undefined) {}

  /** The operand (library << 16 | function) for a native name, recording it as imported. */
  resolve(token: IdentToken, report: Reporter): number | undefined {
    const name = token.text;
    if (!this.description) {
      report(token, `unknown native '${name}': no library description was given`);
      return undefined;
    }
    const targets = this.#candidates(name);
    if (targets.length > 1) {
      const hint = targets.some((t) => t.bare) ? '; write library.function' : '';
      report(token, `ambiguous native '${name}': it could be ${targets.map((t) => this.#display(t)).join(', or ')}${hint}`);
      return undefined;
    }
    if (targets.length === 0) {
      report(token, this.#unknown(name));
      return undefined;
    }
    const [{ library, fn }] = targets;
    let functions = this.#used.get(library);
    if (!functions) this.#used.set(library, (functions = new Set()));
    functions.add(fn);
    return ((library << 16) | fn) >>> 0;
  }

  /** The import table: used functions only, libraries and functions sorted by index. */
  imports(): ImportedLibrary[] {
    const libraries = this.description?.libraries ?? [];
    return [...this.#used.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, functions]) => ({
        index,
        name: libraries[index].name,
        functions: [...functions].sort((a, b) => a - b).map((fn) => ({ index: fn, name: libraries[index].functions[fn] })),
      }));
  }

  #libraryMatches(libraryName: string): number[] {
    const libraries = this.description?.libraries ?? [];
    const found: number[] = [];
    libraries.forEach((library, index) => {
      if (library.name === '' ? libraryName === String(index) : library.name === libraryName) found.push(index);
    });
    return found;
  }

  #candidates(name: string): Target[] {
    const libraries = this.description?.libraries ?? [];
    const targets = new Map<number, Target>();
    const add = (library: number, fnName: string, bare: boolean): void => {
      const fn = libraries[library].functions.indexOf(fnName);
      if (fn < 0) return;
      const key = library * 0x10000 + fn;
      const known = targets.get(key);
      if (known) known.bare ||= bare;
      else targets.set(key, { library, fn, bare });
    };
    for (let dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
      for (const library of this.#libraryMatches(name.slice(0, dot))) add(library, name.slice(dot + 1), false);
    }
    libraries.forEach((_, library) => add(library, name, true));
    return [...targets.values()];
  }

  /** `library 'io' function 'print_int'`: unambiguous even when names contain dots. */
  #display(target: Target): string {
    const library = this.description?.libraries[target.library];
    const libraryName = library?.name ? `'${library.name}'` : String(target.library);
    return `library ${libraryName} function '${library?.functions[target.fn] ?? '?'}'`;
  }

  #unknown(name: string): string {
    const libraries = this.description?.libraries ?? [];
    const dot = name.indexOf('.');
    const [library] = dot >= 0 ? this.#libraryMatches(name.slice(0, dot)) : [];
    if (library !== undefined) {
      const fnName = name.slice(dot + 1);
      const libraryName = libraries[library].name || String(library);
      return `unknown native '${name}': library '${libraryName}' has no function '${fnName}'${didYouMean(fnName, libraries[library].functions)}`;
    }
    const known = libraries.flatMap((lib, index) => lib.functions.map((fn) => `${lib.name || String(index)}.${fn}`));
    return `unknown native '${name}'${didYouMean(name, [...known, ...libraries.flatMap((lib) => lib.functions)])}`;
  }
}
