/**
 * The adapters between the core and a dialect, generated from the name table: records (message,
 * result, tx context) are copied field by field under the other side's names, interfaces (VM, host)
 * get one forwarding method per row that converts arguments one way and the return value the other.
 *
 * They convert names and shapes only and never normalise: a broken dialect VM's result reaches the
 * core as broken as it was, so the VM tester can see it. Two rules are enforced, the dialect's own:
 * an execute in a revision the dialect does not know, or a message of a kind it does not know
 * (CALLCODE in ZVMC), is answered with REJECTED without calling the other side. REJECTED rather than
 * FAILURE because it is EVMC's answer for "this VM cannot execute this", which lets a host fall back
 * to another VM, and because it is an internal error, never passed to a guest's caller.
 *
 * A result converted to the core keeps the dialect result it came from under DIALECT_RESULT
 * (raw-result.ts): its release is wrapped to run once (the core's rule) and a release that is not
 * a function is left out, so the raw result is the only place such faults show.
 *
 * VM methods may take the VM C-style, as their first argument, or as `this` (see `CStyleArity`).
 */
import { StatusCode } from '../constants.js';
import { makeResult, releaseOnce } from '../result.js';
import type { ArgKind, DialectNames, InterfaceRow, MethodRow, RecordRow, ReturnKind } from './names.js';
import { HOST_NAMES, MESSAGE_NAMES, RESULT_NAMES, TX_CONTEXT_NAMES } from './names.js';
import type { DialectSpec } from './spec.js';
import type { DialectRefusal } from './raw-result.js';
import { keepDialectResult, keepRefusal } from './raw-result.js';

/** Which names a value is written in: the core's, or the dialect's C names. */
export type Side = 'core' | 'dialect';
/** Any record or interface object, seen as its fields. */
export type Fields = Readonly<Record<string, unknown>>;

const EMPTY = new Uint8Array(0);

const other = (side: Side): Side => (side === 'core' ? 'dialect' : 'core');

function nameOn(side: Side, key: string, row: DialectNames, dialect: DialectSpec): string | null {
  return side === 'core' ? key : row[dialect.id];
}

/**
 * C's (data, count) pair as one sequence: the first `count` items, sharing memory (a host writes
 * copied code into the VM's buffer). A missing count means all; a null pointer an empty sequence.
 */
function take(items: unknown, count: unknown): unknown {
  if (items === null || items === undefined) return EMPTY;
  if (typeof count !== 'number' || !(items instanceof Uint8Array || Array.isArray(items)) || count === items.length) return items;
  return items instanceof Uint8Array ? items.subarray(0, count) : items.slice(0, count);
}

/** Converts a record (message, result, tx context) to the names of `into`. */
export function convertRecord(table: Readonly<Record<string, RecordRow>>, source: Fields, into: Side, dialect: DialectSpec): Fields {
  const target: Record<string, unknown> = {};
  for (const [key, row] of Object.entries(table)) {
    const from = nameOn(other(into), key, row, dialect);
    const to = nameOn(into, key, row, dialect);
    if (from === null || to === null) continue;
    const value = source[from];
    if (row.kind === 'value') {
      target[to] = value;
    } else if (row.kind === 'bytes') {
      target[to] = into === 'dialect' ? value : take(value, source[row.size]);
      if (into === 'dialect') target[row.size] = value instanceof Uint8Array ? value.length : 0;
    } else if (typeof value === 'function') {
      // The core's release() takes nothing and works once; C's release(result) takes the result it frees.
      target[to] = into === 'dialect' ? (): unknown => value.call(source) : releaseOnce(() => value.call(source, source));
    }
  }
  return target;
}

/** A dialect result under the core's names, keeping the dialect result it came from. */
export function resultToCore(result: Fields, dialect: DialectSpec): Fields {
  return keepDialectResult(convertRecord(RESULT_NAMES, result, 'core', dialect), dialect.id, result);
}

/** The result an adapter answers with when the dialect cannot express a request; a core result says why. */
function rejected(into: Side, refusal: DialectRefusal): unknown {
  const result = makeResult({ statusCode: StatusCode.Rejected });
  if (into === 'core') return keepRefusal({ ...result }, refusal);
  return convertRecord(RESULT_NAMES, result as unknown as Fields, 'dialect', refusal.dialect);
}

/** A request the dialect cannot take: what it lacks. */
type Refused = { readonly refused: DialectRefusal };

/** This message's call kind, read under `side`'s names. */
function kindOf(message: unknown, side: Side, dialect: DialectSpec): unknown {
  return (message as Fields | null)?.[nameOn(side, 'kind', MESSAGE_NAMES.kind, dialect) ?? 'kind'];
}

