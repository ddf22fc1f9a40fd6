/**
 * The exvm guest's hypercall ABI. A guest pushes its arguments (at most six, first argument
 * first), then their count, then runs `hcall nr`. The VMM pops the count and the arguments and,
 * when the guest runs on, it finds exactly one result on its stack: a value from 0 up on success,
 * or a failure as the negated `AxErrorKind` number (-19 InvalidInput, -23 NoMemory, ...).
 *
 * Numbers below 0x100 are AxVM's `HyperCallCode`s, returned to the VMM as Hypercall exits (the
 * Vmm handles the IVC ones). From 0x100 up they are exvm's ways to make the other exits and to
 * reach the port and system-register spaces, which exvm's instruction set has no instructions for.
 */
import type { Machine } from '../machine/machine.js';
import { AX_ERROR_NUMBERS } from './errors.js';
import { isAxError } from './errors.js';

/** AxVM's hypercall codes (axhvc `HyperCallCode`): returned as Hypercall exits. */
export const HyperCallCode = {
  /** Disable the hypervisor (exvm: Unsupported). */
  HypervisorDisable: 0,
  /** Prepare to disable the hypervisor (exvm: Unsupported). */
  HyperVisorPrepareDisable: 1,
  /** Debug hook: the VMM logs the arguments and returns 0. */
  HyperVisorDebug: 2,
  /** IVC publish(key, shm_base_gpa_ptr, shm_size_ptr). */
  HIVCPublishChannel: 3,
  /** IVC subscribe(publisher_vm_id, key, shm_base_gpa_ptr, shm_size_ptr). */
  HIVCSubscribChannel: 4,
  /** IVC unpublish(key). */
  HIVCUnPublishChannel: 5,
  /** IVC unsubscribe(publisher_vm_id, key). */
  HIVCUnSubscribChannel: 6,
} as const;

/** exvm's hypercalls that become other exits or device accesses (handled inside `runVcpu`). */
export const ExvmHypercall = {
  /** () → SystemDown exit. */
  SystemDown: 0x100,
  /** (target_cpu, entry, arg) → CpuUp exit; the result says whether the vCPU was started. */
  CpuUp: 0x101,
  /** (state) → CpuDown exit. */
  CpuDown: 0x102,
  /** (target_cpu, vector, flags, aux) → SendIPI exit (flags bit 0: to all, bit 1: to self). */
  SendIpi: 0x103,
  /** (port, width) → the value read from a port device (IoRead exit when none answers). */
  IoRead: 0x110,
  /** (port, width, value) → 0 (IoWrite exit when no device takes it). */
  IoWrite: 0x111,
  /** (register) → the 32-bit value of a system register (SysRegRead exit when none answers). */
  SysRegRead: 0x112,
  /** (register, value) → 0 (SysRegWrite exit when no device takes it). */
  SysRegWrite: 0x113,
} as const;

/** Most arguments a hypercall takes. */
export const MAX_HYPERCALL_ARGS = 6;

/** SendIPI flag: send to every vCPU of the VM. */
export const IPI_TO_ALL = 0x1;
/** SendIPI flag: send to the sending vCPU itself. */
export const IPI_TO_SELF = 0x2;

/** Six hypercall arguments (missing ones are 0). */
export type HypercallArgs = readonly [number, number, number, number, number, number];

/**
 * Pops a hypercall's count and arguments from the guest's stack (as unsigned 32-bit numbers);
 * undefined when the count is not 0 to 6 or the stack holds fewer values (nothing more is popped).
 */
export function popHypercallArgs(machine: Machine): HypercallArgs | undefined {
  const count = machine.pop();
  if (count === undefined || !Number.isInteger(count) || count < 0 || count > MAX_HYPERCALL_ARGS) return undefined;
  const popped: number[] = [];
  for (let index = 0; index < count; index++) {
    const value = machine.pop();
    if (value === undefined) {
      for (const back of popped.reverse()) machine.push(back);
      return undefined;
    }
    popped.push(value);
  }
  const args: [number, number, number, number, number, number] = [0, 0, 0, 0, 0, 0];
  popped.reverse().forEach((value, index) => (args[index] = value >>> 0));
  return args;
}

/** The guest's result for a failed hypercall: the error's kind number, negated (Io for anything that is not an AxError). */
export function failureResult(error: unknown): number {
  return -(isAxError(error) ? error.number : AX_ERROR_NUMBERS.Io);
}
