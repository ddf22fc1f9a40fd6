/**
 * The application description: a TOML file naming the plugins (standard ones by name, custom
 * modules by path, with their options and arguments) and the processes (their code, sequencer,
 * scheduler, access control and further kernels). `parseApplication` checks every key and value
 * and throws AppError naming the file and the key path; it never reads files (paths stay as
 * written, relative to the application file).
 */
import { TomlError, parse } from 'smol-toml';
import type { SettingValue } from '../plugin/registry/index.js';
import type { ClockKind } from './clock.js';
import { errorReason } from '../messages.js';
import { AppReader } from './app-reader.js';
import type { TomlTable } from './app-reader.js';
import type { AccessControl } from './kernel.js';

/** A plugin of the application: a standard one (no `path`) or a module file. */
export interface AppPlugin {
  readonly name: string;
  /** The module file, relative to the application file; absent for a standard plugin. */
  readonly path?: string;
  readonly options: Readonly<Record<string, SettingValue>>;
  readonly arguments: readonly string[];
}

/** A kernel: its code file (assembly `.exa`/`.asm` or image `.exb`), access control and machine memory. */
export interface AppKernel {
  readonly code: string;
  readonly access: Partial<AccessControl>;
  readonly memorySize?: number;
}

/** A process: a name, its first kernel, further kernels, and optional sequencer and scheduler. */
export interface AppProcess extends AppKernel {
  readonly name: string;
  readonly sequencer?: string;
  readonly scheduler?: string;
  /** The parameter the scheduler's `attach` receives (the priority for `run.priority`). */
  readonly schedulerParameter: number;
  readonly kernels: readonly AppKernel[];
}

/** A checked application description. */
export interface AppDescription {
  readonly source: string;
  readonly name: string;
  readonly clock?: ClockKind;
  readonly slice?: number;
  readonly instructionsPerMs?: number;
  readonly plugins: readonly AppPlugin[];
  readonly processes: readonly AppProcess[];
}

const KERNEL_KEYS = ['code', 'protected', 'instructions', 'memory', 'memory_size'];
const PROCESS_KEYS = ['name', ...KERNEL_KEYS, 'sequencer', 'scheduler', 'scheduler_parameter', 'kernel'];
/** A plugin or object name: `name` or `plugin.name`. */
const NAME = /^[A-Za-z_]\w*$/;
const QUALIFIED = /^[A-Za-z_]\w*\.[A-Za-z_]\w*$/;

function parseToml(text: string, reader: AppReader): unknown {
  try {
    return parse(text, { integersAsBigInt: true });
  } catch (error) {
    if (error instanceof TomlError) throw reader.error('', `invalid TOML at line ${error.line}, column ${error.column}: ${error.message.split('\n')[0].replace(/^Invalid TOML document: /, '')}`);
    throw reader.error('', `invalid TOML: ${errorReason(error)}`); // the parser can also fail on its own limits (deep nesting)
  }
}

function qualified(reader: AppReader, what: string) {
  return (value: unknown, path: string): string => {
    const name = reader.string(value, path);
    if (!QUALIFIED.test(name)) throw reader.error(path, `${JSON.stringify(name)} is not a ${what} name (plugin.name)`);
    return name;
  };
}

function readKernel(reader: AppReader, table: TomlTable, path: string): AppKernel {
  const count = (key: string, min: number) => reader.optional(table, path, key, (v, p) => reader.integer(v, p, min));
  const protectedMode = reader.optional(table, path, 'protected', (v, p) => reader.boolean(v, p));
  const instructions = count('instructions', 1);
  const memory = count('memory', 0);
  const memorySize = count('memory_size', 1);
  return {
    code: reader.required(table, path, 'code', (v, p) => reader.string(v, p)),
    access: { ...(protectedMode === undefined ? {} : { protectedMode }), ...(instructions === undefined ? {} : { instructions }), ...(memory === undefined ? {} : { memory }) },
    ...(memorySize === undefined ? {} : { memorySize }),
  };
}

