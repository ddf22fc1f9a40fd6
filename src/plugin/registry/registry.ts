/**
 * The plugin registry: plugins are added (as module objects), then booted once: every mandatory
 * callback must exist, every pattern is compiled, every `USE` line is resolved against another
 * plugin's definition (the local prototype must be included in it), and options are checked. The
 * booted set is frozen: nothing can be added afterwards.
 */
import type { CompiledPattern, InstructionDeclaration, InstructionFlag, ObjectDeclaration, ObjectKind, PluginConfiguration, ReturnPattern } from '../config/index.js';
import { INSTRUCTION_FLAGS, compilePattern, describeArgument, formatAtom, formatDeclaration, isIncludedIn, parseConfiguration, pluginOf } from '../config/index.js';
import type { PluginModule } from '../api/types.js';
import { callbacksOf } from './callbacks.js';
import { configurationOf } from './configure.js';
import { PluginRegistryError } from './errors.js';
import type { PluginSettings, ResolvedSettings, SettingValue } from './settings.js';
import { resolveSettings } from './settings.js';


/** Options of `PluginRegistry.add`. */
export interface AddPluginOptions extends PluginSettings {
  /** How messages name the plugin's origin (a file name). Default: `plugin <name>`. */
  readonly source?: string;
}

/** A plugin of a booted set. */
export interface LoadedPlugin {
  readonly name: string;
  readonly source: string;
  readonly module: PluginModule;
  readonly configuration: PluginConfiguration;
  readonly settings: ResolvedSettings;
  /** Its USE lines, by `KIND plugin.name`, with the local prototype's compiled pattern (INSTRUCTION and FUNCTION): what it may use of other plugins. */
  readonly uses: ReadonlyMap<string, UsedObject>;
}

/** A USE line of a booted plugin. */
export interface UsedObject {
  readonly declaration: ObjectDeclaration;
  readonly compiled: CompiledPattern | null;
}

/** The key of an object in a plugin set or a USE map: `KIND plugin.name`. */
const keyOf = (declaration: ObjectDeclaration): string => `${declaration.kind} ${declaration.name}`;

const compiledOf = (declaration: ObjectDeclaration, source: string): CompiledPattern | null =>
  declaration.kind === 'INSTRUCTION' || declaration.kind === 'FUNCTION' ? compilePattern(declaration.parameters, { source }) : null;

/** An object a booted plugin defines, with its callbacks (by suffix: `call` for instructions and functions) and compiled pattern. */
export interface DefinedObject {
  readonly plugin: LoadedPlugin;
  readonly declaration: ObjectDeclaration;
  /** The parameter pattern, compiled once at boot (INSTRUCTION and FUNCTION). */
  readonly compiled: CompiledPattern | null;
  /** The callbacks found, by suffix (`delete`, `copy` ...; `call` for `instruction_<name>`/`function_<name>`). */
  readonly callbacks: ReadonlyMap<string, (...args: never[]) => unknown>;
}

/** A booted, frozen plugin set. */
export class PluginSet {
  readonly #objects: ReadonlyMap<string, DefinedObject>;

  /** Wraps the booted plugins and their objects (made by `PluginRegistry.boot`). */
  constructor(
    readonly plugins: readonly LoadedPlugin[],
    objects: ReadonlyMap<string, DefinedObject>,
  ) {
    this.#objects = objects;
    Object.freeze(this);
  }

  /** The object of kind `kind` named `name` (`int.add`), or undefined. */
  find(kind: ObjectKind, name: string): DefinedObject | undefined {
    return this.#objects.get(`${kind} ${name}`);
  }

  /** Every object of one kind. */
  all(kind: ObjectKind): DefinedObject[] {
    return [...this.#objects.values()].filter((o) => o.declaration.kind === kind);
  }

  /** The value of an OPTION or ARGUMENT (`p.name`), or undefined when not given. */
  setting(name: string): SettingValue | undefined {
    return this.plugins.find((p) => p.name === pluginOf(name))?.settings.values.get(name);
  }

  /** The remaining arguments of an ARGUMENTS declaration (`p.name`). */
  rest(name: string): readonly string[] {
    return this.plugins.find((p) => p.name === pluginOf(name))?.settings.rest.get(name) ?? [];
  }
}

const returnText = (r: ReturnPattern | null): string => (r === null ? 'nothing' : r.atoms.map(formatAtom).join(' or ') + (r.optional ? ' or null' : ''));

/** Whether every result `remote` may return is one `local` accepts (VALUE and VARIABLE accept any value). */
function returnsCompatible(local: ReturnPattern | null, remote: ReturnPattern | null): boolean {
  if (local === null) return true; // the user ignores the result
  if (remote === null) return false;
  if (remote.optional && !local.optional) return false;
  const accepts = new Set(local.atoms.map(formatAtom));
  return remote.atoms.every((atom) => accepts.has(formatAtom(atom)) || accepts.has('VARIABLE') || (accepts.has('VALUE') && atom.kind !== 'structure'));
}

/** Why the flags of a USE INSTRUCTION differ from its definition's (null when they are the same): WAITING and SYSTEM change how it runs, so they must be known. */
function flagsMismatch(use: InstructionDeclaration, definition: InstructionDeclaration): string | null {
  const differ = INSTRUCTION_FLAGS.filter((flag) => use.flags[flagKey(flag)] !== definition.flags[flagKey(flag)]);
  if (differ.length === 0) return null;
  const shown = (d: InstructionDeclaration): string => INSTRUCTION_FLAGS.filter((flag) => d.flags[flagKey(flag)]).join(' ') || 'no flag';
  return `the flags differ: the definition has ${shown(definition)}, the prototype ${shown(use)}`;
}

const flagKey = (flag: InstructionFlag): 'waiting' | 'system' | 'override' => flag.toLowerCase() as 'waiting' | 'system' | 'override';

/** Collects plugins, then boots them into a frozen `PluginSet`. */
export class PluginRegistry {
  readonly #pending: { module: PluginModule; configuration: PluginConfiguration; source: string; settings: PluginSettings }[] = [];
  #booted = false;

