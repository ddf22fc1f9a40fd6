/**
 * The timer: a per-vCPU countdown in the system-register space (like the ARM generic timer's
 * sysregs), built into every VM. Each vCPU sees its own timer (the HAL says which vCPU accesses it).
 * Registers (32-bit, microseconds; numbered like 4-byte MMIO registers, and the SYSREG_READ and
 * SYSREG_WRITE hypercalls access 4 bytes):
 *
 * | register | name | read | write |
 * | --- | --- | --- | --- |
 * | 0x0 | TIME    | the HAL's time in microseconds (low 32 bits) | ignored |
 * | 0x4 | ONESHOT | microseconds until it fires (0: not armed) | fires once after N µs (0 disarms) |
 * | 0x8 | PERIOD  | the period (0: not periodic) | fires every N µs from now (0 stops) |
 *
 * When a timer expires the VMM injects TIMER_IRQ into its vCPU; expiry is checked by `poll`, which
 * the VMM calls between run slices and while vCPUs wait.
 */
import { EmuType } from '../config-types.js';
import { lowWord } from './device.js';
import type { DeviceRange, DeviceValue, EmulatedDevice } from './device.js';

/** The register numbers. */
export const TIMER_TIME = 0x0;
/** Arms a one-shot expiry. */
export const TIMER_ONESHOT = 0x4;
/** Arms a periodic expiry. */
export const TIMER_PERIOD = 0x8;
/** The interrupt vector a timer raises in its vCPU. */
export const TIMER_IRQ = 30;
/** Where the timer's registers start in the system-register space. */
export const TIMER_SYSREG_BASE = 0x0;

const NANOS_PER_MICRO = 1000n;

/** What the timer needs from the VMM. */
export interface TimerHost {
  /** Monotonic time in nanoseconds (the HAL's). */
  now(): bigint;
  /** The vCPU making the current access (the HAL's). */
  currentVcpu(): number;
  /** Injects TIMER_IRQ into a vCPU. */
  fire(vcpuId: number): void;
}

interface Countdown {
  deadline: bigint;
  period: bigint;
}

/** The per-vCPU timers of one VM (name `timer`, emu type dummy: it is not in the config). */
export class Timer implements EmulatedDevice {
  readonly name = 'timer';
  readonly emuType = EmuType.Dummy;
  readonly space = 'sysreg' as const;
  readonly range: DeviceRange = { base: TIMER_SYSREG_BASE, length: 0xc };
  readonly #host: TimerHost;
  readonly #countdowns = new Map<number, Countdown>();

  /** Creates the timers of a VM. */
  constructor(host: TimerHost) {
    this.#host = host;
  }

  /** Reads TIME, ONESHOT or PERIOD of the accessing vCPU. */
  handleRead(offset: number): number {
    const now = this.#host.now();
    if (offset === TIMER_TIME) return Number(BigInt.asUintN(32, now / NANOS_PER_MICRO));
    const countdown = this.#countdowns.get(this.#host.currentVcpu());
    if (countdown === undefined) return 0;
    if (offset === TIMER_PERIOD) return Number(countdown.period / NANOS_PER_MICRO);
    return countdown.deadline > now ? Number((countdown.deadline - now) / NANOS_PER_MICRO) : 0;
  }

  /** Arms or disarms the accessing vCPU's timer. */
  handleWrite(offset: number, _width: number, value: DeviceValue): void {
    if (offset === TIMER_TIME) return;
    const vcpu = this.#host.currentVcpu();
    const micros = BigInt(lowWord(value));
    if (micros === 0n) {
      this.#countdowns.delete(vcpu);
      return;
    }
    const span = micros * NANOS_PER_MICRO;
    this.#countdowns.set(vcpu, { deadline: this.#host.now() + span, period: offset === TIMER_PERIOD ? span : 0n });
  }

  /** Fires every timer whose deadline has passed; returns the vCPUs that got an interrupt. */
  poll(): number[] {
    if (this.#countdowns.size === 0) return [];
    const now = this.#host.now();
    const fired: number[] = [];
    for (const [vcpu, countdown] of this.#countdowns) {
      if (countdown.deadline > now) continue;
      fired.push(vcpu);
      if (countdown.period === 0n) this.#countdowns.delete(vcpu);
      else countdown.deadline = now + countdown.period;
      this.#host.fire(vcpu);
    }
    return fired;
  }

  /** The earliest deadline, in the HAL's nanoseconds, or undefined when no timer is armed. */
  nextDeadline(): bigint | undefined {
    let earliest: bigint | undefined;
    for (const { deadline } of this.#countdowns.values()) if (earliest === undefined || deadline < earliest) earliest = deadline;
    return earliest;
  }

  /** Disarms every timer. */
  reset(): void {
    this.#countdowns.clear();
  }
}
