/**
 * The console UART (emu_type 0x2). Register map, as offsets from the device's base (any access
 * width; a read gives the register zero-extended, a write uses its low byte):
 *
 * | offset | register | read | write |
 * | --- | --- | --- | --- |
 * | 0x0 | DATA | the next input byte, or 0 when there is none | transmits the byte |
 * | 0x4 | STATUS | bit 0 RX_READY: an input byte is waiting; bit 1 TX_READY: always set | ignored |
 *
 * Any other offset reads 0 and ignores writes. Output is buffered per line: the sink gets a line
 * at each `\n` (or every UART_LINE_LIMIT bytes without one), and the rest on `flush()`.
 */
import { EmuType } from '../config-types.js';
import { lowWord } from './device.js';
import type { DeviceRange, DeviceSpace, DeviceValue, EmulatedDevice } from './device.js';
import type { DevicePlacement } from './dummy.js';

/** Offset of the data register. */
export const UART_DATA = 0x0;
/** Offset of the status register. */
export const UART_STATUS = 0x4;
/** STATUS bit: an input byte is waiting in DATA. */
export const UART_RX_READY = 0x1;
/** STATUS bit: DATA accepts a byte (always: output never blocks). */
export const UART_TX_READY = 0x2;
/** Bytes buffered without a newline before they are passed on anyway. */
export const UART_LINE_LIMIT = 256;

/** Where console output goes (the terminal, a test's buffer, a VM-name-prefixing multiplexer). */
export interface ConsoleSink {
  write(bytes: Uint8Array): void;
}

/** The UART's state for snapshots: pending input and buffered output bytes. */
export interface UartState {
  readonly input: readonly number[];
  readonly output: readonly number[];
}

/** How to create a UART. */
export interface UartOptions extends DevicePlacement {
  /** Receives the guest's output. */
  readonly sink: ConsoleSink;
}

/** A console UART: a data and a status register. */
export class Uart implements EmulatedDevice {
  readonly emuType = EmuType.Console;
  readonly name: string;
  readonly range: DeviceRange;
  readonly space: DeviceSpace;
  readonly #sink: ConsoleSink;
  #input: number[] = [];
  #output: number[] = [];

  /** Creates the UART at `options` writing to `options.sink`. */
  constructor(options: UartOptions) {
    this.name = options.name;
    this.range = { base: options.range.base, length: options.range.length };
    this.space = options.space ?? 'mmio';
    this.#sink = options.sink;
  }

  /** Queues bytes for the guest to read from DATA (the host's keyboard, a test's input). */
  pushInput(bytes: Uint8Array | readonly number[]): void {
    for (const byte of bytes) this.#input.push(byte & 0xff);
  }

  /** Reads DATA (consuming an input byte) or STATUS. */
  handleRead(offset: number): number {
    if (offset === UART_DATA) return this.#input.shift() ?? 0;
    if (offset === UART_STATUS) return UART_TX_READY | (this.#input.length > 0 ? UART_RX_READY : 0);
    return 0;
  }

  /** A write to DATA transmits its low byte. */
  handleWrite(offset: number, _width: number, value: DeviceValue): void {
    if (offset !== UART_DATA) return;
    const byte = lowWord(value) & 0xff;
    this.#output.push(byte);
    if (byte === 0x0a || this.#output.length >= UART_LINE_LIMIT) this.flush();
  }

  /** Passes buffered output to the sink. */
  flush(): void {
    if (this.#output.length === 0) return;
    const line = Uint8Array.from(this.#output);
    this.#output = [];
    this.#sink.write(line);
  }

  /** Flushes pending output (the guest did write it) and drops pending input. */
  reset(): void {
    this.flush();
    this.#input = [];
  }

  /** Pending input and buffered output. */
  getState(): UartState {
    return { input: [...this.#input], output: [...this.#output] };
  }

  /** Restores pending input and buffered output; throws on anything but two arrays of bytes. */
  setState(state: unknown): void {
    if (!isUartState(state)) throw new TypeError('a UART state is { input: bytes[], output: bytes[] }');
    this.#input = [...state.input];
    this.#output = [...state.output];
  }
}

function isUartState(state: unknown): state is UartState {
  if (typeof state !== 'object' || state === null) return false;
  const { input, output } = state as Record<string, unknown>;
  return isByteArray(input) && isByteArray(output);
}

function isByteArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((byte) => Number.isInteger(byte) && byte >= 0 && byte <= 0xff);
}
