/**
 * The loader, after EVMC's: a config string `path(,name[=value])*` names a VM module and the
 * options to set on the VM. The path is an ES module file (loaded by node/module-file.ts, relative
 * to the current directory) or a built-in VM's name (`example_vm`, `trans_log_vm`, `exvm`). The
 * create function is found by name, as EVMC finds its symbol: from the file's base name, strip a
 * leading `lib`, cut at the first `.`, turn `-` into `_`, then try `zvmc_create_<name>`,
 * `zvmc_create`, `dvmc_create_<name>`, `dvmc_create`; the prefix found decides the dialect. The
 * VM's ABI version must be the dialect's (else it is destroyed), then the options are applied left
 * to right, and the first one refused destroys the VM. Every failure is a LoaderError with EVMC's
 * code and a message naming the path (and the option and value).
 *
 * This file is isomorphic: only loading a module *file* reaches Node, through a dynamic import of
 * node/module-file.ts (or the `importModule` a caller passes instead, e.g. in a browser).
 */
import { LoaderErrorCode, SetOptionResult } from './constants.js';
import type { DialectSpec } from './dialect/index.js';
import { DVMC_SPEC, ZVMC_SPEC, fromDvmc, fromZvmc } from './dialect/index.js';
import { errorReason } from '../messages.js';
import { LoaderError } from './loader-error.js';
import type { VM } from './types.js';
import { dvmc_create_trans_log_vm, zvmc_create_example_vm, zvmc_create_exvm } from './vms/create-functions.js';

/** One option of a VM config: `name=value`, or `name` alone (value null). */
export interface VmOption {
  readonly name: string;
  readonly value: string | null;
}

/** A parsed VM config. */
export interface VmConfig {
  readonly path: string;
  readonly options: readonly VmOption[];
}

/** A module's exports, as the loader looks for a create function among them. */
export type VmModule = Readonly<Record<string, unknown>>;

/** How `loadAndCreate` reads module files; the default imports them with Node. */
export interface LoaderOptions {
  readonly importModule?: (path: string) => Promise<VmModule>;
}

/** The built-in VMs, as the modules they would be: one dialect create function each. */
export const BUILTIN_VMS: Readonly<Record<string, VmModule>> = Object.freeze({
  example_vm: { zvmc_create_example_vm },
  trans_log_vm: { dvmc_create_trans_log_vm },
  exvm: { zvmc_create_exvm },
});

const BUILTIN_LIST = Object.keys(BUILTIN_VMS).join(', ');

/** The dialects, in the order their create functions are tried. */
const DIALECTS: readonly { readonly spec: DialectSpec; readonly fromVm: (vm: never) => VM }[] = [
  { spec: ZVMC_SPEC, fromVm: fromZvmc },
  { spec: DVMC_SPEC, fromVm: fromDvmc },
];

const fail = (code: LoaderErrorCode, message: string): never => {
  throw new LoaderError(code, message);
};
const quote = (value: string | null): string => (value === null ? '(no value)' : `'${value}'`);
/** Most characters a module path may have (PATH_MAX on Linux). */
export const MAX_PATH_LENGTH = 4096;

/** A value of any type as a message shows it: strings in double quotes (`"10"`), so they stand out from numbers. */
function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return String(value);
}

/**
 * Parses `path(,name[=value])*`. One trailing comma is allowed (`p,` has no options, as in EVMC).
 * Strict otherwise: an empty path, a path longer than 4096 characters, an empty option name
 * (`p,,x`, `p,=v`, `p,,`) or a NUL character (which a C string cannot hold) is INVALID_ARGUMENT.
 * A value may contain `=`; nothing is trimmed.
 */
