/**
 * The argument checks of the plugin API: every `svm_*` function runs its arguments through these
 * before acting. A null handle is "void", a handle the API never gave out is "invalid", a freed
 * one is "stale", a handle of another kind or a value of another type is "not a ...", and acting
 * on another process without holding its lock is refused: each a FAILURE interruption whose
 * message names the function and the parameter.
 */
import { pluginOf } from '../plugin/config/index.js';
import type { LoadedPlugin, UsedObject } from '../plugin/registry/index.js';
import type { HandleEntry, HandleTarget, RuntimeParameter } from './handles.js';
import { staleness } from './handles.js';
import { INTERRUPTION_KINDS, interrupt } from './interruptions.js';
import type { Kernel } from './kernel.js';
import type { Process } from './process.js';
import type { RuntimeServices } from './services.js';
import type { RuntimeValue } from './values.js';

type TargetOf<K extends HandleTarget['kind']> = Extract<HandleTarget, { kind: K }>;

/** A qualified object name `plugin.entry`. */
export const QUALIFIED = /^[A-Za-z_]\w*\.[A-Za-z_]\w*$/;

/** The checks, for the API as one callback sees it: `process` and `kernel` are whose behalf it runs on (null for scheduler callbacks). */
export class ApiChecks {
  constructor(
    readonly runtime: RuntimeServices,
    readonly process: Process | null,
    readonly kernel: Kernel | null,
    /** The plugin whose callback this is (null: the host's own call, no USE check). */
    readonly plugin: LoadedPlugin | null = null,
  ) {}


  /** Raises FAILURE: `fn: message`. */
  protected fail(fn: string, message: string): never {
    return interrupt('FAILURE', `${fn}: ${message}`);
  }

  /** The live entry of a handle of kind `kind` (`noun` in messages). */
  protected entry<K extends HandleTarget['kind']>(fn: string, param: string, handle: unknown, kind: K, noun: string): HandleEntry & { target: TargetOf<K> } {
    if (handle === null || handle === undefined) this.fail(fn, `parameter ${param} is void`);
    const entry = this.runtime.handles.entry(handle);
    if (entry === undefined) this.fail(fn, `parameter ${param} is invalid: it was not returned by the API nor given to a callback`);
    const stale = staleness(entry);
    if (stale !== null) this.fail(fn, `parameter ${param} is stale: ${stale}`);
    if (entry.target.kind !== kind) this.fail(fn, `parameter ${param} is not ${noun} (it is a ${entry.target.kind})`);
    return entry as HandleEntry & { target: TargetOf<K> };
  }

  /** The value behind a value handle, of type `type` when given. */
  protected value(fn: string, param: string, handle: unknown, type?: string): RuntimeValue {
    const { value } = this.entry(fn, param, handle, 'value', 'a value').target;
    if (type !== undefined && value.type !== type) this.fail(fn, `parameter ${param} is not ${type === 'INT' || type === 'IRQ' ? 'an' : 'a'} ${type} value (it is ${value.type})`);
    return value;
  }

  /** The parameter behind a parameter handle, of kind `kind` when given. */
  protected parameter(fn: string, param: string, handle: unknown, kind?: RuntimeParameter['kind']): RuntimeParameter {
    const { parameter } = this.entry(fn, param, handle, 'parameter', 'a parameter').target;
    if (kind !== undefined && parameter.kind !== kind) this.fail(fn, `parameter ${param} is not a ${kind} parameter (it is a ${parameter.kind})`);
    return parameter;
  }

  /** A string argument. */
  protected string(fn: string, param: string, value: unknown): string {
    if (value === null || value === undefined) this.fail(fn, `parameter ${param} is void`);
    if (typeof value !== 'string') this.fail(fn, `parameter ${param} is not a string`);
    return value;
  }

