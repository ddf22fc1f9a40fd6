/**
 * The values a plugin's `OPTION`, `ARGUMENT` and `ARGUMENTS` declarations receive, checked against
 * their declared types when the plugin is added.
 */
import type { ArgumentDeclaration, ObjectDeclaration, OptionDeclaration } from '../config/index.js';
import { entryOf } from '../config/index.js';

/** A setting's value: BLN, INT or STR. */
export type SettingValue = boolean | number | string;

/** What the embedder gives a plugin: options by entry name (`verbose`) or flag (`-v`), and positional arguments. */
export interface PluginSettings {
  readonly options?: Readonly<Record<string, SettingValue>>;
  readonly arguments?: readonly string[];
}

/** The checked values: each OPTION/ARGUMENT by its qualified name (absent options are missing), and the rest for ARGUMENTS. */
export interface ResolvedSettings {
  readonly values: ReadonlyMap<string, SettingValue>;
  readonly rest: ReadonlyMap<string, readonly string[]>;
}

const INTEGER = /^[+-]?\d+$/;

/** The integer a text stands for, when it is one exactly representable (a safe integer). */
function integerOf(text: string): number | undefined {
  const value = Number(text);
  return INTEGER.test(text) && Number.isSafeInteger(value) ? value : undefined;
}

const SAFE = `an integer (at most ${Number.MAX_SAFE_INTEGER} in magnitude)`;

function optionValue(option: OptionDeclaration, given: SettingValue, problems: string[]): SettingValue | undefined {
  const where = `OPTION ${option.name} (-${option.flag})`;
  switch (option.valueType) {
    case 'BLN':
      if (typeof given === 'boolean') return given;
      break;
    case 'INT':
      if (typeof given === 'number' && Number.isSafeInteger(given)) return given;
      if (typeof given === 'string' && integerOf(given) !== undefined) return integerOf(given);
      break;
    case 'STR':
      if (typeof given === 'string') return given;
      break;
  }
  problems.push(`${where} expects ${option.valueType === 'BLN' ? 'a boolean' : option.valueType === 'INT' ? SAFE : 'a string'}, got ${JSON.stringify(given)}`);
  return undefined;
}

function argumentValue(argument: ArgumentDeclaration, given: string, problems: string[]): SettingValue | undefined {
  if (argument.valueType === 'STR') return given;
  const value = integerOf(given);
  if (value !== undefined) return value;
  problems.push(`ARGUMENT ${argument.name} expects ${SAFE}, got ${JSON.stringify(given)}`);
  return undefined;
}

/** Checks `settings` against the declarations; problems are appended to `problems`. */
export function resolveSettings(defines: readonly ObjectDeclaration[], settings: PluginSettings, problems: string[]): ResolvedSettings {
  const values = new Map<string, SettingValue>();
  const rest = new Map<string, readonly string[]>();
  const options = defines.filter((d): d is OptionDeclaration => d.kind === 'OPTION');
  const seen = new Map<string, string>(); // option name -> the key it was given under
  for (const [key, given] of Object.entries(settings.options ?? {})) {
    const option = options.find((o) => entryOf(o.name) === key || `-${o.flag}` === key);
    if (option === undefined) {
      problems.push(`unknown option ${JSON.stringify(key)} (declared: ${options.map((o) => `${entryOf(o.name)} (-${o.flag})`).join(', ') || 'none'})`);
      continue;
    }
    if (seen.has(option.name)) {
      problems.push(`OPTION ${option.name} is given twice (as ${JSON.stringify(seen.get(option.name))} and ${JSON.stringify(key)})`);
      continue;
    }
    seen.set(option.name, key);
    const value = optionValue(option, given, problems);
    if (value !== undefined) values.set(option.name, value);
  }
  const given = [...(settings.arguments ?? [])];
  for (const declaration of defines) {
    if (declaration.kind === 'ARGUMENT') {
      const next = given.shift();
      if (next === undefined) problems.push(`ARGUMENT ${declaration.name} is missing`);
      else {
        const value = argumentValue(declaration, next, problems);
        if (value !== undefined) values.set(declaration.name, value);
      }
    }
  }
  const restDeclaration = defines.find((d) => d.kind === 'ARGUMENTS');
  if (restDeclaration !== undefined) rest.set(restDeclaration.name, given);
  else if (given.length > 0) problems.push(`${given.length} extra argument${given.length === 1 ? '' : 's'} (${given.map((g) => JSON.stringify(g)).join(' ')}) and no ARGUMENTS declared`);
  return { values, rest };
}