export function parseVmConfig(config: string): VmConfig {
  if (typeof config !== 'string') fail(LoaderErrorCode.InvalidArgument, `invalid VM config: expected a string, got ${typeof config}`);
  if (config.includes('\0')) fail(LoaderErrorCode.InvalidArgument, `invalid VM config ${JSON.stringify(config)}: it contains a NUL character`);
  const [path, ...items] = config.split(',');
  if (items.at(-1) === '') items.pop();
  if (path === '') fail(LoaderErrorCode.InvalidArgument, `invalid VM config '${config}': the path is empty`);
  if (path.length > MAX_PATH_LENGTH) fail(LoaderErrorCode.InvalidArgument, `invalid VM config: the path is ${path.length} characters long, more than ${MAX_PATH_LENGTH} (it starts ${JSON.stringify(path.slice(0, 40))})`);
  const options = items.map((item, index): VmOption => {
    const equals = item.indexOf('=');
    const name = equals < 0 ? item : item.slice(0, equals);
    if (name === '') fail(LoaderErrorCode.InvalidArgument, `invalid VM config '${config}': option ${index + 1} of ${path} has an empty name`);
    return { name, value: equals < 0 ? null : item.slice(equals + 1) };
  });
  return { path, options };
}

/** The VM codename EVMC derives from a module path: `./libtrans_log-vm.1.mjs` -> `trans_log_vm`. */
export function vmCodename(path: string): string {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const name = base.startsWith('lib') ? base.slice(3) : base;
  const dot = name.indexOf('.');
  return (dot < 0 ? name : name.slice(0, dot)).replaceAll('-', '_');
}

type Dialect = (typeof DIALECTS)[number];

/** The create functions tried for `path`, in order, each with the dialect its prefix stands for. */
function createFunctionCandidates(path: string): { readonly name: string; readonly dialect: Dialect }[] {
  const codename = vmCodename(path);
  return DIALECTS.flatMap((dialect) => [`${dialect.spec.id}_create_${codename}`, `${dialect.spec.id}_create`].map((name) => ({ name, dialect })));
}

/** The create function names tried for `path`, in order. */
export function createFunctionNames(path: string): string[] {
  return createFunctionCandidates(path).map(({ name }) => name);
}

/** Finds the create function and so the dialect. */
function findCreateFunction(module: VmModule, path: string): { readonly name: string; readonly create: () => unknown; readonly dialect: Dialect } {
  const candidates = createFunctionCandidates(path);
  for (const { name, dialect } of candidates) {
    const create = module[name];
    if (typeof create === 'function') return { name, create: create as () => unknown, dialect };
  }
  return fail(LoaderErrorCode.SymbolNotFound, `no VM create function in ${path}: tried ${candidates.map(({ name }) => name).join(', ')}`);
}

/** Destroys a VM the loader gives up on. Its own failure is ignored: the load error is the one to report. */
function destroyQuietly(destroy: () => void): void {
  try {
    destroy();
  } catch {
    // see above
  }
}

/** Applies the options in order; the first refused one destroys the VM and fails. */
function configure(vm: VM, path: string, options: readonly VmOption[]): VM {
  for (const { name, value } of options) {
    const where = `${vm.name} (${path})`;
    let answer: number;
    try {
      answer = vm.setOption?.(name, value) ?? SetOptionResult.InvalidName;
    } catch (error) {
      destroyQuietly(() => vm.destroy());
      return fail(LoaderErrorCode.InvalidOptionValue, `${where}: set_option threw when setting option '${name}' to ${quote(value)}: ${errorReason(error)}`);
    }
    if (answer === SetOptionResult.Success) continue;
    destroyQuietly(() => vm.destroy());
    if (answer === SetOptionResult.InvalidName) {
      const why = vm.setOption === undefined ? ' does not support any options' : '';
      fail(LoaderErrorCode.InvalidOptionName, `${where}${why}: unknown option '${name}' (value ${quote(value)})`);
    }
    const what = answer === SetOptionResult.InvalidValue ? 'unsupported value' : `unknown set_option answer ${show(answer)} for value`;
    fail(LoaderErrorCode.InvalidOptionValue, `${where}: ${what} ${quote(value)} for option '${name}'`);
  }
  return vm;
}

