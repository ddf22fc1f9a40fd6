/**
 * Synchronous process I/O for the guest: the machine runs synchronously, so stdout is written with
 * `fs.writeSync` (buffered, flushed before every read and at exit) and stdin is read line by line
 * with `fs.readSync`. Both retry on EAGAIN, which a non-blocking pipe reports when it is full or empty.
 */
import { readSync, writeSync } from 'node:fs';
import type { StdEnvironment } from '../stdlib/index.js';

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread briefly before retrying a would-block read or write. */
function pause(): void {
  Atomics.wait(sleepCell, 0, 0, 2);
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** A buffered writer to a file descriptor. A closed pipe (EPIPE) silently discards further output. */
export class FdWriter {
  #chunks: Uint8Array[] = [];
  #size = 0;
  #closed = false;

  /** Buffers up to `limit` bytes before writing to `fd`. */
  constructor(
    private readonly fd: number,
    private readonly limit = 1 << 16,
  ) {}

  /** Queues bytes (copied), writing them out once the buffer is full. */
  write(bytes: Uint8Array): void {
    this.#chunks.push(bytes.slice());
    this.#size += bytes.length;
    if (this.#size >= this.limit) this.flush();
  }

  /** Queues text as UTF-8. */
  writeText(text: string): void {
    this.write(Buffer.from(text, 'utf8'));
  }

  /** Writes out everything queued. */
  flush(): void {
    const bytes = Buffer.concat(this.#chunks);
    this.#chunks = [];
    this.#size = 0;
    let at = 0;
    while (at < bytes.length && !this.#closed) {
      try {
        at += writeSync(this.fd, bytes, at, bytes.length - at);
      } catch (error) {
        const code = errorCode(error);
        if (code === 'EAGAIN') pause();
        else if (code === 'EPIPE') this.#closed = true;
        else throw error;
      }
    }
  }
}

/** Reads lines from a file descriptor synchronously; `beforeRead` runs before each blocking read. */
export class FdLineReader {
  #buffer: Buffer = Buffer.alloc(0);
  #eof = false;
  readonly #chunk = Buffer.alloc(1 << 16);

  /** Reads from `fd`, calling `beforeRead` (e.g. to flush a prompt) before each read. */
  constructor(
    private readonly fd: number,
    private readonly beforeRead: () => void = () => {},
  ) {}

  /** The next line without its `\n` or `\r\n`; null at end of input. */
  readLine(): string | null {
    for (;;) {
      const newline = this.#buffer.indexOf(0x0a);
      if (newline >= 0) return this.#take(newline, newline + 1);
      if (this.#eof) return this.#buffer.length > 0 ? this.#take(this.#buffer.length, this.#buffer.length) : null;
      this.#fill();
    }
  }

  #take(end: number, next: number): string {
    const line = this.#buffer.toString('utf8', 0, end);
    this.#buffer = this.#buffer.subarray(next);
    return line.endsWith('\r') ? line.slice(0, -1) : line;
  }

  #fill(): void {
    this.beforeRead();
    for (;;) {
      try {
        const read = readSync(this.fd, this.#chunk, 0, this.#chunk.length, null);
        if (read === 0) this.#eof = true;
        else this.#buffer = Buffer.concat([this.#buffer, this.#chunk.subarray(0, read)]);
        return;
      } catch (error) {
        const code = errorCode(error);
        if (code === 'EAGAIN') pause();
        else if (code === 'EOF') {
          this.#eof = true;
          return;
        } else throw error;
      }
    }
  }
}

/** The standard libraries' environment over this process: stdout, stdin, the wall clock. */
export interface ProcessEnvironment extends StdEnvironment {
  /** Writes out buffered guest output. */
  flush(): void;
}

/** The process's standard output, buffered. Everything the CLI prints goes through it or `stderr`. */
export const stdout = new FdWriter(1);
/** The process's standard error, buffered (traces can be long); flushed before the CLI exits. */
export const stderr = new FdWriter(2);

/** Builds the environment for a guest run by the CLI, with `args` as its program arguments. */
export function processEnvironment(args: readonly string[]): ProcessEnvironment {
  const stdin = new FdLineReader(0, () => stdout.flush());
  return {
    write: (bytes) => stdout.write(bytes),
    readLine: () => stdin.readLine(),
    args,
    now: () => Date.now(),
    flush: () => stdout.flush(),
  };
}
