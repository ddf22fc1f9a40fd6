/** The connector's public surface, re-exported by `src/index.ts`. */
export type { AccessStatus as AccessStatusCode, StorageStatus as StorageStatusCode } from './constants.js';
export {
  ADDRESS_SIZE, AccessStatus, CallKind, Capability, LATEST_REVISION, LoaderErrorCode, MessageFlags, Revision, SetOptionResult, StatusCode,
  StorageStatus, WORD_SIZE,
} from './constants.js';
export type { Address, HostContext, HostInterface, Message, Result, TxContext, VM, Word } from './types.js';
export type { ResultFields } from './result.js';
export { makeResult, resultViolations } from './result.js';
export type { DvmcHostInterface, DvmcMessage, DvmcResult, DvmcTxContext, DvmcVm, ZvmcHostInterface, ZvmcMessage, ZvmcResult, ZvmcTxContext, ZvmcVm } from './dialect/index.js';
export { dvmc, fromDvmc, fromZvmc, toDvmc, toZvmc, zvmc } from './dialect/index.js';
export type { LoaderOptions, VmConfig, VmOption } from './loader.js';
export { createVm, loadAndCreate, parseVmConfig } from './loader.js';
export { LoaderError } from './loader-error.js';
export type { AccountInit, CallHandler, LogRecord, MockedAccount, SelfdestructRecord, SlotInit, StorageValue } from './mocked-host.js';
export { EMPTY_CODE_HASH, MockedHost, address, hex, word, zeroTxContext } from './mocked-host.js';
export type { ExampleVmOptions, VmLogger } from './vms/example.js';
export { createExampleVm } from './vms/example.js';
export { createExvmVm, exvmHostDescription } from './vms/exvm.js';
export type { HostFunction } from './vms/exvm-host-library.js';
export { HOST_FUNCTIONS } from './vms/exvm-host-library.js';
export type { BadOptionValue, CheckReport, VmTesterOptions } from './vmtester.js';
export { runVmTester } from './vmtester.js';
export { dvmc_create_trans_log_vm, zvmc_create_example_vm, zvmc_create_exvm } from './vms/create-functions.js';
