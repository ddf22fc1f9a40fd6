/**
 * The hypervisor (AxVM for exvm guests), isomorphic part: errors, VM configs, host memory and guest
 * address spaces. Node adapters (loading configs from files) are in `vmm/node/`.
 */
export type { AxErrorKind, AxErrorPlace } from './errors.js';
export { AX_ERROR_CODE, AX_ERROR_NUMBERS, AxError, isAxError } from './errors.js';
export type {
  EmuDeviceConfig, ImageConfig, ImageLocation, ImageSizes, InterruptMode, MemoryRegionConfig, PassthroughAddressConfig,
  PassthroughDeviceConfig, VmBaseConfig, VmConfig, VmDevicesConfig, VmKernelConfig,
} from './config-types.js';
export { EmuType, MapType, VmType } from './config-types.js';
export type { ParseVmConfigOptions } from './config.js';
export { MAX_VCPUS, checkImageSizes, parseVmConfig } from './config.js';
export { kernelImageBytes } from './kernel-image.js';
export { GUEST_ADDRESS_LIMIT, PAGE_SIZE } from './page.js';
export type { Access } from './mapping-flags.js';
export { ALL_MAPPING_FLAGS, MappingFlags, checkMappingFlags, describeFlags } from './mapping-flags.js';
export type { HostMemoryOptions } from './host-memory.js';
export { HostMemory, MAX_HOST_MEMORY } from './host-memory.js';
export type { GuestValue, GuestValueType } from './guest-values.js';
export type {
  AccessFault, AccessFaultReason, AddressSpaceOptions, FlatWindow, GuestSegment, MappingInfo, MappingKind, Translation,
} from './address-space.js';
export { AddressSpace } from './address-space.js';
export type { GuestBusFault } from './guest-bus.js';
export { GuestMemoryBus } from './guest-bus.js';
