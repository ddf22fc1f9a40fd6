/** The `exvm` command line: its commands, options and help, declared with commander. */
import { Command, Option } from 'commander';
import { asmCommand, vmcAsmCommand } from './asm.js';
import { BOOT_HELP, bootCommand } from './boot.js';
import { collect, wholeNumber } from './arguments.js';
import { disasmCommand } from './disasm.js';
import { stderr, stdout } from './node-io.js';
import { MAX_LINE_BYTES } from './line-reader.js';
import { EXIT_CODES_HELP } from './report.js';
import { Revision } from '../vmc/constants.js';
import type { VmcRunOptions } from './vmc-run.js';
import type { VmtesterOptions } from './vmtester.js';
import { runCommand } from './run.js';
import { debugCommand } from './debug.js';
import type { DebugOptions } from './debug.js';
import { packageVersion } from './package-info.js';
import { parseRevision } from './vmc-names.js';
import { vmcRunCommand } from './vmc-run.js';
import { vmtesterCommand } from './vmtester.js';
import type { TierName } from '../machine/compiled/tier.js';
import { TIERS } from '../machine/compiled/tier.js';

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

/** How `exvm run app.toml` runs an application, for `exvm run --help`. */
const RUN_APP_HELP = [
  'Applications:',
  '  A .toml file describes plugins (standard: int, str, com, run; or modules by path) and processes',
  '  (code, scheduler, sequencer, quotas); see docs/plugins.md. Its output goes to stdout. Exit codes:',
  '  0 every process ended normally; 70 a process was interrupted, failed or could never finish (its',
  '  report on stderr); 1 the application cannot boot (one line naming the file and the key).',
].join('\n');

/** What `exvm vmc run` prints and how CODE is read, for its help. */
const VMC_RUN_HELP = [
  'Output (the format of EVMC\'s tool):',
  '  Executing on <revision> with <gas> gas limit, an empty line, then',
  '  Result:   <status>   Gas used: <n>   Output:   <hex> (Output only for success and revert);',
  '  --bench adds Time: <mean> ns (avg of <n> iterations) and a WARNING line if runs differ.',
  '  --create executes CODE as a CREATE for 0xc9ea7ed000000000000000000000000000000001 with 10000000 gas first.',
  'The default VM is exvm, the exvm machine as a connector VM: CODE is a program image (.exb, or .exa',
  'assembled against the host library). The example VMs take hex bytecode: --vm example_vm.',
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
    .description('run a program: .exa assembly (assembled on the fly) or an .exb image; guest output goes to stdout. An application (.toml: plugins and processes, docs/plugins.md) runs its processes')
    .argument('<file>', 'the program (.exa or .exb), or an application (.toml)')
    .argument('[args...]', 'program arguments (put them after --)')
    .option('--gas <n>', 'gas available to the program (default: unlimited)', wholeNumber(0))
    .option('--max-steps <n>', 'stop after n instructions (exit code 71)', wholeNumber(0))
    .option('--trace', 'write one JSON trace line per instruction to stderr')
    .addOption(new Option('--tier <tier>', 'execution tier: the interpreter, code compiled to JavaScript, or auto (hot code compiled); all give identical results').choices(TIERS).default('auto'))
    .addOption(libOption())
    .addHelpText('after', `\n${LIBRARIES_HELP}\n\n${RUN_IO_HELP}\n\n${RUN_APP_HELP}\n`)
    .action(async (file: string, args: string[], options: { gas?: number; maxSteps?: number; trace?: boolean; tier?: TierName; lib: string[] }) => {
      done(await runCommand(file, args, options));
    });

  program
    .command('debug')
    .description('debug a program in the browser: starts it paused and serves the web debugger on 127.0.0.1 (see docs/debugger.md)')
    .argument('<file>', 'the program (.exa or .exb), an application (.toml with [plugins] and [[process]]) or a VM config (.toml with [base] and [kernel])')
    .argument('[args...]', 'program arguments (put them after --)')
    .option('--port <n>', 'the port to serve on (default: any free port)', wholeNumber(0))
    .option('--gas <n>', 'gas available to the program (default: unlimited)', wholeNumber(0))
    .option('--input <text>', 'what the program reads as standard input (default: nothing)')
    .addOption(libOption())
    .addHelpText('after', `\n${LIBRARIES_HELP}\n`)
    .action(async (file: string, args: string[], options: DebugOptions) => {
      done(await debugCommand(file, args, options));
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

  const vmc = program.command('vmc').description('the Host-VM connector (ZVMC, DVMC): run code on a connector VM');
  vmc
    .command('asm')
    .description('assemble an .exa file into an .exb image for the exvm connector VM (its guests call the host, str and math libraries)')
    .argument('<file>', 'the assembly source (.exa)')
    .option('-o, --output <file>', 'the image to write (default: FILE with .exb)')
    .option('--no-debug', 'leave source positions out of the image')
    .action((file: string, options: { output?: string; debug: boolean }) => {
      done(vmcAsmCommand(file, options));
    });
  vmc
    .command('run')
    .description('execute code on a connector VM against a mocked host and print the result, gas used and output')
    .argument('<code>', 'hex (0x optional), @FILE of hex, or a program file (.exa assembled with the exvm host library, or .exb)')
    .option('--vm <config>', 'the VM: a built-in name (exvm, example_vm, trans_log_vm) or a module path, with options: path(,name[=value])*', 'exvm')
    .addOption(new Option('--rev <revision>', 'the revision: a name (Shanghai, London, ...) or its number').argParser(parseRevision).default(Revision.Shanghai, 'Shanghai'))
    .option('--gas <n>', 'gas limit of the execution', wholeNumber(0), 1_000_000)
    .option('--input <hex>', 'input data: hex or @FILE of hex')
    .option('--create', 'execute as a CREATE first, install the output as code of the created account, then call it')
    .option('--bench', 'repeat the execution for about a second and print the mean time per execution')
    .option('--trace', "write one JSON line per guest instruction to stderr, with the message's depth (VMs with a tracing hook: exvm)")
    .addHelpText('after', `\n${VMC_RUN_HELP}\n`)
    .action(async (code: string, options: VmcRunOptions) => {
      done(await vmcRunCommand(code, options));
    });

  program
    .command('vmtester')
    .description('run the conformance checks on a connector VM; exit 0 only if all pass')
    .argument('<config>', 'the VM: a built-in name or a module path, with options: path(,name[=value])*')
    .addOption(new Option('--bad-value <name=value>', 'a known option and a value it must reject with INVALID_VALUE; repeatable').argParser(collect).default([], 'none'))
    .option('--code <hex>', 'a small code the VM accepts, executed besides empty code: hex or @FILE of hex')
    .option('--rev <revision>', 'the revision to execute in (default: Shanghai)', parseRevision)
    .action(async (config: string, options: VmtesterOptions) => {
      done(await vmtesterCommand(config, options));
    });

  program
    .command('boot')
    .description('boot hypervisor VMs from their TOML configs, run all their vCPUs until every VM has shut down; consoles go to stdout, prefixed with the VM name')
    .argument('<configs...>', 'the VM configs (.toml)')
    .option('--threads', 'run each vCPU on its own worker thread, in parallel (default: all on one thread, round-robin, deterministic)')
    .option('--timeout <seconds>', 'stop the VMs still running after this many seconds, shutting them down (exit code 124)', wholeNumber(1))
    .addHelpText('after', `\n${BOOT_HELP}\n`)
    .action(async (configs: string[], options: { threads?: boolean; timeout?: number }) => {
      done(await bootCommand(configs, options));
    });

  return program;
}
