/** The `exvm` command line: its commands, options and help, declared with commander. */
import { Command, Option } from 'commander';
import { asmCommand } from './asm.js';
import { collect, wholeNumber } from './arguments.js';
import { disasmCommand } from './disasm.js';
import { stderr, stdout } from './node-io.js';
import { MAX_LINE_BYTES } from './line-reader.js';
import { EXIT_CODES_HELP } from './report.js';
import { runCommand } from './run.js';
import { packageVersion } from './package-info.js';

/** Receives the exit code of the command that ran. */
export type ExitSink = (code: number) => void;

/** Prefixes every line of a commander message with `exvm: ` (dropping commander's own `error: `). */
function prefixed(message: string): string {
  return message
    .trimEnd()
    .split('\n')
    .map((line) => `exvm: ${line.replace(/^error: /, '')}`)
    .join('\n')
    .concat('\n');
}

function libOption(): Option {
  return new Option('--lib <file>', 'native libraries: a description (.json) or a module (.js/.mjs) exporting `libraries`; repeatable (see Libraries below)').argParser(collect).default([], 'none');
}

/** Where `--lib` libraries go, for the help of the commands that take `--lib`. */
const LIBRARIES_HELP = [
  'Libraries:',
  '  The libraries of the --lib files come first, in the order given, so the first file\'s positional',
  '  libraries are 0, 1, ... (`ncall 0.func2`); then come the standard io, str, math and sys, which',
  '  programs and images name (`ncall io.print_int`), so their position does not matter.',
].join('\n');

/** How `exvm run` connects the program to the process, for `exvm run --help`. */
const RUN_IO_HELP = [
  'Input and output:',
  '  The program\'s output goes to stdout, buffered: it is flushed before each read of stdin and at exit.',
  `  io.read_line reads stdin a line at a time; a line longer than ${MAX_LINE_BYTES / 2 ** 20} MiB arrives in pieces of that size.`,
  '  If stdout is closed by its reader (`exvm run prog.exa | head -1`), the program is stopped quietly',
  '  with exit code 141; so is a --trace run whose stderr is closed.',
  '  --trace writes JSON lines; NaN, Infinity, -Infinity and -0 on the stack are written as the strings',
  '  "NaN", "Infinity", "-Infinity" and "-0".',
].join('\n');

/** Builds the `exvm` command; each action reports its exit code to `done`. Errors propagate to the caller. */
export function exvmCommand(done: ExitSink): Command {
  const program = new Command('exvm')
    .description('exvm: an extensible bytecode virtual machine')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => stdout.writeText(text),
      writeErr: (text) => stderr.writeText(text),
      outputError: (text, write) => write(prefixed(text)),
    })
    .addHelpText('after', `\n${EXIT_CODES_HELP}\n`);

  program
    .command('run')
    .description('run a program: .exa assembly (assembled on the fly) or an .exb image; guest output goes to stdout')
    .argument('<file>', 'the program (.exa or .exb)')
    .argument('[args...]', 'program arguments (put them after --)')
    .option('--gas <n>', 'gas available to the program (default: unlimited)', wholeNumber(0))
    .option('--max-steps <n>', 'stop after n instructions (exit code 71)', wholeNumber(0))
    .option('--trace', 'write one JSON trace line per instruction to stderr')
    .addOption(libOption())
    .addHelpText('after', `\n${LIBRARIES_HELP}\n\n${RUN_IO_HELP}\n`)
    .action(async (file: string, args: string[], options: { gas?: number; maxSteps?: number; trace?: boolean; lib: string[] }) => {
      done(await runCommand(file, args, options));
    });

  program
    .command('asm')
    .description('assemble an .exa file into an .exb image')
    .argument('<file>', 'the assembly source (.exa)')
    .option('-o, --output <file>', 'the image to write (default: FILE with .exb)')
    .addOption(libOption())
    .option('--no-debug', 'leave source positions out of the image')
    .addHelpText('after', `\n${LIBRARIES_HELP}\n`)
    .action(async (file: string, options: { output?: string; lib: string[]; debug: boolean }) => {
      done(await asmCommand(file, options));
    });

  program
    .command('disasm')
    .description('disassemble an .exb image into assembly')
    .argument('<file>', 'the image (.exb)')
    .option('-o, --output <file>', 'write the assembly here instead of stdout')
    .action((file: string, options: { output?: string }) => {
      done(disasmCommand(file, options));
    });

  return program;
}
