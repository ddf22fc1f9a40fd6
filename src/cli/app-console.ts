/**
 * The console of an application under `exvm run`: its output goes to stdout, buffered and flushed
 * whenever the run gives Node's event loop a turn (a process waiting for input, a timer of the real
 * clock), so output shows up while the application runs; its input is stdin, read line by line
 * without blocking the other processes.
 */
import { StreamLines } from './app-stdin.js';
import { stdout } from './node-io.js';

/** The console's output, input, and `close` to call when the run is over. */
export interface AppConsole {
  output(text: string): void;
  input(): Promise<string | null>;
  close(): void;
}

/** Flushes stdout; a failure (a closed pipe) is kept by stdout and reported by its next write or `check()`. */
function flushQuietly(): void {
  try {
    stdout.flush();
  } catch {
    // kept: the run stops at the application's next output, the command reports it after the run
  }
}

/** The console over this process's stdin and stdout. */
export function nodeConsole(): AppConsole {
  let stdin: StreamLines | undefined; // process.stdin is only touched by an application that reads
  let flushing = false;
  return {
    output: (text) => {
      stdout.writeText(text);
      if (flushing) return;
      flushing = true;
      setImmediate(() => {
        flushing = false;
        flushQuietly();
      });
    },
    input: () => (stdin ??= new StreamLines(process.stdin, flushQuietly)).readLine(),
    close: () => stdin?.close(),
  };
}
