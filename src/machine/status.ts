/**
 * Machine statuses. `run()` and `step()` return one of these; they never throw for guest behaviour.
 *
 * Below 16 the machine can go on (`Ok`, `Waiting`, `Hypercall`, `Breakpoint`) or has ended
 * normally (`Halted`). From 16 up, the status is a fault: the machine is in the sticky error state
 * and refuses to execute until `reset()` (or `restore()` of a snapshot taken before the fault).
 */
export const Status = {
  /** The instruction(s) ran; the step budget ended the run; the machine can go on. */
  Ok: 0,
  /** `halt` ran; `exitCode` holds the program's exit code. Sticky until reset. */
  Halted: 1,
  /** `wfi` found no pending interrupt; run again once one is raised. */
  Waiting: 2,
  /** `hcall` ran; `hypercallNumber` tells which; the host handles it and runs again. */
  Hypercall: 3,
  /** `brk` ran; run again to continue after it. */
  Breakpoint: 4,
  /** A push would exceed the value stack's capacity. */
  StackOverflow: 16,
  /** An instruction needed more values than the stack (or the frame) holds. */
  StackUnderflow: 17,
  /** A call or interrupt would exceed the maximum call depth. */
  CallDepthExceeded: 18,
  /** The opcode byte is not defined, or the instruction's operand is malformed. */
  InvalidInstruction: 19,
  /** A jump, call, return or vector target is outside the code, or execution ran past its end. */
  BadJump: 20,
  /** A memory access outside memory, an unaligned atomic access, or a bus fault. */
  MemoryFault: 21,
  /** Integer division or remainder by zero. */
  DivisionByZero: 22,
  /** `ncall` names a function no library provides. */
  UnknownNative: 23,
  /** A native function reported failure or threw. */
  NativeFailure: 24,
  /** Not enough gas for the next instruction. */
  OutOfGas: 25,
  /** `ret` with no call frame, `iret` outside an interrupt handler, or the reverse. */
  BadReturn: 26,
  /** An interrupt was taken for a vector with no handler. */
  UnhandledInterrupt: 27,
} as const;

/** A machine status code. */
export type Status = (typeof Status)[keyof typeof Status];

/** A status's name, for messages and traces. */
export type StatusName = keyof typeof Status;

const names = new Map<number, StatusName>(
  (Object.keys(Status) as StatusName[]).map((name) => [Status[name], name]),
);

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
