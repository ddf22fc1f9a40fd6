/**
 * A standard-library environment that records everything the program reads from outside (input
 * lines, the clock) so that re-executing from a checkpoint reads exactly the same values: replay is
 * deterministic. The output's last `keep` bytes are kept (with the count of everything written), and
 * cut back by byte offset when the session rewinds, so a program that prints forever costs bounded memory.
 */
import type { StdEnvironment } from '../stdlib/index.js';
import { splitLines } from '../stdlib/environment.js';

/** Output bytes a journal keeps unless told otherwise. */
const DEFAULT_KEEP = 1 << 20;

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
  /** The kept output: `#buffer[#start..#end)` are the last bytes written, up to twice `keep` (compacted lazily). */
  #buffer: Uint8Array;
  #start = 0;
  #end = 0;
  /** Bytes written in all (since the start or the last clear). */
  #outputLength = 0;

  /** Input the program reads line by line, its arguments, and the clock; the last `keep` bytes of output are kept (default 1 MiB). */
  constructor(
    input: string,
    readonly args: readonly string[],
    private readonly clock: () => number = () => Date.now(),
    readonly keep: number = DEFAULT_KEEP,
  ) {
    this.#input = splitLines(input);
    this.#buffer = new Uint8Array(2 * Math.max(1, keep));
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

  /** Records output (only the last `keep` bytes stay). */
  write(bytes: Uint8Array): void {
    this.#outputLength += bytes.length;
    const fresh = bytes.length > this.keep ? bytes.subarray(bytes.length - this.keep) : bytes;
    if (this.#end + fresh.length > this.#buffer.length) {
      // Compact: move the newest bytes (at most `keep` minus what comes in) to the front.
      const from = Math.max(this.#start, this.#end - (this.keep - fresh.length));
      this.#buffer.copyWithin(0, from, this.#end);
      this.#end -= from;
      this.#start = 0;
    }
    this.#buffer.set(fresh, this.#end);
    this.#end += fresh.length;
    this.#start = Math.max(this.#start, this.#end - this.keep);
  }

  /** Bytes written in all, including those no longer kept. */
  get written(): number {
    return this.#outputLength;
  }

  /** The kept output (the last `keep` bytes at most), as UTF-8 text. */
  output(): string {
    return this.#decodeFrom(this.#start);
  }

  /** The last `maxBytes` of output for the console view, after a line saying how many earlier bytes it leaves out. */
  view(maxBytes: number): string {
    const from = Math.max(this.#start, this.#end - maxBytes);
    const omitted = this.#outputLength - (this.#end - from);
    const text = this.#decodeFrom(from);
    return omitted > 0 ? `[${omitted} earlier bytes of output not shown]\n${text}` : text;
  }

  /** The kept bytes from `from` as text; a character cut at the start (by what is left out) is skipped. */
  #decodeFrom(from: number): string {
    let start = from;
    const cut = this.#outputLength > this.#end - from;
    for (let skipped = 0; cut && skipped < 3 && start < this.#end && (this.#buffer[start] & 0xc0) === 0x80; skipped++) start++;
    return new TextDecoder().decode(this.#buffer.subarray(start, this.#end));
  }

  /** Where the journal stands now. */
  mark(): JournalMark {
    return { readsDone: this.#readsDone, outputLength: this.#outputLength };
  }

  /** Goes back to `mark`: later reads replay the recorded values, output written since is dropped (kept output before it stays). */
  rewind(mark: JournalMark): void {
    this.#readsDone = mark.readsDone;
    const drop = Math.max(0, this.#outputLength - mark.outputLength);
    this.#end = Math.max(this.#start, this.#end - drop);
    this.#outputLength = Math.min(this.#outputLength, mark.outputLength);
  }

  /** Forgets everything read and written: the next run reads the input from its start. */
  clear(): void {
    this.#nextLine = 0;
    this.#reads = [];
    this.#readsDone = 0;
    this.#start = 0;
    this.#end = 0;
    this.#outputLength = 0;
  }
}
