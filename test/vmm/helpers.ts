/** Shared helpers of the hypervisor tests: a valid config to mutate, and AxError assertions. */
import assert from 'node:assert/strict';
import { assemble } from '../../src/asm/index.js';
import { Machine } from '../../src/machine/machine.js';
import type { AddressSpace } from '../../src/vmm/address-space.js';
import { AxError } from '../../src/vmm/errors.js';
import type { AxErrorKind } from '../../src/vmm/errors.js';

/** A valid config in which every key sits on its own line, so tests can replace or drop one. */
export const BASE_CONFIG = `[base]
id = 7
name = "test-vm"
vm_type = 1
cpu_num = 2
phys_cpu_ids = [0, 1]

[kernel]
entry_point = 0
image_location = "fs"
kernel_path = "kernel.exb"
kernel_load_addr = 0x8000_0000
memory_regions = [[0x0, 0x10_0000, 0x3, 0], [0x8000_0000, 0x1_0000, 0x5, 0]]

[devices]
emu_devices = [["uart0", 0x1000_0000, 0x1000, 1, 0x2, []]]
passthrough_devices = []
interrupt_mode = "emulated"
`;

/** BASE_CONFIG with the line `key = ...` replaced by `line` (or removed when `line` is empty). */
export function withLine(key: string, line: string, text = BASE_CONFIG): string {
  const pattern = new RegExp(`^${key} = .*$`, 'm');
  assert.match(text, pattern, `the base config has a ${key} line`);
  return text.replace(pattern, line);
}

/** BASE_CONFIG with `line` added at the end of section `section`. */
export function withExtra(section: 'base' | 'kernel' | 'devices', line: string, text = BASE_CONFIG): string {
  const start = text.indexOf(`[${section}]`);
  const end = text.indexOf('\n\n', start);
  return end === -1 ? `${text}${line}\n` : `${text.slice(0, end)}\n${line}${text.slice(end)}`;
}

/** Asserts that `action` throws an AxError of `kind` whose message contains every one of `parts`. */
export function assertAxError(action: () => unknown, kind: AxErrorKind, ...parts: string[]): AxError {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof AxError, `expected an AxError, got ${caught === undefined ? 'no error' : String(caught)}`);
  assert.equal(caught.kind, kind, caught.message);
  assert.equal(caught.code, 'EXVM_VMM');
  for (const part of parts) assert.ok(caught.message.includes(part), `message ${JSON.stringify(caught.message)} should mention ${JSON.stringify(part)}`);
  return caught;
}

/** Same as assertAxError, for a promise. */
export async function assertAxErrorAsync(action: () => Promise<unknown>, kind: AxErrorKind, ...parts: string[]): Promise<AxError> {
  let caught: unknown;
  try {
    await action();
  } catch (error) {
    caught = error;
  }
  return assertAxError(() => {
    if (caught !== undefined) throw caught;
  }, kind, ...parts);
}

/** Loads the program's data into guest memory, as the VMM does (a machine never writes a supplied bus), then runs it for at most `maxSteps`. */
export function runOnGuest(space: AddressSpace, source: string, maxSteps: number): Machine {
  const program = assemble(source);
  for (const segment of program.data) space.loadImage(segment.address, segment.bytes);
  const machine = new Machine(program, { memory: space.bus() });
  machine.run(maxSteps);
  return machine;
}
