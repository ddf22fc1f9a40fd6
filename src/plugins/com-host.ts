/**
 * What the `com` plugin needs from its host: console input and whole-file reads and writes. The
 * command line gives a Node host (files relative to the application, stdin); `memoryComHost`
 * keeps everything in memory (tests, browsers).
 */

/** The host side of the `com` devices. Methods throw an Error whose message says what failed. */
export interface ComHost {
  /** The next line of console input (without its newline), or null at the end of the input. */
  readLine(): string | null;
  /** The whole text of the file `path`. */
  readFile(path: string): string;
  /** Writes `text` to the file `path`: replaces its content, or appends when `append`. */
  writeFile(path: string, text: string, append: boolean): void;
}

/** A host with in-memory files (`files`, changed in place) and console input lines. */
export function memoryComHost(files: Map<string, string>, input: readonly string[] = []): ComHost {
  const lines = [...input];
  return {
    readLine: () => lines.shift() ?? null,
    readFile: (path) => {
      const text = files.get(path);
      if (text === undefined) throw new Error(`no file ${path}`);
      return text;
    },
    writeFile: (path, text, append) => void files.set(path, (append ? (files.get(path) ?? '') : '') + text),
  };
}
