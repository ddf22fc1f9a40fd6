/**
 * Typed reading of a parsed TOML document with key paths: every value the config needs is read
 * through these helpers, which throw InvalidInput naming the key path (`kernel.memory_regions[1].gpa`)
 * and what was wrong with the value.
 */
import { AxError } from './errors.js';

/** A value of a parsed TOML document (integers are bigints). */
export type TomlNode = unknown;

/** A TOML table: keys to values. */
export type TomlTable = Readonly<Record<string, TomlNode>>;

/** Reads values of one config source, naming the source in every error. */
export class ConfigReader {
  /** A reader for the config called `source` in messages. */
  constructor(readonly source: string) {}

  /** An InvalidInput error at `path`. */
  error(path: string, detail: string): AxError {
    return new AxError('InvalidInput', detail, { vm: this.source, field: path });
  }

  /** The table at `path`. */
  table(value: TomlNode, path: string): TomlTable {
    if (!isTable(value)) throw this.error(path, `expected a table, got ${describe(value)}`);
    return value;
  }

  /** The array at `path`. */
  array(value: TomlNode, path: string): readonly TomlNode[] {
    if (!Array.isArray(value)) throw this.error(path, `expected an array, got ${describe(value)}`);
    return value;
  }

  /** The string at `path`; `nonEmpty` rejects "". */
  string(value: TomlNode, path: string, nonEmpty = false): string {
    if (typeof value !== 'string') throw this.error(path, `expected a string, got ${describe(value)}`);
    if (nonEmpty && value.trim() === '') throw this.error(path, 'must not be empty');
    return value;
  }

  /** The unsigned 32-bit integer at `path` (exvm guests are 32-bit: addresses, sizes and ids all fit). */
  u32(value: TomlNode, path: string): number {
    if (typeof value !== 'bigint') throw this.error(path, `expected an unsigned integer, got ${describe(value)}`);
    if (value < 0n) throw this.error(path, `${value} is negative; expected an unsigned integer`);
    if (value > 0xffff_ffffn) throw this.error(path, `0x${value.toString(16)} does not fit in 32 bits (exvm guest addresses and sizes are below 4 GiB)`);
    return Number(value);
  }

  /** The array of unsigned 32-bit integers at `path`. */
  u32Array(value: TomlNode, path: string): number[] {
    return this.array(value, path).map((item, index) => this.u32(item, `${path}[${index}]`));
  }

  /** The required key `key` of `table` (at `path`), read by `read`. */
  required<T>(table: TomlTable, path: string, key: string, read: (value: TomlNode, path: string) => T): T {
    if (!Object.hasOwn(table, key)) throw this.error(join(path, key), 'missing required key');
    return read(table[key], join(path, key));
  }

  /** The optional key `key` of `table` (at `path`), read by `read`, or undefined when absent. */
  optional<T>(table: TomlTable, path: string, key: string, read: (value: TomlNode, path: string) => T): T | undefined {
    return Object.hasOwn(table, key) ? read(table[key], join(path, key)) : undefined;
  }

  /** Rejects any key of `table` that is not in `known` (a misspelt key would otherwise be silently ignored). */
  onlyKeys(table: TomlTable, path: string, known: readonly string[]): void {
    for (const key of Object.keys(table)) {
      if (!known.includes(key)) throw this.error(join(path, key), `unknown key (expected one of: ${known.join(', ')})`);
    }
  }

  /**
   * A record written either as an array of its fields in order (AxVM's usual form, e.g.
   * `[gpa, size, flags, map_type]`) or as an inline table with the field names. Fields with a
   * default may be left out (at the end of the array form).
   */
  record<F extends RecordFields>(value: TomlNode, path: string, fields: F): RecordOf<F> {
    const names = Object.keys(fields);
    const result: Record<string, unknown> = {};
    if (Array.isArray(value)) {
      const required = names.filter((name) => fields[name].fallback === undefined).length;
      if (value.length < required || value.length > names.length) {
        const count = required === names.length ? `${names.length}` : `${required} to ${names.length}`;
        throw this.error(path, `expected ${count} fields [${names.join(', ')}], got ${value.length}`);
      }
      names.forEach((name, index) => {
        result[name] = index < value.length ? fields[name].read(value[index], `${path}.${name}`) : fields[name].fallback;
      });
    } else if (isTable(value)) {
      this.onlyKeys(value, path, names);
      for (const name of names) {
        const fallback = fields[name].fallback;
        result[name] = fallback === undefined ? this.required(value, path, name, fields[name].read) : (this.optional(value, path, name, fields[name].read) ?? fallback);
      }
    } else {
      throw this.error(path, `expected an array [${names.join(', ')}] or an inline table, got ${describe(value)}`);
    }
    return result as RecordOf<F>;
  }
}

/** How to read one field of a record, and its default when it may be left out. */
export interface FieldSpec<T> {
  readonly read: (value: TomlNode, path: string) => T;
  readonly fallback?: T;
}

/** The fields of a record by their TOML names, in array order. */
export type RecordFields = Readonly<Record<string, FieldSpec<unknown>>>;

/** The values a record's fields read to. */
export type RecordOf<F extends RecordFields> = { -readonly [K in keyof F]: F[K] extends FieldSpec<infer T> ? T : never };

/** True for a TOML table (not an array, not a date). */
export function isTable(value: TomlNode): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** `path.key`, or `key` at the top level. */
function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** What kind of TOML value `value` is, for messages. */
function describe(value: TomlNode): string {
  if (typeof value === 'bigint') return `the integer ${value}`;
  if (typeof value === 'number') return `the float ${value}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a date';
  return 'a table';
}
