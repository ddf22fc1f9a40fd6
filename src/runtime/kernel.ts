/**
 * A kernel: an execution environment of a process. It runs guest code on an exvm Machine, holds a
 * typed memory of values, an interruption handler table, and its access control: protected mode
 * and quotas on instructions and memory cells, which a derived kernel can narrow but never widen.
 */
import type { MachineOptions } from '../machine/machine.js';
import { Machine } from '../machine/machine.js';
import type { SVM_Interruption_Level, SVM_Process_State } from '../plugin/api/index.js';
import { counted } from '../messages.js';
import type { Interruption } from './interruptions.js';
import { interrupt } from './interruptions.js';
import type { KernelCode } from './kernel-code.js';
import type { Process } from './process.js';
import type { PluginTypeOperations, RuntimeValue } from './values.js';
import { deleteValue } from './values.js';

/** Access control of a kernel. `null` quotas are unlimited. */
export interface AccessControl {
  /** Protected mode: SYSTEM instructions raise SECURITY. */
  readonly protectedMode: boolean;
  /** Most machine instructions the kernel may execute. */
  readonly instructions: number | null;
  /** Most memory cells the kernel may use. */
  readonly memory: number | null;
}

/** Cells a kernel memory can have at most, quota or not (addresses 0 to this - 1). */
export const MAX_MEMORY_CELLS = 1 << 20;

/** Full access: not protected, no quotas. */
export const FULL_ACCESS: AccessControl = Object.freeze({ protectedMode: false, instructions: null, memory: null });

const narrowQuota = (parent: number | null, child: number | null | undefined): number | null =>
  child === undefined || child === null ? parent : parent === null ? child : Math.min(parent, child);

/**
 * The access of a kernel derived from one with `parent` access: protected mode is inherited (a
 * child may turn it on, never off) and each quota is the smaller of the two.
 */
export function deriveAccess(parent: AccessControl, requested: Partial<AccessControl> = {}): AccessControl {
  return Object.freeze({
    protectedMode: parent.protectedMode || requested.protectedMode === true,
    instructions: narrowQuota(parent.instructions, requested.instructions),
    memory: narrowQuota(parent.memory, requested.memory),
  });
}

/** An interruption handler of a kernel. */
export interface InterruptionHandler {
  readonly interruption: string;
  readonly level: SVM_Interruption_Level;
  /** The code address of the handler. */
  readonly address: number;
  /** The call depth it was set at (LOCAL: that depth only; CASCADE: that depth and deeper). */
  readonly depth: number;
}

/** One kernel. */
export class Kernel {
  readonly machine: Machine;
  /** Typed memory: one value (or null: an empty cell) per address. */
  readonly memory: (RuntimeValue | null)[] = [];
  /** Declared cell types (`.value`), by address; AUTO or absent accepts any type. */
  readonly cellTypes: string[] = [];
  readonly handlers: InterruptionHandler[] = [];
  state: SVM_Process_State = 'SUSPENDED';
  /** The interruption that ended it, when it ended INTERRUPTED. */
  interruption: Interruption | null = null;
  /** The last interruption a handler of this kernel received. */
  lastInterruption: Interruption | null = null;
  /** The state report written when an unhandled interruption ended it. */
  report: string | null = null;

  /** Builds a kernel of `process` running `code` with `access`; `id` is unique in the runtime, for reports. */
  constructor(
    readonly id: number,
    readonly process: Process,
    readonly code: KernelCode,
    readonly access: AccessControl,
    machineOptions: Pick<MachineOptions, 'memorySize' | 'stackSize' | 'tier'> = {},
  ) {
    this.machine = new Machine(code.program, machineOptions);
  }

  /** Whether the kernel has ended (ZOMBIE, INTERRUPTED or ERROR). */
  get ended(): boolean {
    return this.state === 'ZOMBIE' || this.state === 'INTERRUPTED' || this.state === 'ERROR';
  }

  /** Sets (or replaces) the handler of `interruption` at `level`, at the current call depth. */
  setHandler(interruption: string, level: SVM_Interruption_Level, address: number): void {
    this.clearHandler(interruption, level);
    this.handlers.push({ interruption, level, address, depth: this.machine.callDepth });
  }

  /** Removes the handler of `interruption` at `level` set at the current call depth (GLOBAL: at any depth). */
  clearHandler(interruption: string, level: SVM_Interruption_Level): void {
    const depth = this.machine.callDepth;
    const at = this.handlers.findIndex((h) => h.interruption === interruption && h.level === level && (level === 'GLOBAL' || h.depth === depth));
    if (at >= 0) this.handlers.splice(at, 1);
  }

  /**
   * The handler for `interruption` now: a LOCAL one set at this call depth, else a CASCADE one set at
   * this depth or above, else a GLOBAL one. Handlers set in frames that have returned are dropped.
   */
  findHandler(interruption: string): InterruptionHandler | undefined {
    const depth = this.machine.callDepth;
    for (let i = this.handlers.length - 1; i >= 0; i--) if (this.handlers[i].level !== 'GLOBAL' && this.handlers[i].depth > depth) this.handlers.splice(i, 1);
    const mine = this.handlers.filter((h) => h.interruption === interruption);
    return mine.find((h) => h.level === 'LOCAL' && h.depth === depth) ?? mine.find((h) => h.level === 'CASCADE') ?? mine.find((h) => h.level === 'GLOBAL');
  }

  /** The value in cell `address`; raises MEMORY when the cell is empty. */
  read(address: number): RuntimeValue {
    const cell = this.memory[address];
    return cell ?? interrupt('MEMORY', `memory cell @${address} is empty`);
  }

  /**
   * Stores `value` (which the kernel now owns) in cell `address`, deleting the value it replaces.
   * Raises SECURITY past the memory quota and MEMORY when the cell was declared with another type.
   */
  write(address: number, value: RuntimeValue, types: PluginTypeOperations): void {
    if (address >= MAX_MEMORY_CELLS) interrupt('MEMORY', `memory cell @${address} is outside the kernel memory (${MAX_MEMORY_CELLS} cells)`);
    if (this.access.memory !== null && address >= this.access.memory) {
      interrupt('SECURITY', `memory quota exceeded: cell @${address} is beyond the ${counted(this.access.memory, 'cell')} the kernel may use`);
    }
    const declared = this.cellTypes[address];
    if (declared !== undefined && declared !== 'AUTO' && declared !== value.type) interrupt('MEMORY', `memory cell @${address} holds ${declared} values, not ${value.type}`);
    const old = this.memory[address];
    while (this.memory.length < address) this.memory.push(null);
    this.memory[address] = value;
    if (old !== undefined && old !== null && old !== value) deleteValue(old, types);
  }

  /** `kernel 3 of process main`, for messages. */
  get label(): string {
    return `kernel ${this.id} of process ${this.process.name}`;
  }
}