function readProcess(reader: AppReader, value: unknown, path: string): AppProcess {
  const table = reader.table(value, path, PROCESS_KEYS);
  const name = reader.required(table, path, 'name', (v, p) => reader.string(v, p));
  const sequencer = reader.optional(table, path, 'sequencer', qualified(reader, 'sequencer'));
  const scheduler = reader.optional(table, path, 'scheduler', qualified(reader, 'scheduler'));
  const kernels = reader.optional(table, path, 'kernel', (v, p) => reader.array(v, p).map((k, i) => readKernel(reader, reader.table(k, `${p}[${i}]`, KERNEL_KEYS), `${p}[${i}]`)));
  return {
    name,
    ...readKernel(reader, table, path),
    ...(sequencer === undefined ? {} : { sequencer }),
    ...(scheduler === undefined ? {} : { scheduler }),
    schedulerParameter: reader.optional(table, path, 'scheduler_parameter', (v, p) => reader.integer(v, p, Number.MIN_SAFE_INTEGER)) ?? 0,
    kernels: kernels ?? [],
  };
}

function readPlugin(reader: AppReader, name: string, value: unknown, path: string): AppPlugin {
  if (!NAME.test(name)) throw reader.error(path, `${JSON.stringify(name)} is not a plugin name (letters, digits and _, not starting with a digit)`);
  const table = reader.table(value, path, ['path', 'options', 'arguments']);
  const module = reader.optional(table, path, 'path', (v, p) => reader.string(v, p));
  const options = reader.optional(table, path, 'options', (v, p) => {
    const given = reader.table(v, p);
    return Object.fromEntries(Object.keys(given).map((key) => [key, reader.scalar(given[key], `${p}.${key}`)]));
  });
  const args = reader.optional(table, path, 'arguments', (v, p) => reader.array(v, p).map((item, i) => String(reader.scalar(item, `${p}[${i}]`))));
  return { name, ...(module === undefined ? {} : { path: module }), options: options ?? {}, arguments: args ?? [] };
}

function readApplication(reader: AppReader, table: TomlTable): Pick<AppDescription, 'name' | 'clock' | 'slice' | 'instructionsPerMs'> {
  const clock = reader.optional(table, 'application', 'clock', (v, p) => {
    const kind = reader.string(v, p);
    if (kind !== 'simulated' && kind !== 'real') throw reader.error(p, `unknown clock "${kind}" (expected "simulated" or "real")`);
    return kind;
  });
  const slice = reader.optional(table, 'application', 'slice', (v, p) => reader.integer(v, p, 1));
  const perMs = reader.optional(table, 'application', 'instructions_per_ms', (v, p) => reader.integer(v, p, 1));
  return {
    name: reader.optional(table, 'application', 'name', (v, p) => reader.string(v, p)) ?? reader.source,
    ...(clock === undefined ? {} : { clock }),
    ...(slice === undefined ? {} : { slice }),
    ...(perMs === undefined ? {} : { instructionsPerMs: perMs }),
  };
}

/**
 * Parses and checks the application description `text` (named `source` in errors). Throws
 * AppError for invalid TOML (with its line and column) or any invalid key or value.
 */
export function parseApplication(text: string, source: string): AppDescription {
  const reader = new AppReader(source);
  const root = reader.table(parseToml(text, reader), '', ['application', 'plugins', 'process']);
  const application = readApplication(reader, reader.optional(root, '', 'application', (v, p) => reader.table(v, p, ['name', 'clock', 'slice', 'instructions_per_ms'])) ?? {});
  const pluginTable = reader.optional(root, '', 'plugins', (v, p) => reader.table(v, p)) ?? {};
  const plugins = Object.keys(pluginTable).map((name) => readPlugin(reader, name, pluginTable[name], `plugins.${name}`));
  const processes = reader.required(root, '', 'process', (v, p) => reader.array(v, p).map((entry, i) => readProcess(reader, entry, `${p}[${i}]`)));
  if (processes.length === 0) throw reader.error('process', 'an application needs at least one process ([[process]])');
  processes.forEach((process, index) => {
    const first = processes.findIndex((other) => other.name === process.name);
    if (first !== index) throw reader.error(`process[${index}].name`, `"${process.name}" is also the name of process[${first}]`);
  });
  return { source, ...application, plugins, processes };
}
