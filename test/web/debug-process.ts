/** Runs `exvm debug` as a child process and hands back the URL it prints. */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { repoPath } from '../helpers/paths.js';

/** A running `exvm debug`. */
export interface DebugProcess {
  /** The printed URL, with its token. */
  readonly url: string;
  /** The URL's origin (no token). */
  readonly origin: string;
  /** What it printed up to the end of the line after the URL (the start message). */
  readonly banner: string;
  /** Stops it (SIGINT, like Ctrl+C) and resolves with its exit code. */
  stop(): Promise<number | null>;
}

/** Starts `exvm debug ARGS...` and waits for its URL. */
export function startDebug(args: readonly string[]): Promise<DebugProcess> {
  const child: ChildProcess = spawn(process.execPath, [repoPath('dist/src/cli/main.js'), 'debug', ...args], { cwd: repoPath(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/.exec(output)?.[0];
      // The start message is two lines written at once: wait for both.
      if (url === undefined || !/\n[^\n]*\n/.test(output.slice(output.indexOf(url)))) return;
      resolve({
        url,
        banner: output,
        origin: new URL(url).origin,
        stop: () =>
          new Promise((done) => {
            child.once('exit', (code) => done(code));
            child.kill('SIGINT');
          }),
      });
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`exvm debug exited with ${code}: ${output}`)));
  });
}
