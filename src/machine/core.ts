/**
 * The machine's complete state and the slow-path operations on it (faults, interrupts, native
 * calls, bus accesses). The run loop (`interpreter.ts`) copies the hot fields into locals and
 * writes them back before calling anything here. Internal: the public face is `Machine`.
 */
import { GAS_COST, Op } from '../isa/opcodes.js';
import type { Program } from '../image/program.js';
import type { DecodedProgram } from './decode.js';
import type { Layout } from './layout.js';
import { layoutProgram } from './layout.js';
import { VECTOR_COUNT } from '../isa/limits.js';
import type { AccessKind, MemoryBus } from './memory.js';
import type { NativeContext } from './natives.js';
import { GuestFault } from './natives.js';
import type { FaultInfo } from '../isa/status.js';
import { Status, isFault } from '../isa/status.js';
import { errorReason } from '../messages.js';

/** Words per call-stack frame: return pc, saved fp, saved sp (-1 for a call, >= 0 for an interrupt). */
export const FRAME_WORDS = 3;

/** Largest gas value: gas is an integer count kept exact in a double. */
export const UNLIMITED_GAS = Number.MAX_SAFE_INTEGER;

const utf8 = new TextDecoder('utf-8');

/** An address as messages show it: hex when it is a valid address, as it is otherwise. */
export function formatAddress(address: number): string {
  return Number.isInteger(address) && address >= 0 ? `0x${address.toString(16)}` : String(address);
}

/** The message of a BusFault-shaped answer, or undefined for anything else. */
function faultText(answer: unknown): string | undefined {
  if (typeof answer !== 'object' || answer === null || !('fault' in answer)) return undefined;
  return String(answer.fault);
}

/** A loaded value in the range of its access kind. */
function normalise(kind: AccessKind, value: number): number {
  switch (kind) {
    case 'u8': return value & 0xff;
    case 's8': return (value << 24) >> 24;
    case 'u16': return value & 0xffff;
    case 's16': return (value << 16) >> 16;
    case 'i32': return value | 0;
    case 'f32': return Math.fround(value);
    default: return value;
  }
}

/** All machine state. Fields are public to the machine's own modules only. */
export class MachineCore {
  pc = 0;
  sp = 0;
  fp = 0;
  depth = 0;
  gas: number;
  status: Status = Status.Ok;
  exitCode = 0;
  fault: FaultInfo | undefined = undefined;
  hypercallNumber = 0;
  interruptsEnabled = false;
  /** Instructions executed since the last reset. */
  executed = 0;
  readonly stack: Float64Array;
  /** The lowest sp a native's pops reached since the compiled tier last set it (see compiled/block.ts's ncall). */
  spLow = 0;
  readonly frames: Int32Array;
  readonly vectors = new Int32Array(VECTOR_COUNT).fill(-1);
  readonly flat: Uint8Array;
  readonly view: DataView;
  /** 32-bit view of the flat window for atomics. */
  readonly words: Int32Array;
  readonly context: NativeContext;
  /** The fast and precise instruction streams the run loop executes. */
  readonly layout: Layout;
  /** Entries per block-start pc counted by TIER headers (the code-generating tier's hotness counts). */
  readonly heat: Int32Array;
  /** Entries after which a TIER header hands over to the code-generating tier. */
  hotAfter = 0;

  /** Builds the state for a decoded program; call `reset()` before running. */
  constructor(
    readonly program: Program,
    readonly decoded: DecodedProgram,
    readonly bus: MemoryBus,
    readonly initialGas: number,
    stackSize: number,
    readonly maxDepth: number,
    readonly cpuId: number,
    /** Pending-interrupt bits (bit v = vector v); may live in shared memory so other threads can raise. */
    readonly pending: Int32Array,
    /** Whether the machine allocated its memory (and so clears it on reset). */
    readonly ownsMemory: boolean,
  ) {
    this.gas = initialGas;
    this.stack = new Float64Array(stackSize);
    this.frames = new Int32Array(maxDepth * FRAME_WORDS);
    this.flat = bus.flat;
    this.view = new DataView(bus.flat.buffer, bus.flat.byteOffset, bus.flat.byteLength);
    this.words = new Int32Array(bus.flat.buffer, bus.flat.byteOffset, bus.flat.byteLength >>> 2);
    this.context = new CoreContext(this);
    this.layout = layoutProgram(decoded, program.entry);
    this.heat = new Int32Array(decoded.ops.length);
  }

