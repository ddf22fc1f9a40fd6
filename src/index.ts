/**
 * exvm's public API. Everything a host needs is exported here, by name; modules not listed are
 * internal and may change without notice.
 */

// The instruction set.
export type { Mnemonic, OpcodeGroup, OpcodeSpec, OperandKind } from './isa/opcodes.js';
export { BLOCK_ENDING_OPCODES, GAS_COST, INSTRUCTION_SIZE, OPCODES, Op, opcodeByMnemonic, opcodeInfo } from './isa/opcodes.js';

// Program images.
export type { DataSegment, DebugInfo, Export, ImportedFunction, ImportedLibrary, Program, SourceLocation } from './image/program.js';
export { DEFAULT_MEMORY_SIZE, encodeInstructions, instructionCount, makeProgram } from './image/program.js';
export { IMAGE_MAGIC, IMAGE_VERSION, SectionId, decodeImage, encodeImage, looksLikeImage, validateProgram } from './image/index.js';

// Assembly and library descriptions.
export type { AssembleOptions, DescribedLibrary, LibraryDescription } from './asm/index.js';
export { assemble, describeLibraries, disassemble, mergeDescriptions, parseLibraryDescription, stripDebug } from './asm/index.js';

// The machine.
export type { MachineOptions } from './machine/machine.js';
export { DEFAULT_MAX_CALL_DEPTH, DEFAULT_STACK_SIZE, Machine } from './machine/machine.js';
export type { FaultInfo, StatusName } from './isa/status.js';
export { Status, isFault, statusName } from './isa/status.js';
export type { AccessKind, BusFault, MemoryBus } from './machine/memory.js';
export { FlatMemory } from './machine/memory.js';
export { MAX_FLAT_MEMORY } from './isa/limits.js';
export type { MissingImport, NativeContext, NativeFunction, NativeFunctionDef, NativeLibrary } from './machine/natives.js';
export { GuestFault } from './machine/natives.js';
export type { MachineSnapshot } from './machine/snapshot.js';
export type { MachineRegisters } from './machine/snapshot.js';
export type { TraceLine } from './machine/trace.js';
// The code-generating tier: MachineOptions.tier, Machine.tier and tierStats.
export type { FunctionFactory, RegionEnvironment, RegionFactory } from './machine/compiled/cache.js';
export type { RegionFunction } from './machine/compiled/exits.js';
export type { TierName, TierStats } from './machine/compiled/tier.js';
export { DEFAULT_HOT_THRESHOLD, TIERS } from './machine/compiled/tier.js';

// One call from assembly source to a finished run.
export type { RunSourceOptions, RunSourceResult } from './run-source.js';
export { runSource } from './run-source.js';

// The standard native libraries.
export type { BufferedEnvironment, StdEnvironment } from './stdlib/index.js';
export { STANDARD_LIBRARY_NAMES, bufferedEnvironment, standardLibraries } from './stdlib/index.js';

// Errors for bad input.
export type { Diagnostic, SourcePosition } from './errors.js';
export { AsmError, ErrorCode, ExvmError, ImageError, LibraryDescriptionError, formatDiagnostic } from './errors.js';

// The plugin configuration language (SVM): the first part of the plugin system.
export type {
  ArgumentDescriptor, CompiledPattern, InclusionResult, MatchResult, ObjectDeclaration, Pattern, PluginConfigDiagnostic, PluginConfiguration,
} from './plugin/config/index.js';
export {
  PluginConfigError, compilePattern, formatConfiguration, formatPattern, isIncludedIn, matchArguments, parseConfiguration,
} from './plugin/config/index.js';

// The hypervisor's foundations (AxVM): errors, VM configs, host memory, guest address spaces, devices, the HAL.
export type {
  AccessFault, AccessWidth, AxErrorKind, AxErrorPlace, AxVmHal, ConsoleSink, DeviceFault, DeviceSpace, EmuDeviceConfig, EmulatedDevice,
  GuestSegment, GuestValueType, MappingInfo, MemoryRegionConfig, Translation, VmConfig as AxVmConfig,
} from './vmm/index.js';
export {
  AddressSpace, AxError, DefaultHal, DeviceSet, DummyDevice, EmuType, GuestMemoryBus, HalContext, HostMemory, MapType, MappingFlags, PAGE_SIZE,
  Uart, createDeviceSet, parseVmConfig as parseAxVmConfig,
} from './vmm/index.js';

