/**
 * A VM's devices (axvm's `AxVmDevices`), in three spaces: MMIO, port I/O and system registers.
 * Ranges never overlap within a space; lookup is a binary search over ranges sorted by base. An
 * access is answered by the device, or becomes a `DeviceFault` — no device there, an access
 * straddling a device's edge, or a device that threw (the error is recorded) — never an exception.
 */
import { AxError } from '../errors.js';
import type { AxErrorKind } from '../errors.js';
import type { Access } from '../mapping-flags.js';
import { hex, hexRange } from '../page.js';
import { ACCESS_WIDTHS, DEVICE_SPACE_LIMITS } from './device.js';
import type { AccessWidth, DeviceFault, DeviceFaultReason, DeviceSpace, DeviceValue, EmulatedDevice } from './device.js';
import { errorReason } from '../../messages.js';
import { counted } from '../../messages.js';

/** A device error the set caught: the device threw, or answered something that is not a value. */
export interface DeviceErrorRecord {
  readonly device: string;
  readonly space: DeviceSpace;
  readonly address: number;
  readonly width: AccessWidth;
  readonly access: Access;
  /** What the device threw (or a description of its bad answer). */
  readonly error: unknown;
  readonly message: string;
}

/** Device states by device name, from `getState` (devices without state are left out). */
export type DeviceSetState = Readonly<Record<string, unknown>>;

/** Returns why an MMIO range cannot be claimed (it overlaps guest memory), or undefined. */
export type MmioClaimCheck = (base: number, length: number) => string | undefined;

/** How to create a device set. */
export interface DeviceSetOptions {
  /** The VM's name, used in error messages. */
  readonly name?: string;
}

/** Recorded device errors kept (the oldest are dropped). */
export const MAX_DEVICE_ERRORS = 32;

const SPACES: readonly DeviceSpace[] = ['mmio', 'port', 'sysreg'];

/** Where an access goes: a device, or the fault when none takes it (tagged so no device can pass for a fault). */
type Target = { readonly device: EmulatedDevice; readonly fault?: undefined } | { readonly device?: undefined; readonly fault: DeviceFault };

/** The devices of one VM. */
export class DeviceSet {
  readonly #vm: string | undefined;
  /** Each space's devices, sorted by base. */
  readonly #spaces: Record<DeviceSpace, EmulatedDevice[]> = { mmio: [], port: [], sysreg: [] };
  readonly #mmioChecks: MmioClaimCheck[] = [];
  readonly #errors: DeviceErrorRecord[] = [];

  /** Creates an empty device set. */
  constructor(options: DeviceSetOptions = {}) {
    this.#vm = options.name;
  }

  /**
   * Adds a device. InvalidInput for a bad name, space or range, or a missing handleRead or
   * handleWrite (devices may come from plain JavaScript objects); AlreadyExists when the name is taken, the
   * range overlaps another device of the same space, or (MMIO) guest memory.
   */
  register(device: EmulatedDevice): void {
    this.#checkShape(device);
    const { space, range, name } = device;
    const field = `register(${name})`;
    const limit = DEVICE_SPACE_LIMITS[space];
    if (!Number.isInteger(range.base) || !Number.isInteger(range.length) || range.base < 0 || range.length <= 0 || range.base + range.length > limit) {
      throw this.#error('InvalidInput', field, `${space} range base ${range.base} length ${range.length} must be whole numbers, the length above 0, inside ${hexRange(0, limit)}`);
    }
    if (this.byName(name) !== undefined) throw this.#error('AlreadyExists', field, `a device named ${name} is already registered`);
    const other = this.overlapping(space, range.base, range.length);
    if (other !== undefined) {
      throw this.#error('AlreadyExists', field, `${space} ${hexRange(range.base, range.length)} overlaps device ${other.name} at ${hexRange(other.range.base, other.range.length)}`);
    }
    if (space === 'mmio') {
      for (const check of this.#mmioChecks) {
        const problem = check(range.base, range.length);
        if (problem !== undefined) throw this.#error('AlreadyExists', field, `mmio ${hexRange(range.base, range.length)} ${problem}`);
      }
    }
    const list = this.#spaces[space];
    const index = list.findIndex((each) => each.range.base > range.base);
    list.splice(index === -1 ? list.length : index, 0, device);
  }

