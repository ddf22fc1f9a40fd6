/**
 * The program target: one machine running one program, its console and input in a Journal so
 * that rewinding and re-executing is exact.
 */
import type { Program } from '../image/program.js';
import { Machine } from '../machine/machine.js';
import type { NativeLibrary } from '../machine/natives.js';
import type { MachineRegisters } from '../machine/snapshot.js';
import { Status, isFault, statusName } from '../isa/status.js';
import type { Journal, JournalMark } from './journal.js';
import { listing } from './listing.js';
import { describeMachineFault, machineView } from './machine-view.js';
import type { TargetInfo } from './protocol.js';
import { CONSOLE_VIEW_BYTES, MAX_SOURCE_CHARS } from './protocol.js';
import type { DebugTarget, Location, StepOutcome, TargetState } from './target.js';
import type { PagedMemory } from './paged-memory.js';
import { capturePages, freshBytes, restorePages } from './paged-memory.js';

/** What a program target is made of. */
export interface ProgramTargetOptions {
  /** The program (with debug info for source lines). */
  readonly program: Program;
  /** Its assembly source, when known. */
  readonly source: string | null;
  /** The name shown for it (its file). */
  readonly name: string;
  /** Native libraries, bound to `journal`. */
  readonly libraries: readonly NativeLibrary[];
  /** The environment the libraries talk to. */
  readonly journal: Journal;
  /** Gas available after each restart. Default: unlimited. */
  readonly gas?: number;
  /** Assembly errors to show with the source (the program is then empty). */
  readonly diagnostics?: TargetInfo['diagnostics'];
}

/** A moment of a program target: the machine without its memory, the memory as shared pages, the journal's mark. */
export interface ProgramCheckpoint {
  readonly machine: MachineRegisters;
  readonly memory: PagedMemory;
  readonly journal: JournalMark;
}

/** The id of a program target's only execution context. */
const MAIN = 'main';

/** The interrupt vectors table, when the program installed a handler or an interrupt is pending. */
function interruptViews(snapshot: MachineRegisters): TargetState['views'] {
  const rows: string[][] = [];
  snapshot.vectors.forEach((handler, vector) => {
    const pending = (snapshot.pendingInterrupts >>> vector) & 1;
    if (handler >= 0 || pending) rows.push([String(vector), handler >= 0 ? `pc ${handler}` : 'none', pending ? 'pending' : '']);
  });
  return rows.length === 0 ? [] : [{ title: 'Interrupt vectors', columns: ['vector', 'handler', 'state'], rows }];
}

/** A single program on a single machine. */
export class ProgramTarget implements DebugTarget<ProgramCheckpoint> {
  readonly info: TargetInfo;
  readonly #machine: Machine;
  readonly #journal: Journal;
  readonly #lines: Map<number, number>;
  /** No gas limit was given (the machine then counts down from 2^53 - 1, which is no use to show). */
  readonly #unlimitedGas: boolean;
  /** The last memory capture: the next one shares its unchanged pages. */
  #lastCapture: PagedMemory | undefined;

  /** Loads the program; throws RangeError when it cannot be loaded (like `new Machine`). */
  constructor(options: ProgramTargetOptions) {
    this.#machine = new Machine(options.program, { libraries: options.libraries, ...(options.gas === undefined ? {} : { gas: options.gas }) });
    this.#journal = options.journal;
    this.#unlimitedGas = options.gas === undefined;
    // A source too large for the message schema is left out (the disassembly still shows everything).
    const source = options.source !== null && options.source.length <= MAX_SOURCE_CHARS ? options.source : null;
    this.info = { kind: 'program', name: options.name, source, instructions: listing(options.program), diagnostics: options.diagnostics ?? [] };
    this.#lines = new Map(this.info.instructions.flatMap((i) => (i.line === null ? [] : [[i.pc, i.line] as const])));
  }

  /** The machine (for embedders and tests). */
  get machine(): Machine {
    return this.#machine;
  }

  time(): number {
    return this.#machine.instructionsExecuted;
  }

  ended(): boolean {
    const status = this.#machine.status;
    return status === Status.Halted || isFault(status);
  }

  location(): Location {
    return { pc: this.#machine.pc, depth: this.#machine.callDepth };
  }

  /** A program has one context, `main`. */
  focus(id: string): boolean {
    return id === MAIN;
  }

  step(): StepOutcome {
    const machine = this.#machine;
    const status = machine.step();
    switch (status) {
      case Status.Ok:
        return { ended: false };
      case Status.Breakpoint:
        return { stop: `brk at pc ${machine.pc - 1}`, ended: false };
      case Status.Halted:
        return { stop: `halted with exit code ${machine.exitCode}`, ended: true };
      case Status.Waiting:
        return { stop: 'wfi: waiting for an interrupt, and nothing raises interrupts in a program target', ended: false };
      case Status.Hypercall:
        return { stop: `hcall ${machine.hypercallNumber}: a program target has no hypervisor; continuing goes on after it`, ended: false };
      default:
        return { stop: machine.fault ? describeMachineFault(machine.fault) : statusName(status), ended: true };
    }
  }

  advance(count: number): void {
    const machine = this.#machine;
    let remaining = count;
    while (remaining > 0) {
      const before = machine.instructionsExecuted;
      const status = machine.run(remaining);
      const done = machine.instructionsExecuted - before;
      remaining -= done;
      // brk, hcall and wfi stop a run but execution goes on after them (wfi has already moved pc past
      // itself, and replaying must not stop there); a halt, a fault or no progress ends the replay.
      if (done === 0 || status === Status.Halted || isFault(status)) return;
    }
  }

  checkpoint(): ProgramCheckpoint {
    // The registers without the memory; the memory is captured as pages shared with the last capture.
    const machine = this.#machine.registers();
    this.#lastCapture = capturePages(this.#machine.memory, this.#lastCapture);
    return { machine, memory: this.#lastCapture, journal: this.#journal.mark() };
  }

  checkpointCost(): number {
    return this.#machine.memory.length;
  }

  checkpointBytes(checkpoint: ProgramCheckpoint, previous: ProgramCheckpoint | undefined): number {
    return freshBytes(checkpoint.memory, previous?.memory);
  }

  rewind(checkpoint: ProgramCheckpoint): void {
    const memory = this.#machine.memory;
    // Restoring the registers with the live memory leaves the memory as it is; then the pages go back.
    this.#machine.restore({ ...checkpoint.machine, memory });
    restorePages(memory, checkpoint.memory);
    this.#journal.rewind(checkpoint.journal);
  }

  restart(): void {
    this.#machine.reset();
    this.#journal.clear();
  }

  state(): TargetState {
    const machine = this.#machine;
    const registers = machine.registers();
    const view = machineView(machine, [['hcall', registers.hypercallNumber]], { registers, ...(this.#unlimitedGas ? { gasLeft: 'unlimited' } : {}) });
    return {
      ...view,
      contexts: [{ id: MAIN, label: this.info.name.slice(0, 256) }],
      focus: MAIN,
      pc: registers.pc,
      line: this.#lines.get(registers.pc) ?? null,
      time: registers.executed,
      gasUsed: machine.gasUsed,
      console: this.#journal.view(CONSOLE_VIEW_BYTES),
      views: interruptViews(registers),
    };
  }

  readMemory(address: number, length: number): Uint8Array {
    return this.#machine.memory.slice(address, address + length);
  }
}
