/**
 * A process: a name, a state, a sequencer choosing which of its kernels runs, a scheduler, and an
 * ownership lock other processes must hold to act on it (requests queue in order).
 */
import type { SVM_Process_State } from '../plugin/api/index.js';
import type { Interruption } from './interruptions.js';
import type { Kernel } from './kernel.js';
import type { SchedulerInstance } from './schedulers.js';
import type { SequencerInstance } from './sequencers.js';

/** A granted ownership lock: `owner` may act on `target` until it releases it. */
export interface ProcessLock {
  readonly owner: Process;
  readonly target: Process;
  released: boolean;
}

/** A queued lock request. */
export interface LockRequest {
  readonly requester: Process;
  readonly grant: (lock: ProcessLock) => void;
}

/** One process. */
export class Process {
  state: SVM_Process_State = 'SUSPENDED';
  readonly kernels: Kernel[] = [];
  /** The lock on this process, while someone holds it. */
  lock: ProcessLock | null = null;
  /** Requests for this process's lock, first come first served. */
  readonly lockQueue: LockRequest[] = [];
  /** The locks this process holds on others (released when it ends). */
  readonly held: ProcessLock[] = [];
  /** The process this one waits for (a queued lock request), for deadlock detection. */
  waitingFor: Process | null = null;
  /** A stop was asked (`svm_process_suspend`): the process becomes SUSPENDED at its next instruction boundary. */
  suspendRequested = false;
  /** Interruptions sent to this process, delivered to its current kernel before its next instruction. */
  readonly pendingInterruptions: Interruption[] = [];
  /** The state before LOCKED, restored when the lock is released. */
  stateBeforeLock: SVM_Process_State | null = null;
  /** The sequencer is set right after construction. */
  sequencer!: SequencerInstance;
  /** The scheduler the process is attached to. */
  scheduler!: SchedulerInstance;

  /** Creates a process named `name`. */
  constructor(readonly name: string) {}

  /** Whether the process has ended (ZOMBIE, INTERRUPTED or ERROR). */
  get ended(): boolean {
    return this.state === 'ZOMBIE' || this.state === 'INTERRUPTED' || this.state === 'ERROR';
  }
}
