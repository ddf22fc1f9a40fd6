/** Collecting assembler diagnostics: every problem is recorded, then thrown as one AsmError. */
import type { Diagnostic } from '../errors.js';
import { AsmError } from '../errors.js';
import { convertExhaustion } from '../messages.js';

/** A 1-based line and column in the source. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Records a problem at a position. */
export type Reporter = (at: Position, message: string) => void;

/** The diagnostics of one assembly run. */
export class Diagnostics {
  readonly #list: Diagnostic[] = [];

  /** Starts an empty list for `file`. */
  constructor(readonly file: string) {}

  /** Records a problem (a bound function, so it can be passed around as a Reporter). */
  readonly report: Reporter = (at, message) => {
    this.#list.push({ file: this.file, line: at.line, column: at.column, message });
  };

  /** Whether any problem was recorded. */
  get any(): boolean {
    return this.#list.length > 0;
  }

  /** Throws every recorded problem, in source order and without repeats, as one AsmError. */
  throwIfAny(): void {
    if (!this.any) return;
    const seen = new Set<string>();
    const unique = this.#list.filter((d) => {
      const key = `${d.line}:${d.column}:${d.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    unique.sort((a, b) => a.line - b.line || a.column - b.column);
    throw new AsmError(unique);
  }
}

/**
 * Runs `assemble`'s work, turning a RangeError (stack or allocation exhausted) into an AsmError.
 * The assembler avoids deep recursion and caps nesting, so this is a last resort: whatever the
 * input, the caller gets an AsmError, never a crash.
 */
export function withinLimits<T>(file: string, run: () => T): T {
  return convertExhaustion(run, (error) => new AsmError([{ file, line: 1, column: 1, message: `the source is too large or too deeply nested to assemble (${error.message})` }]));
}

/** A Reporter that drops everything: for statements whose line already failed to lex. */
export const silent: Reporter = () => undefined;
