/**
 * How the exvm connector VM reports the machine's final status: one table, every machine status.
 * Choices beyond the obvious one-to-one faults:
 * - `Halted` is SUCCESS for exit code 0; any other exit code is FAILURE. A program that wants to
 *   undo its changes and keep its gas calls `host.revert`, which says so explicitly; a nonzero exit
 *   code is an error exit, like a process's, and consumes the gas.
 * - `UnknownNative` is UNDEFINED_INSTRUCTION: the program calls a function that does not exist
 *   here (imports are checked before running, so only an undeclared positional `ncall` gets here).
 * - `BadReturn` is BAD_JUMP_DESTINATION: a return with no frame to return to is a jump to nowhere.
 * - `Waiting`, `Hypercall` and `Breakpoint` need a supervisor that the connector does not have
 *   (no interrupt will come, no hypervisor answers, no debugger resumes): FAILURE.
 * - `DivisionByZero`, `NativeFailure` and `UnhandledInterrupt` have no closer code: FAILURE.
 * - `Ok` means a step budget ended the run, which cannot happen (the VM runs without one; gas
 *   bounds the execution): INTERNAL_ERROR, should it ever.
 * - `HostStackExhausted` is the host's failure, not the program's: INTERNAL_ERROR.
 */
import { Status } from '../../isa/status.js';
import { StatusCode } from '../constants.js';

/** The connector status of each machine status (for `Halted`, of exit code 0). */
export const MACHINE_STATUS_CODES: Readonly<Record<Status, StatusCode>> = {
  [Status.Ok]: StatusCode.InternalError,
  [Status.Halted]: StatusCode.Success,
  [Status.Waiting]: StatusCode.Failure,
  [Status.Hypercall]: StatusCode.Failure,
  [Status.Breakpoint]: StatusCode.Failure,
  [Status.StackOverflow]: StatusCode.StackOverflow,
  [Status.StackUnderflow]: StatusCode.StackUnderflow,
  [Status.CallDepthExceeded]: StatusCode.CallDepthExceeded,
  [Status.InvalidInstruction]: StatusCode.InvalidInstruction,
  [Status.BadJump]: StatusCode.BadJumpDestination,
  [Status.MemoryFault]: StatusCode.InvalidMemoryAccess,
  [Status.DivisionByZero]: StatusCode.Failure,
  [Status.UnknownNative]: StatusCode.UndefinedInstruction,
  [Status.NativeFailure]: StatusCode.Failure,
  [Status.HostStackExhausted]: StatusCode.InternalError,
  [Status.OutOfGas]: StatusCode.OutOfGas,
  [Status.BadReturn]: StatusCode.BadJumpDestination,
  [Status.UnhandledInterrupt]: StatusCode.Failure,
};

/** The connector status for a machine that stopped with `status` (and `exitCode`, when it halted). */
export function statusCodeOf(status: Status, exitCode: number): StatusCode {
  if (status === Status.Halted && exitCode !== 0) return StatusCode.Failure;
  return MACHINE_STATUS_CODES[status];
}
