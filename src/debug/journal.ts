/**
 * A standard-library environment that records everything the program reads from outside (input
 * lines, the clock) so that re-executing from a checkpoint reads exactly the same values: replay is
 * deterministic. Output is kept in memory and cut back when the session rewinds.
 */
import type { StdEnvironment } from '../stdlib/index.js';
import { splitLines } from '../stdlib/environment.js';

/** Where the journal stands: how much was read and written at a checkpoint. */
export interface JournalMark {
  readonly readsDone: number;
  readonly outputLength: number;
}

/** The recording environment of a debugged program. */
export class Journal implements StdEnvironment {
  readonly #input: readonly string[];
  #nextLine = 0;
  /** Values read so far, in order (a line, null at end of input, or a clock reading). */
  #reads: (string | null | number)[] = [];
  #readsDone = 0;
  #output: Uint8Array[] = [];
  #outputLength = 0;

  /** Input the program reads line by line, its arguments, and the clock. */
  constructor(
    input: string,
    readonly args: readonly string[],
    private readonly clock: () => number = () => Date.now(),
  ) {
    this.#input = splitLines(input);
  }

  /** The next recorded read, or `live()` recorded now. */
  #read<T extends string | null | number>(live: () => T): T {
    if (this.#readsDone < this.#reads.length) return this.#reads[this.#readsDone++] as T;
    const value = live();
    this.#reads.push(value);
    this.#readsDone++;
    return value;
  }

  /** Reads one input line (replayed after a rewind). */
  readLine(): string | null {
    return this.#read(() => (this.#nextLine < this.#input.length ? this.#input[this.#nextLine++] : null));
  }

  /** The clock (replayed after a rewind). */
  now(): number {
    return this.#read(() => this.clock());
  }

  /** Records output. */
  write(bytes: Uint8Array): void {
    this.#output.push(bytes.slice());
    this.#outputLength += bytes.length;
  }

  /** The output so far, as UTF-8 text. */
  output(): string {
    const all = new Uint8Array(this.#outputLength);
    let at = 0;
    for (const chunk of this.#output) {
      all.set(chunk, at);
      at += chunk.length;
    }
    return new TextDecoder().decode(all);
  }

  /** Where the journal stands now. */
  mark(): JournalMark {
    return { readsDone: this.#readsDone, outputLength: this.#outputLength };
  }

  /** Goes back to `mark`: later reads replay the recorded values, output written since is dropped. */
  rewind(mark: JournalMark): void {
    this.#readsDone = mark.readsDone;
    let keep = mark.outputLength;
    const chunks: Uint8Array[] = [];
    for (const chunk of this.#output) {
      if (keep <= 0) break;
      chunks.push(chunk.length <= keep ? chunk : chunk.subarray(0, keep));
      keep -= chunk.length;
    }
    this.#output = chunks;
    this.#outputLength = mark.outputLength;
  }

  /** Forgets everything read and written: the next run reads the input from its start. */
  clear(): void {
    this.#nextLine = 0;
    this.#reads = [];
    this.#readsDone = 0;
    this.#output = [];
    this.#outputLength = 0;
  }
}
