/** Loading a program from the command line: `.exa` assembly is assembled, an `.exb` image decoded. */
import { extname } from 'node:path';
import type { LibraryDescription } from '../asm/index.js';
import { assemble } from '../asm/index.js';
import { decodeImage, looksLikeImage } from '../image/index.js';
import type { Program } from '../image/program.js';
import { ExvmError, ImageError } from '../errors.js';
import { readInput } from './files.js';

function assembleBytes(file: string, bytes: Uint8Array, libraries: LibraryDescription, debug: boolean): Program {
  return assemble(Buffer.from(bytes).toString('utf8'), { file, libraries, debug });
}

/** Decodes the image bytes of `file`; an invalid image's error names the file. */
export function decodeImageFile(file: string, bytes: Uint8Array): Program {
  try {
    return decodeImage(bytes);
  } catch (error) {
    if (error instanceof ImageError) throw new ExvmError(error.code, `${file}: ${error.message}`);
    throw error;
  }
}

/** Assembles the `.exa` file `file` against `libraries`; throws AsmError with every diagnostic. */
export function assembleFile(file: string, libraries: LibraryDescription, debug: boolean): Program {
  return assembleBytes(file, readInput(file), libraries, debug);
}

/** Loads `file` as an image (by `.exb` extension or magic number), otherwise as assembly with debug info. */
export function loadProgram(file: string, libraries: LibraryDescription): Program {
  const bytes = readInput(file);
  const isImage = extname(file).toLowerCase() === '.exb' || looksLikeImage(bytes);
  return isImage ? decodeImageFile(file, bytes) : assembleBytes(file, bytes, libraries, true);
}
