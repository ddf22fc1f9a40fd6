/**
 * A tiny runtime schema language: each schema checks an unknown value and gives it a static type
 * (`Infer<typeof schema>`), so the message types the server and the page share are written once
 * and checked on receipt. A failed check names the path of the first bad field.
 */

/** The outcome of checking a value: the typed value, or where and why it is wrong. */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** A checker for values of type T. */
export interface Schema<T> {
  /** Checks `value`, naming `path` in the error. */
  check(value: unknown, path: string): Checked<T>;
}

/** The type a schema accepts. */
export type Infer<S> = S extends Schema<infer T> ? T : never;

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const fail = (path: string, what: string): Checked<never> => ({ ok: false, error: `${path}: ${what}` });

/** A whole number from `min` to `max`. */
export function integer(min: number, max: number): Schema<number> {
  return {
    check: (value, path) =>
      typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? ok(value) : fail(path, `expected a whole number from ${min} to ${max}`),
  };
}

/** A finite number. */
export const finite: Schema<number> = {
  check: (value, path) => (typeof value === 'number' && Number.isFinite(value) ? ok(value) : fail(path, 'expected a finite number')),
};

/** A boolean. */
export const boolean: Schema<boolean> = {
  check: (value, path) => (typeof value === 'boolean' ? ok(value) : fail(path, 'expected true or false')),
};

/** A string of at most `maxLength` characters. */
export function text(maxLength: number): Schema<string> {
  return {
    check: (value, path) => (typeof value === 'string' && value.length <= maxLength ? ok(value) : fail(path, `expected a string of at most ${maxLength} characters`)),
  };
}

/** One of the given string literals. */
export function literal<const L extends readonly string[]>(...values: L): Schema<L[number]> {
  return {
    check: (value, path) => (typeof value === 'string' && values.includes(value) ? ok(value as L[number]) : fail(path, `expected ${values.map((v) => JSON.stringify(v)).join(' or ')}`)),
  };
}

/** An array of at most `maxLength` items, each checked by `item`. */
export function array<T>(item: Schema<T>, maxLength: number): Schema<T[]> {
  return {
    check: (value, path) => {
      if (!Array.isArray(value) || value.length > maxLength) return fail(path, `expected an array of at most ${maxLength} items`);
      const items: T[] = [];
      for (let index = 0; index < value.length; index++) {
        const checked = item.check(value[index], `${path}[${index}]`);
        if (!checked.ok) return checked;
        items.push(checked.value);
      }
      return ok(items);
    },
  };
}

/** A value that may also be null. */
export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return { check: (value, path) => (value === null ? ok(null) : inner.check(value, path)) };
}

type Shape = Readonly<Record<string, Schema<unknown>>>;
/** The object type a shape describes. */
export type ObjectOf<S extends Shape> = { readonly [K in keyof S]: Infer<S[K]> };

/** A plain object with exactly the fields of `shape` (unknown fields are refused). */
export function object<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  const keys = Object.keys(shape);
  return {
    check: (value, path) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(path, 'expected an object');
      const extra = Object.keys(value).find((key) => !Object.hasOwn(shape, key));
      if (extra !== undefined) return fail(`${path}.${extra}`, 'unknown field');
      const result: Record<string, unknown> = {};
      for (const key of keys) {
        const checked = shape[key].check((value as Record<string, unknown>)[key], `${path}.${key}`);
        if (!checked.ok) return checked;
        result[key] = checked.value;
      }
      return ok(result as ObjectOf<S>);
    },
  };
}

/** A union of object schemas told apart by their `type` field. */
export function tagged<const V extends Readonly<Record<string, Shape>>>(variants: V): Schema<{ [K in keyof V]: { readonly type: K } & ObjectOf<V[K]> }[keyof V]> {
  const schemas = new Map(Object.entries(variants).map(([tag, shape]) => [tag, object({ type: literal(tag), ...shape })]));
  const tags = [...schemas.keys()].join(', ');
  return {
    check: (value, path) => {
      const tag = typeof value === 'object' && value !== null && 'type' in value ? value.type : undefined;
      const schema = typeof tag === 'string' ? schemas.get(tag) : undefined;
      if (schema === undefined) return fail(`${path}.type`, `expected one of ${tags}`);
      return schema.check(value, path) as Checked<never>;
    },
  };
}