  /** The devices of a space (in address order), or of every space. */
  devices(space?: DeviceSpace): readonly EmulatedDevice[] {
    return space === undefined ? SPACES.flatMap((each) => this.#spaces[each]) : [...this.#spaces[space]];
  }

  /** The device named `name`. */
  byName(name: string): EmulatedDevice | undefined {
    return this.devices().find((device) => device.name === name);
  }

  /** The device of `space` whose range holds `address` (binary search). */
  find(space: DeviceSpace, address: number): EmulatedDevice | undefined {
    const device = this.overlapping(space, address, 1);
    return device !== undefined && device.range.base <= address ? device : undefined;
  }

  /** The first device of `space` (by address) that shares an address with [base, base + length). */
  overlapping(space: DeviceSpace, base: number, length: number): EmulatedDevice | undefined {
    const list = this.#spaces[space];
    // The first device that ends after `base`: ranges are disjoint, so ends are sorted too.
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      const { range } = list[middle];
      if (range.base + range.length <= base) low = middle + 1;
      else high = middle;
    }
    const device = list[low];
    return device !== undefined && device.range.base < base + length ? device : undefined;
  }

  /**
   * Lets an address space refuse MMIO ranges that overlap its memory: `check` is run on every MMIO
   * device registered from now on.
   */
  addMmioClaimCheck(check: MmioClaimCheck): void {
    this.#mmioChecks.push(check);
  }

  /** Reads `width` bytes at `address` of `space`: the value (see DeviceValue) or a fault. */
  read(space: DeviceSpace, address: number, width: AccessWidth): DeviceValue | DeviceFault {
    const { device, fault: refused } = this.#target(space, address, width, 'read');
    if (refused !== undefined) return refused;
    let answer: unknown;
    try {
      answer = device.handleRead(address - device.range.base, width);
    } catch (error) {
      return this.#failed(device, address, width, 'read', error, errorReason(error));
    }
    const value = fitAnswer(answer, width);
    return value ?? this.#failed(device, address, width, 'read', answer, `answered ${describeAnswer(answer)}, not a safe integer or a bigint`);
  }

  /**
   * Writes `value` (an unsigned integer of the width: a number, or for width 8 a number or bigint)
   * at `address` of `space`; undefined when done, else the fault. A value that does not fit the
   * width is InvalidInput (a VMM bug, not a guest's).
   */
  write(space: DeviceSpace, address: number, width: AccessWidth, value: DeviceValue): DeviceFault | undefined {
    const canonical = canonicalValue(value, width);
    if (canonical === undefined) throw this.#error('InvalidInput', `${space} write`, `${String(value)} is not an unsigned ${width * 8}-bit value`);
    const { device, fault: refused } = this.#target(space, address, width, 'write');
    if (refused !== undefined) return refused;
    try {
      device.handleWrite(address - device.range.base, width, canonical);
    } catch (error) {
      return this.#failed(device, address, width, 'write', error, errorReason(error));
    }
    return undefined;
  }

  /** An MMIO read (what the guest bus does for a load from a device range). */
  mmioRead(address: number, width: AccessWidth): DeviceValue | DeviceFault {
    return this.read('mmio', address, width);
  }

  /** An MMIO write. */
  mmioWrite(address: number, width: AccessWidth, value: DeviceValue): DeviceFault | undefined {
    return this.write('mmio', address, width, value);
  }

  /** A port read (exvm guests reach ports through hypercalls: they have no in/out instructions). */
  portRead(port: number, width: AccessWidth): DeviceValue | DeviceFault {
    return this.read('port', port, width);
  }

  /** A port write. */
  portWrite(port: number, width: AccessWidth, value: DeviceValue): DeviceFault | undefined {
    return this.write('port', port, width, value);
  }

  /** A system-register read (through a hypercall, like ports). */
  sysregRead(register: number, width: AccessWidth): DeviceValue | DeviceFault {
    return this.read('sysreg', register, width);
  }

  /** A system-register write. */
  sysregWrite(register: number, width: AccessWidth, value: DeviceValue): DeviceFault | undefined {
    return this.write('sysreg', register, width, value);
  }

