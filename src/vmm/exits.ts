/**
 * vCPU exits (AxVM's `AxVCpuExitReason`): why `runVcpu` returned. `runVcpu` handles MMIO, port
 * I/O, system registers and lazily-allocated pages itself; an exit of those kinds is returned only
 * when nothing could handle the access (no device, or no memory), so the VMM sees every fault.
 */
import type { AccessWidth } from './devices/device.js';

/** The exit kinds, named as AxVM names them. */
export const EXIT_KINDS = [
  'Hypercall', 'MmioRead', 'MmioWrite', 'SysRegRead', 'SysRegWrite', 'IoRead', 'IoWrite', 'ExternalInterrupt',
  'NestedPageFault', 'Halt', 'CpuUp', 'CpuDown', 'SystemDown', 'Nothing', 'FailEntry', 'SendIPI',
] as const;

/** One of the exit kinds. */
export type ExitKind = (typeof EXIT_KINDS)[number];

/** Why a vCPU stopped running. */
export type VcpuExit =
  /** The guest ran `hcall nr` with up to six arguments (a number outside the exvm exit hypercalls). */
  | { readonly kind: 'Hypercall'; readonly nr: number; readonly args: readonly [number, number, number, number, number, number] }
  /** A load from an address with no RAM and no device, or a device that failed (`reg`: exvm has no registers, always 0). */
  | { readonly kind: 'MmioRead'; readonly addr: number; readonly width: AccessWidth; readonly reg: number; readonly signExtend: boolean; readonly reason: string }
  /** A store to an address with no RAM and no device, or a device that failed. */
  | { readonly kind: 'MmioWrite'; readonly addr: number; readonly width: AccessWidth; readonly data: bigint; readonly reason: string }
  /** A system-register read (hypercall SYSREG_READ) no device answered. */
  | { readonly kind: 'SysRegRead'; readonly addr: number; readonly reg: number; readonly reason: string }
  /** A system-register write no device took. */
  | { readonly kind: 'SysRegWrite'; readonly addr: number; readonly value: bigint; readonly reason: string }
  /** A port read (hypercall IO_READ) no device answered. */
  | { readonly kind: 'IoRead'; readonly port: number; readonly width: AccessWidth; readonly reason: string }
  /** A port write no device took. */
  | { readonly kind: 'IoWrite'; readonly port: number; readonly width: AccessWidth; readonly data: bigint; readonly reason: string }
  /** A host interrupt (a timer of this VM) fired while the vCPU ran; it has been raised in the guest. */
  | { readonly kind: 'ExternalInterrupt'; readonly vector: number }
  /** A guest access to memory that is reserved, forbidden by its flags, or a lazy page host memory has no frame for. */
  | { readonly kind: 'NestedPageFault'; readonly addr: number; readonly accessFlags: number; readonly reason: string }
  /** The guest waits for an interrupt (`wfi`) and none is pending: the vCPU is Blocked until one is. */
  | { readonly kind: 'Halt' }
  /** The guest asks to start vCPU `targetCpu` at instruction `entry` with `arg` on its stack. */
  | { readonly kind: 'CpuUp'; readonly targetCpu: number; readonly entry: number; readonly arg: number }
  /** The vCPU is down: the guest ran `halt` (its code is `state`) or hypercall CPU_DOWN. */
  | { readonly kind: 'CpuDown'; readonly state: number }
  /** The guest asks to shut the whole VM down (hypercall SYSTEM_DOWN). */
  | { readonly kind: 'SystemDown' }
  /** The run slice ended with nothing to handle (the VMM may schedule another vCPU). */
  | { readonly kind: 'Nothing' }
  /** The vCPU cannot run: its guest faulted (the reason says how), or its thread died. */
  | { readonly kind: 'FailEntry'; readonly reason: string }
  /** The guest sends interrupt `vector` to vCPU `targetCpu` (or all, or itself); the VMM has delivered it. */
  | { readonly kind: 'SendIPI'; readonly targetCpu: number; readonly aux: number; readonly toAll: boolean; readonly toSelf: boolean; readonly vector: number };

/** A one-line description of an exit, for logs and the CLI. */
export function describeExit(exit: VcpuExit): string {
  const { kind, ...fields } = exit;
  const parts = Object.entries(fields).map(([name, value]) => `${name}=${formatField(value)}`);
  return parts.length === 0 ? kind : `${kind} ${parts.join(' ')}`;
}

function formatField(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) && value > 9 ? `0x${value.toString(16)}` : String(value);
  if (typeof value === 'bigint') return `0x${value.toString(16)}`;
  if (Array.isArray(value)) return `[${value.map(formatField).join(',')}]`;
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
