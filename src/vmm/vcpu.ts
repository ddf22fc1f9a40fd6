/**
 * A vCPU (AxVM's `AxVCpu`): an exvm machine over its VM's guest bus, with AxVCpu's state machine.
 *
 *   Created --setup--> Free --bind--> Ready --run--> Running --> Ready --unbind--> Free
 *                                                        \--> (wfi) Ready, then Blocked after unbind, until an interrupt
 *
 * A call in the wrong state is BadState and leaves the vCPU Invalid (as AxVCpu does: a VMM that
 * calls out of order has lost track of the vCPU, so it must not be run again).
 */
import type { Program } from '../image/program.js';
import { instructionCount } from '../image/program.js';
import { Machine } from '../machine/machine.js';
import type { MemoryBus } from '../machine/memory.js';
import { AxError } from './errors.js';
import type { RawStop } from './vcpu-engine.js';
import { RecordingBus, runSlice } from './vcpu-engine.js';

/** AxVCpu's states, in its order (`VCpuState` numbers 0–5). */
export const VCPU_STATES = ['Invalid', 'Created', 'Free', 'Ready', 'Running', 'Blocked'] as const;

/** A vCPU state. */
export type VcpuState = (typeof VCPU_STATES)[number];

/** How a vCPU is made. */
export interface VcpuOptions {
  readonly id: number;
  /** The VM's name, for messages. */
  readonly vm: string;
  readonly program: Program;
  readonly bus: MemoryBus;
  /** The pending-interrupt word (shared when the VM's memory is). */
  readonly pending: Int32Array;
  /** Every irq ever raised (shared likewise): a machine built later (setup, a worker) raises them again. */
  readonly latched: Int32Array;
}

/** One vCPU of a VM. */
export class Vcpu {
  /** The vCPU id (its index in the VM, and what `cpuid` pushes). */
  readonly id: number;
  /** Its pending-interrupt word: bit v = vector v. Other threads may raise bits with Atomics. */
  readonly pending: Int32Array;
  /**
   * Every irq raised into the vCPU. Building a machine clears its pending word, so a machine built
   * after raises (setup of a vCPU not started yet, a worker starting up) ORs these in again.
   */
  readonly latched: Int32Array;
  readonly #vm: string;
  readonly #program: Program;
  readonly #bus: RecordingBus;
  #state: VcpuState = 'Created';
  #machine: Machine | undefined;
  #pcpu = -1;
  #entry = 0;
  #arg = 0;
  /** The value the guest gets for the hypercall it stopped at, pushed when it runs again. */
  #result: number | undefined;
  /** Set when the guest waits for an interrupt (wfi). */
  #waiting = false;

  /** Creates the vCPU in state Created. */
  constructor(options: VcpuOptions) {
    this.id = options.id;
    this.#vm = options.vm;
    this.#program = options.program;
    this.#bus = new RecordingBus(options.bus);
    this.pending = options.pending;
    this.latched = options.latched;
  }

  /** The current state. */
  get state(): VcpuState {
    return this.#state;
  }

  /** The machine, once the vCPU is set up. */
  get machine(): Machine | undefined {
    return this.#machine;
  }

  /** The physical CPU it is bound to (-1 when unbound). */
  get pcpu(): number {
    return this.#pcpu;
  }

