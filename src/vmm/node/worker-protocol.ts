/**
 * The small, typed protocol between the VMM's thread and a vCPU worker. The worker runs the vCPU's
 * machine over the shared host memory: the flat window directly, every other access (MMIO, lazy
 * pages, memory outside the window) through a synchronous call to the VMM's thread, which owns the
 * address space and the devices. A call uses a shared control block: the worker writes the request,
 * sets FLAG to REQUEST, posts `{ kind: 'call' }` and waits on FLAG; the VMM's thread answers and sets
 * FLAG to ANSWER. A stop is posted as `{ kind: 'stop', stop }` and answered the same way. Workers of
 * secondary vCPUs are started with the VM (thread start-up is slow) and wait until the VMM writes
 * START (after CpuUp) or EXIT with FLAG set to ANSWER.
 */
import type { Program } from '../../image/program.js';
import type { AccessKind } from '../../machine/memory.js';
import type { RawStop } from '../vcpu-engine.js';

/** What a worker is started with. */
export interface WorkerSetup {
  readonly program: Program;
  /** Where the guest starts and its argument; undefined for a vCPU not started yet: the worker waits for START. */
  readonly start?: { readonly entry: number; readonly arg: number };
  readonly cpuId: number;
  /** Host memory (shared). */
  readonly host: SharedArrayBuffer;
  /** The flat window in host memory. */
  readonly windowHpa: number;
  readonly windowSize: number;
  /** What `msize` reports. */
  readonly busSize: number;
  /** The vCPU's pending-interrupt word (shared). */
  readonly pending: Int32Array;
  /** The vCPU's latch of raised irqs (shared): raised again once the worker's machine exists. */
  readonly latched: Int32Array;
  /** The control block (CONTROL_BYTES, shared). */
  readonly control: SharedArrayBuffer;
  readonly sliceSteps: number;
}

/** What a worker posts. */
export type WorkerMessage = { readonly kind: 'call' } | { readonly kind: 'stop'; readonly stop: RawStop };

/** Bytes of a control block: 16 int32 slots, a float64 value, a message area. */
export const CONTROL_BYTES = 64 + 1024;
/** Int32 slots. */
export const Slot = {
  /** IDLE, REQUEST or ANSWER. */
  Flag: 0,
  /** Call: LOAD or STORE. Answer to a stop: CONTINUE, WAIT or EXIT. To a waiting worker: START or EXIT. */
  Op: 1,
  /** Call: the guest address (as int32). START: the entry. */
  Address: 2,
  /** Call: the access kind's index in ACCESS_KINDS. */
  Kind: 3,
  /** Answer: 1 done, 0 refused (call); 1 when a hypercall result is in Result (stop). */
  Ok: 4,
  /** Answer to a stop: the hypercall result. START: the argument. */
  Result: 5,
  /** Refused call: the message's byte length (in the message area). */
  MessageLength: 6,
  /** Refused call: 1 for an MMIO refusal, 0 for a page fault. */
  Mmio: 7,
  /** Set by the worker while it is blocked in wfi (the VMM's deadlock check reads it). */
  Waiting: 8,
} as const;
/** Float64 index of the loaded or stored value (byte 32). */
export const VALUE_INDEX = 4;
/** Byte offset of the message area. */
export const MESSAGE_OFFSET = 64;

/** FLAG values. */
export const Flag = { Idle: 0, Request: 1, Answer: 2 } as const;
/** OP values. */
export const Op = { Load: 1, Store: 2, Continue: 3, Wait: 4, Exit: 5, Start: 6 } as const;

/** The access kinds, by index. */
export const ACCESS_KINDS: readonly AccessKind[] = ['u8', 's8', 'u16', 's16', 'i32', 'f32', 'f64'];
