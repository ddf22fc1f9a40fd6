/**
 * The application target: a runtime (processes, kernels, schedulers) stepped one instruction at a
 * time in the order its own run would take. `step` executes the runtime's next instruction (time
 * counts every process's instructions); the focused process (`focus`) is what the pc, the stack,
 * the frames, step over/out and breakpoints are about. A checkpoint is a time: going back rebuilds
 * the runtime from the application and re-executes, which is exact because the runtime is
 * deterministic (simulated clock) — until a WAITING instruction has run: its result arrives
 * through a promise, which a synchronous re-execution cannot wait for, so step back is then refused.
 */
import type { Kernel } from '../runtime/kernel.js';
import type { Process } from '../runtime/process.js';
import type { Runtime } from '../runtime/runtime.js';
import type { CombinedListing } from './application-listing.js';
import { combinedListing } from './application-listing.js';
import { machineView } from './machine-view.js';
import type { TargetInfo } from './protocol.js';
import { MAX_CONSOLE_CHARS } from './protocol.js';
import type { DebugTarget, Location, StepOutcome, TargetState } from './target.js';

/** What an application target is made of. */
export interface ApplicationTargetOptions {
  /** The name shown (the application file). */
  readonly name: string;
  /**
   * Builds the application's runtime, booted and not started, writing its output to `output`.
   * Called again on restart and step back: it must build the same runtime each time (reset any
   * host state, such as console input, first).
   */
  readonly build: (output: (text: string) => void) => Runtime;
  /** The assembly source of a kernel's code file, when known. */
  readonly source?: (file: string) => string | null;
}

/** A moment of an application target: its time (re-executed from the start). */
export interface ApplicationCheckpoint {
  readonly time: number;
}

/** An interruption seen during the run. */
interface InterruptionEvent {
  readonly time: number;
  readonly kernel: Kernel;
  readonly kind: string;
  readonly message: string;
  readonly outcome: 'handled' | 'ended the kernel';
}

/** Steps of a runtime that executed no instruction (a kernel ended by a quota) before `step` gives up. */
const MAX_EMPTY_STEPS = 1000;

/** An application (runtime) being debugged. */
export class ApplicationTarget implements DebugTarget<ApplicationCheckpoint> {
  readonly info: TargetInfo;
  readonly #options: ApplicationTargetOptions;
  readonly #listing: CombinedListing;
  #runtime!: Runtime;
  #output = '';
  #events: InterruptionEvent[] = [];
  /** The interruptions already logged, per kernel (handled, ended). */
  #seen = new Map<Kernel, [unknown, unknown]>();
  /** Why the runtime cannot go on, once it cannot. */
  #end: string | undefined;
  /** The first WAITING instruction: from then on, re-execution is not exact. */
  #firstWait: { time: number; process: string } | undefined;
  #focus = '';
  /** Turns of the event loop counted since the target was made (promises settle between them). */
  #ticks = 0;
  #tickScheduled = false;
  /** The tick at which the runtime started waiting with nothing to run, while it does. */
  #waitingSince: number | undefined;

