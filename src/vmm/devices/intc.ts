/**
 * The interrupt controller (emu_type 0x1): routes device interrupts to vCPUs. Registers, as offsets
 * from its base (32-bit values; any width reads the register zero-extended and writes its low bits):
 *
 * | offset | register | read | write |
 * | --- | --- | --- | --- |
 * | 0x0 | ENABLE  | the enabled irqs (bit n = irq n; all after reset) | sets them |
 * | 0x4 | TARGET  | the vCPUs device irqs go to (bit n = vCPU n; vCPU 0 after reset) | sets them (0 drops irqs) |
 * | 0x8 | RAISED  | the irqs raised since they were last acknowledged | acknowledges the bits written (write 1 to clear) |
 * | 0xC | TRIGGER | 0 | raises irq `value & 31` as a device would (a software interrupt) |
 *
 * A raised irq that is enabled is injected into every TARGET vCPU, through the VMM.
 */
import { EmuType } from '../config-types.js';
import { lowWord } from './device.js';
import type { DeviceRange, DeviceSpace, DeviceValue, EmulatedDevice } from './device.js';
import type { DevicePlacement } from './dummy.js';

/** Offset of ENABLE. */
export const INTC_ENABLE = 0x0;
/** Offset of TARGET. */
export const INTC_TARGET = 0x4;
/** Offset of RAISED. */
export const INTC_RAISED = 0x8;
/** Offset of TRIGGER. */
export const INTC_TRIGGER = 0xc;

/** Delivers `irq` to the vCPUs of `mask` (the VM's `injectInterruptToVcpu`). */
export type IrqInjection = (mask: number, irq: number) => void;

/** The controller's state for snapshots. */
export interface InterruptControllerState {
  readonly enable: number;
  readonly target: number;
  readonly raised: number;
}

/** How to create an interrupt controller. */
export interface InterruptControllerOptions extends DevicePlacement {
  readonly inject: IrqInjection;
}

/** The interrupt controller. */
export class InterruptController implements EmulatedDevice {
  readonly emuType = EmuType.InterruptController;
  readonly name: string;
  readonly range: DeviceRange;
  readonly space: DeviceSpace;
  readonly #inject: IrqInjection;
  #enable = -1 >>> 0;
  #target = 1;
  #raised = 0;

  /** Creates the controller at `options`. */
  constructor(options: InterruptControllerOptions) {
    this.name = options.name;
    this.range = { base: options.range.base, length: options.range.length };
    this.space = options.space ?? 'mmio';
    this.#inject = options.inject;
  }

  /** A device raises `irq` (0–31): recorded, and injected into the TARGET vCPUs when enabled. */
  raise(irq: number): void {
    const bit = (1 << irq) >>> 0;
    this.#raised = (this.#raised | bit) >>> 0;
    if ((this.#enable & bit) !== 0 && this.#target !== 0) this.#inject(this.#target, irq);
  }

  /** Reads a register. */
  handleRead(offset: number): number {
    switch (offset) {
      case INTC_ENABLE: return this.#enable;
      case INTC_TARGET: return this.#target;
      case INTC_RAISED: return this.#raised;
      default: return 0;
    }
  }

  /** Writes a register. */
  handleWrite(offset: number, _width: number, value: DeviceValue): void {
    const word = lowWord(value);
    switch (offset) {
      case INTC_ENABLE: this.#enable = word; break;
      case INTC_TARGET: this.#target = word; break;
      case INTC_RAISED: this.#raised = (this.#raised & ~word) >>> 0; break;
      case INTC_TRIGGER: this.raise(word & 31); break;
    }
  }

  /** Everything enabled, vCPU 0 targeted, nothing raised. */
  reset(): void {
    this.#enable = -1 >>> 0;
    this.#target = 1;
    this.#raised = 0;
  }

  /** The registers. */
  getState(): InterruptControllerState {
    return { enable: this.#enable, target: this.#target, raised: this.#raised };
  }

  /** Restores the registers; throws on anything but three 32-bit words. */
  setState(state: unknown): void {
    const { enable, target, raised } = (state ?? {}) as Record<string, unknown>;
    if (![enable, target, raised].every((word) => typeof word === 'number' && Number.isInteger(word) && word >= 0 && word <= 0xffff_ffff)) {
      throw new TypeError('an interrupt controller state is { enable, target, raised } (32-bit words)');
    }
    this.#enable = enable as number;
    this.#target = target as number;
    this.#raised = raised as number;
  }
}