  /** Where the guest starts and the value on its stack (set up by `setup`), for a vCPU run on another thread. */
  get start(): { readonly entry: number; readonly arg: number } {
    return { entry: this.#entry, arg: this.#arg };
  }

  /** Whether the guest waits for an interrupt. */
  get waiting(): boolean {
    return this.#waiting;
  }

  /** Raises `irq` (0–31): pending for the guest's next interrupt point, and a worker blocked in wfi wakes. */
  raise(irq: number): void {
    Atomics.or(this.latched, 0, 1 << irq);
    Atomics.or(this.pending, 0, 1 << irq);
    Atomics.notify(this.pending, 0);
  }

  /** Whether an interrupt is pending. */
  get interruptPending(): boolean {
    return Atomics.load(this.pending, 0) !== 0;
  }

  /**
   * Created → Free: the machine starts at instruction `entry` with `arg` on its stack.
   * InvalidInput (and still Created) when `entry` is not an instruction of the kernel.
   */
  setup(entry: number, arg: number): void {
    this.#expect('setup', 'Created');
    const count = instructionCount(this.#program);
    if (!Number.isInteger(entry) || entry < 0 || entry >= count) {
      throw new AxError('InvalidInput', `entry ${entry} is not an instruction of the kernel (it has ${count})`, { vm: this.#vm, field: `vcpu ${this.id}.setup` });
    }
    const machine = new Machine({ ...this.#program, entry }, { memory: this.#bus, cpuId: this.id, interrupts: this.pending });
    machine.push(arg | 0);
    Atomics.or(this.pending, 0, Atomics.load(this.latched, 0));
    this.#machine = machine;
    this.#entry = entry;
    this.#arg = arg | 0;
    this.#state = 'Free';
  }

  /** Free → Ready: bound to physical CPU `pcpu`. */
  bind(pcpu: number): void {
    this.#expect('bind', 'Free');
    this.#pcpu = pcpu;
    this.#state = 'Ready';
  }

  /** Ready → Free. */
  unbind(): void {
    this.#expect('unbind', 'Ready');
    this.#pcpu = -1;
    this.#state = this.#waiting ? 'Blocked' : 'Free';
  }

  /** Blocked → Free, once an interrupt is pending (the guest's wfi then takes it). */
  wake(): void {
    this.#expect('wake', 'Blocked');
    this.#waiting = false;
    this.#state = 'Free';
  }

  /** Ready → Running → Ready: runs at most `budget` instructions and says why the guest stopped. */
  run(budget: number): RawStop {
    this.#expect('run', 'Ready');
    const machine = this.#machine!;
    this.#state = 'Running';
    try {
      const result = this.#result;
      this.#result = undefined;
      const stop = runSlice(machine, this.#bus, budget, result);
      this.#waiting = stop.kind === 'waiting';
      if (stop.kind === 'hypercall') this.#result = 0;
      return stop;
    } finally {
      this.#state = 'Ready';
    }
  }

  /** Ready or Blocked → Running: the vCPU runs on another thread (a worker runs its machine). */
  beginRemote(): void {
    if (this.#state === 'Blocked') this.#state = 'Ready';
    this.#expect('beginRemote', 'Ready');
    this.#waiting = false;
    this.#state = 'Running';
  }

  /** Running → Ready: the worker stopped with `stop` (the result for a hypercall starts as 0, as in `run`). */
  endRemote(stop: RawStop): void {
    this.#expect('endRemote', 'Running');
    this.#waiting = stop.kind === 'waiting';
    this.#result = stop.kind === 'hypercall' ? 0 : undefined;
    this.#state = 'Ready';
  }

  /** Ready → Blocked: the worker waits for an interrupt. */
  blockRemote(): void {
    this.#expect('blockRemote', 'Ready');
    this.#state = 'Blocked';
  }

  /** The hypercall result to send to the worker (and forgets it). */
  takeResult(): number | undefined {
    const result = this.#result;
    this.#result = undefined;
    return result;
  }

  /** Forgets that the guest waits: an interrupt is pending, and running on takes it. */
  cancelWait(): void {
    this.#waiting = false;
  }

  /** Sets the result the guest gets for the hypercall it stopped at (AxVCpu's `set_return_value`). */
  setReturnValue(value: number): void {
    if (this.#result === undefined) throw new AxError('BadState', `vCPU ${this.id} is not stopped at a hypercall`, { vm: this.#vm, field: 'setReturnValue' });
    this.#result = value | 0;
  }

  /** Marks the vCPU Invalid (its VM shut down). */
  invalidate(): void {
    this.#state = 'Invalid';
    this.#machine = undefined;
  }

  #expect(operation: string, state: VcpuState): void {
    if (this.#state === state) return;
    const was = this.#state;
    this.#state = 'Invalid';
    throw new AxError('BadState', `vCPU ${this.id}: ${operation} needs state ${state}, but it is ${was} (the vCPU is now Invalid)`, { vm: this.#vm, field: `vcpu ${this.id}.${operation}` });
  }
}
