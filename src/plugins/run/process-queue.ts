/**
 * The queue behind the `run` plugin's schedulers: one process runs at a time; the others wait in
 * a ready queue, served highest priority first and in arrival order among equals. The running
 * process is preempted when its quantum ends and a process of at least its priority is ready, or
 * at once when a process of a higher priority becomes ready. Round robin is the case where every
 * priority is 0.
 */
import type { SVM, SVM_Notification_Type, SVM_Process, SVM_Process_State } from '../../plugin/api/index.js';
import {
  svm_machine_time, svm_process_get_name, svm_process_run__raw, svm_process_suspend, svm_variable_delete, svm_variable_scope_set_global,
} from '../../plugin/api/index.js';

/** An attached process: its handle (kept global while attached) and its priority. */
interface Attached {
  readonly process: SVM_Process;
  priority: number;
}

/** The smallest timer asked for when a quantum is already over (ms). */
const MIN_TIMER = 0.001;

const ENDED: readonly SVM_Process_State[] = ['ZOMBIE', 'INTERRUPTED', 'ERROR'];

/** A scheduler's state: attached processes by name, the ready queue, the running process and when its quantum ends. */
export class ProcessQueue {
  readonly #attached = new Map<string, Attached>();
  readonly #ready: string[] = [];
  #running: string | null = null;
  #deadline = 0;

  /** A queue giving each process `quantum` ms; `prioritised` takes priorities from the attach parameter. */
  constructor(
    readonly label: string,
    readonly quantum: number,
    readonly prioritised: boolean,
  ) {}

  #attachedOf(svm: SVM, process: SVM_Process): [string, Attached] {
    const name = svm_process_get_name(svm, process);
    let attached = this.#attached.get(name);
    if (attached === undefined) {
      svm_variable_scope_set_global(svm, process);
      attached = { process, priority: 0 };
      this.#attached.set(name, attached);
    }
    return [name, attached];
  }

  #priority(name: string): number {
    return this.#attached.get(name)?.priority ?? 0;
  }

  #unready(name: string): void {
    const at = this.#ready.indexOf(name);
    if (at >= 0) this.#ready.splice(at, 1);
    if (this.#running === name) this.#running = null;
  }

  /** The best ready process (highest priority, first arrived), or -1. */
  #best(): number {
    let best = -1;
    this.#ready.forEach((name, index) => {
      if (best < 0 || this.#priority(name) > this.#priority(this.#ready[best])) best = index;
    });
    return best;
  }

  /** Whether a ready process may take the running one's place: `strictly` a higher priority, or at least the same. */
  #contender(strictly: boolean): boolean {
    const best = this.#best();
    if (best < 0 || this.#running === null) return false;
    const [challenger, holder] = [this.#priority(this.#ready[best]), this.#priority(this.#running)];
    return strictly ? challenger > holder : challenger >= holder;
  }

  #dispatch(svm: SVM): void {
    if (this.#running !== null) return;
    const best = this.#best();
    if (best < 0) return;
    const [name] = this.#ready.splice(best, 1);
    this.#running = name;
    this.#deadline = svm_machine_time(svm) + this.quantum;
    svm_process_run__raw(svm, this.#attached.get(name)!.process, 0);
  }

  #preempt(svm: SVM): void {
    svm_process_suspend(svm, this.#attached.get(this.#running!)!.process);
  }

  /** The timer to ask for: when the running process's quantum ends, if someone could take its place; else none. */
  #timer(svm: SVM): number {
    if (!this.#contender(false)) return 0;
    return Math.max(this.#deadline - svm_machine_time(svm), MIN_TIMER);
  }

  /** `attach`: takes the process (its priority is `parameter` when prioritised). */
  attach(svm: SVM, process: SVM_Process, parameter: number): boolean {
    this.#attachedOf(svm, process)[1].priority = this.prioritised ? parameter : 0;
    return true;
  }

  /** `detach`: forgets the process. */
  detach(svm: SVM, process: SVM_Process): boolean {
    const name = svm_process_get_name(svm, process);
    const attached = this.#attached.get(name);
    if (attached === undefined) return false;
    this.#forget(svm, name, attached);
    this.#dispatch(svm);
    return true;
  }

  #forget(svm: SVM, name: string, attached: Attached): void {
    this.#unready(name);
    this.#attached.delete(name);
    svm_variable_delete(svm, attached.process);
  }

  /** `schedule`: a process changed state. */
  schedule(svm: SVM, process: SVM_Process, state: SVM_Process_State): number {
    const [name, attached] = this.#attachedOf(svm, process);
    if (state === 'RUNNING') {
      if (this.#running !== name) this.#unready(name);
      this.#running = name;
    } else if (state === 'SUSPENDED') {
      if (this.#running === name) this.#running = null;
      if (!this.#ready.includes(name)) this.#ready.push(name);
    } else if (ENDED.includes(state)) this.#forget(svm, name, attached);
    else this.#unready(name); // WAITING, LOCKED, DEBUG: it cannot run now
    if (this.prioritised && this.#contender(true)) this.#preempt(svm);
    this.#dispatch(svm);
    return this.#timer(svm);
  }

  /** `notification`: the quantum timer fired (other notifications are ignored). */
  notification(svm: SVM, type: SVM_Notification_Type): number {
    if (type === 'TIMER' && this.#running !== null) {
      if (this.#contender(false)) this.#preempt(svm);
      else this.#deadline = svm_machine_time(svm) + this.quantum;
    }
    return this.#timer(svm);
  }

  /** `print`: the running process and the ready queue. */
  print(): string {
    const ready = this.#ready.map((name) => (this.prioritised ? `${name} (${this.#priority(name)})` : name)).join(', ');
    return `${this.label}: running ${this.#running ?? 'nothing'}; ready ${ready || 'none'}`;
  }
}