  /**
   * Restores the initial state: entry pc, empty stacks, full gas, and, for memory the machine owns,
   * memory cleared (unless `memoryIsFresh` says it was allocated zeroed a moment ago) with the data
   * segments written. Memory on a bus someone else supplied belongs to them and is left alone.
   */
  reset(memoryIsFresh = false): void {
    this.pc = this.program.entry;
    this.sp = 0;
    this.fp = 0;
    this.depth = 0;
    this.gas = this.initialGas;
    this.status = Status.Ok;
    this.exitCode = 0;
    this.fault = undefined;
    this.hypercallNumber = 0;
    this.interruptsEnabled = false;
    this.executed = 0;
    this.vectors.fill(-1);
    Atomics.store(this.pending, 0, 0);
    if (!this.ownsMemory) return; // a supplied bus's memory is its owner's: the owner loads the program's data
    if (!memoryIsFresh) this.flat.fill(0);
    for (const segment of this.program.data) this.flat.set(segment.bytes, segment.address);
  }

  /** Enters the sticky error state; returns the status for convenience. */
  raise(status: Status, pc: number, message: string, address?: number): Status {
    this.status = status;
    this.fault = address === undefined ? { status, pc, message } : { status, pc, message, address };
    return status;
  }

  /** True when the machine refuses to execute (halted or faulted). */
  get stopped(): boolean {
    return this.status === Status.Halted || isFault(this.status);
  }

  /**
   * Takes the lowest pending interrupt if interrupts are enabled: pushes an interrupt frame that
   * returns to `this.pc` and jumps to the handler. Returns false when that faulted.
   */
  takeInterrupt(): boolean {
    const pending = Atomics.load(this.pending, 0);
    if (!this.interruptsEnabled || pending === 0) return true;
    const vector = 31 - Math.clz32(pending & -pending);
    Atomics.and(this.pending, 0, ~(1 << vector));
    const handler = this.vectors[vector];
    if (handler < 0) {
      this.raise(Status.UnhandledInterrupt, this.pc, `interrupt ${vector} was taken but no handler is set (setvec ${vector})`);
      return false;
    }
    if (this.depth === this.maxDepth) {
      this.raise(Status.CallDepthExceeded, this.pc, `interrupt ${vector} would exceed the call depth limit of ${this.maxDepth}`);
      return false;
    }
    const at = this.depth * FRAME_WORDS;
    this.frames[at] = this.pc;
    this.frames[at + 1] = this.fp;
    this.frames[at + 2] = this.sp;
    this.depth++;
    this.fp = this.sp;
    this.interruptsEnabled = false;
    this.pc = handler;
    return true;
  }

  /** Calls native slot `slot` for the instruction at `pc`; returns false when it faulted. */
  callNative(slot: number, pc: number): boolean {
    const gasBefore = this.gas + GAS_COST[Op.NCALL];
    const spBefore = this.sp;
    try {
      this.decoded.natives[slot](this.context);
      return true;
    } catch (error) {
      const name = this.decoded.nativeNames[slot];
      // Like any instruction that does not complete, the call leaves the stack as it was (the values
      // it popped are still in place unless it pushed over them: natives check before they push).
      this.sp = spBefore;
      // Like every instruction that runs out of gas, the call leaves gas as it was before it.
      if (error instanceof GuestFault && error.status === Status.OutOfGas) this.gas = gasBefore;
      if (error instanceof GuestFault) this.raise(error.status, pc, `${name}: ${error.message}`, error.address);
      else this.raise(Status.NativeFailure, pc, `${name}: ${errorReason(error)}`);
      return false;
    }
  }

