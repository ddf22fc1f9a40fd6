/**
 * The runtime: processes made of kernels that run guest code on exvm machines, orchestrated by
 * schedulers, extended by a booted plugin set. It is single-threaded and deterministic: one
 * process runs at a time, for a slice of instructions; WAITING instructions let the others run;
 * the simulated clock (the default) makes timers reproducible.
 */
import type { SVM, SVM_Notification_Type, SVM_Process_State } from '../plugin/api/index.js';
import { bindBackend, unbindBackend } from '../plugin/api/backend.js';
import type { DefinedObject, LoadedPlugin, PluginSet } from '../plugin/registry/index.js';
import { entryOf } from '../plugin/config/index.js';
import { ExvmError } from '../errors.js';
import type { TierName } from '../machine/compiled/tier.js';
import { errorReason } from '../messages.js';
import { CallbackBackend } from './api-backend.js';
import type { CallbackHost, InvocationTools } from './callbacks.js';
import type { ClockKind, TimerHandle } from './clock.js';
import { Clock } from './clock.js';
import { RuntimeError } from './errors.js';
import type { HandleTarget, Scope } from './handles.js';
import { HandleTable, isLive } from './handles.js';
import type { Interruption } from './interruptions.js';
import { interrupt } from './interruptions.js';
import type { AccessControl } from './kernel.js';
import { FULL_ACCESS, Kernel, deriveAccess } from './kernel.js';
import type { KernelCode } from './kernel-code.js';
import { assembleKernel } from './kernel-code.js';
import { KernelRunner } from './kernel-runner.js';
import { ProcessLocks } from './locks.js';
import type { ProcessLock } from './process.js';
import { Process } from './process.js';
import type { ProcessReport, RuntimeReport } from './report.js';
import type { SchedulerInstance } from './schedulers.js';
import { DEFAULT_SCHEDULER, defaultScheduler, pluginScheduler } from './schedulers.js';
import { DEFAULT_SEQUENCER, defaultSequencer, pluginSequencer } from './sequencers.js';
import type { RuntimeServices } from './services.js';
import type { PluginTypeOperations, RuntimeValue } from './values.js';
import { deleteValue } from './values.js';

/** How to build a runtime. Every field is optional. */
export interface RuntimeOptions {
  /** `simulated` (default: deterministic) or `real` time. */
  readonly clock?: ClockKind;
  /** Instructions a process runs before the next one gets its turn. Default 1,000. */
  readonly slice?: number;
  /** Simulated clock: instructions per ms. Default 1,000. */
  readonly instructionsPerMs?: number;
  /** Where `svm_machine_output` writes. Default: collected in `written`. */
  readonly output?: (text: string) => void;
  /** Where `svm_machine_input` reads lines (null at the end). Default: no input. */
  readonly input?: () => string | null | Promise<string | null>;
  /**
   * How the host tells the run that nothing left can settle the WAITING instructions it waits for
   * (on Node: `nodeIdleWatch` from `runtime/node/idle.js`, the event loop is empty). Called with
   * `onIdle` when only WAITING instructions remain; returns a function that stops watching. On
   * `onIdle` the run ends and the waiting processes are reported `stalled`. Default: none (the run
   * waits as long as the host lives).
   */
  readonly idleWatch?: (onIdle: () => void) => () => void;
  /** The execution tier of every kernel's machine (docs/compiled-tier.md). Default `auto`. */
  readonly tier?: TierName;
}

/** How to create a process. */
export interface ProcessOptions {
  /** A name unique in the runtime. */
  readonly name: string;
  /** Guest code: source text (assembled against the plugins) or already assembled. */
  readonly code: string | KernelCode;
  /** File name for diagnostics when `code` is text. Default `<name>.asm`. */
  readonly file?: string;
  /** A plugin sequencer (`p.name`); default: the default sequencer. */
  readonly sequencer?: string;
  /** A plugin scheduler (`p.name`); default: the default scheduler. */
  readonly scheduler?: string;
  /** The parameter given to the scheduler's `attach` (e.g. a priority). Default 0. */
  readonly schedulerParameter?: number;
  /** Access control of the first kernel: protected mode and quotas. */
  readonly access?: Partial<AccessControl>;
  /** Bytes of machine memory. */
  readonly memorySize?: number;
}

