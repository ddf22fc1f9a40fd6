/**
 * Snapshots: the complete mutable state of a machine as plain data, for debuggers (step back),
 * migration and replay. Memory is copied whole; a snapshot is independent of the machine.
 */
import type { MachineCore } from './core.js';
import { FRAME_WORDS } from './core.js';
import type { FaultInfo, Status } from '../isa/status.js';
import { STATUSES } from '../isa/status.js';

/** A machine's state at one moment. Structured-cloneable. */
export interface MachineSnapshot {
  /** Index of the next instruction. */
  readonly pc: number;
  /** Frame pointer: the stack index of local 0. */
  readonly fp: number;
  /** Gas left. */
  readonly gas: number;
  /** The status the machine was in (a fault stays a fault after restore). */
  readonly status: Status;
  /** The exit code given to `halt`, if it ran. */
  readonly exitCode: number;
  /** Why the machine faulted, if it did. */
  readonly fault: FaultInfo | undefined;
  /** The number of the last `hcall`. */
  readonly hypercallNumber: number;
  /** Whether interrupts were enabled. */
  readonly interruptsEnabled: boolean;
  /** Pending-interrupt bits (bit v = vector v). */
  readonly pendingInterrupts: number;
  /** Instructions executed since the last reset. */
  readonly executed: number;
  /** Instruction count of the machine's program: a snapshot only restores into a machine running a program of the same length. */
  readonly codeLength: number;
  /** The value stack, bottom first (its length is the stack pointer). */
  readonly stack: Float64Array;
  /** The call stack: per frame the return pc, the saved fp, and the saved sp (-1 for a call, the sp to restore for an interrupt). */
  readonly frames: Int32Array;
  /** Interrupt handler per vector (-1: none). */
  readonly vectors: Int32Array;
  /** A copy of the flat memory. */
  readonly memory: Uint8Array;
}

/** A machine's registers, stacks and tables at one moment: a snapshot without the memory (cheap to take). */
export type MachineRegisters = Omit<MachineSnapshot, 'memory'>;

/** Copies the core's state except its memory. */
export function captureRegisters(core: MachineCore): MachineRegisters {
  return {
    pc: core.pc,
    fp: core.fp,
    gas: core.gas,
    status: core.status,
    exitCode: core.exitCode,
    fault: core.fault,
    hypercallNumber: core.hypercallNumber,
    interruptsEnabled: core.interruptsEnabled,
    pendingInterrupts: Atomics.load(core.pending, 0),
    executed: core.executed,
    codeLength: core.decoded.ops.length - 1,
    stack: core.stack.slice(0, core.sp),
    frames: core.frames.slice(0, core.depth * FRAME_WORDS),
    vectors: core.vectors.slice(),
  };
}

/** Copies the core's state. */
export function captureSnapshot(core: MachineCore): MachineSnapshot {
  return { ...captureRegisters(core), memory: core.flat.slice() };
}

const KNOWN_STATUSES: ReadonlySet<number> = new Set(STATUSES.map((row) => row.code));

function wholeNumber(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** Throws RangeError naming the first field of `snapshot` that cannot belong to a machine like `core`. */
function checkSnapshot(core: MachineCore, snapshot: MachineSnapshot): void {
  const codeLength = core.decoded.ops.length - 1;
  const fail = (what: string): never => {
    throw new RangeError(`cannot restore snapshot: ${what}`);
  };
  if (snapshot.codeLength !== codeLength) fail('it was taken from a machine running another program');
  if (!(snapshot.memory instanceof Uint8Array) || snapshot.memory.length !== core.flat.length) fail(`memory must be ${core.flat.length} bytes`);
  if (!(snapshot.stack instanceof Float64Array) || snapshot.stack.length > core.stack.length) fail(`the stack must be a Float64Array of at most ${core.stack.length} values`);
  if (!(snapshot.frames instanceof Int32Array) || snapshot.frames.length > core.frames.length || snapshot.frames.length % FRAME_WORDS !== 0) fail('the call stack does not fit this machine');
  if (!(snapshot.vectors instanceof Int32Array) || snapshot.vectors.length !== core.vectors.length) fail(`vectors must be ${core.vectors.length} entries`);
  if (!wholeNumber(snapshot.pc, 0, codeLength)) fail(`pc ${snapshot.pc} is not an instruction index from 0 to ${codeLength}`);
  if (!wholeNumber(snapshot.fp, 0, snapshot.stack.length)) fail(`fp ${snapshot.fp} is outside the stack`);
  if (!wholeNumber(snapshot.gas, 0, Number.MAX_SAFE_INTEGER)) fail(`gas ${snapshot.gas} is not a whole number of gas`);
  if (!KNOWN_STATUSES.has(snapshot.status)) fail(`status ${snapshot.status} is not a machine status`);
  if (!wholeNumber(snapshot.executed, 0, Number.MAX_SAFE_INTEGER)) fail(`executed ${snapshot.executed} is not a count`);
  if (!wholeNumber(snapshot.exitCode, -0x80000000, 0x7fffffff) || !wholeNumber(snapshot.hypercallNumber, 0, 0xffffffff)) fail('exitCode or hypercallNumber is out of range');
  for (let at = 0; at < snapshot.frames.length; at += FRAME_WORDS) {
    const [pc, fp, sp] = [snapshot.frames[at], snapshot.frames[at + 1], snapshot.frames[at + 2]];
    if (!wholeNumber(pc, 0, codeLength) || !wholeNumber(fp, 0, core.stack.length) || !wholeNumber(sp, -1, core.stack.length)) {
      fail(`call frame ${at / FRAME_WORDS} (pc ${pc}, fp ${fp}, sp ${sp}) does not fit this machine`);
    }
  }
  for (const handler of snapshot.vectors) if (!wholeNumber(handler, -1, codeLength - 1)) fail(`interrupt vector handler ${handler} is outside the code`);
}

/** Puts a snapshot's state back. Throws RangeError when it cannot belong to this machine. */
export function restoreSnapshot(core: MachineCore, snapshot: MachineSnapshot): void {
  checkSnapshot(core, snapshot);
  core.pc = snapshot.pc;
  core.fp = snapshot.fp;
  core.gas = snapshot.gas;
  core.status = snapshot.status;
  core.exitCode = snapshot.exitCode;
  core.fault = snapshot.fault;
  core.hypercallNumber = snapshot.hypercallNumber;
  core.interruptsEnabled = snapshot.interruptsEnabled;
  Atomics.store(core.pending, 0, snapshot.pendingInterrupts);
  core.executed = snapshot.executed;
  core.stack.set(snapshot.stack);
  core.sp = snapshot.stack.length;
  core.frames.set(snapshot.frames);
  core.depth = snapshot.frames.length / FRAME_WORDS;
  core.vectors.set(snapshot.vectors);
  core.flat.set(snapshot.memory);
}
