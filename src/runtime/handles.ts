/**
 * The handles the plugin API gives out: opaque frozen objects mapped to what they stand for. Every
 * handle belongs to the scope of the callback that made it and goes stale when that callback
 * returns, unless it was made global; a temporary value is deleted with its scope.
 */
import type { SVM_Handle } from '../plugin/api/index.js';
import type { Kernel } from './kernel.js';
import type { Process, ProcessLock } from './process.js';
import type { RuntimeValue } from './values.js';
import { isDeleted } from './values.js';

/** A call argument as a plugin sees it. */
export type RuntimeParameter =
  | { readonly kind: 'value'; readonly value: RuntimeValue; readonly mutable: boolean }
  | { readonly kind: 'marker'; readonly text: string }
  | { readonly kind: 'keyword'; readonly text: string }
  | { readonly kind: 'structure'; readonly structure: RuntimeStructure };

/** A structure: a plugin object of a STRUCT type. */
export interface RuntimeStructure {
  readonly type: string;
  data: unknown;
}

/** What a handle stands for. */
export type HandleTarget =
  | { readonly kind: 'value'; readonly value: RuntimeValue }
  | { readonly kind: 'parameter'; readonly parameter: RuntimeParameter }
  | { readonly kind: 'structure'; readonly structure: RuntimeStructure }
  | { readonly kind: 'kernel'; readonly kernel: Kernel }
  | { readonly kind: 'process'; readonly process: Process }
  | { readonly kind: 'lock'; readonly lock: ProcessLock };

/** The bookkeeping of one handle. */
export interface HandleEntry {
  readonly target: HandleTarget;
  alive: boolean;
  /** Freed by `svm_variable_delete` (rather than by the end of its scope), for messages. */
  deleted: boolean;
  global: boolean;
  /** The object is the handle's own (a value or structure made by `*_new`): it is deleted when the handle is freed. */
  owned: boolean;
  readonly scope: Scope;
}

/** The handles one callback invocation made. */
export interface Scope {
  readonly entries: HandleEntry[];
}

/** Releases what an owned target holds (the runtime deletes values and structures, releases locks). */
export type Release = (target: HandleTarget) => void;

/**
 * A handle: an opaque frozen object whose private field (unreadable and unforgeable outside this
 * class) points to its entry. Faster than a WeakMap from handles to entries.
 */
class Handle {
  readonly #entry: HandleEntry;

  constructor(entry: HandleEntry) {
    this.#entry = entry;
    Object.freeze(this);
  }

  /** The entry of `value` if it is a handle. */
  static entryOf(value: unknown): HandleEntry | undefined {
    return typeof value === 'object' && value !== null && #entry in value ? value.#entry : undefined;
  }
}

/** Makes handles and finds their entries. */
export class HandleTable {
  /** Entries made global, released when the run ends if still alive. */
  readonly #globals = new Set<HandleEntry>();

  /** Makes an entry global (`true`: it outlives its scope) or local again. */
  setGlobal(entry: HandleEntry, global: boolean): void {
    entry.global = global;
    if (global) this.#globals.add(entry);
    else this.#globals.delete(entry);
  }

  /** Frees every global entry still alive (the end of a run). */
  closeGlobals(release: Release): void {
    for (const entry of this.#globals) this.free(entry, release);
    this.#globals.clear();
  }

  /** A new handle for `target` in `scope`. */
  make<K extends string>(scope: Scope, target: HandleTarget, owned: boolean): SVM_Handle<K> {
    const entry: HandleEntry = { target, alive: true, deleted: false, global: false, owned, scope };
    scope.entries.push(entry);
    return new Handle(entry) as unknown as SVM_Handle<K>;
  }

  /** The entry of a handle, or undefined for anything this table never gave out. */
  entry(handle: unknown): HandleEntry | undefined {
    return Handle.entryOf(handle);
  }

  /** Frees one entry now; `deleted`: on the plugin's request (`svm_variable_delete`). */
  free(entry: HandleEntry, release: Release, deleted = false): void {
    if (!entry.alive) return;
    entry.alive = false;
    entry.deleted = deleted;
    this.#globals.delete(entry);
    if (entry.owned) release(entry.target);
  }

  /** Ends a scope: every entry not made global is freed. */
  close(scope: Scope, release: Release): void {
    for (const entry of scope.entries) if (!entry.global) this.free(entry, release);
  }
}

/** Why a handle can no longer be used (null while it can): freed, or standing for a value that was deleted since. */
export function staleness(entry: HandleEntry): string | null {
  if (!entry.alive) return entry.deleted ? 'it was deleted (svm_variable_delete)' : 'it was freed when the callback that made it returned (make it global to keep it)';
  if (entry.target.kind === 'value' && isDeleted(entry.target.value)) return 'the value it stood for was deleted (its memory cell was overwritten or emptied)';
  return null;
}

/** Whether a handle can still be used. */
export const isLive = (entry: HandleEntry | undefined): entry is HandleEntry => entry !== undefined && staleness(entry) === null;