  /** The last MAX_DEVICE_ERRORS device errors, oldest first. */
  get errors(): readonly DeviceErrorRecord[] {
    return [...this.#errors];
  }

  /** Resets every device; a device whose reset throws is BadState naming it (the others are still reset). */
  reset(): void {
    const failures: string[] = [];
    for (const device of this.devices()) {
      try {
        device.reset?.();
      } catch (error) {
        failures.push(`${device.name}: ${errorReason(error)}`);
      }
    }
    if (failures.length > 0) throw this.#error('BadState', 'reset', `devices failed to reset: ${failures.join('; ')}`);
  }

  /** The state of every device that has one, by name. */
  getState(): DeviceSetState {
    const state: Record<string, unknown> = {};
    for (const device of this.devices()) if (device.getState !== undefined) state[device.name] = device.getState();
    return state;
  }

  /**
   * Restores states from `getState`. NotFound for a name with no device; InvalidInput for a device
   * that keeps no state; InvalidData when a device refuses its state.
   */
  setState(state: DeviceSetState): void {
    for (const [name, value] of Object.entries(state)) {
      const device = this.byName(name);
      if (device === undefined) throw this.#error('NotFound', 'setState', `no device named ${name}`);
      if (device.setState === undefined) throw this.#error('InvalidInput', 'setState', `device ${name} keeps no state`);
      try {
        device.setState(value);
      } catch (error) {
        throw this.#error('InvalidData', 'setState', `device ${name} refused its state: ${errorReason(error)}`);
      }
    }
  }

  /** InvalidInput naming the device and what it lacks, unless it has every member a device needs. */
  #checkShape(device: EmulatedDevice): void {
    const { name, space, range } = device as Partial<EmulatedDevice>;
    if (typeof name !== 'string' || name === '') throw this.#error('InvalidInput', 'register', 'a device needs a non-empty name');
    const field = `register(${name})`;
    if (!SPACES.includes(space as DeviceSpace)) throw this.#error('InvalidInput', field, `device ${name} has unknown space ${String(space)} (mmio, port or sysreg)`);
    if (typeof range !== 'object' || range === null) throw this.#error('InvalidInput', field, `device ${name} has no range`);
    for (const member of ['handleRead', 'handleWrite'] as const) {
      if (typeof device[member] !== 'function') throw this.#error('InvalidInput', field, `device ${name} has no ${member} function`);
    }
  }

  /** The device an access goes to, or the fault when no single device holds all of it. */
  #target(space: DeviceSpace, address: number, width: AccessWidth, access: Access): Target {
    if (!ACCESS_WIDTHS.includes(width)) throw this.#error('InvalidInput', `${space} ${access}`, `access width ${String(width)} is not 1, 2, 4 or 8`);
    const device = Number.isInteger(address) && address >= 0 ? this.overlapping(space, address, width) : undefined;
    if (device === undefined) return { fault: fault(space, address, width, access, 'no-device', `no ${space} device claims it`) };
    const { base, length } = device.range;
    if (address < base || address + width > base + length) {
      return { fault: fault(space, address, width, access, 'straddle', `it straddles the edge of device ${device.name} at ${hexRange(base, length)}`, device.name) };
    }
    return { device };
  }

  #failed(device: EmulatedDevice, address: number, width: AccessWidth, access: Access, error: unknown, detail: string): DeviceFault {
    const { space, name } = device;
    const message = `device ${name} (${space} ${hexRange(device.range.base, device.range.length)}) failed: ${detail}`;
    this.#errors.push({ device: name, space, address, width, access, error, message });
    if (this.#errors.length > MAX_DEVICE_ERRORS) this.#errors.shift();
    return fault(space, address, width, access, 'device-error', message, name);
  }

  #error(kind: AxErrorKind, field: string, detail: string): AxError {
    return new AxError(kind, detail, this.#vm === undefined ? { field } : { vm: this.#vm, field });
  }
}

/** A fault whose message says what the access was: `load of 4 bytes at 0x10000000: …`. */
function fault(space: DeviceSpace, address: number, width: AccessWidth, access: Access, reason: DeviceFaultReason, detail: string, device?: string): DeviceFault {
  const verb = space === 'mmio' ? (access === 'read' ? 'load' : 'store') : `${space} ${access}`;
  const where = Number.isInteger(address) && address >= 0 ? hex(address) : String(address);
  const text = `${verb} of ${counted(width, 'byte')} at ${where}: ${detail}`;
  return device === undefined ? { fault: text, space, address, width, access, reason } : { fault: text, space, address, width, access, reason, device };
}

/** A device's read answer cut to the width, or undefined when it is not an integer. */
function fitAnswer(answer: unknown, width: AccessWidth): DeviceValue | undefined {
  if (typeof answer === 'bigint') return width === 8 ? BigInt.asUintN(64, answer) : Number(BigInt.asUintN(width * 8, answer));
  if (typeof answer !== 'number' || !Number.isSafeInteger(answer)) return undefined;
  switch (width) {
    case 1: return answer & 0xff;
    case 2: return answer & 0xffff;
    case 4: return answer >>> 0;
    case 8: return BigInt.asUintN(64, BigInt(answer));
  }
}

/** A written value in the form a device receives, or undefined when it does not fit the width. */
function canonicalValue(value: DeviceValue, width: AccessWidth): DeviceValue | undefined {
  if (width === 8) {
    const big = typeof value === 'bigint' ? value : Number.isSafeInteger(value) ? BigInt(value) : undefined;
    return big !== undefined && big >= 0n && big < 1n << 64n ? big : undefined;
  }
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 2 ** (width * 8) ? value : undefined;
}

function describeAnswer(answer: unknown): string {
  return typeof answer === 'string' ? JSON.stringify(answer) : String(answer);
}
