/**
 * What the debug session drives. A target executes one instruction at a time on its focused
 * execution context, can be captured and rewound (for step back), and describes itself for the page.
 * The program target (one machine) implements it now; application targets (processes, kernels,
 * schedulers) and VM targets (vCPUs, devices, the interrupt log) implement the same interface and
 * add their own tables through `views`.
 */
import type { DebugState, TargetInfo } from './protocol.js';

/** Where the focused execution context is. */
export interface Location {
  /** The next instruction. */
  readonly pc: number;
  /** Its call depth (calls plus interrupt frames). */
  readonly depth: number;
}

/** An execution context a target can focus on: a program's machine, a process's kernel, a vCPU. */
export interface ExecutionContext {
  /** Stable within the target. */
  readonly id: string;
  /** What the page shows. */
  readonly label: string;
}

/** How one step ended: `stop` says why the target cannot simply go on (undefined: it can). */
export interface StepOutcome {
  /** Why execution must stop here: 'brk', 'halted', a fault, 'waiting for an interrupt', ... */
  readonly stop?: string;
  /** True when the target has ended (halted or faulted): only rewinding or restarting helps. */
  readonly ended: boolean;
}

/** The parts of the live state a target supplies (the session adds breakpoints, reason, mode). */
export type TargetState = Pick<DebugState, 'contexts' | 'focus' | 'pc' | 'line' | 'status' | 'fault' | 'time' | 'gasUsed' | 'registers' | 'stack' | 'frames' | 'console' | 'views'>;

/** A debuggable thing. `C` is its checkpoint: everything needed to come back to a moment exactly. */
export interface DebugTarget<C = unknown> {
  /** Kind, name, source and disassembly. */
  readonly info: TargetInfo;
  /** Instructions executed since the start: the time coordinate. */
  time(): number;
  /** Whether the target has ended (halted or faulted). */
  ended(): boolean;
  /** The focused context's next instruction. */
  location(): Location;
  /** Focuses `step`, `location` and the state on context `id` (one of `state().contexts`); false when there is none. */
  focus(id: string): boolean;
  /** Executes one instruction. */
  step(): StepOutcome;
  /** Executes up to `count` instructions quickly, without stopping at breakpoints (replay). */
  advance(count: number): void;
  /** Captures the complete state, including what the program read from outside. */
  checkpoint(): C;
  /** Bytes taking one checkpoint reads (e.g. the memory size): checkpoints of a large target are spaced further apart. */
  checkpointCost?(): number;
  /** Bytes `checkpoint` retains beyond `previous` (the one taken before it); without it, checkpoints are only counted. */
  checkpointBytes?(checkpoint: C, previous: C | undefined): number;
  /** Comes back to a captured state; later reads replay what was read the first time. */
  rewind(checkpoint: C): void;
  /** Why step back and reverse continue cannot be done now, when they cannot (undefined: they can, from any time after the start). */
  stepBackUnavailable?(): string | undefined;
  /** Back to the start, forgetting recorded input. */
  restart(): void;
  /** The current state. */
  state(): TargetState;
  /** `length` bytes of memory at `address` (fewer at the end of memory). */
  readMemory(address: number, length: number): Uint8Array;
}
