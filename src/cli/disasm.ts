/** `exvm disasm`: turn an `.exb` image back into assembly that reassembles to the same program. */
import { disassemble } from '../asm/index.js';
import { readInput, writeOutput } from './files.js';
import { stdout } from './node-io.js';
import { decodeImageFile } from './program-file.js';
import { ExitCode } from './report.js';

/** Options of `exvm disasm`. */
export interface DisasmOptions {
  readonly output?: string;
}

/** Disassembles `file` to `options.output` or stdout; returns the process exit code. */
export function disasmCommand(file: string, options: DisasmOptions): number {
  const text = disassemble(decodeImageFile(file, readInput(file)));
  if (options.output === undefined) stdout.writeText(text);
  else writeOutput(options.output, text, file);
  return ExitCode.Ok;
}
