/**
 * Synchronous process I/O for the guest: the machine runs synchronously, so stdout is written with
 * `fs.writeSync` (buffered, flushed before every read and at exit) and stdin is read line by line
 * with `fs.readSync`. Both retry on EAGAIN, which a non-blocking pipe reports when it is full or empty.
 */
import { readSync, writeSync } from 'node:fs';
import { ErrorCode, ExvmError } from '../errors.js';
import type { StdEnvironment } from '../stdlib/index.js';
import { reason } from './files.js';
import { LineReader } from './line-reader.js';

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread briefly before retrying a would-block read or write. */
function pause(): void {
  Atomics.wait(sleepCell, 0, 0, 2);
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** The reader of an output went away (EPIPE), as with `exvm run prog.exa | head -1`: time to stop quietly. */
export class OutputClosed extends Error {
  /** `stream` is the closed output's name (`stdout`, `stderr`). */
  constructor(readonly stream: string) {
    super(`${stream} was closed`);
    this.name = 'OutputClosed';
  }
}

/**
 * A buffered writer to a file descriptor. Once a write fails (OutputClosed for a closed pipe, an
 * ExvmError naming the reason otherwise) every later write throws the same error, so a guest that
 * keeps printing is stopped at its next output.
 */
export class FdWriter {
  #chunks: Uint8Array[] = [];
  #size = 0;
  #failure: Error | undefined;

  /** Buffers up to `limit` bytes before writing to `fd`, called `name` in messages. */
  constructor(
    private readonly fd: number,
    private readonly name: string,
    private readonly limit = 1 << 16,
  ) {}

  /** Queues bytes (copied), writing them out once the buffer is full. */
  write(bytes: Uint8Array): void {
    this.check();
    this.#chunks.push(bytes.slice());
    this.#size += bytes.length;
    if (this.#size >= this.limit) this.flush();
  }

  /** Queues text as UTF-8. */
  writeText(text: string): void {
    this.write(Buffer.from(text, 'utf8'));
  }

  /** Throws the error that broke this output, if a write has failed. */
  check(): void {
    if (this.#failure) throw this.#failure;
  }

  /** Writes out everything queued; throws (and keeps throwing) if the output is broken. */
  flush(): void {
    const bytes = Buffer.concat(this.#chunks);
    this.#chunks = [];
    this.#size = 0;
    let at = 0;
    while (at < bytes.length) {
      try {
        at += writeSync(this.fd, bytes, at, bytes.length - at);
      } catch (error) {
        const code = errorCode(error);
        if (code !== 'EAGAIN') {
          this.#failure = code === 'EPIPE' ? new OutputClosed(this.name) : new ExvmError(ErrorCode.File, `cannot write to ${this.name}: ${reason(error)}`);
          throw this.#failure;
        }
        pause();
      }
    }
  }
}

/** The next chunk read from `fd` (a copy), or null at end of input; `beforeRead` runs before each read. */
function fdChunks(fd: number, beforeRead: () => void): () => Uint8Array | null {
  const chunk = Buffer.alloc(1 << 16);
  return () => {
    beforeRead();
    for (;;) {
      try {
        const read = readSync(fd, chunk, 0, chunk.length, null);
        return read === 0 ? null : chunk.subarray(0, read).slice();
      } catch (error) {
        const code = errorCode(error);
        if (code === 'EOF') return null;
        if (code !== 'EAGAIN') throw error;
        pause();
      }
    }
  };
}

/** The process's standard output, buffered. Everything the CLI prints goes through it or `stderr`. */
export const stdout = new FdWriter(1, 'stdout');
/** The process's standard error, buffered (traces can be long); flushed before the CLI exits. */
export const stderr = new FdWriter(2, 'stderr');

/** The standard libraries' environment over this process (stdout, stdin, the wall clock), with `args` as the program arguments. */
export function processEnvironment(args: readonly string[]): StdEnvironment {
  const stdin = new LineReader(fdChunks(0, () => stdout.flush()));
  return {
    write: (bytes) => stdout.write(bytes),
    readLine: () => stdin.readLine(),
    args,
    now: () => Date.now(),
  };
}
