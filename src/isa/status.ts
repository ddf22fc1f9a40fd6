/**
 * Machine statuses: what `run()` and `step()` return. One table, like the opcode table: the code,
 * the name and what it means. `docs/isa.md` is rendered from it.
 *
 * Below 16 the machine can go on (`Ok`, `Waiting`, `Hypercall`, `Breakpoint`) or has ended normally
 * (`Halted`). From 16 up the status is a fault: the machine is in the sticky error state and
 * refuses to execute until `reset()` (or `restore()` of a snapshot taken before the fault).
 */

/** One row of the status table. */
export interface StatusSpec {
  /** The status's name. */
  readonly name: string;
  /** Its stable number. */
  readonly code: number;
  /** What it means. */
  readonly doc: string;
}

/** The statuses. Codes are stable: hosts and tools compare them. */
export const STATUSES = [
  { name: 'Ok', code: 0, doc: 'the instructions ran and the step budget ended the run; the machine can go on' },
  { name: 'Halted', code: 1, doc: '`halt` ran; `exitCode` holds the exit code; sticky until reset' },
  { name: 'Waiting', code: 2, doc: '`wfi` found no pending interrupt; run again once one is raised' },
  { name: 'Hypercall', code: 3, doc: '`hcall` ran; `hypercallNumber` says which; the host handles it and runs again' },
  { name: 'Breakpoint', code: 4, doc: '`brk` ran; run again to continue after it' },
  { name: 'StackOverflow', code: 16, doc: 'a push would exceed the value stack' },
  { name: 'StackUnderflow', code: 17, doc: 'an instruction needed more values than the stack or the frame holds' },
  { name: 'CallDepthExceeded', code: 18, doc: 'a call or an interrupt would exceed the maximum call depth' },
  { name: 'InvalidInstruction', code: 19, doc: 'the opcode byte is not defined, or the operand is malformed' },
  { name: 'BadJump', code: 20, doc: 'a jump, call, return or vector target is outside the code, or execution ran past its end' },
  { name: 'MemoryFault', code: 21, doc: 'an access outside memory, an unaligned atomic access, or a bus fault' },
  { name: 'DivisionByZero', code: 22, doc: 'integer division or remainder by zero' },
  { name: 'UnknownNative', code: 23, doc: '`ncall` names a function no library provides' },
  { name: 'NativeFailure', code: 24, doc: 'a native function reported failure or threw' },
  { name: 'OutOfGas', code: 25, doc: 'not enough gas for the next instruction (gas is left as it was before it)' },
  { name: 'BadReturn', code: 26, doc: '`ret` with no call frame, `iret` outside an interrupt handler, or `ret` inside one' },
  { name: 'UnhandledInterrupt', code: 27, doc: 'an interrupt was taken for a vector with no handler' },
  { name: 'HostStackExhausted', code: 28, doc: 'the host\'s JavaScript stack ran out inside compiled code, which left the machine state incomplete: `reset()` before running again' },
] as const satisfies readonly StatusSpec[];

type Row = (typeof STATUSES)[number];

/** Status codes by name: `Status.OutOfGas === 25`. */
export const Status = Object.freeze(Object.fromEntries(STATUSES.map((row) => [row.name, row.code]))) as {
  readonly [R in Row as R['name']]: R['code'];
};

/** A machine status code. */
export type Status = Row['code'];

/** A status's name. */
export type StatusName = Row['name'];

const names = new Map<number, string>(STATUSES.map((row) => [row.code, row.name]));

/** The name of a status code ("OutOfGas"), or "Unknown(n)". */
export function statusName(status: number): string {
  return names.get(status) ?? `Unknown(${status})`;
}

/** True when the status is a fault (the sticky error state). */
export function isFault(status: number): boolean {
  return status >= 16;
}

/** Where and why the machine faulted. */
export interface FaultInfo {
  readonly status: Status;
  /** Index of the instruction that faulted. */
  readonly pc: number;
  /** A human-readable explanation, e.g. "load of 4 bytes at 0x10000 is outside memory (65536 bytes)". */
  readonly message: string;
  /** The memory address involved, for MemoryFault. */
  readonly address?: number;
}