  /**
   * Adds a plugin module. Throws PluginConfigError when its configuration string is malformed and
   * PluginRegistryError when it cannot be added (no configuration, a duplicate name, a frozen registry).
   */
  add(module: PluginModule, options: AddPluginOptions = {}): void {
    if (this.#booted) throw new PluginRegistryError(['the plugin registry is frozen: it has booted, no plugin can be added']);
    const problems: string[] = [];
    const source = options.source ?? 'plugin module';
    if (typeof module !== 'object' || module === null) throw new PluginRegistryError([`${source}: a plugin is a module object, got ${module === null ? 'null' : typeof module}`]);
    const text = configurationOf(module, source, problems);
    if (text === null) throw new PluginRegistryError(problems);
    const configuration = parseConfiguration(text, { source });
    const twin = this.#pending.find((p) => p.configuration.plugin === configuration.plugin);
    if (twin !== undefined) throw new PluginRegistryError([`${source}: plugin ${configuration.plugin} is already loaded (from ${twin.source})`]);
    this.#pending.push({ module, configuration, source, settings: options });
  }

  /** The names of the plugins added so far. */
  get names(): string[] {
    return this.#pending.map((p) => p.configuration.plugin);
  }

  /** Checks and freezes the set; throws PluginRegistryError listing every problem. Boots once. */
  boot(): PluginSet {
    if (this.#booted) throw new PluginRegistryError(['the plugin registry has already booted']);
    this.#booted = true;
    const problems: string[] = [];
    const objects = new Map<string, DefinedObject>();
    const plugins: LoadedPlugin[] = [];
    for (const pending of this.#pending) {
      const own: string[] = [];
      const settings = resolveSettings(pending.configuration.defines, pending.settings, own);
      const uses = new Map(pending.configuration.uses.map((use) => [keyOf(use), Object.freeze({ declaration: use, compiled: compiledOf(use, pending.source) })]));
      const plugin: LoadedPlugin = Object.freeze({ name: pending.configuration.plugin, source: pending.source, module: pending.module, configuration: pending.configuration, settings, uses });
      plugins.push(plugin);
      for (const declaration of pending.configuration.defines) {
        const callbacks = new Map<string, (...args: never[]) => unknown>();
        for (const spec of callbacksOf(declaration)) {
          const callback = (pending.module as Readonly<Record<string, unknown>>)[spec.name];
          if (typeof callback === 'function') callbacks.set(spec.name.startsWith('instruction_') || spec.name.startsWith('function_') ? 'call' : spec.name.slice(spec.name.lastIndexOf('_') + 1), callback as (...args: never[]) => unknown);
          else if (callback !== undefined) own.push(`${spec.name} must be a function, got ${typeof callback}`);
          else if (spec.mandatory) own.push(`${declaration.kind} ${declaration.name} needs the callback ${spec.name}`);
        }
        objects.set(keyOf(declaration), Object.freeze({ plugin, declaration, compiled: compiledOf(declaration, pending.source), callbacks }));
      }
      problems.push(...own.map((p) => `${pending.source} (plugin ${plugin.name}): ${p}`));
    }
    for (const pending of this.#pending) {
      for (const use of pending.configuration.uses) {
        const problem = this.#resolveUse(use, objects, plugins);
        if (problem !== null) problems.push(`${pending.source}:${use.position.line}:${use.position.column} (plugin ${pending.configuration.plugin}): USE ${formatDeclaration(use)}: ${problem}`);
      }
    }
    if (problems.length > 0) throw new PluginRegistryError(problems);
    return new PluginSet(Object.freeze(plugins), objects);
  }

  #resolveUse(use: ObjectDeclaration, objects: ReadonlyMap<string, DefinedObject>, plugins: readonly LoadedPlugin[]): string | null {
    const remotePlugin = pluginOf(use.name);
    if (!plugins.some((p) => p.name === remotePlugin)) return `no plugin ${remotePlugin} is loaded`;
    const remote = objects.get(keyOf(use));
    if (remote === undefined) return `plugin ${remotePlugin} defines no ${use.kind} ${use.name}`;
    if (use.kind !== 'INSTRUCTION' && use.kind !== 'FUNCTION') return null;
    const definition = remote.declaration as typeof use;
    if (use.kind === 'INSTRUCTION') {
      const flags = flagsMismatch(use, definition as InstructionDeclaration);
      if (flags !== null) return flags;
    }
    const included = isIncludedIn(use.parameters, definition.parameters, { kind: use.kind });
    if (!included.included) {
      return included.undecided
        ? included.message
        : `the local prototype is not included in the definition ${formatDeclaration(definition)}: it accepts (${included.counterexample.map(describeArgument).join(', ') || 'no arguments'}), the definition does not`;
    }
    if (!returnsCompatible(use.returns, definition.returns)) return `the definition returns ${returnText(definition.returns)}, the prototype expects ${returnText(use.returns)}`;
    return null;
  }
}