// The hypervisor (AxVM): VMs, vCPUs and their exits, the VMM with IVC channels, the run loop, built-in devices.
export type { BlockBackend, ExitAction, VcpuExit, VcpuState, VmHal, VmOptions, VmOutcome, VmState } from './vmm/index.js';
export {
  BlockDevice, EXIT_KINDS, ExvmHypercall, HyperCallCode, InterruptController, MemoryBlockBackend, Timer, Vcpu, Vm, Vmm, describeExit, runVms,
} from './vmm/index.js';

// The Host<->VM connector (EVMC family: ZVMC and DVMC dialects).
export type {
  AccessStatusCode, AccountInit, Address, BadOptionValue, CallHandler, CheckReport, DvmcHostInterface, DvmcMessage, DvmcResult, DvmcTxContext,
  DvmcVm, ExampleVmOptions, HostContext, HostFunction, HostInterface, LoaderOptions, LogRecord, Message, MockedAccount, Result, ResultFields,
  SelfdestructRecord, SlotInit, StorageStatusCode, StorageValue, TxContext, VM, VmConfig, VmLogger, VmOption, VmTesterOptions, Word,
  ZvmcHostInterface, ZvmcMessage, ZvmcResult, ZvmcTxContext, ZvmcVm,
} from './vmc/index.js';
export {
  ADDRESS_SIZE, AccessStatus, CallKind, Capability, EMPTY_CODE_HASH, HOST_FUNCTIONS, LATEST_REVISION, LoaderError, LoaderErrorCode,
  MessageFlags, MockedHost, Revision, SetOptionResult, StatusCode, StorageStatus, WORD_SIZE, address, createExampleVm, createExvmVm, createVm,
  dvmc, exvmHostDescription, fromDvmc, fromZvmc, hex, loadAndCreate, makeResult, parseVmConfig, resultViolations, runVmTester, toDvmc, toZvmc,
  word, zeroTxContext, zvmc, zvmc_create_example_vm, dvmc_create_trans_log_vm, zvmc_create_exvm,
} from './vmc/index.js';

// Plugins (SVM): the public plugin API (also whole as `pluginApi`), the registry.
export type {
  PluginModule, SVM, SVM_Boolean, SVM_Kernel, SVM_Parameter, SVM_Process, SVM_Process_Lock, SVM_Size, SVM_String, SVM_Structure, SVM_Value,
  SVM_Variable,
} from './plugin/api/index.js';
export { SVM_Interruption_Internal, SVM_Notification_Type, SVM_Process_State, definePlugin } from './plugin/api/index.js';
export * as pluginApi from './plugin/api/index.js';
export type { AddPluginOptions, DefinedObject, LoadedPlugin, PluginSettings, SettingValue } from './plugin/registry/index.js';
export { PluginRegistry, PluginRegistryError, PluginSet } from './plugin/registry/index.js';
export { PluginApiError } from './plugin/api/backend.js';

// The process runtime (SVM): processes, kernels, schedulers, interruptions, guest code with plugin calls.
export type {
  AccessControl, ClockKind, Interruption, KernelCode, KernelOptions, KernelReport, ProcessOptions, ProcessReport, RuntimeOptions, RuntimeReport,
} from './runtime/index.js';
export { FAULT_INTERRUPTIONS, INTERRUPTION_KINDS, Runtime, RuntimeError, assembleKernel } from './runtime/index.js';
// The debugger's core (isomorphic): debug targets, the session (breakpoints, watchpoints, stepping, step back), its message schema.
export type {
  Checked, ClientMessage, DebugState, DebugTarget, ExecutionContext, JournalMark, Listener as DebugListener, Location as DebugLocation, ProgramCheckpoint,
  ProgramTargetOptions, Schema, ServerMessage as DebugServerMessage, SessionOptions as DebugSessionOptions, StepOutcome, TargetInfo, TargetState,
} from './debug/index.js';
export {
  DebugSession, Journal, PLAYGROUND_FILE, ProgramTarget, decodeClientMessage, decodeServerMessage, sourceTarget,
} from './debug/index.js';
// Application and VM debug targets.
export type { ApplicationCheckpoint, ApplicationTargetOptions, VmCheckpoint, VmTargetOptions } from './debug/index.js';
export { ApplicationTarget, VmTarget } from './debug/index.js';

// Applications (TOML: plugins and processes) and the standard plugins (int, str, com, run).
export type { AppDescription, AppKernel, AppPlugin, AppProcess } from './runtime/app-config.js';
export { parseApplication } from './runtime/app-config.js';
export type { AppLoader, BootOptions } from './runtime/app.js';
export { bootApplication } from './runtime/app.js';
export { AppError } from './runtime/app-error.js';
export type { ComHost } from './plugins/index.js';
export { STANDARD_PLUGINS, comPlugin, intPlugin, memoryComHost, runPlugin, standardPlugins, strPlugin } from './plugins/index.js';
