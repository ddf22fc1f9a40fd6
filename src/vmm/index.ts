/**
 * The hypervisor (AxVM for exvm guests), isomorphic part: errors, VM configs, host memory, guest
 * address spaces, emulated devices, the HAL, VMs and vCPUs with their exits, the VMM with IVC
 * channels, and the single-threaded run loop. Node adapters (config files, the Node HAL, disk
 * files, vCPU worker threads) are in `vmm/node/`.
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
export { checkEntryPoint, kernelImageBytes } from './kernel-image.js';
export { GUEST_ADDRESS_LIMIT, PAGE_SIZE } from './page.js';
export type { Access } from './mapping-flags.js';
export { ALL_MAPPING_FLAGS, MappingFlags, checkMappingFlags, describeFlags } from './mapping-flags.js';
export type { FrameOwner, HostMemoryOptions } from './host-memory.js';
export { HostMemory, MAX_HOST_MEMORY } from './host-memory.js';
export type { GuestValue, GuestValueType } from './guest-values.js';
export type {
  AccessFault, AccessFaultReason, AddressSpaceOptions, FlatWindow, GuestSegment, MappingInfo, MappingKind, Translation,
} from './address-space.js';
export { AddressSpace } from './address-space.js';
export type { GuestBusFault } from './guest-bus.js';
export { GuestMemoryBus } from './guest-bus.js';
export type { AccessWidth, DeviceFault, DeviceFaultReason, DeviceRange, DeviceSpace, DeviceValue, EmulatedDevice } from './devices/device.js';
export { ACCESS_WIDTHS, DEVICE_SPACE_LIMITS } from './devices/device.js';
export type { DeviceErrorRecord, DeviceSetOptions, DeviceSetState, MmioClaimCheck } from './devices/device-set.js';
export { DeviceSet, MAX_DEVICE_ERRORS } from './devices/device-set.js';
export type { DevicePlacement } from './devices/dummy.js';
export { DummyDevice } from './devices/dummy.js';
export type { ConsoleSink, UartOptions, UartState } from './devices/uart.js';
export { UART_DATA, UART_LINE_LIMIT, UART_RX_READY, UART_STATUS, UART_TX_READY, Uart } from './devices/uart.js';
export type { DeviceEnvironment } from './devices/factory.js';
export { createDeviceSet, createEmulatedDevice } from './devices/factory.js';
export type { AxVmHal, CpuIds, DefaultHalOptions, IrqInjector } from './hal.js';
export { DefaultHal, HalContext } from './hal.js';
export type { ExitKind, VcpuExit } from './exits.js';
export { EXIT_KINDS, describeExit } from './exits.js';
export type { HypercallArgs } from './hypercall-abi.js';
export { ExvmHypercall, HyperCallCode, IPI_TO_ALL, IPI_TO_SELF, MAX_HYPERCALL_ARGS } from './hypercall-abi.js';
export type { VcpuOptions, VcpuState } from './vcpu.js';
export { VCPU_STATES, Vcpu } from './vcpu.js';
export type { RawStop, RefusedAccess } from './vcpu-engine.js';
export type { VmHal, VmOptions, VmState } from './vm.js';
export { DEFAULT_SLICE_STEPS, Vm } from './vm.js';
export type { VmImages } from './kernel-image.js';
export type { ExitAction } from './vmm.js';
export { Vmm } from './vmm.js';
export type { ChannelMapping } from './ivc.js';
export { IVC_HEADER_SIZE, IvcChannels } from './ivc.js';
export { IvcWindow, channelSize } from './ivc-window.js';
export type { RunVmsOptions, VmEnd, VmOutcome } from './run-vms.js';
export { runVms } from './run-vms.js';
export type { InterruptControllerOptions, InterruptControllerState, IrqInjection } from './devices/intc.js';
export { INTC_ENABLE, INTC_RAISED, INTC_TARGET, INTC_TRIGGER, InterruptController } from './devices/intc.js';
export type { TimerHost } from './devices/timer.js';
export { TIMER_IRQ, TIMER_ONESHOT, TIMER_PERIOD, TIMER_SYSREG_BASE, TIMER_TIME, Timer } from './devices/timer.js';
export type { BlockBackend, BlockDeviceOptions, GuestDma } from './devices/block.js';
export {
  BLOCK_BUFFER, BLOCK_CAPACITY, BLOCK_COMMAND, BLOCK_SECTOR, BLOCK_STATUS, BlockCommand, BlockDevice, BlockStatus, MemoryBlockBackend, SECTOR_SIZE,
} from './devices/block.js';
export { DEFAULT_DISK_SECTORS } from './devices/factory.js';
