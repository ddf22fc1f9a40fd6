/**
 * Snapshots: the complete mutable state of a machine as plain data, for debuggers (step back),
 * migration and replay. Memory is copied whole; a snapshot is independent of the machine.
 */
import type { MachineCore } from './core.js';
import { FRAME_WORDS } from './core.js';
import type { FaultInfo, Status } from '../isa/status.js';

/** A machine's state at one moment. Structured-cloneable. */
export interface MachineSnapshot {
  readonly pc: number;
  readonly fp: number;
  readonly gas: number;
  readonly status: Status;
  readonly exitCode: number;
  readonly fault: FaultInfo | undefined;
  readonly hypercallNumber: number;
  readonly interruptsEnabled: boolean;
  readonly pendingInterrupts: number;
  readonly executed: number;
  readonly codeLength: number;
  readonly stack: Float64Array;
  readonly frames: Int32Array;
  readonly vectors: Int32Array;
  readonly memory: Uint8Array;
}

/** Copies the core's state. */
export function captureSnapshot(core: MachineCore): MachineSnapshot {
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
    memory: core.flat.slice(),
  };
}

/** Puts a snapshot's state back. Throws RangeError when it cannot belong to this machine. */
export function restoreSnapshot(core: MachineCore, snapshot: MachineSnapshot): void {
  if (snapshot.codeLength !== core.decoded.ops.length - 1) throw new RangeError('snapshot was taken from a machine running another program');
  if (snapshot.memory.length !== core.flat.length) throw new RangeError(`snapshot memory is ${snapshot.memory.length} bytes, this machine has ${core.flat.length}`);
  if (snapshot.stack.length > core.stack.length) throw new RangeError('snapshot stack does not fit this machine');
  if (snapshot.frames.length > core.frames.length || snapshot.frames.length % FRAME_WORDS !== 0) throw new RangeError('snapshot call stack does not fit this machine');
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
