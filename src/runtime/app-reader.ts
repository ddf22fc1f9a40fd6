/**
 * Typed reading of a parsed application TOML with key paths (`process[1].scheduler`): every read
 * checks the value and throws AppError naming the file, the key and what was wrong.
 */
import { AppError } from './app-error.js';

/** A TOML table (integers are bigints). */
export type TomlTable = Readonly<Record<string, unknown>>;

/** What kind of TOML value `value` is, for messages. */
function describe(value: unknown): string {
  if (typeof value === 'bigint') return `the integer ${value}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a date';
  if (typeof value === 'object' && value !== null) return 'a table';
  return `the ${typeof value === 'number' ? 'float' : typeof value} ${String(value)}`;
}

/** `path.key`, or `key` at the top. */
export const keyPath = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

/** Reads the values of the application file `source`. */
export class AppReader {
  /** A reader whose errors name `source`. */
  constructor(readonly source: string) {}

  /** An AppError at `path`. */
  error(path: string, detail: string): AppError {
    return new AppError(this.source, path, detail);
  }

  /** The table at `path`, with only the keys in `known`. */
  table(value: unknown, path: string, known?: readonly string[]): TomlTable {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date) throw this.error(path, `expected a table, got ${describe(value)}`);
    for (const key of known === undefined ? [] : Object.keys(value)) {
      if (!known!.includes(key)) throw this.error(keyPath(path, key), `unknown key (expected one of: ${known!.join(', ')})`);
    }
    return value as TomlTable;
  }

  /** The array at `path`. */
  array(value: unknown, path: string): readonly unknown[] {
    if (!Array.isArray(value)) throw this.error(path, `expected an array, got ${describe(value)}`);
    return value;
  }

  /** The non-empty string at `path`. */
  string(value: unknown, path: string): string {
    if (typeof value !== 'string') throw this.error(path, `expected a string, got ${describe(value)}`);
    if (value.trim() === '') throw this.error(path, 'must not be empty');
    return value;
  }

  /** The boolean at `path`. */
  boolean(value: unknown, path: string): boolean {
    if (typeof value !== 'boolean') throw this.error(path, `expected a boolean, got ${describe(value)}`);
    return value;
  }

  /** The integer at `path`, from `min` up to the safe integers. */
  integer(value: unknown, path: string, min: number): number {
    if (typeof value !== 'bigint') throw this.error(path, `expected an integer, got ${describe(value)}`);
    if (value < BigInt(min) || value > BigInt(Number.MAX_SAFE_INTEGER)) throw this.error(path, `${value} is out of range (${min} to ${Number.MAX_SAFE_INTEGER})`);
    return Number(value);
  }

  /** The scalar at `path`: a string, an integer or a boolean. */
  scalar(value: unknown, path: string): string | number | boolean {
    if (typeof value === 'bigint') return this.integer(value, path, Number.MIN_SAFE_INTEGER);
    if (typeof value === 'string' || typeof value === 'boolean') return value;
    throw this.error(path, `expected a string, an integer or a boolean, got ${describe(value)}`);
  }

  /** The required key `key` of `table` (at `path`), read by `read`. */
  required<T>(table: TomlTable, path: string, key: string, read: (value: unknown, path: string) => T): T {
    if (!Object.hasOwn(table, key)) throw this.error(keyPath(path, key), 'missing required key');
    return read(table[key], keyPath(path, key));
  }

  /** The optional key `key` of `table` (at `path`), read by `read`, or undefined when absent. */
  optional<T>(table: TomlTable, path: string, key: string, read: (value: unknown, path: string) => T): T | undefined {
    return Object.hasOwn(table, key) ? read(table[key], keyPath(path, key)) : undefined;
  }
}