/** Whether the dialect knows this message's call kind. */
function knowsKind(message: unknown, side: Side, dialect: DialectSpec): boolean {
  const kind = kindOf(message, side, dialect);
  return typeof kind === 'number' && dialect.callKinds.has(kind);
}

/** Converts arguments written in `from`'s shape to the other side's, or says why the dialect cannot take them. */
function convertArgs(kinds: readonly ArgKind[], args: readonly unknown[], from: Side, dialect: DialectSpec): unknown[] | Refused {
  const into = other(from);
  const out: unknown[] = [];
  let i = 0;
  for (const kind of kinds) {
    const arg = args[i++];
    switch (kind) {
      case 'counted':
        if (from === 'dialect') out.push(take(arg, args[i++]));
        else out.push(arg, (arg as ArrayLike<unknown> | null | undefined)?.length ?? 0);
        break;
      case 'revision':
        if (typeof arg !== 'number' || !dialect.revisions.has(arg)) return { refused: { dialect, refused: 'revision', value: arg } };
        out.push(arg);
        break;
      case 'message':
        if (!knowsKind(arg, from, dialect)) return { refused: { dialect, refused: 'kind', value: kindOf(arg, from, dialect) } };
        out.push(convertRecord(MESSAGE_NAMES, arg as Fields, into, dialect));
        break;
      case 'host':
        out.push(arg === null || arg === undefined ? arg : adaptInterface(HOST_NAMES, arg as Fields, into, dialect));
        break;
      case 'plain':
        out.push(arg);
        break;
    }
  }
  return [...out, ...args.slice(i)]; // plain trailing arguments pass as they are
}

function convertReturn(kind: ReturnKind, value: unknown, into: Side, dialect: DialectSpec): unknown {
  if (kind === 'plain' || typeof value !== 'object' || value === null) return value;
  if (kind === 'result' && into === 'core') return resultToCore(value as Fields, dialect);
  return convertRecord(kind === 'result' ? RESULT_NAMES : TX_CONTEXT_NAMES, value as Fields, into, dialect);
}

type Method = (...args: unknown[]) => unknown;

/** A method of `into`'s side that forwards to `member` of `source` (on the other side). */
function forward(row: MethodRow, source: Fields, member: Method, into: Side, dialect: DialectSpec): Method {
  return (...args) => {
    const converted = convertArgs(row.args, args, into, dialect);
    if ('refused' in converted) return rejected(into, converted.refused);
    return convertReturn(row.returns, member.apply(source, converted), into, dialect);
  };
}

/**
 * For interfaces whose methods may be written C-style (the VM), the number of parameters a method
 * declares when it takes the interface object first, by core name: `execute(vm, host, context,
 * rev, msg, code, code_size)` declares 7, `destroy(vm)` 1. A dialect method declaring exactly that
 * many is called with the object as its first argument; any other is called with it as `this`.
 */
export type CStyleArity = Readonly<Record<string, number>>;

/** `method`, also callable C-style: a first argument that is `self` is dropped. */
function acceptingSelf(method: Method, self: object): Method {
  return (...args) => method(...(args.length > 0 && args[0] === self ? args.slice(1) : args));
}

/**
 * Converts an interface (VM, host) to the names of `into`: values copied, methods forwarded.
 * Missing optional methods stay missing; a member that should be a method but is some other value
 * is copied as it is, so the mistake shows where it is used. With `cStyleArity`, dialect methods may
 * take the object C-style (see CStyleArity) and the methods made for the dialect accept it too.
 */
export function adaptInterface(table: Readonly<Record<string, InterfaceRow>>, source: Fields, into: Side, dialect: DialectSpec, cStyleArity?: CStyleArity): Fields {
  const target: Record<string, unknown> = {};
  for (const [key, row] of Object.entries(table)) {
    const from = nameOn(other(into), key, row, dialect);
    const to = nameOn(into, key, row, dialect);
    if (from === null || to === null) continue;
    const member = source[from];
    if (row.kind === 'value' || typeof member !== 'function') {
      if (row.kind === 'value' || (member !== undefined && member !== null)) target[to] = member;
      continue;
    }
    const cStyle = into === 'core' && cStyleArity !== undefined && member.length === cStyleArity[key];
    const callee: Method = cStyle ? (...args) => member.call(source, source, ...args) : (member as Method);
    const method = forward(row, source, callee, into, dialect);
    target[to] = into === 'dialect' && cStyleArity !== undefined ? acceptingSelf(method, target) : method;
  }
  return target;
}
