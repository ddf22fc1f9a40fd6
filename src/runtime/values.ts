/**
 * Typed values as kernels store them: the base types (INT STR BLN PTR LIB SYM PEP IRQ) and plugin
 * types (`plugin.name`, an internal object the plugin's callbacks copy, compare, print and delete).
 */

/** A pointer: `size` memory cells from `address`. */
export interface PointerData {
  readonly address: number;
  readonly size: number;
}

/** One value. `data` by type: INT/SYM number, STR/LIB/PEP/IRQ string, BLN boolean, PTR PointerData, plugin type: the plugin's object. */
export interface RuntimeValue {
  readonly type: string;
  data: unknown;
}

/** What values of plugin types need from the plugins (the runtime wires their callbacks in). */
export interface PluginTypeOperations {
  copy(type: string, data: unknown): unknown;
  compare(type: string, left: unknown, right: unknown): number | null;
  print(type: string, data: unknown): string;
  delete(type: string, data: unknown): void;
  /** The internal object a constant's text denotes (through `type_<name>_constant`). */
  constant(type: string, text: string): unknown;
}

/** The base types a value can have. */
export const BASE_VALUE_TYPES: readonly string[] = ['INT', 'STR', 'BLN', 'PTR', 'LIB', 'SYM', 'PEP', 'IRQ'];

/** Whether `type` is a plugin type (`plugin.name`). */
export const isPluginType = (type: string): boolean => type.includes('.');

/** A copy of `value` (plugin types through their copy callback). */
export function copyValue(value: RuntimeValue, plugins: PluginTypeOperations): RuntimeValue {
  if (isPluginType(value.type)) return { type: value.type, data: plugins.copy(value.type, value.data) };
  return { type: value.type, data: value.type === 'PTR' ? { ...(value.data as PointerData) } : value.data };
}

/** Orders two values of the same type: negative, 0, positive; null when they cannot be compared. */
export function compareValues(left: RuntimeValue, right: RuntimeValue, plugins: PluginTypeOperations): number | null {
  if (left.type !== right.type) return null;
  if (isPluginType(left.type)) return plugins.compare(left.type, left.data, right.data);
  if (left.type === 'PTR') {
    const [a, b] = [left.data as PointerData, right.data as PointerData];
    return a.address - b.address || a.size - b.size;
  }
  const [a, b] = [left.data as number | string | boolean, right.data as number | string | boolean];
  return a === b ? 0 : a < b ? -1 : 1;
}

/** The text of a value, as `print` shows it. */
export function printValue(value: RuntimeValue, plugins: PluginTypeOperations): string {
  switch (value.type) {
    case 'PTR': {
      const p = value.data as PointerData;
      return `&${p.address}*${p.size}`;
    }
    case 'BLN':
      return value.data === true ? 'TRUE' : 'FALSE';
    case 'SYM':
      return `<${String(value.data)}>`;
    case 'IRQ':
      return `!${String(value.data).replace(/^!/, '')}`;
    case 'INT':
    case 'STR':
    case 'LIB':
    case 'PEP':
      return String(value.data);
    default:
      return plugins.print(value.type, value.data);
  }
}

/** Values that have been deleted: a handle still pointing at one is stale. */
const deletedValues = new WeakSet<RuntimeValue>();

/** Whether `value` has been deleted (its cell overwritten, its handle freed ...). */
export const isDeleted = (value: RuntimeValue): boolean => deletedValues.has(value);

/** Frees a value's plugin object (base values need nothing) and marks it deleted: handles on it go stale. */
export function deleteValue(value: RuntimeValue, plugins: PluginTypeOperations): void {
  if (deletedValues.has(value)) return;
  deletedValues.add(value);
  if (isPluginType(value.type)) plugins.delete(value.type, value.data);
}
