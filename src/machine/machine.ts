/**
 * The exvm machine: load a program, then `run()` (fast path) or `step()` (one instruction, for
 * debuggers). Faults are statuses, never exceptions; a fault (or `halt`) is sticky until `reset()`.
 */
import type { Program } from '../image/program.js';
import { MachineCore, UNLIMITED_GAS } from './core.js';
import { decodeProgram } from './decode.js';
import { runLoop } from './interpreter.js';
import type { MemoryBus } from './memory.js';
import { FlatMemory } from './memory.js';
import type { MissingImport, NativeLibrary } from './natives.js';
import type { FaultInfo } from '../isa/status.js';
import { Status } from '../isa/status.js';
import type { TraceLine } from './trace.js';
import { traceLine } from './trace.js';
import type { MachineRegisters, MachineSnapshot } from './snapshot.js';
import { captureRegisters, captureSnapshot, restoreSnapshot } from './snapshot.js';
import type { FunctionFactory } from './compiled/cache.js';
import type { TierName, TierStats } from './compiled/tier.js';
import { CompiledTier, DEFAULT_HOT_THRESHOLD, TIERS } from './compiled/tier.js';

/** How to build a machine. Every field is optional. */
export interface MachineOptions {
  /** Native libraries, in order: position = library index. Default: none. */
  readonly libraries?: readonly NativeLibrary[];
  /** Gas available after each reset. Default: unlimited (2^53 - 1). */
  readonly gas?: number;
  /** Bytes of flat memory; at least the program's own memory size. Ignored when `memory` is given. */
  readonly memorySize?: number;
  /**
   * A memory bus to use instead of plain flat memory (the hypervisor's address space). Its memory is
   * the caller's: the machine never clears it and never writes the program's data segments into it
   * (the caller loads the program, once, for all the vCPUs that share it).
   */
  readonly memory?: MemoryBus;
  /** Allocate flat memory in a SharedArrayBuffer (for sharing with other threads). */
  readonly sharedMemory?: boolean;
  /** Capacity of the value stack, in values. Default 65,536. */
  readonly stackSize?: number;
  /** Maximum call depth (calls plus interrupt frames). Default 4,096. */
  readonly maxCallDepth?: number;
  /** What `cpuid` pushes. Default 0. */
  readonly cpuId?: number;
  /** The pending-interrupt word (bit v = vector v), e.g. in a SharedArrayBuffer other threads raise into. */
  readonly interrupts?: Int32Array;
  /**
   * How `run()` executes: `interpreter` (the run loop only), `compiled` (every function compiled to
   * JavaScript when the machine is built), or `auto` (the default: hot functions and loops compiled
   * once they have been entered `hotThreshold` times, cold code interpreted). All three behave
   * identically; where code generation is forbidden (CSP) the machine silently interprets.
   */
  readonly tier?: TierName;
  /** For `tier: 'auto'`: entries of a function or loop head before it is compiled. Default 1,000. */
  readonly hotThreshold?: number;
  /** How the compiled tier turns source into functions. Default `new Function`; for tests and sandboxes. */
  readonly functionFactory?: FunctionFactory;
}

/** Default capacity of the value stack. */
export const DEFAULT_STACK_SIZE = 65536;
/** Default maximum call depth. */
export const DEFAULT_MAX_CALL_DEPTH = 4096;

function positiveInteger(name: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) throw new RangeError(`${name} must be a whole number from 1 to ${max}, got ${value}`);
  return value;
}

/** An exvm machine running one program. */
export class Machine {
  readonly #core: MachineCore;
  readonly #tier: CompiledTier | undefined;

  /**
   * Loads `program`. Throws RangeError for invalid options or a program that cannot be loaded at all
   * (data outside memory, a non-integer entry); never for guest behaviour, which is a status.
   */
  constructor(program: Program, options: MachineOptions = {}) {
    const gas = options.gas ?? UNLIMITED_GAS;
    if (!Number.isInteger(gas) || gas < 0 || gas > UNLIMITED_GAS) throw new RangeError(`gas must be a whole number from 0 to ${UNLIMITED_GAS}, got ${gas}`);
    const stackSize = positiveInteger('stackSize', options.stackSize ?? DEFAULT_STACK_SIZE, 1 << 24);
    const maxDepth = positiveInteger('maxCallDepth', options.maxCallDepth ?? DEFAULT_MAX_CALL_DEPTH, 1 << 20);
    const bus = options.memory ?? new FlatMemory(Math.max(program.memorySize, options.memorySize ?? 0), options.sharedMemory ?? false);
    for (const segment of options.memory === undefined ? program.data : []) {
      if (!Number.isInteger(segment.address) || segment.address < 0 || segment.address + segment.bytes.length > bus.flat.length) {
        throw new RangeError(`data segment at ${segment.address} (${segment.bytes.length} bytes) does not fit in memory (${bus.flat.length} bytes)`);
      }
    }
    if (!Number.isInteger(program.entry) || program.entry < 0) throw new RangeError(`entry ${program.entry} is not an instruction index`);
    const interrupts = options.interrupts ?? new Int32Array(1);
    const decoded = decodeProgram(program, options.libraries ?? []);
    const ownsMemory = options.memory === undefined;
    this.#core = new MachineCore(program, decoded, bus, gas, stackSize, maxDepth, options.cpuId ?? 0, interrupts, ownsMemory);
    this.#core.reset(true);
    const tier = options.tier ?? 'auto';
    if (!TIERS.includes(tier)) throw new RangeError(`tier must be one of ${TIERS.join(', ')}, got ${String(tier)}`);
    const hotThreshold = positiveInteger('hotThreshold', options.hotThreshold ?? DEFAULT_HOT_THRESHOLD, 0x3fffffff);
    this.#tier = tier === 'interpreter' ? undefined : new CompiledTier(this.#core, tier, hotThreshold, options.functionFactory);
  }