  /** A safe-integer argument, at least `min`. */
  protected integer(fn: string, param: string, value: unknown, min = Number.MIN_SAFE_INTEGER): number {
    if (value === null || value === undefined) this.fail(fn, `parameter ${param} is void`);
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) this.fail(fn, `parameter ${param} is not ${min === 0 ? 'a non-negative' : 'an'} integer`);
    return value;
  }

  /** A delay in ms: a non-negative finite number (fractions allowed: the clocks keep them). */
  protected delay(fn: string, param: string, value: unknown): number {
    if (value === null || value === undefined) this.fail(fn, `parameter ${param} is void`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) this.fail(fn, `parameter ${param} is not a non-negative number of ms`);
    return value;
  }

  /** A boolean argument. */
  protected boolean(fn: string, param: string, value: unknown): boolean {
    if (value === null || value === undefined) this.fail(fn, `parameter ${param} is void`);
    if (typeof value !== 'boolean') this.fail(fn, `parameter ${param} is not a boolean`);
    return value;
  }

  /** Refuses to act on another process unless the current one holds its lock (schedulers may act on any). */
  protected mayAct(fn: string, param: string, target: Process): void {
    if (this.process === null || target === this.process) return; // schedulers act on any process
    if (target.lock?.owner !== this.process) {
      this.fail(fn, `parameter ${param}: process ${target.name} is not the current process and the current process does not hold its lock (svm_process_ownership_lock)`);
    }
  }

  /** The process behind a handle; `act`: the caller will act on it (lock needed). */
  protected processArg(fn: string, param: string, handle: unknown, act: boolean): Process {
    const { process } = this.entry(fn, param, handle, 'process', 'a process').target;
    if (act) this.mayAct(fn, param, process);
    return process;
  }

  /** The kernel behind a handle; `act`: the caller will act on it (its process's lock needed). */
  protected kernelArg(fn: string, param: string, handle: unknown, act: boolean): Kernel {
    const { kernel } = this.entry(fn, param, handle, 'kernel', 'a kernel').target;
    if (act) this.mayAct(fn, param, kernel.process);
    return kernel;
  }

  /**
   * Refuses a name no plugin declares as a `kind`, and an object of another plugin (but an
   * interruption) that the calling plugin did not declare in its USE section; returns that USE
   * line (undefined for an object of the calling plugin itself, an interruption, or a host call).
   */
  protected declared(fn: string, param: string, kind: 'TYPE' | 'STRUCT' | 'INTERRUPTION' | 'FUNCTION' | 'SCHEDULER', name: string): UsedObject | undefined {
    if (!QUALIFIED.test(name) || this.runtime.plugins.find(kind, name) === undefined) this.fail(fn, `parameter ${param}: no plugin defines the ${kind} ${name}`);
    // Interruptions are exempt: they are names guest code handles, and a relay (the standard
    // run.interrupt "p.name") raises kinds it cannot know in advance.
    if (this.plugin === null || kind === 'INTERRUPTION' || pluginOf(name) === this.plugin.name) return undefined;
    const use = this.plugin.uses.get(`${kind} ${name}`);
    if (use === undefined) this.fail(fn, `parameter ${param}: plugin ${this.plugin.name} uses the ${kind} ${name} of plugin ${pluginOf(name)} without declaring it (add USE ${kind} ${name} ... to its configuration)`);
    return use;
  }

  /** A kind parameter: a built-in kind, or `!p.name` declared by a plugin. */
  protected interruptionKind(fn: string, kind: unknown): string {
    const text = this.string(fn, 'kind', kind);
    if (text.startsWith('!')) this.declared(fn, 'kind', 'INTERRUPTION', text.slice(1));
    else if (!(INTERRUPTION_KINDS as readonly string[]).includes(text)) this.fail(fn, `parameter kind: ${JSON.stringify(text)} is not an interruption kind`);
    return text;
  }

  /** The process and kernel the callback runs on; refused in scheduler and sequencer callbacks. */
  protected current(fn: string): { process: Process; kernel: Kernel } {
    if (this.process === null || this.kernel === null) this.fail(fn, 'there is no current kernel in this callback (a scheduler or sequencer callback)');
    return { process: this.process, kernel: this.kernel };
  }
}
