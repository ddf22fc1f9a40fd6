/**
 * What the `com` plugin needs from its host: whole-file reads and writes (console input comes from
 * the runtime's input, `svm_machine_input`). The command line gives a Node host (files relative
 * to the application); `memoryComHost` keeps files in memory (tests, browsers).
 */

/** The host side of the `com` devices. Methods throw an Error whose message says what failed. */
export interface ComHost {
  /** The whole text of the file `path`. */
  readFile(path: string): string;
  /** Writes `text` to the file `path`: replaces its content, or appends when `append`. */
  writeFile(path: string, text: string, append: boolean): void;
}

/** A host with in-memory files (`files`, changed in place). */
export function memoryComHost(files: Map<string, string>): ComHost {
  return {
    readFile: (path) => {
      const text = files.get(path);
      if (text === undefined) throw new Error(`no file ${path}`);
      return text;
    },
    writeFile: (path, text, append) => void files.set(path, (append ? (files.get(path) ?? '') : '') + text),
  };
}
