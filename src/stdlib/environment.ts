/**
 * The host services the standard libraries need, kept abstract so the libraries run anywhere:
 * the CLI backs them with the process's stdin/stdout, tests and the browser with buffers.
 */

/** What the standard libraries ask of their host. */
export interface StdEnvironment {
  /** Writes guest output (raw bytes, usually UTF-8). */
  write(bytes: Uint8Array): void;
  /** Reads one line of input without its line terminator; null at end of input. */
  readLine(): string | null;
  /** The program's arguments (`sys.argc`, `sys.arg`). */
  readonly args: readonly string[];
  /** Milliseconds since some fixed origin (`sys.time_ms`). */
  now(): number;
}

/** An environment that reads from a fixed string and records everything written. */
export interface BufferedEnvironment extends StdEnvironment {
  /** Everything written so far, decoded as UTF-8. */
  output(): string;
  /** Everything written so far, as raw bytes. */
  outputBytes(): Uint8Array;
}

/** Splits text into lines the way a terminal delivers them: `\n` or `\r\n` ends a line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/** Builds an environment whose input is `input` and whose output is recorded in memory. */
export function bufferedEnvironment(input = '', args: readonly string[] = [], now: () => number = () => Date.now()): BufferedEnvironment {
  const lines = splitLines(input);
  let nextLine = 0;
  const chunks: Uint8Array[] = [];
  const outputBytes = (): Uint8Array => {
    const all = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
    let at = 0;
    for (const chunk of chunks) {
      all.set(chunk, at);
      at += chunk.length;
    }
    return all;
  };
  return {
    write: (bytes) => void chunks.push(bytes.slice()),
    readLine: () => (nextLine < lines.length ? lines[nextLine++] : null),
    args,
    now,
    outputBytes,
    output: () => new TextDecoder().decode(outputBytes()),
  };
}
