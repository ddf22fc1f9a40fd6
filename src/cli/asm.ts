/** `exvm asm`: assemble an `.exa` file into an `.exb` image. */
import type { LibraryDescription } from '../asm/index.js';
import { encodeImage } from '../image/index.js';
import { exvmHostDescription } from '../vmc/vms/exvm.js';
import { bufferedEnvironment } from '../stdlib/index.js';
import { writeOutput } from './files.js';
import { loadLibraries } from './libraries.js';
import { assembleFile } from './program-file.js';
import { ExitCode } from './report.js';

/** Options of `exvm asm`. */
export interface AsmOptions {
  readonly output?: string;
  readonly lib: readonly string[];
  /** False with `--no-debug`: leave source positions out of the image. */
  readonly debug: boolean;
}

/** `prog.exa` -> `prog.exb` (an unknown extension gets `.exb` appended). */
export function imagePathFor(source: string): string {
  return source.toLowerCase().endsWith('.exa') ? `${source.slice(0, -4)}.exb` : `${source}.exb`;
}

/** Assembles `file` and writes the image; returns the process exit code. */
export async function asmCommand(file: string, options: AsmOptions): Promise<number> {
  // Only the libraries' names matter here; the environment is never called.
  const libraries = await loadLibraries(options.lib, bufferedEnvironment());
  return writeImage(file, libraries.description, options);
}

/** `exvm vmc asm`: assembles `file` for the exvm connector VM, whose guests see the `host`, `str` and `math` libraries. */
export function vmcAsmCommand(file: string, options: Omit<AsmOptions, 'lib'>): number {
  return writeImage(file, exvmHostDescription, options);
}

function writeImage(file: string, description: LibraryDescription, options: Omit<AsmOptions, 'lib'>): number {
  const program = assembleFile(file, description, options.debug);
  writeOutput(options.output ?? imagePathFor(file), encodeImage(program), file);
  return ExitCode.Ok;
}