  /**
   * Loads through the bus (outside the flat window); undefined means it faulted. A bus that throws
   * or answers something other than a number or a fault is a fault too, and the value is brought
   * to the access kind's range (a bus cannot push a fraction through `ld8u`).
   */
  busLoad(address: number, kind: AccessKind, pc: number): number | undefined {
    let result: unknown;
    try {
      result = this.bus.load(address, kind);
    } catch (error) {
      this.raise(Status.MemoryFault, pc, `bus error on a ${kind} load at ${formatAddress(address)}: ${errorReason(error)}`, address);
      return undefined;
    }
    if (typeof result === 'number') return normalise(kind, result);
    this.raise(Status.MemoryFault, pc, faultText(result) ?? `the bus answered a ${kind} load at ${formatAddress(address)} with neither a number nor a fault`, address);
    return undefined;
  }

  /** Stores through the bus; returns false when it faulted (a bus that throws faults too). */
  busStore(address: number, kind: AccessKind, value: number, pc: number): boolean {
    let result: unknown;
    try {
      result = this.bus.store(address, kind, value);
    } catch (error) {
      this.raise(Status.MemoryFault, pc, `bus error on a ${kind} store at ${formatAddress(address)}: ${errorReason(error)}`, address);
      return false;
    }
    if (result === undefined) return true;
    this.raise(Status.MemoryFault, pc, faultText(result) ?? `the bus answered a ${kind} store at ${formatAddress(address)} with something other than a fault`, address);
    return false;
  }

  /** Checks that [address, address + length) lies in the flat window; throws a GuestFault otherwise. */
  checkRange(address: number, length: number, what: string): void {
    if (!Number.isInteger(address) || !Number.isInteger(length) || length < 0) {
      throw new GuestFault(Status.MemoryFault, `${what} of ${length} bytes at ${address}: address and length must be whole numbers`, address);
    }
    if (!(address >= 0 && address + length <= this.flat.length)) {
      throw new GuestFault(Status.MemoryFault, `${what} of ${length} bytes at ${formatAddress(address)} is outside memory (${this.flat.length} bytes)`, address);
    }
  }
}

/** The NativeContext natives receive: a narrow, checked view of the core. */
class CoreContext implements NativeContext {
  constructor(private readonly core: MachineCore) {}

  get memory(): Uint8Array {
    return this.core.flat;
  }

  get cpuId(): number {
    return this.core.cpuId;
  }

  popInt(): number {
    return this.pop() | 0;
  }

  popFloat(): number {
    return this.pop();
  }

  pushInt(value: number): void {
    this.push(value | 0);
  }

  pushFloat(value: number): void {
    this.push(+value);
  }

  readBytes(address: number, length: number): Uint8Array {
    this.core.checkRange(address, length, 'read');
    return this.core.flat.slice(address, address + length);
  }

  writeBytes(address: number, bytes: Uint8Array): void {
    this.core.checkRange(address, bytes.length, 'write');
    this.core.flat.set(bytes, address);
  }

  readString(address: number, length: number): string {
    this.core.checkRange(address, length, 'read');
    return utf8.decode(this.core.flat.subarray(address, address + length));
  }

  readCString(address: number, maxLength = this.core.flat.length): string {
    const flat = this.core.flat;
    this.core.checkRange(address, 0, 'read');
    const limit = Math.min(flat.length, address + maxLength);
    let end = address;
    while (end < limit && flat[end] !== 0) end++;
    return utf8.decode(flat.subarray(address, end));
  }

  chargeGas(amount: number): void {
    if (!(amount >= 0)) throw new RangeError(`gas amount ${amount} must be non-negative`);
    if (this.core.gas < amount) throw new GuestFault(Status.OutOfGas, `needs ${amount} gas, ${this.core.gas} left`);
    this.core.gas -= amount;
  }

  fail(message: string): never {
    throw new GuestFault(Status.NativeFailure, message);
  }

  private pop(): number {
    const core = this.core;
    if (core.sp <= 0) throw new GuestFault(Status.StackUnderflow, 'pops an argument from an empty stack');
    const value = core.stack[--core.sp];
    if (core.sp < core.spLow) core.spLow = core.sp;
    return value;
  }

  private push(value: number): void {
    const core = this.core;
    if (core.sp >= core.stack.length) throw new GuestFault(Status.StackOverflow, `pushes beyond the stack's ${core.stack.length} slots`);
    core.stack[core.sp++] = value;
  }
}
