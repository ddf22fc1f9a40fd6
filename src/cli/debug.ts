/**
 * `exvm debug FILE`: load the program paused, serve the web debugger on 127.0.0.1 and print the URL
 * with its token; serve until interrupted (Ctrl+C).
 */
import { existsSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { looksLikeImage } from '../image/index.js';
import type { Program } from '../image/program.js';
import { ErrorCode, ExvmError } from '../errors.js';
import { Journal } from '../debug/journal.js';
import { ProgramTarget } from '../debug/program-target.js';
import { DebugSession } from '../debug/session.js';
import { startDebugServer } from '../debug/node/server.js';
import { readInput, readText } from './files.js';
import { loadLibraries } from './libraries.js';
import { stdout } from './node-io.js';
import { loadProgram } from './program-file.js';
import { errorReason } from '../messages.js';

/** Options of `exvm debug`. */
export interface DebugOptions {
  readonly port?: number;
  readonly gas?: number;
  /** Text the program reads as standard input. */
  readonly input?: string;
  readonly lib: readonly string[];
}

/** The built page: web/dist at the package root (this file is dist/src/cli/debug.js). */
const PAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

/** The assembly source to show: the file itself, or the source an image's debug info names, if it can be read. */
function sourceOf(file: string, bytes: Uint8Array, program: Program): string | null {
  const isImage = extname(file).toLowerCase() === '.exb' || looksLikeImage(bytes);
  if (!isImage) return readText(file);
  if (program.debug === undefined) return null;
  // The assembler records the source as it was named: relative to the image, or to where it was assembled.
  const named = [resolve(dirname(file), program.debug.source), resolve(program.debug.source)].find((path) => existsSync(path));
  return named === undefined ? null : readText(named);
}

/** Resolves when the process is asked to stop. */
function interrupted(): Promise<void> {
  return new Promise((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
}

/** Debugs `file` with program arguments `args`; returns the exit code once the server stops. */
export async function debugCommand(file: string, args: readonly string[], options: DebugOptions): Promise<number> {
  if (extname(file).toLowerCase() === '.toml') {
    throw new ExvmError(ErrorCode.Usage, `${file}: debugging applications and VM configs (.toml) is not supported yet; give an assembly file (.exa) or a program image (.exb)`);
  }
  const journal = new Journal(options.input ?? '', args);
  const libraries = await loadLibraries(options.lib, journal);
  const program = loadProgram(file, libraries.description);
  const name = program.debug?.source ?? file;
  let target: ProgramTarget;
  try {
    const source = sourceOf(file, readInput(file), program);
    target = new ProgramTarget({ program, source, name, libraries: libraries.implementations, journal, gas: options.gas });
  } catch (error) {
    // The Machine constructor throws RangeError only for a program that cannot be loaded (e.g. data past memory).
    if (error instanceof RangeError) throw new ExvmError(ErrorCode.Image, `${file}: ${error.message}`);
    throw error;
  }
  if (!existsSync(resolve(PAGE_ROOT, 'index.html'))) throw new ExvmError(ErrorCode.File, `the debugger page is not built (${PAGE_ROOT}): run npm run build`);
  const session = new DebugSession(target);
  const server = await startDebugServer(session, { port: options.port, pageRoot: PAGE_ROOT }).catch((error: unknown) => {
    throw new ExvmError(ErrorCode.Usage, `cannot serve on 127.0.0.1:${options.port ?? 0}: ${errorReason(error)}`);
  });
  stdout.writeText(`exvm debug: ${file} is paused at its start; open ${server.url}\n(the token in the URL is needed once per browser; press Ctrl+C to stop)\n`);
  stdout.flush();
  await interrupted();
  await server.close();
  return 0;
}
