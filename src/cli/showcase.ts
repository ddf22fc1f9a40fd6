/**
 * `npm start`: runs every example program, each under a title with its output, so a newcomer sees
 * what exvm does in one screen. The machine examples run in-process on buffered input and output;
 * the other layers (hypervisor, applications, connector) run through the `exvm` command itself.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble, describeLibraries } from '../asm/index.js';
import { Machine } from '../machine/machine.js';
import { Status } from '../isa/status.js';
import { bufferedEnvironment, standardLibraries } from '../stdlib/index.js';
import { stdout } from './node-io.js';
import { packageRoot } from './package-info.js';
import { faultLine } from './report.js';

/** One example to show: its file, and the input and arguments it is given. */
interface Example {
  readonly name: string;
  readonly input?: string;
  readonly args?: readonly string[];
}

const EXAMPLES: readonly Example[] = [
  { name: 'hello' },
  { name: 'fib' },
  { name: 'sieve' },
  { name: 'strings' },
  { name: 'memory' },
  { name: 'input', input: 'Ada\n1\n2\nforty\n3\n4\n' },
  { name: 'args', args: ['one', 'two words', 'three'] },
];

/** One command of another layer to show: what it demonstrates and its `exvm` arguments. */
interface LayerCommand {
  readonly title: string;
  readonly args: readonly string[];
}

const LAYER_COMMANDS: readonly LayerCommand[] = [
  { title: 'hypervisor: a guest kernel with a UART, timer interrupts and a second vCPU', args: ['boot', 'examples/vmm/smp-ivc.toml'] },
  { title: 'hypervisor: two VMs talking over an IVC channel', args: ['boot', 'examples/vmm/ivc-publisher.toml', 'examples/vmm/ivc-subscriber.toml'] },
  { title: 'plugins: a big-integer type added by a plugin', args: ['run', 'examples/apps/bigint/app.toml'] },
  { title: 'plugins: producer and consumer processes under a round-robin scheduler', args: ['run', 'examples/apps/producer-consumer/app.toml'] },
  { title: 'connector: exvm as an EVMC-style VM against a mocked host', args: ['vmc', 'run', 'examples/connector/storage.exa'] },
];

const color = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
const style = (code: string) => (text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const bold = style('1');
const dim = style('2');
const cyan = style('36');
const WIDTH = 72;

/** The example's own summary: its first comment line, after "name.exa - ". */
function summary(source: string): string {
  const first = source.split('\n')[0] ?? '';
  return first.replace(/^;\s*\S+\.exa\s+-\s+/, '').replace(/^;\s*/, '');
}

/** How the example is invoked, shell-quoted, for the title. */
function commandLine(example: Example, file: string): string {
  const quote = (arg: string): string => (/^[\w./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`);
  const args = example.args && example.args.length > 0 ? ` -- ${example.args.map(quote).join(' ')}` : '';
  const input = example.input === undefined ? '' : `printf ${quote(example.input.replaceAll('\n', '\\n'))} | `;
  return `$ ${input}exvm run ${file}${args}`;
}

/** A section title padded with rules to the showcase's width. */
function heading(title: string): string {
  return bold(cyan(title + '─'.repeat(Math.max(3, WIDTH - title.length))));
}

/** Runs one command of another layer through the exvm command and returns the lines to show. */
function showCommand(command: LayerCommand): string {
  const main = join(packageRoot(), 'dist', 'src', 'cli', 'main.js');
  const result = spawnSync(process.execPath, [main, ...command.args], { cwd: packageRoot(), encoding: 'utf8', timeout: 60_000 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  return [
    heading(`── ${command.title} `),
    dim(`$ exvm ${command.args.join(' ')}`),
    output.endsWith('\n') || output === '' ? output.slice(0, -1) : output,
    dim(`  ↳ exit code ${result.status ?? result.signal ?? 'unknown'}`),
    '',
  ].join('\n');
}

/** Runs one example and returns the lines to show. */
function show(example: Example): string {
  const file = `examples/${example.name}.exa`;
  const source = readFileSync(join(packageRoot(), file), 'utf8');
  const env = bufferedEnvironment(example.input ?? '', example.args ?? []);
  const libraries = standardLibraries(env);
  const machine = new Machine(assemble(source, { file, libraries: describeLibraries(libraries) }), { libraries });
  const status = machine.run();
  const title = `── ${example.name}.exa: ${summary(source)} `;
  const ending = status === Status.Halted ? `exit code ${machine.exitCode}` : machine.fault ? faultLine(file, machine.program, machine.fault) : `stopped with status ${status}`;
  const output = env.output();
  return [
    heading(title),
    dim(commandLine(example, file)),
    output.endsWith('\n') || output === '' ? output.slice(0, -1) : output,
    dim(`  ↳ ${ending}, ${machine.instructionsExecuted} instructions, ${machine.gasUsed} gas`),
    '',
  ].join('\n');
}

stdout.writeText(`${bold('exvm showcase')}: the example programs in examples/, assembled and run\n\n`);
for (const example of EXAMPLES) stdout.writeText(`${show(example)}\n`);
stdout.writeText(`${bold('The other layers')}, through the exvm command:\n\n`);
stdout.flush();
for (const command of LAYER_COMMANDS) {
  stdout.writeText(`${showCommand(command)}\n`);
  stdout.flush();
}
stdout.writeText(`Run one yourself: ${bold('node dist/src/cli/main.js run examples/<name>.exa')}  (installed: exvm run FILE; exvm --help lists every command)\n`);
stdout.flush();
