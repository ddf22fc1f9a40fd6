/**
 * The connector's numeric constants, as the EVMC family defines them. The core uses these
 * idiomatic names; the dialects (`zvmc`, `dvmc`) expose the same numbers under their C names.
 */

/** Execution outcome of `execute`. Negative codes are internal errors, never passed to the guest's caller. */
export const StatusCode = {
  Success: 0,
  Failure: 1,
  Revert: 2,
  OutOfGas: 3,
  InvalidInstruction: 4,
  UndefinedInstruction: 5,
  StackOverflow: 6,
  StackUnderflow: 7,
  BadJumpDestination: 8,
  InvalidMemoryAccess: 9,
  CallDepthExceeded: 10,
  StaticModeViolation: 11,
  PrecompileFailure: 12,
  ContractValidationFailure: 13,
  ArgumentOutOfRange: 14,
  WasmUnreachableInstruction: 15,
  WasmTrap: 16,
  InsufficientBalance: 17,
  InternalError: -1,
  Rejected: -2,
  OutOfMemory: -3,
} as const;
/** A status code. */
export type StatusCode = (typeof StatusCode)[keyof typeof StatusCode];

/** `OutOfGas` -> `out of gas`, for every status code. */
const STATUS_CODE_NAMES = new Map<number, string>(
  Object.entries(StatusCode).map(([key, code]) => [code, key.replace(/(?<=[a-z0-9])(?=[A-Z])/g, ' ').toLowerCase()]),
);

/** The status code in EVMC's words (`success`, `out of gas`, `rejected`), or `unknown status N`. */
export function statusCodeName(code: number): string {
  return STATUS_CODE_NAMES.get(code) ?? `unknown status ${code}`;
}

/**
 * The connector ABI version the built-in VMs report: 10, the EVMC release the core's facts come
 * from and the version ZVMC fixes (`ZVMC_ABI_VERSION`). The DVMC adapter reports its own.
 */
export const BUILTIN_VM_ABI_VERSION = 10;

/** The kind of a message. ZVMC has no CallCode. */
export const CallKind = { Call: 0, DelegateCall: 1, CallCode: 2, Create: 3, Create2: 4 } as const;
/** A call kind. */
export type CallKind = (typeof CallKind)[keyof typeof CallKind];

/** Message flags (a bit set). */
export const MessageFlags = { Static: 1 } as const;

/** Protocol revisions. ZVMC knows only Shanghai. */
export const Revision = {
  Frontier: 0,
  Homestead: 1,
  TangerineWhistle: 2,
  SpuriousDragon: 3,
  Byzantium: 4,
  Constantinople: 5,
  Petersburg: 6,
  Istanbul: 7,
  Berlin: 8,
  London: 9,
  Paris: 10,
  Shanghai: 11,
  Cancun: 12,
  Prague: 13,
} as const;
/** A revision. */
export type Revision = (typeof Revision)[keyof typeof Revision];
/** The newest revision the core knows. */
export const LATEST_REVISION: Revision = Revision.Prague;

/** What a VM can execute (bit flags). */
export const Capability = { Vm1: 1, Wasm: 2, Precompiles: 4 } as const;

/** What `setStorage` did to a slot (EIP-2200 / EIP-2929 accounting). */
export const StorageStatus = {
  Assigned: 0,
  Added: 1,
  Deleted: 2,
  Modified: 3,
  DeletedAdded: 4,
  ModifiedDeleted: 5,
  DeletedRestored: 6,
  AddedDeleted: 7,
  ModifiedRestored: 8,
} as const;
/** A storage status. */
export type StorageStatus = (typeof StorageStatus)[keyof typeof StorageStatus];

/** Whether an account or slot had been accessed before in the transaction (EIP-2929). */
export const AccessStatus = { Cold: 0, Warm: 1 } as const;
/** An access status. */
export type AccessStatus = (typeof AccessStatus)[keyof typeof AccessStatus];

/** What `setOption` answered. A VM without `setOption` answers InvalidName. */
export const SetOptionResult = { Success: 0, InvalidName: 1, InvalidValue: 2 } as const;
/** A set-option result. */
export type SetOptionResult = (typeof SetOptionResult)[keyof typeof SetOptionResult];

/** The loader's error codes (EVMC's `evmc_loader_error_code`). */
export const LoaderErrorCode = {
  Success: 0,
  CannotOpen: 1,
  SymbolNotFound: 2,
  InvalidArgument: 3,
  VmCreationFailure: 4,
  AbiVersionMismatch: 5,
  InvalidOptionName: 6,
  InvalidOptionValue: 7,
  Unspecified: -1,
} as const;
/** A loader error code. */
export type LoaderErrorCode = (typeof LoaderErrorCode)[keyof typeof LoaderErrorCode];

/** Most topics a log may have (LOG0..LOG4). */
export const MAX_LOG_TOPICS = 4;

/** Sizes of the byte-string types. */
export const ADDRESS_SIZE = 20;
/** Size of a 256-bit word (values, storage keys and values, hashes). */
export const WORD_SIZE = 32;
