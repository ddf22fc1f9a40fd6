/**
 * Splits a byte stream into lines. Chunks are collected and joined once per line, so reading is
 * linear in the input, and a line is cut at MAX_LINE_BYTES so input without newlines (`< /dev/zero`)
 * cannot grow memory without bound.
 */

/** The longest line returned; a longer line comes back in pieces of (about) this many bytes. */
export const MAX_LINE_BYTES = 1 << 20;

/** Supplies the next chunk of input (the reader keeps it), or null at end of input. */
export type ChunkSource = () => Uint8Array | null;

/** The largest cut at or below `end` that does not split a UTF-8 sequence of `bytes`. */
function utf8Boundary(bytes: Buffer, end: number): number {
  let cut = end;
  while (cut > 0 && end - cut < 4 && (bytes[cut] & 0xc0) === 0x80) cut--;
  return cut > 0 && end - cut < 4 ? cut : end; // not UTF-8 after all: cut where asked
}

/** Reads `\n`- or `\r\n`-terminated lines from a source of chunks. */
export class LineReader {
  /** Input not yet returned; none of the first `#scanned` chunks holds a newline. */
  #chunks: Buffer[] = [];
  #size = 0;
  #scanned = 0;
  #eof = false;

  /** Reads from `source`, calling it only when the data held has no complete line. */
  constructor(
    private readonly source: ChunkSource,
    private readonly maxLine = MAX_LINE_BYTES,
  ) {}

  /** The next line without its `\n` or `\r\n`; null at end of input. */
  readLine(): string | null {
    for (;;) {
      const line = this.#completeLine();
      if (line !== undefined) return line;
      if (this.#eof) return this.#size > 0 ? this.#take(this.#size, this.#size) : null;
      const chunk = this.source();
      if (chunk === null) this.#eof = true;
      else if (chunk.length > 0) {
        this.#chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
        this.#size += chunk.length;
      }
    }
  }

  /** A line ending at a newline already read, or the first maxLine bytes once that many are held. */
  #completeLine(): string | undefined {
    let before = 0; // bytes in the chunks before the one searched
    for (let i = 0; i < this.#chunks.length; i++) {
      const chunk = this.#chunks[i];
      if (i >= this.#scanned) {
        const newline = chunk.indexOf(0x0a);
        if (newline >= 0 && before + newline <= this.maxLine) return this.#take(before + newline, before + newline + 1);
        this.#scanned = i + 1;
      }
      before += chunk.length;
    }
    if (this.#size < this.maxLine) return undefined;
    const all = this.#join();
    const cut = utf8Boundary(all, this.maxLine);
    return this.#take(cut, cut, false);
  }

  /** Joins the held chunks into one (once per line, so reading stays linear). */
  #join(): Buffer {
    if (this.#chunks.length === 1) return this.#chunks[0];
    const all = Buffer.concat(this.#chunks, this.#size);
    this.#chunks = [all];
    return all;
  }

  /** Returns bytes [0, end) as a line and drops [0, next); a line that `ended` loses a trailing `\r`. */
  #take(end: number, next: number, ended = true): string {
    const all = this.#join();
    const line = all.toString('utf8', 0, end);
    const rest = all.subarray(next);
    this.#chunks = rest.length > 0 ? [rest] : [];
    this.#size = rest.length;
    this.#scanned = 0;
    return ended && line.endsWith('\r') ? line.slice(0, -1) : line;
  }
}
