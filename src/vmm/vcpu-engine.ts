/**
 * The machine side of a vCPU, the same on the VMM's thread and in a vCPU worker: a memory bus that
 * remembers the guest access it refused, and `runSlice`, which runs the machine for a budget of
 * instructions and says why it stopped (a `RawStop`, plain data that can cross threads). The VMM
 * side (`vcpu-exits.ts`) turns a stop into an exit or handles it.
 */
import type { Machine } from '../machine/machine.js';
import type { AccessKind, BusFault, MemoryBus } from '../machine/memory.js';
import { Status, statusName } from '../isa/status.js';
import type { Access } from './mapping-flags.js';
import { KIND_WIDTH } from './devices/access-bits.js';
import type { AccessWidth } from './devices/device.js';
import type { HypercallArgs } from './hypercall-abi.js';
import { popHypercallArgs } from './hypercall-abi.js';

/** A guest access the bus refused: what the machine tried, and why it was refused. */
export interface RefusedAccess {
  readonly address: number;
  readonly width: AccessWidth;
  readonly access: Access;
  /** The machine's access kind (signedness and float format). */
  readonly kind: AccessKind;
  /** The value a store tried to write. */
  readonly value?: number;
  /**
   * True for an MMIO access: to a device range (a straddle or a device error) or to an address with
   * neither RAM nor a device; false for a page fault (reserved, forbidden by the flags, or no host
   * memory for a lazy page).
   */
  readonly mmio: boolean;
  /** The bus's message. */
  readonly message: string;
}

/** Why a run slice ended. */
export type RawStop =
  | { readonly kind: 'budget' }
  | { readonly kind: 'hypercall'; readonly nr: number; readonly args: HypercallArgs | undefined }
  | { readonly kind: 'waiting' }
  | { readonly kind: 'halted'; readonly code: number }
  | { readonly kind: 'breakpoint' }
  | { readonly kind: 'fault'; readonly status: string; readonly pc: number; readonly message: string; readonly refused?: RefusedAccess };

/** True for an MMIO refusal (a device fault, or an address with neither RAM nor a device); false for a page fault. */
export function isMmioFault(fault: BusFault): boolean {
  return 'space' in fault || ('reason' in fault && fault.reason === 'unmapped');
}

/** A bus that passes every access to `inner` and remembers the last one it refused. */
export class RecordingBus implements MemoryBus {
  /** The last refused access since `clear()`. */
  refused: RefusedAccess | undefined;

  /** Wraps `inner`. */
  constructor(private readonly inner: MemoryBus) {}

  /** The inner bus's flat window. */
  get flat(): Uint8Array {
    return this.inner.flat;
  }

  /** The inner bus's size. */
  get size(): number {
    return this.inner.size;
  }

  /** Loads through the inner bus. */
  load(address: number, kind: AccessKind): number | BusFault {
    const result = this.inner.load(address, kind);
    if (typeof result !== 'number') this.#record(address, kind, 'read', result);
    return result;
  }

  /** Stores through the inner bus. */
  store(address: number, kind: AccessKind, value: number): BusFault | undefined {
    const result = this.inner.store(address, kind, value);
    if (result !== undefined) this.#record(address, kind, 'write', result, value);
    return result;
  }

  /** Forgets the last refusal. */
  clear(): void {
    this.refused = undefined;
  }

  #record(address: number, kind: AccessKind, access: Access, fault: BusFault, value?: number): void {
    this.refused = { address, width: KIND_WIDTH[kind], access, kind, ...(value === undefined ? {} : { value }), mmio: isMmioFault(fault), message: fault.fault };
  }
}

/**
 * Runs `machine` for at most `budget` instructions, pushing `result` first (the answer to the
 * hypercall it stopped at), and says why it stopped.
 */
export function runSlice(machine: Machine, bus: RecordingBus, budget: number, result: number | undefined): RawStop {
  if (result !== undefined && !machine.push(result)) {
    return { kind: 'fault', status: 'StackOverflow', pc: machine.pc, message: 'no room on the stack for the hypercall result' };
  }
  // A faulted machine stays faulted (run returns its fault again without an access): keeping the
  // refusal makes a faulted guest report the same exit every time it is run.
  if (machine.fault === undefined) bus.clear();
  const status = machine.run(budget);
  switch (status) {
    case Status.Ok: return { kind: 'budget' };
    case Status.Hypercall: return { kind: 'hypercall', nr: machine.hypercallNumber, args: popHypercallArgs(machine) };
    case Status.Waiting: return { kind: 'waiting' };
    case Status.Halted: return { kind: 'halted', code: machine.exitCode };
    case Status.Breakpoint: return { kind: 'breakpoint' };
    default: {
      const fault = machine.fault;
      const refused = status === Status.MemoryFault && bus.refused !== undefined && bus.refused.address === fault?.address ? bus.refused : undefined;
      return {
        kind: 'fault',
        status: statusName(status),
        pc: fault?.pc ?? machine.pc,
        message: fault?.message ?? statusName(status),
        ...(refused === undefined ? {} : { refused }),
      };
    }
  }
}
