/** Helpers of the VM tests: a guest assembled from source in a VM built from a TOML config, on a HAL with a clock the test moves. */
import { assemble } from '../../src/asm/index.js';
import { encodeImage } from '../../src/image/index.js';
import { parseVmConfig } from '../../src/vmm/config.js';
import type { VmConfig } from '../../src/vmm/config-types.js';
import { DefaultHal } from '../../src/vmm/hal.js';
import { HostMemory } from '../../src/vmm/host-memory.js';
import type { VmOptions } from '../../src/vmm/vm.js';
import { Vm } from '../../src/vmm/vm.js';
import { Vmm } from '../../src/vmm/vmm.js';

/** A config for a guest: RAM from 0, the kernel region, a UART, an interrupt controller and an IVC range; `extra` devices are appended. */
export function guestToml(options: { id?: number; name?: string; cpus?: number; devices?: string[]; regions?: string[]; passthrough?: string } = {}): string {
  const devices = [
    '["uart0", 0x1000_0000, 0x1000, 1, 0x2, []]',
    '["intc", 0x0800_0000, 0x1000, 0, 0x1, []]',
    '["ivc", 0x2000_0000, 0x4000, 2, 0xA, []]',
    ...(options.devices ?? []),
  ];
  const regions = ['[0x0, 0x1_0000, 0x3, 0]', '[0x8000_0000, 0x1_0000, 0x5, 0]', ...(options.regions ?? [])];
  return `[base]
id = ${options.id ?? 1}
name = "${options.name ?? 'guest'}"
vm_type = 1
cpu_num = ${options.cpus ?? 1}

[kernel]
entry_point = 0
image_location = "memory"
kernel_path = "kernel.exb"
kernel_load_addr = 0x8000_0000
memory_regions = [${regions.join(', ')}]

[devices]
emu_devices = [${devices.join(', ')}]
passthrough_devices = [${options.passthrough ?? ''}]
interrupt_mode = "emulated"
`;
}

/** A HAL over `size` bytes of host memory whose clock is `clock.now` (nanoseconds), which tests move. */
export function testHal(size = 4 * 1024 * 1024): { hal: DefaultHal; clock: { now: bigint } } {
  const clock = { now: 0n };
  return { hal: new DefaultHal({ memory: new HostMemory(size), clock: () => clock.now }), clock };
}

/** The kernel image bytes of assembly `source`. */
export function kernelOf(source: string): Uint8Array {
  return encodeImage(assemble(source));
}

/** A console that collects text. */
export function textConsole(): { write(bytes: Uint8Array): void; text(): string } {
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  return { write: (bytes) => chunks.push(decoder.decode(bytes)), text: () => chunks.join('') };
}

/** What `guestVm` makes. */
export interface TestGuest {
  readonly vm: Vm;
  readonly vmm: Vmm;
  readonly hal: DefaultHal;
  readonly clock: { now: bigint };
  readonly config: VmConfig;
  readonly console: ReturnType<typeof textConsole>;
}

/** A VM (created through a Vmm, not booted) running `source`. */
export function guestVm(source: string, toml = guestToml(), options: Partial<VmOptions> & { hostSize?: number } = {}): TestGuest {
  const { hal, clock } = testHal(options.hostSize);
  const vmm = new Vmm(hal);
  const config = parseVmConfig(toml, 'vm.toml');
  const console = textConsole();
  const vm = vmm.createVm(config, { images: { kernel: kernelOf(source) }, console, ...options });
  return { vm, vmm, hal, clock, config, console };
}

/** A VM created directly (no Vmm) on `hal`. */
export function plainVm(source: string, hal: DefaultHal, toml = guestToml()): Vm {
  return Vm.create(parseVmConfig(toml, 'vm.toml'), hal, { images: { kernel: kernelOf(source) } });
}