  /** The execution tier `run()` uses: the one asked for, or `interpreter` where code generation is unavailable. */
  get tier(): TierName {
    return this.tierStats.active;
  }

  /** Which tier was asked for and is used, and what the compiled tier compiled so far. */
  get tierStats(): TierStats {
    if (this.#tier) return this.#tier.stats;
    return { requested: 'interpreter', active: 'interpreter', regions: 0, compiledRegions: 0, compiledInstructions: 0, compileMs: 0 };
  }

  /** The loaded program. */
  get program(): Program {
    return this.#core.program;
  }

  /** Imports no library provides; calling one faults UnknownNative. */
  get missingImports(): readonly MissingImport[] {
    return this.#core.decoded.missingImports;
  }

  /** Index of the next instruction. */
  get pc(): number {
    return this.#core.pc;
  }

  /** The status of the last run or step (Ok before the first). */
  get status(): Status {
    return this.#core.status;
  }

  /** The exit code given to `halt` (0 until then). */
  get exitCode(): number {
    return this.#core.exitCode;
  }

  /** Why the machine faulted, while it is in the error state. */
  get fault(): FaultInfo | undefined {
    return this.#core.fault;
  }

  /** Gas left. */
  get gas(): number {
    return this.#core.gas;
  }

  /** Gas used since the last reset. */
  get gasUsed(): number {
    return this.#core.initialGas - this.#core.gas;
  }

  /** Instructions executed since the last reset. */
  get instructionsExecuted(): number {
    return this.#core.executed;
  }

  /** The number of the last `hcall`. */
  get hypercallNumber(): number {
    return this.#core.hypercallNumber;
  }

  /** Whether interrupts are enabled (`ei`/`di`). */
  get interruptsEnabled(): boolean {
    return this.#core.interruptsEnabled;
  }

  /** Current call depth (call and interrupt frames). */
  get callDepth(): number {
    return this.#core.depth;
  }

  /** The flat memory window (guest address 0 upward). Writes are visible to the guest. */
  get memory(): Uint8Array {
    return this.#core.flat;
  }

  /** A copy of the value stack, bottom first. */
  stackValues(): number[] {
    return Array.from(this.#core.stack.subarray(0, this.#core.sp));
  }

  /** Pushes a value for the guest (e.g. a hypercall result). Returns false when the stack is full. */
  push(value: number): boolean {
    const core = this.#core;
    if (core.sp >= core.stack.length) return false;
    core.stack[core.sp++] = value;
    return true;
  }

  /** Pops a value (e.g. a hypercall argument); undefined when the stack is empty. */
  pop(): number | undefined {
    const core = this.#core;
    return core.sp > 0 ? core.stack[--core.sp] : undefined;
  }

  /** Executes at most `maxSteps` instructions (default: until the program stops). */
  run(maxSteps = Number.MAX_SAFE_INTEGER): Status {
    const steps = Math.min(Math.max(0, Math.floor(maxSteps)), Number.MAX_SAFE_INTEGER);
    const budget = Number.isNaN(steps) ? 0 : steps;
    return this.#tier ? this.#tier.run(budget) : runLoop(this.#core, budget);
  }

  /** Executes one instruction. Returns Ok when it ran and the machine can go on. */
  step(): Status {
    return runLoop(this.#core, 1);
  }

  /**
   * Runs like `run`, calling `sink` with a trace line before each instruction. A separate loop so
   * that `run` never tests a trace flag.
   */
  trace(sink: (line: TraceLine) => void, maxSteps = Number.MAX_SAFE_INTEGER): Status {
    const core = this.#core;
    let status: Status = core.status;
    for (let done = 0; done < maxSteps; done++) {
      if (core.stopped) return core.status;
      sink(traceLine(core));
      status = runLoop(core, 1);
      if (status !== Status.Ok) return status;
    }
    return status;
  }

  /** Raises interrupt `vector` (0..31); it is taken at the guest's next interrupt point if enabled. */
  raiseInterrupt(vector: number): void {
    if (!Number.isInteger(vector) || vector < 0 || vector > 31) throw new RangeError(`interrupt vector must be 0..31, got ${vector}`);
    Atomics.or(this.#core.pending, 0, 1 << vector);
  }

  /**
   * Returns to the initial state: entry pc, empty stacks, full gas, no fault; memory the machine
   * allocated is cleared and gets the data segments again. A supplied bus's memory is left alone.
   */
  reset(): void {
    this.#core.reset();
  }

  /** Captures the complete machine state (structured-cloneable). */
  snapshot(): MachineSnapshot {
    return captureSnapshot(this.#core);
  }

  /**
   * The registers, the value and call stacks and the interrupt vectors (`snapshot()` without the
   * memory): copies only those, so it is cheap enough for every state a debugger shows.
   */
  registers(): MachineRegisters {
    return captureRegisters(this.#core);
  }

  /** Restores a state captured from a machine running the same program. */
  restore(snapshot: MachineSnapshot): void {
    restoreSnapshot(this.#core, snapshot);
  }
}