/** Calls the create function: what it returns, or VM_CREATION_FAILURE. */
function callCreate(create: () => unknown, name: string, path: string): object {
  let instance: unknown;
  try {
    instance = create();
  } catch (error) {
    return fail(LoaderErrorCode.VmCreationFailure, `creating the VM of ${path} failed: ${name}() threw: ${errorReason(error)}`);
  }
  if (instance instanceof Promise) {
    // Swallow its eventual rejection: nobody will await it.
    instance.catch(() => {});
    return fail(LoaderErrorCode.VmCreationFailure, `creating the VM of ${path} failed: ${name}() returned a Promise; the create function must return the VM (async create functions are not supported)`);
  }
  if (typeof instance !== 'object' || instance === null) return fail(LoaderErrorCode.VmCreationFailure, `creating the VM of ${path} failed: ${name}() returned ${show(instance)}`);
  return instance;
}

/** Creates, checks and configures the VM of an opened module. */
function createChecked(module: VmModule, config: VmConfig): VM {
  const { path } = config;
  const { name, create, dialect } = findCreateFunction(module, path);
  const vm = callCreate(create, name, path) as { readonly abi_version?: unknown; readonly destroy?: unknown };
  if (vm.abi_version !== dialect.spec.abiVersion) {
    // Passing the VM too serves both conventions: destroy() with `this`, and the C style destroy(vm).
    if (typeof vm.destroy === 'function') destroyQuietly(() => (vm.destroy as (self: unknown) => void).call(vm, vm));
    fail(LoaderErrorCode.AbiVersionMismatch, `${dialect.spec.prefix} ABI version ${show(vm.abi_version)} of ${path} mismatches the expected version ${dialect.spec.abiVersion}`);
  }
  return configure(dialect.fromVm(vm as never), path, config.options);
}

/**
 * `createChecked`, with anything unforeseen (a module export or VM field whose getter throws, an
 * adapter refusing the VM) reported as UNSPECIFIED rather than escaping as an internal error.
 */
function createFromModule(module: VmModule, config: VmConfig): VM {
  try {
    return createChecked(module, config);
  } catch (error) {
    if (error instanceof LoaderError) throw error;
    return fail(LoaderErrorCode.Unspecified, `loading the VM of ${config.path} failed: ${errorReason(error)}`);
  }
}

/** The built-in module named `path`, if it is one. */
function builtin(path: string): VmModule | undefined {
  return Object.hasOwn(BUILTIN_VMS, path) ? BUILTIN_VMS[path] : undefined;
}

async function importWithNode(path: string): Promise<VmModule> {
  const { importModuleFile } = await import('./node/module-file.js');
  return importModuleFile(path);
}

/** Opens the module: a built-in, or a file through `importModule` (any failure is CANNOT_OPEN). */
async function openModule(path: string, importModule: (path: string) => Promise<VmModule>): Promise<VmModule> {
  const known = builtin(path);
  if (known !== undefined) return known;
  try {
    return await importModule(path);
  } catch (error) {
    // A bare name was more likely meant as a built-in than as a file.
    const hint = /[/\\.]/.test(path) ? '' : `; the built-in VMs are ${BUILTIN_LIST}`;
    if (error instanceof LoaderError) return fail(error.loaderCode, `${error.message}${hint}`);
    return fail(LoaderErrorCode.CannotOpen, `cannot load VM module ${path}: ${errorReason(error)}${hint}`);
  }
}

/**
 * Loads the VM that `config` (`path(,name[=value])*`) names, creates it, checks its ABI version
 * and applies the options: a ready core VM, whatever the module's dialect. Throws LoaderError.
 */
export async function loadAndCreate(config: string, options: LoaderOptions = {}): Promise<VM> {
  const parsed = parseVmConfig(config);
  const module = await openModule(parsed.path, options.importModule ?? importWithNode);
  return createFromModule(module, parsed);
}

/** `loadAndCreate` for the built-in VMs only, synchronously; any other path is CANNOT_OPEN. */
export function createVm(config: string): VM {
  const parsed = parseVmConfig(config);
  const module = builtin(parsed.path) ?? fail(LoaderErrorCode.CannotOpen, `${parsed.path} is not a built-in VM (${BUILTIN_LIST}); load module files with loadAndCreate`);
  return createFromModule(module, parsed);
}
