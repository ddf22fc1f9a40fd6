/**
 * The VMM side of a vCPU stop: what `runVcpu` handles itself (port and system-register hypercalls
 * with a device behind them, a wfi with an interrupt already pending, a hypercall with a malformed
 * argument count) and the exit it returns for everything else. Lazily-allocated pages and MMIO
 * with a device behind it never stop the machine: the guest bus handles them during the access.
 */
import { AX_ERROR_NUMBERS } from './errors.js';
import type { DeviceSet } from './devices/device-set.js';
import type { AccessWidth, DeviceFault, DeviceValue } from './devices/device.js';
import { TIMER_IRQ } from './devices/timer.js';
import type { VcpuExit } from './exits.js';
import type { HypercallArgs } from './hypercall-abi.js';
import { ExvmHypercall, IPI_TO_ALL, IPI_TO_SELF } from './hypercall-abi.js';
import { MappingFlags } from './mapping-flags.js';
import type { RawStop, RefusedAccess } from './vcpu-engine.js';

/** The stopped vCPU, as the exit handling needs it. */
export interface StoppedVcpu {
  readonly id: number;
  /** Whether an interrupt is pending for it. */
  readonly interruptPending: boolean;
  /** Sets the guest's result for the hypercall it stopped at. */
  setReturnValue(value: number): void;
  /** Forgets that the guest waits (an interrupt is pending: running it again takes the interrupt). */
  cancelWait(): void;
}

/** The VM, as the exit handling needs it. */
export interface ExitContext {
  readonly devices: DeviceSet;
  /** Fires expired timers; returns the vCPUs that got a timer interrupt. */
  pollTimers(): readonly number[];
}

const INVALID_INPUT = -AX_ERROR_NUMBERS.InvalidInput;

/** The exit for `stop`, or undefined when it was handled and the vCPU runs on. */
export function exitForStop(vcpu: StoppedVcpu, stop: RawStop, context: ExitContext): VcpuExit | undefined {
  switch (stop.kind) {
    case 'budget': return context.pollTimers().length > 0 ? { kind: 'ExternalInterrupt', vector: TIMER_IRQ } : { kind: 'Nothing' };
    case 'breakpoint': return { kind: 'Nothing' };
    case 'halted': return { kind: 'CpuDown', state: stop.code };
    case 'waiting':
      context.pollTimers();
      if (!vcpu.interruptPending) return { kind: 'Halt' };
      vcpu.cancelWait();
      return undefined;
    case 'fault': return stop.refused === undefined ? { kind: 'FailEntry', reason: `${stop.status} at pc ${stop.pc}: ${stop.message}` } : refusedExit(stop.refused);
    case 'hypercall':
      if (stop.args === undefined) {
        vcpu.setReturnValue(INVALID_INPUT);
        return undefined;
      }
      return hypercallExit(vcpu, stop.nr, stop.args, context.devices);
  }
}

function refusedExit(refused: RefusedAccess): VcpuExit {
  const { address: addr, width, message: reason } = refused;
  if (!refused.mmio) return { kind: 'NestedPageFault', addr, accessFlags: refused.access === 'read' ? MappingFlags.READ : MappingFlags.WRITE, reason };
  if (refused.access === 'read') return { kind: 'MmioRead', addr, width, reg: 0, signExtend: refused.kind === 's8' || refused.kind === 's16' || refused.kind === 'i32', reason };
  return { kind: 'MmioWrite', addr, width, data: storedData(refused), reason };
}

function storedData(refused: RefusedAccess): bigint {
  const value = refused.value ?? 0;
  if (refused.kind === 'f64') {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value, true);
    return view.getBigUint64(0, true);
  }
  if (refused.kind === 'f32') {
    const view = new DataView(new ArrayBuffer(4));
    view.setFloat32(0, value, true);
    return BigInt(view.getUint32(0, true));
  }
  return BigInt.asUintN(refused.width * 8, BigInt(Math.trunc(value)));
}

function hypercallExit(vcpu: StoppedVcpu, nr: number, args: HypercallArgs, devices: DeviceSet): VcpuExit | undefined {
  const [a0, a1, a2, a3] = args;
  switch (nr) {
    case ExvmHypercall.SystemDown: return { kind: 'SystemDown' };
    case ExvmHypercall.CpuUp: return { kind: 'CpuUp', targetCpu: a0, entry: a1, arg: a2 };
    case ExvmHypercall.CpuDown: return { kind: 'CpuDown', state: a0 };
    case ExvmHypercall.SendIpi: return { kind: 'SendIPI', targetCpu: a0, vector: a1, toAll: (a2 & IPI_TO_ALL) !== 0, toSelf: (a2 & IPI_TO_SELF) !== 0, aux: a3 };
    case ExvmHypercall.IoRead: {
      const width = ioWidth(a1);
      if (width === undefined || a0 > 0xffff) return invalid(vcpu);
      const value = devices.portRead(a0, width);
      return answered(vcpu, value) ? undefined : { kind: 'IoRead', port: a0, width, reason: (value as DeviceFault).fault };
    }
    case ExvmHypercall.IoWrite: {
      const width = ioWidth(a1);
      if (width === undefined || a0 > 0xffff) return invalid(vcpu);
      const data = a2 % 2 ** (width * 8);
      const fault = devices.portWrite(a0, width, data);
      return fault === undefined ? done(vcpu) : { kind: 'IoWrite', port: a0, width, data: BigInt(data), reason: fault.fault };
    }
    case ExvmHypercall.SysRegRead: {
      const value = devices.sysregRead(a0, 4);
      return answered(vcpu, value) ? undefined : { kind: 'SysRegRead', addr: a0, reg: 0, reason: (value as DeviceFault).fault };
    }
    case ExvmHypercall.SysRegWrite: {
      const fault = devices.sysregWrite(a0, 4, a1);
      return fault === undefined ? done(vcpu) : { kind: 'SysRegWrite', addr: a0, value: BigInt(a1), reason: fault.fault };
    }
    default: return { kind: 'Hypercall', nr, args };
  }
}

function ioWidth(width: number): AccessWidth | undefined {
  return width === 1 || width === 2 || width === 4 ? width : undefined;
}

/** Gives the guest a device's answer; false when the device set refused (a fault). */
function answered(vcpu: StoppedVcpu, value: DeviceValue | DeviceFault): boolean {
  if (typeof value === 'object') return false;
  vcpu.setReturnValue(Number(BigInt.asIntN(32, BigInt(value))));
  return true;
}

function done(vcpu: StoppedVcpu): undefined {
  vcpu.setReturnValue(0);
  return undefined;
}

function invalid(vcpu: StoppedVcpu): undefined {
  vcpu.setReturnValue(INVALID_INPUT);
  return undefined;
}
