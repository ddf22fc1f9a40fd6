/**
 * What the plugin API's implementation needs from the runtime: the plugins, the handle table,
 * state changes, locks, timers, output, and calls into other plugins' callbacks.
 */
import type { CallbackHost } from './callbacks.js';
import type { PluginSet } from '../plugin/registry/index.js';
import type { HandleTable, Release } from './handles.js';
import type { Interruption } from './interruptions.js';
import type { AccessControl, Kernel } from './kernel.js';
import type { Process, ProcessLock } from './process.js';
import type { SchedulerInstance } from './schedulers.js';
import type { PluginTypeOperations } from './values.js';

/** The runtime as the API implementation sees it. */
export interface RuntimeServices extends CallbackHost {
  readonly plugins: PluginSet;
  readonly handles: HandleTable;
  readonly types: PluginTypeOperations;
  /** Releases what a freed owned handle held (deletes a value or a structure, releases a lock). */
  readonly release: Release;
  readonly processes: readonly Process[];
  /** The current time in ms on the runtime's clock. */
  time(): number;
  /** A promise settled `delay` ms later on the runtime's clock. */
  sleep(delay: number): Promise<void>;
  output(text: string): void;
  /** The next line of input, null at its end. */
  input(): Promise<string | null>;
  /** Queues an interruption for a process's current kernel. */
  interruptProcess(process: Process, interruption: Interruption): void;
  /** Lets a process run (after `delay` ms). */
  runProcess(process: Process, delay: number): void;
  /** Asks a process to stop at its next instruction boundary. */
  suspendProcess(process: Process): void;
  /** Ends a process (ZOMBIE). */
  terminateProcess(process: Process): void;
  /** Takes `target`'s lock for `requester`: a lock now, a promise when queued; throws an InterruptionSignal on a deadlock. */
  lockProcess(requester: Process, target: Process, wait: boolean): ProcessLock | Promise<ProcessLock> | null;
  /** Adds a kernel running `code` to `process`, with access derived from `parent`'s; throws AsmError for bad code, RuntimeError for a refusal. */
  deriveKernel(process: Process, parent: Kernel, code: string, access: Partial<AccessControl>): Kernel;
  /** Releases a lock and grants the next queued request. */
  releaseLock(lock: ProcessLock): void;
  scheduler(name: string): SchedulerInstance | undefined;
  /** Posts a notification to a scheduler. */
  notifyScheduler(scheduler: SchedulerInstance, parameter: number): void;
  attachToScheduler(scheduler: SchedulerInstance, process: Process, parameter: number): boolean;
  detachFromScheduler(scheduler: SchedulerInstance, process: Process, parameter: number): boolean;
  /** Records a detected deadlock (also raised as FAILURE in the requester). */
  reportDeadlock(description: string): void;
}