/** How to add a kernel to a process: its access derives from the process's first kernel (narrowed, never widened). */
export interface KernelOptions {
  readonly code: string | KernelCode;
  readonly file?: string;
  readonly access?: Partial<AccessControl>;
  readonly memorySize?: number;
}

const DEFAULT_SLICE = 1000;
/** Microtask hops granted each turn while WAITING instructions are pending (their completion chain takes fewer). */
const MICROTASK_HOPS = 16;
/** Turns between two macrotask yields while WAITING instructions are pending: the host's own I/O (real timers, input) settles then. */
const HOST_CHECK_TURNS = 32;
/** Timers that may fire in a row with no process running before the run is declared stuck (a scheduler re-arming its timer forever). */
const MAX_IDLE_TIMERS = 10_000;

/** A runtime over a booted plugin set. */
export class Runtime implements RuntimeServices, CallbackHost {
  readonly handles = new HandleTable();
  readonly types: PluginTypeOperations;
  readonly processes: Process[] = [];
  readonly clock: Clock;
  readonly slice: number;
  readonly #schedulers = new Map<string, SchedulerInstance>();
  readonly #schedulerTimers = new Map<SchedulerInstance, TimerHandle>();
  readonly #runQueue: Process[] = [];
  readonly #deadlocks: string[] = [];
  readonly #warnings: string[] = [];
  readonly #runner: KernelRunner;
  readonly #locks = new ProcessLocks(this);
  readonly #write: (text: string) => void;
  readonly #read: () => string | null | Promise<string | null>;
  #output = '';
  #pendingWaits = 0;
  #wake: (() => void) | null = null;
  readonly #idleWatch: ((onIdle: () => void) => () => void) | undefined;
  #started = false;
  #kernelCount = 0;
  /** The tier of every kernel's machine (RuntimeOptions.tier). */
  readonly #tier: TierName | undefined;
  /** Instructions the process at the head of the run queue has used of its turn (stepping only). */
  #turnUsed = 0;

  /** Builds the runtime and calls every plugin's `plugin_initialisation`. */
  constructor(
    readonly plugins: PluginSet,
    options: RuntimeOptions = {},
  ) {
    this.slice = options.slice ?? DEFAULT_SLICE;
    this.#tier = options.tier;
    if (!Number.isSafeInteger(this.slice) || this.slice < 1) throw new RuntimeError(`slice must be a positive whole number of instructions, got ${this.slice}`);
    const perMs = options.instructionsPerMs ?? 1000;
    if (!(perMs > 0)) throw new RuntimeError(`instructionsPerMs must be positive, got ${perMs}`);
    this.clock = new Clock(options.clock ?? 'simulated', perMs);
    this.#write = options.output ?? ((text) => void (this.#output += text));
    this.#read = options.input ?? (() => null);
    this.#idleWatch = options.idleWatch;
    this.types = this.#typeOperations();
    this.#runner = new KernelRunner(this);
    this.#schedulers.set(DEFAULT_SCHEDULER, defaultScheduler((process) => this.runProcess(process, 0)));
    this.#lifecycle('plugin_initialisation');
    for (const object of plugins.all('SCHEDULER')) {
      const name = object.declaration.name;
      this.#schedulers.set(name, this.#host(`scheduler ${name}: scheduler_${entryOf(name)}_create`, () => pluginScheduler(object, this)));
    }
  }

  /** Everything written with `svm_machine_output` (when no `output` function was given). */
  get written(): string {
    return this.#output;
  }

  // ---- building ----

