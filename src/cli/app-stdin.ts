/**
 * The console input of an application under `exvm run`: stdin read a line at a time without
 * blocking the thread, so the other processes (their timers, the real clock) go on while one waits
 * for a line. The lines are cut by the CLI's LineReader (`\n` or `\r\n`, empty lines kept, long
 * lines cut); the stream is read only while a line is wanted, so nothing is read ahead and an
 * application that never reads never holds stdin open.
 */
import type { Readable } from 'node:stream';
import { LineReader } from './line-reader.js';

/** Thrown by the chunk source when no chunk has come yet: the LineReader keeps what it holds and is asked again later. */
class NothingYet extends Error {}

/** A byte stream; a socket or terminal (stdin as a pipe or a TTY) can also stop keeping Node running (`unref`). */
export type InputStream = Readable & { ref?(): unknown; unref?(): unknown };

/** Lines of a byte stream, read on demand. */
export class StreamLines {
  readonly #chunks: Uint8Array[] = [];
  #ended = false;
  #attached = false;
  #arrived: (() => void) | undefined;
  /** Each read starts after the previous one has its line: two processes reading at once get one line each. */
  #last: Promise<unknown> = Promise.resolve();
  readonly #lines = new LineReader(() => this.#nextChunk());
  readonly #onData = (chunk: Buffer | string): void => {
    this.#chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    this.#idle(); // one chunk at a time: nothing piles up while no line is wanted
    this.#wake();
  };
  readonly #onEnd = (): void => {
    this.#ended = true; // an unreadable stdin (closed, a directory) is an empty one
    this.#wake();
  };

  /** Reads `stream`; `beforeWait` runs each time a read has to wait (to flush a prompt). */
  constructor(
    private readonly stream: InputStream,
    private readonly beforeWait: () => void,
  ) {}

  /** The next line without its end of line; null at the end of the input. */
  readLine(): Promise<string | null> {
    const line = this.#last.then(() => this.#read());
    this.#last = line.catch(() => undefined);
    return line;
  }

  /** Stops reading: the stream no longer keeps Node running. */
  close(): void {
    this.stream.off('data', this.#onData);
    this.#idle();
  }

  async #read(): Promise<string | null> {
    for (;;) {
      try {
        return this.#lines.readLine();
      } catch (error) {
        if (!(error instanceof NothingYet)) throw error;
      }
      this.beforeWait();
      await new Promise<void>((resolve) => {
        this.#arrived = resolve;
        this.#attach();
        this.stream.ref?.(); // a process waits for this line: Node keeps running until it comes
        this.stream.resume();
      });
    }
  }

  #nextChunk(): Uint8Array | null {
    const chunk = this.#chunks.shift();
    if (chunk !== undefined) return chunk;
    if (this.#ended) return null;
    throw new NothingYet();
  }

  /** Stops reading; a paused pipe would still keep Node running, so it is unreferenced too. */
  #idle(): void {
    this.stream.pause();
    this.stream.unref?.();
  }

  #wake(): void {
    const arrived = this.#arrived;
    this.#arrived = undefined;
    arrived?.();
  }

  #attach(): void {
    if (this.#attached) return;
    this.#attached = true;
    this.stream.on('data', this.#onData).on('end', this.#onEnd).on('error', this.#onEnd);
  }
}
