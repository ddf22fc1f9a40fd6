/**
 * `exvm debug FILE`: load the program (or application, or VM config) paused, serve the web debugger
 * on 127.0.0.1 and print the one-time URL with its token; serve until interrupted (Ctrl+C).
 */
import { existsSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { looksLikeImage } from '../image/index.js';
import type { Program } from '../image/program.js';
import { ErrorCode, ExvmError } from '../errors.js';
import { Journal } from '../debug/journal.js';
import { ProgramTarget } from '../debug/program-target.js';
import { ApplicationTarget } from '../debug/application-target.js';
import { VmTarget } from '../debug/vm-target.js';
import type { DebugTarget } from '../debug/target.js';
import { loadPluginFile } from '../plugin/node/load-file.js';
import { standardPlugins } from '../plugins/index.js';
import type { AppLoader } from '../runtime/app.js';
import { bootApplicationPlugins, buildApplication } from '../runtime/app.js';
import { parseApplication } from '../runtime/app-config.js';
import { splitLines } from '../stdlib/environment.js';
import { loadVmConfig, loadVmImagesSync } from '../vmm/node/load-config.js';
import { hostMemoryFor } from '../vmm/node/vm-files.js';
import { nodeComHost } from './app-com-host.js';
import { isApplicationFile } from './app-run.js';
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

/** A VM config has [base] and [kernel] tables; an application has [plugins] and [[process]]. */
const VM_TABLE = /^\s*\[(base|kernel)\]\s*(#.*)?$/m;

/** The source text of `file` if it is assembly that can be read, else null. */
function assemblySource(file: string): string | null {
  if (!/\.(exa|asm)$/i.test(file) || !existsSync(file)) return null;
  return readText(file);
}

/** Console input lines from `input`, read again from its start after every `reset()` (a rebuild for step back). */
function replayableInput(input: string): { readonly read: () => string | null; reset(): void } {
  let lines: string[] = [];
  return { read: () => lines.shift() ?? null, reset: () => void (lines = splitLines(input)) };
}

/** The application target of the application file `file`, with `input` as its console input. Throws AppError, AsmError, RuntimeError. */
export async function applicationTargetOf(file: string, input: string): Promise<ApplicationTarget> {
  const description = parseApplication(readText(file), file);
  const folder = dirname(file);
  const located = (path: string): string => (isAbsolute(path) ? path : join(folder, path));
  const consoleInput = replayableInput(input);
  const loader: AppLoader = { display: located, readFile: (path) => readInput(located(path)), importPlugin: (path) => loadPluginFile(located(path)), standard: standardPlugins(nodeComHost(folder)) };
  const plugins = await bootApplicationPlugins(description, loader);
  return new ApplicationTarget({
    name: file,
    build: (output) => {
      consoleInput.reset();
      return buildApplication(description, plugins, loader, { output, input: consoleInput.read });
    },
    source: assemblySource,
  });
}

/** The VM target of the VM config `file`. Throws AxError. */
export async function vmTargetOf(file: string): Promise<VmTarget> {
  const config = await loadVmConfig(file);
  const images = loadVmImagesSync(config);
  return new VmTarget({ name: file, config, images, hostMemory: hostMemoryFor([config]), source: assemblySource(resolve(dirname(file), config.kernel.kernelPath)) });
}

/** The target of an application or a VM config file. */
async function tomlTarget(file: string, args: readonly string[], options: DebugOptions): Promise<DebugTarget> {
  const given = [...(args.length > 0 ? ['program arguments'] : []), ...(options.gas === undefined ? [] : ['--gas']), ...(options.lib.length > 0 ? ['--lib'] : [])];
  if (given.length > 0) throw new ExvmError(ErrorCode.Usage, `${file}: an application or a VM config (.toml) takes no ${given.join(', ')}: its file says everything`);
  if (VM_TABLE.test(readText(file))) {
    if (options.input !== undefined) throw new ExvmError(ErrorCode.Usage, `${file}: a VM config takes no --input: its guest reads its devices`);
    return vmTargetOf(file);
  }
  return applicationTargetOf(file, options.input ?? '');
}

/** The program target of an assembly file or an image. */
async function programTarget(file: string, args: readonly string[], options: DebugOptions): Promise<DebugTarget> {
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
  return target;
}

/** Debugs `file` (a program, an application or a VM config) with program arguments `args`; returns the exit code once the server stops. */
export async function debugCommand(file: string, args: readonly string[], options: DebugOptions): Promise<number> {
  const target = isApplicationFile(file) ? await tomlTarget(file, args, options) : await programTarget(file, args, options);
  if (!existsSync(resolve(PAGE_ROOT, 'index.html'))) throw new ExvmError(ErrorCode.File, `the debugger page is not built (${PAGE_ROOT}): run npm run build`);
  const session = new DebugSession(target);
  const server = await startDebugServer(session, { port: options.port, pageRoot: PAGE_ROOT }).catch((error: unknown) => {
    throw new ExvmError(ErrorCode.Usage, `cannot serve on 127.0.0.1:${options.port ?? 0}: ${errorReason(error)}`);
  });
  stdout.writeText(`exvm debug: ${file} is paused at its start; open ${server.url}\n(the URL works once, in one browser; other browsers join through the Invite button of an attached page; press Ctrl+C to stop)\n`);
  stdout.flush();
  await interrupted();
  await server.close();
  return 0;
}
