/**
 * Ownership locks between processes: a process acts on another only while it holds that process's
 * lock. Requests queue first come, first served; the target is LOCKED while its lock is held; a
 * request that would close a cycle of waits is a deadlock, refused with FAILURE and reported.
 */
import type { SVM_Process_State } from '../plugin/api/index.js';
import { interrupt } from './interruptions.js';
import type { Process, ProcessLock } from './process.js';

/** What the locks need from the runtime. */
export interface LockHost {
  setState(process: Process, state: SVM_Process_State): void;
  reportDeadlock(description: string): void;
}

/** The lock table of a runtime (the locks themselves live on the processes). */
export class ProcessLocks {
  constructor(readonly host: LockHost) {}

  #grant(requester: Process, target: Process): ProcessLock {
    const lock: ProcessLock = { owner: requester, target, released: false };
    target.lock = lock;
    requester.waitingFor = null;
    requester.held.push(lock);
    if (!target.ended && target.state !== 'LOCKED') {
      target.stateBeforeLock = target.state;
      this.host.setState(target, 'LOCKED');
    }
    return lock;
  }

  /** The cycle `requester` would close by waiting for `target`'s lock, described, or null. */
  #deadlock(requester: Process, target: Process): string | null {
    const steps = [`process ${requester.name} waits for the lock of ${target.name}, held by ${target.lock!.owner.name}`];
    const seen = new Set<Process>([requester]);
    let holder: Process | null = target.lock!.owner;
    while (holder !== null && !seen.has(holder)) {
      seen.add(holder);
      const next: Process | null = holder.waitingFor;
      if (next?.lock == null) return null;
      steps.push(`process ${holder.name} waits for the lock of ${next.name}, held by ${next.lock.owner.name}`);
      holder = next.lock.owner;
    }
    return holder === requester ? `deadlock: ${steps.join('; ')}` : null;
  }

  /** Takes `target`'s lock for `requester`: granted now, queued (a promise) when `wait`, else null. A deadlock raises FAILURE. */
  lock(requester: Process, target: Process, wait: boolean): ProcessLock | Promise<ProcessLock> | null {
    if (target.lock === null) return this.#grant(requester, target);
    if (!wait) return null;
    const cycle = this.#deadlock(requester, target);
    if (cycle !== null) {
      this.host.reportDeadlock(cycle);
      return interrupt('FAILURE', `svm_process_ownership_lock: ${cycle}`);
    }
    requester.waitingFor = target;
    return new Promise<ProcessLock>((resolve) => target.lockQueue.push({ requester, grant: resolve }));
  }

  /** Releases a lock: the next live request in line gets it, else the process goes back to its state before. */
  release(lock: ProcessLock): void {
    if (lock.released) return;
    lock.released = true;
    const { target, owner } = lock;
    owner.held.splice(owner.held.indexOf(lock), 1);
    target.lock = null;
    let next = target.lockQueue.shift();
    while (next?.requester.ended === true) next = target.lockQueue.shift(); // requesters that ended meanwhile
    if (next !== undefined) {
      next.grant(this.#grant(next.requester, target));
      return;
    }
    if (target.state === 'LOCKED') {
      const before = target.stateBeforeLock ?? 'SUSPENDED';
      target.stateBeforeLock = null;
      this.host.setState(target, before === 'RUNNING' ? 'SUSPENDED' : before);
    }
  }
}