  #assemble(code: string | KernelCode, file: string): KernelCode {
    return typeof code === 'string' ? assembleKernel(code, this.plugins, { file }) : code;
  }

  /** Creates a process with one kernel. Throws AsmError for code that does not assemble, RuntimeError for a bad option or a refusal. */
  addProcess(options: ProcessOptions): Process {
    if (this.#started) throw new RuntimeError('processes are added before the run starts');
    if (this.processes.some((p) => p.name === options.name)) throw new RuntimeError(`a process named ${options.name} already exists`);
    const code = this.#assemble(options.code, options.file ?? `${options.name}.asm`);
    const process = new Process(options.name);
    const sequencer = options.sequencer ?? DEFAULT_SEQUENCER;
    if (sequencer === DEFAULT_SEQUENCER) process.sequencer = defaultSequencer();
    else {
      const object = this.plugins.find('SEQUENCER', sequencer);
      if (object === undefined) throw new RuntimeError(`process ${options.name}: no plugin defines the sequencer ${sequencer}`);
      process.sequencer = this.#host(`process ${options.name}: sequencer ${sequencer}`, () => pluginSequencer(object, process, this));
    }
    const scheduler = this.#schedulers.get(options.scheduler ?? DEFAULT_SCHEDULER);
    if (scheduler === undefined) throw new RuntimeError(`process ${options.name}: no plugin defines the scheduler ${options.scheduler ?? ''}`);
    this.processes.push(process);
    this.#addKernel(process, code, deriveAccess(FULL_ACCESS, options.access), options.memorySize);
    process.scheduler = scheduler;
    if (!this.#host(`process ${options.name}: scheduler ${scheduler.name}`, () => scheduler.attach(process, options.schedulerParameter ?? 0))) {
      this.processes.pop();
      throw new RuntimeError(`process ${options.name}: the scheduler ${scheduler.name} refused it`);
    }
    return process;
  }

  /**
   * Adds a kernel to a process, after its first one: its access derives from the first kernel's
   * (protected mode inherited, quotas only narrowed).
   */
  addKernel(processName: string, options: KernelOptions): Kernel {
    const process = this.processes.find((p) => p.name === processName);
    if (process === undefined) throw new RuntimeError(`no process named ${processName}`);
    const code = this.#assemble(options.code, options.file ?? `${processName}.${process.kernels.length}.asm`);
    return this.#addKernel(process, code, deriveAccess(process.kernels[0].access, options.access), options.memorySize);
  }

  /** Adds a kernel to `process` with access derived from `parent`'s (for `svm_kernel_new_code`). */
  deriveKernel(process: Process, parent: Kernel, code: string, access: Partial<AccessControl>): Kernel {
    return this.#addKernel(process, this.#assemble(code, `${process.name}.${process.kernels.length}.asm`), deriveAccess(parent.access, access), undefined);
  }

  #addKernel(process: Process, code: KernelCode, access: AccessControl, memorySize: number | undefined): Kernel {
    const machineOptions = { ...(memorySize === undefined ? {} : { memorySize }), ...(this.#tier === undefined ? {} : { tier: this.#tier }) };
    const kernel = this.#host(`process ${process.name}`, () => new Kernel(this.#kernelCount, process, code, access, machineOptions));
    this.#kernelCount++;
    for (const cell of code.memory) {
      kernel.cellTypes[cell.address] = cell.type;
      if (cell.initial === null) continue;
      const initial = cell.initial;
      const value = this.#host(`process ${process.name}: .value ${cell.name}`, (): RuntimeValue =>
        initial.kind === 'pluginConstant' ? { type: initial.type, data: this.types.constant(initial.type, initial.text) } : { type: initial.kind === 'constant' ? initial.type : 'INT', data: initial.kind === 'constant' ? initial.value : 0 });
      this.#host(`process ${process.name}: .value ${cell.name}`, () => kernel.write(cell.address, value, this.types));
    }
    if (!this.#host(`process ${process.name}: sequencer ${process.sequencer.name}`, () => process.sequencer.attach(kernel, []))) {
      throw new RuntimeError(`process ${process.name}: the sequencer ${process.sequencer.name} refused kernel ${kernel.id}`);
    }
    process.kernels.push(kernel);
    return kernel;
  }

  /** Runs host-side setup code, turning an interruption or a plugin failure into a RuntimeError naming `what`. */
  #host<T>(what: string, run: () => T): T {
    try {
      return run();
    } catch (error) {
      if (error instanceof ExvmError) throw error;
      throw new RuntimeError(`${what}: ${errorReason(error)}`); // an interruption, a plugin callback that threw, a bad size
    }
  }

  // ---- callbacks ----

  /** Calls plugin code in a new scope; its handles are freed when it returns (or settles, for a promise). */
  invoke<T>(what: string, process: Process | null, kernel: Kernel | null, call: (svm: SVM, tools: InvocationTools) => T, plugin: LoadedPlugin | null = null): T {
    const scope: Scope = { entries: [] };
    const backend = new CallbackBackend(this, process, kernel, scope, plugin);
    const svm = bindBackend(backend);
    const close = (): void => {
      unbindBackend(svm);
      this.handles.close(scope, this.release);
    };
    const tools: InvocationTools = {
      kernelHandle: (k) => backend.kernelHandle(k),
      processHandle: (p) => backend.processHandle(p),
      parameterHandle: (p) => backend.parameterHandle(p),
      kernelOf: (handle, where) => {
        if (handle === null || handle === undefined) return null;
        const entry = this.handles.entry(handle);
        if (!isLive(entry) || entry.target.kind !== 'kernel') return interrupt('FAILURE', `${where} is not a kernel`);
        return entry.target.kernel;
      },
    };
    let result: T;
    try {
      result = call(svm, tools);
    } catch (error) {
      close();
      throw error;
    }
    if (result instanceof Promise) return result.finally(close) as T;
    close();
    return result;
  }

  /** Frees what an owned handle held. */
  readonly release = (target: HandleTarget): void => {
    try {
      if (target.kind === 'value') deleteValue(target.value, this.types);
      else if (target.kind === 'structure') this.#structureDelete(target.structure.type, target.structure.data);
      else if (target.kind === 'lock') this.releaseLock(target.lock);
    } catch (error) {
      this.#warnings.push(`freeing a ${target.kind} failed: ${errorReason(error)}`);
    }
  };

  #structureDelete(type: string, data: unknown): void {
    const object = this.plugins.find('STRUCT', type);
    const remove = object?.callbacks.get('delete') as ((svm: SVM, handler: unknown) => void) | undefined;
    if (remove !== undefined) this.invoke(`struct ${type} delete`, null, null, (svm) => remove(svm, data), object?.plugin);
  }

  #typeCallback(type: string, suffix: string): ((...args: unknown[]) => unknown) | undefined {
    return this.plugins.find('TYPE', type)?.callbacks.get(suffix) as ((...args: unknown[]) => unknown) | undefined;
  }

  /** Calls a callback of the plugin defining `type`, on behalf of the kernel running now (`current`) or of none. */
  #typeInvoke<T>(type: string, suffix: string, current: boolean, call: (svm: SVM) => T): T {
    const object: DefinedObject | undefined = this.plugins.find('TYPE', type);
    return this.invoke(`type ${type} ${suffix}`, current ? this.#runner.currentProcess : null, current ? this.#runner.currentKernel : null, call, object?.plugin);
  }

  #typeOperations(): PluginTypeOperations {
    const missing = (type: string, suffix: string): never => interrupt('FAILURE', `type ${type} has no type_${entryOf(type)}_${suffix} callback`);
    return {
      copy: (type, data) => {
        const copy = this.#typeCallback(type, 'copy') ?? missing(type, 'copy');
        return this.#typeInvoke(type, 'copy', true, (svm) => copy(svm, data));
      },
      compare: (type, left, right) => {
        const compare = this.#typeCallback(type, 'compare');
        if (compare === undefined) return null;
        const order = this.#typeInvoke(type, 'compare', true, (svm) => compare(svm, left, right));
        return typeof order === 'number' && !Number.isNaN(order) ? order : null;
      },
      print: (type, data) => {
        const print = this.#typeCallback(type, 'print');
        return print === undefined ? `<${type}>` : String(this.#typeInvoke(type, 'print', true, (svm) => print(svm, data)));
      },
      delete: (type, data) => {
        const remove = this.#typeCallback(type, 'delete');
        if (remove !== undefined) this.#typeInvoke(type, 'delete', false, (svm) => remove(svm, data));
      },
      constant: (type, text) => {
        const constant = this.#typeCallback(type, 'constant') ?? missing(type, 'constant');
        const data = this.#typeInvoke(type, 'constant', true, (svm) => constant(svm, text));
        return data ?? interrupt('FAILURE', `type_${entryOf(type)}_constant refused the constant ${JSON.stringify(text)}`);
      },
    };
  }

  /** Calls a lifecycle hook of every plugin. A failing initialisation or startup is a boot error; a failing finalisation (the run is over) a warning. */
  #lifecycle(hook: 'plugin_initialisation' | 'plugin_startup' | 'plugin_finalisation'): void {
    for (const plugin of this.plugins.plugins) {
      const callback = plugin.module[hook];
      if (callback === undefined) continue;
      try {
        this.invoke(`${plugin.name} ${hook}`, null, null, (svm) => callback(svm), plugin);
      } catch (error) {
        const message = `plugin ${plugin.name}: ${hook} failed: ${errorReason(error)}`;
        if (hook !== 'plugin_finalisation') throw new RuntimeError(message);
        this.#warnings.push(message);
      }
    }
  }

  /** Runs a clean-up callback; a failure becomes a warning (nothing is left to interrupt). */
  #cleanUp(what: string, run: () => void): void {
    try {
      run();
    } catch (error) {
      this.#warnings.push(`${what} failed: ${errorReason(error)}`);
    }
  }

  /** Deletes the values left in an ended kernel's memory (plugin types through type_<name>_delete). */
  releaseMemory(kernel: Kernel): void {
    kernel.memory.forEach((value, address) => {
      if (value === null) return;
      kernel.memory[address] = null;
      this.#cleanUp(`deleting the ${value.type} value in cell @${address} of ${kernel.label}`, () => deleteValue(value, this.types));
    });
  }

  /**
   * The end of a run: kernel memories are emptied, plugins finalised, then the global variables
   * still alive, the sequencers and the schedulers deleted.
   */
  #shutDown(): void {
    for (const process of this.processes) for (const kernel of process.kernels) this.releaseMemory(kernel);
    this.#lifecycle('plugin_finalisation');
    this.handles.closeGlobals(this.release);
    for (const process of this.processes) this.#cleanUp(`process ${process.name}: deleting sequencer ${process.sequencer.name}`, () => process.sequencer.delete());
    for (const scheduler of this.#schedulers.values()) this.#cleanUp(`deleting scheduler ${scheduler.name}`, () => scheduler.delete());
  }

  // ---- services for the API ----

  /** The current time on the runtime's clock, in ms. */
  time(): number {
    return this.clock.now();
  }

  /** A promise settled `delay` ms later on the runtime's clock. */
  sleep(delay: number): Promise<void> {
    return new Promise((resolve) => void this.clock.after(delay, resolve));
  }

  /** Writes program output. */
  output(text: string): void {
    this.#write(text);
  }

  /** The next line of input, null at its end. */
  async input(): Promise<string | null> {
    return this.#read();
  }

  /** Queues an interruption for a process's current kernel (delivered before its next instruction). */
  interruptProcess(process: Process, interruption: Interruption): void {
    if (!process.ended) process.pendingInterruptions.push(interruption);
  }

  /** The scheduler named `name` (`default` or a plugin's). */
  scheduler(name: string): SchedulerInstance | undefined {
    return this.#schedulers.get(name);
  }

  /** Changes a process's state and tells its scheduler (whose answer may set a timer). */
  setState(process: Process, state: SVM_Process_State): void {
    if (process.state === state) return;
    process.state = state;
    if (state !== 'RUNNING') this.#unqueue(process);
    this.#schedule(process, state);
  }

  #schedule(process: Process, state: SVM_Process_State): void {
    const scheduler = process.scheduler;
    let delay: number;
    try {
      delay = scheduler.schedule(process, state);
    } catch (error) {
      this.#warnings.push(`scheduler ${scheduler.name} failed on process ${process.name} becoming ${state}: ${errorReason(error)}`);
      return;
    }
    this.#schedulerTimer(scheduler, delay);
  }

  /** A scheduler asked for a timer: a positive delay (re)arms its one timer, 0 leaves it as it is. */
  #schedulerTimer(scheduler: SchedulerInstance, delay: number): void {
    if (delay <= 0) return;
    this.#schedulerTimers.get(scheduler)?.cancel();
    this.#schedulerTimers.set(scheduler, this.clock.after(delay, () => {
      this.#schedulerTimers.delete(scheduler);
      this.#notify(scheduler, 'TIMER', 0);
    }));
  }

  #notify(scheduler: SchedulerInstance, type: SVM_Notification_Type, parameter: number): void {
    let delay: number;
    try {
      delay = scheduler.notification(type, parameter);
    } catch (error) {
      this.#warnings.push(`scheduler ${scheduler.name} failed on a ${type} notification: ${errorReason(error)}`);
      return;
    }
    this.#schedulerTimer(scheduler, delay);
  }

  /** Posts a notification to a scheduler. */
  notifyScheduler(scheduler: SchedulerInstance, parameter: number): void {
    this.#notify(scheduler, 'NOTIFICATION', parameter);
  }

  /** Moves a process to another scheduler, if it accepts. */
  attachToScheduler(scheduler: SchedulerInstance, process: Process, parameter: number): boolean {
    if (process.scheduler === scheduler) return true;
    if (!scheduler.attach(process, parameter)) return false;
    process.scheduler.detach(process, parameter);
    process.scheduler = scheduler;
    this.#schedule(process, process.state);
    return true;
  }

  /** Detaches a process from a scheduler (it goes back to the default one), if it accepts. */
  detachFromScheduler(scheduler: SchedulerInstance, process: Process, parameter: number): boolean {
    if (process.scheduler !== scheduler || scheduler.name === DEFAULT_SCHEDULER) return false;
    if (!scheduler.detach(process, parameter)) return false;
    const fallback = this.#schedulers.get(DEFAULT_SCHEDULER)!;
    fallback.attach(process, parameter);
    process.scheduler = fallback;
    this.#schedule(process, process.state);
    return true;
  }

  /** Lets a SUSPENDED process run (after `delay` ms). */
  runProcess(process: Process, delay: number): void {
    if (delay > 0) {
      this.clock.after(delay, () => this.runProcess(process, 0));
      return;
    }
    if (process.state !== 'SUSPENDED' && process.state !== 'RUNNING') return;
    process.suspendRequested = false;
    if (!this.#runQueue.includes(process) && process !== this.#runner.currentProcess) this.#runQueue.push(process);
    this.setState(process, 'RUNNING');
  }

  /** Suspends a process (the running one at its next instruction boundary). */
  suspendProcess(process: Process): void {
    if (process === this.#runner.currentProcess) process.suspendRequested = true;
    else if (process.state === 'RUNNING') this.setState(process, 'SUSPENDED');
  }

  /** Ends a process now (the running one at its next instruction boundary): it becomes ZOMBIE. */
  terminateProcess(process: Process): void {
    for (const kernel of process.kernels) if (!kernel.ended) kernel.state = 'ZOMBIE';
    if (process !== this.#runner.currentProcess) this.finish(process);
  }

  #unqueue(process: Process): void {
    const at = this.#runQueue.indexOf(process);
    if (at >= 0) this.#runQueue.splice(at, 1);
  }

  // ---- locks ----

  /** Takes `target`'s lock for `requester`: granted now, queued (a promise) when `wait`, else null. A deadlock raises FAILURE. */
  lockProcess(requester: Process, target: Process, wait: boolean): ProcessLock | Promise<ProcessLock> | null {
    return this.#locks.lock(requester, target, wait);
  }

  /** Releases a lock: the process goes back to its state before, and the next request in line gets the lock. */
  releaseLock(lock: ProcessLock): void {
    this.#locks.release(lock);
  }

  /** Records a detected deadlock. */
  reportDeadlock(description: string): void {
    this.#deadlocks.push(description);
  }

  // ---- waiting instructions ----

  /** Counts a WAITING instruction in progress; `done` when it settles. */
  beginWait(): () => void {
    this.#pendingWaits++;
    return () => {
      this.#pendingWaits--;
      this.#wake?.();
    };
  }

  // ---- ending ----

  /** Ends a process whose kernels have all ended: INTERRUPTED if one was, else ZOMBIE. Its locks are released. */
  finish(process: Process): void {
    if (process.ended) return;
    for (const kernel of process.kernels) if (!kernel.ended) kernel.state = 'ZOMBIE';
    for (const lock of [...process.held]) this.releaseLock(lock);
    for (const kernel of process.kernels) this.releaseMemory(kernel);
    const final = process.kernels.some((k) => k.state === 'ERROR') ? 'ERROR' : process.kernels.some((k) => k.state === 'INTERRUPTED') ? 'INTERRUPTED' : 'ZOMBIE';
    this.setState(process, final);
  }

  /** Puts a process in ERROR (a sequencer or scheduler of it failed). */
  fail(process: Process, message: string): void {
    this.#warnings.push(`process ${process.name}: ${message}`);
    for (const kernel of process.kernels) if (!kernel.ended) kernel.state = 'ERROR';
    this.finish(process);
  }

  // ---- the run ----

  /** Runs every process until all have ended or nothing can happen any more. Runs once. */
  async run(): Promise<RuntimeReport> {
    if (this.#started) throw new RuntimeError('a runtime runs once');
    this.#started = true;
    this.#lifecycle('plugin_startup');
    for (const process of this.processes) this.#schedule(process, process.state);
    let turns = 0;
    let idleTimers = 0;
    for (;;) {
      if (this.processes.every((p) => p.ended)) break; // schedulers' timers alone keep nothing alive
      const fired = this.clock.fireDue();
      if (this.#pendingWaits > 0) await (fired > 0 || ++turns % HOST_CHECK_TURNS === 0 ? macrotask() : microtasks()); // pick up settled WAITING instructions
      const process = this.#runQueue.shift();
      if (process !== undefined) {
        idleTimers = 0;
        this.#runner.turn(process);
        if (process.state === 'RUNNING' && !this.#runQueue.includes(process)) this.#runQueue.push(process);
        continue;
      }
      if (this.#pendingWaits > 0) {
        await macrotask();
        if (this.#runQueue.length > 0) continue;
      }
      if (this.clock.pending && ++idleTimers <= MAX_IDLE_TIMERS) {
        await this.clock.advance();
        continue;
      }
      if (idleTimers > MAX_IDLE_TIMERS) this.#warnings.push(`${MAX_IDLE_TIMERS} timers fired in a row and no process ran: the run stops`);
      if (this.#pendingWaits > 0 && !this.#onlyLockWaits()) {
        if (await this.#waitForWake()) break; // the host has nothing left that could settle them: stalled
        continue;
      }
      break;
    }
    const report = this.#report();
    this.#shutDown();
    return { ...report, warnings: [...this.#warnings] };
  }

  /** Waits until a WAITING instruction settles (false) or the host says none can any more (true). */
  async #waitForWake(): Promise<boolean> {
    let stop = (): void => undefined;
    const idle = await new Promise<boolean>((resolve) => {
      this.#wake = () => resolve(false);
      if (this.#idleWatch !== undefined) stop = this.#idleWatch(() => resolve(true));
    });
    stop();
    this.#wake = null;
    return idle;
  }

  // ---- stepping (a debugger) ----

  /** Starts the run for a debugger, which then executes it with `stepInstruction` instead of `run()`. */
  startStepping(): void {
    if (this.#started) throw new RuntimeError('a runtime runs once');
    this.#started = true;
    this.#lifecycle('plugin_startup');
    for (const process of this.processes) this.#schedule(process, process.state);
  }

  /**
   * Executes the next instruction in the order `run()` would (the same turns of `slice`
   * instructions, due timers fired between turns, an idle simulated clock jumping to its next
   * timer). Says 'ran'; 'waiting' when no process can run until a WAITING instruction's promise
   * settles (or a real-time timer is due): let the event loop turn, then step again with `settled`
   * true (as `run()` does, the simulated clock then jumps to its next timer if there is one);
   * 'ended' when nothing can happen any more.
   */
  stepInstruction(settled = false): 'ran' | 'waiting' | 'ended' {
    for (let idle = 0; idle <= MAX_IDLE_TIMERS; idle++) {
      if (this.processes.every((p) => p.ended)) return 'ended';
      if (this.#turnUsed === 0) this.clock.fireDue();
      const process = this.#runQueue.shift();
      if (process !== undefined) {
        this.#runner.turn(process, 1);
        const goesOn = process.state === 'RUNNING' && !this.#runQueue.includes(process);
        if (goesOn && ++this.#turnUsed < this.slice) this.#runQueue.unshift(process);
        else {
          this.#turnUsed = 0;
          if (goesOn) this.#runQueue.push(process);
        }
        return 'ran';
      }
      this.#turnUsed = 0;
      const waits = this.#pendingWaits > 0;
      if ((waits && !settled) || (this.clock.kind === 'real' && this.clock.pending)) return 'waiting';
      if (!this.clock.pending) return waits ? 'waiting' : 'ended';
      void this.clock.advance(); // simulated: the jump happens at once
      if (waits) return 'waiting'; // the timers fire at the next step; let their promises settle first
    }
    return 'ended';
  }

  #onlyLockWaits(): boolean {
    return this.processes.filter((p) => p.state === 'WAITING').every((p) => p.waitingFor !== null);
  }

  #report(): RuntimeReport {
    const processes: ProcessReport[] = this.processes.map((process) => ({
      name: process.name,
      state: process.state,
      kernels: process.kernels.map((k) => ({
        id: k.id, state: k.state, exitCode: k.machine.exitCode, instructions: k.machine.instructionsExecuted, interruption: k.interruption, report: k.report,
      })),
    }));
    const why = (p: Process): string => (p.waitingFor !== null ? `, waiting for the lock of ${p.waitingFor.name}` : p.state === 'WAITING' ? ' in a WAITING instruction nothing can settle' : '');
    const stalled = this.processes.filter((p) => !p.ended).map((p) => `process ${p.name} is ${p.state}${why(p)} and nothing can make it run again`);
    return {
      ok: this.processes.every((p) => p.state === 'ZOMBIE'),
      processes,
      deadlocks: [...this.#deadlocks],
      stalled,
      warnings: [...this.#warnings],
      time: this.clock.now(),
    };
  }
}

/**
 * Resolves after a few microtask hops: enough for a WAITING instruction whose promise was settled
 * during the last turn (by a timer, a granted lock) to complete, without the cost of a macrotask.
 */
async function microtasks(): Promise<void> {
  for (let hop = 0; hop < MICROTASK_HOPS; hop++) await Promise.resolve();
}

/** Resolves after the current macrotask: pending promise reactions have all run. */
function macrotask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