  /** Builds the runtime; throws what `build` throws (RuntimeError, AsmError, AppError). */
  constructor(options: ApplicationTargetOptions) {
    this.#options = options;
    this.#rebuild();
    const parts = this.#runtime.processes.flatMap((process) => process.kernels.map((kernel, index) => ({
      kernel: kernel.id,
      title: `process ${process.name}, kernel ${index} (${kernel.code.file})`,
      program: kernel.code.program,
      source: options.source?.(kernel.code.file) ?? null,
    })));
    this.#listing = combinedListing(parts);
    this.info = { kind: 'application', name: options.name.slice(0, 4096), source: this.#listing.source, instructions: this.#listing.instructions, diagnostics: [] };
    this.#focus = this.#runtime.processes[0]?.name ?? '';
  }

  /** The runtime being stepped (for embedders and tests). */
  get runtime(): Runtime {
    return this.#runtime;
  }

  #rebuild(): void {
    this.#output = '';
    this.#events = [];
    this.#seen = new Map();
    this.#end = undefined;
    this.#firstWait = undefined;
    this.#waitingSince = undefined;
    this.#runtime = this.#options.build((text) => void (this.#output += text));
    this.#runtime.startStepping();
  }

  #kernels(): Kernel[] {
    return this.#runtime.processes.flatMap((process) => process.kernels);
  }

  time(): number {
    return this.#kernels().reduce((sum, kernel) => sum + kernel.machine.instructionsExecuted, 0);
  }

  ended(): boolean {
    return this.#end !== undefined;
  }

  #process(): Process {
    return this.#runtime.processes.find((process) => process.name === this.#focus) ?? this.#runtime.processes[0];
  }

  /** The kernel of `process` that runs (or ran last): a running or waiting one, else its first that has not ended, else its last. */
  #kernelOf(process: Process): Kernel {
    const kernels = process.kernels;
    return kernels.find((k) => k.state === 'RUNNING' || k.state === 'WAITING') ?? kernels.find((k) => !k.ended) ?? kernels[kernels.length - 1];
  }

  /** The global pc of `kernel`'s next instruction (a kernel created during the run has its own pcs). */
  #pc(kernel: Kernel): number {
    return (this.#listing.bases.get(kernel.id) ?? 0) + kernel.machine.pc;
  }

  location(): Location {
    const kernel = this.#kernelOf(this.#process());
    return { pc: this.#pc(kernel), depth: kernel.machine.callDepth };
  }

  /** Focuses on the process named `id`. */
  focus(id: string): boolean {
    if (!this.#runtime.processes.some((process) => process.name === id)) return false;
    this.#focus = id;
    return true;
  }

  step(): StepOutcome {
    if (this.#end !== undefined) return { stop: this.#end, ended: true };
    const before = this.time();
    // Once the event loop has turned since the wait began, the promises that could settle have.
    const settled = this.#waitingSince !== undefined && this.#ticks > this.#waitingSince;
    const clock = this.#runtime.clock.now();
    let result: ReturnType<Runtime['stepInstruction']> = 'ran';
    for (let tries = 0; tries < MAX_EMPTY_STEPS && result === 'ran' && this.time() === before; tries++) result = this.#runtime.stepInstruction(settled);
    const interrupted = this.#observe();
    if (result === 'waiting') return this.#waiting(settled && this.#runtime.clock.now() === clock);
    this.#waitingSince = undefined;
    if (result === 'ended' || this.#runtime.processes.every((process) => process.ended)) {
      this.#end = this.#describeEnd();
      return { stop: this.#end, ended: true };
    }
    return interrupted === undefined ? { ended: false } : { stop: interrupted, ended: false };
  }

  /**
   * Nothing ran: every process that could run waits for a WAITING instruction. The promises settle
   * when the session yields to the event loop, and a later step goes on; if they have not settled
   * by then, the step says so (a run stops there instead of spinning).
   */
  #waiting(settled: boolean): StepOutcome {
    if (!settled) {
      // A clock jump fires timers whose promises settle at the next turn: the wait starts again.
      if (this.#waitingSince === undefined || this.#ticks > this.#waitingSince) this.#waitingSince = this.#ticks;
      if (!this.#tickScheduled) {
        this.#tickScheduled = true;
        setTimeout(() => {
          this.#ticks++;
          this.#tickScheduled = false;
        }, 0);
      }
      return { ended: false };
    }
    this.#waitingSince = undefined;
    const waiting = this.#runtime.processes.filter((process) => process.state === 'WAITING').map((process) => process.name);
    return { stop: `waiting: ${waiting.join(', ')} wait for WAITING instructions that have not completed (continue tries again)`, ended: false };
  }

  /** Logs new interruptions and the first wait; returns a description of a kernel an interruption just ended. */
  #observe(): string | undefined {
    const time = this.time();
    let ended: string | undefined;
    for (const kernel of this.#kernels()) {
      const [handled, final] = this.#seen.get(kernel) ?? [null, null];
      if (kernel.lastInterruption !== null && kernel.lastInterruption !== handled) {
        this.#events.push({ time, kernel, kind: kernel.lastInterruption.kind, message: kernel.lastInterruption.message, outcome: 'handled' });
      }
      if (kernel.interruption !== null && kernel.interruption !== final) {
        this.#events.push({ time, kernel, kind: kernel.interruption.kind, message: kernel.interruption.message, outcome: 'ended the kernel' });
        ended ??= `${kernel.label} INTERRUPTED by ${kernel.interruption.kind}: ${kernel.interruption.message}`;
      }
      this.#seen.set(kernel, [kernel.lastInterruption, kernel.interruption]);
    }
    const waiting = this.#runtime.processes.find((process) => process.state === 'WAITING');
    if (waiting !== undefined) this.#firstWait ??= { time, process: waiting.name };
    return ended;
  }

  #describeEnd(): string {
    const processes = this.#runtime.processes;
    const states = processes.map((process) => `${process.name} ${process.state}`).join(', ');
    return processes.every((process) => process.ended) ? `every process ended: ${states}` : `nothing can happen any more: ${states}`;
  }

  advance(count: number): void {
    const target = this.time() + count;
    while (this.time() < target && this.#end === undefined) {
      const before = this.time();
      this.step();
      if (this.time() === before) return; // waiting: cannot go on synchronously
    }
  }

  checkpoint(): ApplicationCheckpoint {
    return { time: this.time() };
  }

  /** Refused once a WAITING instruction ran: its result came through a promise that re-execution cannot wait for. */
  stepBackUnavailable(): string | undefined {
    const wait = this.#firstWait;
    if (wait === undefined) return undefined;
    return `step back is not available for this application since time ${wait.time}: process ${wait.process} ran a WAITING instruction, whose result comes through a promise that re-execution cannot wait for (restart goes back to the start)`;
  }

  /** Rebuilds the runtime and re-executes up to the checkpoint; throws when `stepBackUnavailable` says why not (nothing changes then). */
  rewind(checkpoint: ApplicationCheckpoint): void {
    const refused = this.stepBackUnavailable();
    if (refused !== undefined) throw new Error(refused);
    this.#rebuild();
    this.advance(checkpoint.time);
  }

  restart(): void {
    const focus = this.#focus;
    this.#rebuild();
    this.#focus = focus;
  }

  state(): TargetState {
    const process = this.#process();
    const kernel = this.#kernelOf(process);
    const pc = this.#pc(kernel);
    const instruction = this.#listing.bases.has(kernel.id) ? this.info.instructions[pc] : undefined;
    const view = machineView(kernel.machine, [['process', `${process.name} ${process.state}`], ['kernel', `${kernel.id} ${kernel.state}`]]);
    return {
      ...view,
      contexts: this.#runtime.processes.map((p) => ({ id: p.name, label: `${p.name} (${p.state})`.slice(0, 256) })),
      focus: process.name,
      pc,
      line: instruction?.line ?? null,
      time: this.time(),
      gasUsed: kernel.machine.gasUsed,
      console: this.#output.slice(-MAX_CONSOLE_CHARS),
      views: this.#views(),
    };
  }

  #views(): TargetState['views'] {
    const processes = this.#runtime.processes;
    const kernels = this.#kernels();
    const schedulers = [...new Set(processes.map((p) => p.scheduler.name))];
    const quota = (value: number | null): string => (value === null ? 'none' : String(value));
    return [
      {
        title: 'Processes',
        columns: ['process', 'state', 'kernels', 'scheduler', 'sequencer', 'lock'],
        rows: processes.map((p) => [p.name, p.state, String(p.kernels.length), p.scheduler.name, p.sequencer.name, p.lock === null ? (p.waitingFor === null ? '' : `waits for ${p.waitingFor.name}`) : `held by ${p.lock.owner.name}`]),
      },
      {
        title: 'Kernels',
        columns: ['kernel', 'process', 'state', 'pc', 'instructions', 'instruction quota', 'protected', 'code'],
        rows: kernels.map((k) => [String(k.id), k.process.name, k.state, String(this.#pc(k)), String(k.machine.instructionsExecuted), quota(k.access.instructions), k.access.protectedMode ? 'yes' : 'no', k.code.file]),
      },
      {
        title: 'Schedulers',
        columns: ['scheduler', 'processes'],
        rows: schedulers.map((name) => [name, processes.filter((p) => p.scheduler.name === name).map((p) => `${p.name} ${p.state}`).join(', ')]),
      },
      {
        title: 'Interruptions',
        columns: ['time', 'kernel', 'interruption', 'message', 'outcome'],
        rows: [
          ...this.#events.map((e) => [String(e.time), e.kernel.label, e.kind, e.message.slice(0, 4096), e.outcome]),
          ...processes.flatMap((p) => p.pendingInterruptions.map((i) => ['', `process ${p.name}`, i.kind, i.message.slice(0, 4096), 'pending'])),
        ].slice(-100_000),
      },
    ];
  }

  readMemory(address: number, length: number): Uint8Array {
    return this.#kernelOf(this.#process()).machine.memory.slice(address, address + length);
  }
}
