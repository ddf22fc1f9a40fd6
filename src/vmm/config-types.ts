/**
 * The typed, immutable VM config (AxVM's `AxVMCrateConfig`, in TypeScript's naming): what
 * `parseVmConfig` produces from a VM's TOML file. Every number is an unsigned 32-bit value.
 */

/** `base.vm_type`: what kind of guest the VM runs. */
export const VmType = {
  /** A host VM booted like Jailhouse's root cell ("type 1.5"). */
  HostVm: 0,
  /** A simple real-time guest, most resources passed through. */
  Rtos: 1,
  /** A full-featured guest needing device emulation. */
  Linux: 2,
} as const;

/** One of the VmType numbers. */
export type VmType = (typeof VmType)[keyof typeof VmType];

/** `map_type` of a memory region. */
export const MapType = {
  /** Pages the VMM allocates from host memory. */
  Alloc: 0,
  /** Host memory at the same address as the guest address. */
  Identical: 1,
  /** Claimed by the guest's memory map but not accessible. */
  Reserved: 2,
} as const;

/** One of the MapType numbers. */
export type MapType = (typeof MapType)[keyof typeof MapType];

/** Most sectors a block device's disk may have in `cfg_list[0]` (1 GiB of 512-byte sectors). */
export const MAX_DISK_SECTORS = 2 ** 21;

/** `emu_type` of an emulated device (axvmconfig `EmulatedDeviceType`, the types exvm emulates). */
export const EmuType = {
  /** A device that does nothing. */
  Dummy: 0x0,
  /** The interrupt controller. */
  InterruptController: 0x1,
  /** The console (UART). */
  Console: 0x2,
  /** The inter-VM communication channel range. */
  IvcChannel: 0xa,
  /** A virtio block device. */
  VirtioBlk: 0xe1,
  /** A virtio network device. */
  VirtioNet: 0xe2,
  /** A virtio console. */
  VirtioConsole: 0xe3,
} as const;

/** One of the EmuType numbers. */
export type EmuType = (typeof EmuType)[keyof typeof EmuType];

/** `devices.interrupt_mode`, normalised (AxVM also accepts the aliases no_irq, no, emu and pt). */
export type InterruptMode = 'none' | 'emulated' | 'passthrough';

/** Where image files come from: `fs` (paths relative to the config file) or `memory` (supplied by the embedder). */
export type ImageLocation = 'fs' | 'memory';

/** `[base]`: identity and vCPUs. */
export interface VmBaseConfig {
  readonly id: number;
  readonly name: string;
  readonly vmType: VmType;
  /** Number of vCPUs (1 to MAX_VCPUS). */
  readonly cpuNum: number;
  /** The physical CPU id of each vCPU, when given (one per vCPU, distinct). */
  readonly physCpuIds?: readonly number[];
  /** The mask of physical CPUs each vCPU may run on, when given (one per vCPU, non-zero). */
  readonly physCpuSets?: readonly number[];
}

/** One `kernel.memory_regions` entry. */
export interface MemoryRegionConfig {
  readonly gpa: number;
  readonly size: number;
  /** MappingFlags bits. */
  readonly flags: number;
  readonly mapType: MapType;
}

/** An optional image (BIOS, device tree, ramdisk) and where it is loaded. */
export interface ImageConfig {
  readonly path: string;
  readonly loadAddr: number;
}

/** `[kernel]`: the images and guest memory. */
export interface VmKernelConfig {
  /** Instruction index in the kernel program where vCPU 0 starts. */
  readonly entryPoint: number;
  readonly imageLocation: ImageLocation;
  /** The kernel: an exvm image (`.exb`) or assembly source (`.exa`, assembled when the VM is created). */
  readonly kernelPath: string;
  /** Guest physical address the kernel image's bytes are loaded at. */
  readonly kernelLoadAddr: number;
  readonly bios?: ImageConfig;
  readonly dtb?: ImageConfig;
  readonly ramdisk?: ImageConfig;
  readonly cmdline?: string;
  /** Host file backing the block device. */
  readonly diskPath?: string;
  readonly memoryRegions: readonly MemoryRegionConfig[];
}

/** One `devices.emu_devices` entry. */
export interface EmuDeviceConfig {
  readonly name: string;
  readonly baseGpa: number;
  readonly length: number;
  /** Interrupt vector the device raises (below the machine's VECTOR_COUNT). */
  readonly irqId: number;
  readonly emuType: EmuType;
  readonly cfgList: readonly number[];
}

/** One `devices.passthrough_devices` entry. */
export interface PassthroughDeviceConfig {
  readonly name: string;
  readonly baseGpa: number;
  readonly baseHpa: number;
  readonly length: number;
  readonly irqId: number;
}

/** One `devices.passthrough_addresses` entry. */
export interface PassthroughAddressConfig {
  readonly baseGpa: number;
  readonly length: number;
}

/** `[devices]`. */
export interface VmDevicesConfig {
  readonly emuDevices: readonly EmuDeviceConfig[];
  readonly passthroughDevices: readonly PassthroughDeviceConfig[];
  readonly passthroughAddresses: readonly PassthroughAddressConfig[];
  readonly excludedDevices: readonly (readonly string[])[];
  readonly interruptMode: InterruptMode;
}

/** A validated VM config, deeply frozen. */
export interface VmConfig {
  /** Where the config came from (a path or a label), named in every error. */
  readonly source: string;
  readonly base: VmBaseConfig;
  readonly kernel: VmKernelConfig;
  readonly devices: VmDevicesConfig;
}

/** The sizes of a VM's images, to check that each fits the memory it is loaded into. */
export interface ImageSizes {
  readonly kernel: number;
  readonly bios?: number;
  readonly dtb?: number;
  readonly ramdisk?: number;
}
