/**
 * THE name table of the dialects: every core member (VM, host callback, message, result and tx
 * context field, constant) with its ZVMC and its DVMC C name, `null` where the dialect lacks it.
 * The dialect types (types.ts), constants (constants.ts) and adapters (adapt.ts) are generated from
 * these rows; nothing else spells a C name.
 *
 * DVMC calls gas "track" everywhere it appears in a name (`track`, `track_left`, `track_refund`,
 * `block_track_limit`, `tx_track_price`, `DVMC_OUT_OF_TRACK`). The published dvmc.h agrees on
 * `track`, `track_left`, `block_track_limit` and `DVMC_OUT_OF_TRACK`; its other renamings
 * (`tx_track_log`, `index_param` for the create address, no refund field) are artefacts of a blind
 * text substitution that we do not copy: DVMC keeps `create_address` and gets `track_refund`.
 */
import type { HostInterface, Message, Result, TxContext, VM } from '../types.js';
import { AccessStatus, CallKind, Capability, LoaderErrorCode, MessageFlags, Revision, SetOptionResult, StatusCode, StorageStatus } from '../constants.js';

/** The dialects. */
export type DialectId = 'zvmc' | 'dvmc';

/** A member's C name in each dialect; null where the dialect lacks the member. */
export interface DialectNames {
  readonly zvmc: string | null;
  readonly dvmc: string | null;
}

/** A field copied as it is. */
export interface ValueRow extends DialectNames {
  readonly kind: 'value';
}
/** A byte string: a `Uint8Array` in the core, `<name>_data` plus `<name>_size` in C. */
export interface BytesRow extends DialectNames {
  readonly kind: 'bytes';
  /** The C name of the size field (the same in both dialects). */
  readonly size: string;
}
/** A result's `release`: `release()` in the core, `release(result)` in C. */
export interface ReleaseRow extends DialectNames {
  readonly kind: 'release';
}

/**
 * How a method argument crosses between the core and a dialect: `plain` as it is; `counted` is one
 * core array but two C arguments (data, then count); `message` and `host` are converted; a
 * `revision` or a `message` the dialect does not know is refused with a REJECTED result.
 */
export type ArgKind = 'plain' | 'counted' | 'message' | 'host' | 'revision';
/** How a method's return value crosses: as it is, or converted as a result or a tx context. */
export type ReturnKind = 'plain' | 'result' | 'txContext';

/** A method of a VM or of a host interface. */
export interface MethodRow extends DialectNames {
  readonly kind: 'method';
  /** The core arguments in order (trailing `plain` ones may be left out). */
  readonly args: readonly ArgKind[];
  readonly returns: ReturnKind;
}

/** A row of a record (message, result, tx context). */
export type RecordRow = ValueRow | BytesRow | ReleaseRow;
/** A row of an interface (VM, host). */
export type InterfaceRow = ValueRow | MethodRow;
/** A table: one row per member of the core type `T`. */
export type Table<T, Row> = { readonly [K in keyof T]-?: Row };

function value<const N extends string>(name: N): { kind: 'value'; zvmc: N; dvmc: N };
function value<const Z extends string, const D extends string>(zvmc: Z, dvmc: D): { kind: 'value'; zvmc: Z; dvmc: D };
function value(zvmc: string, dvmc = zvmc): ValueRow {
  return { kind: 'value', zvmc, dvmc };
}

function bytes<const N extends string, const S extends string>(data: N, size: S): { kind: 'bytes'; zvmc: N; dvmc: N; size: S } {
  return { kind: 'bytes', zvmc: data, dvmc: data, size };
}

function method<const Z extends string | null, const D extends string | null>(
  [zvmc, dvmc]: readonly [Z, D],
  args: readonly ArgKind[] = [],
  returns: ReturnKind = 'plain',
): { kind: 'method'; zvmc: Z; dvmc: D; args: readonly ArgKind[]; returns: ReturnKind } {
  return { kind: 'method', zvmc, dvmc, args, returns };
}

/** The same C name in both dialects. */
function both<const N extends string>(name: N): readonly [N, N] {
  return [name, name];
}

/** The VM instance (`zvmc_vm`, `dvmc_vm`). */
export const VM_NAMES = {
  abiVersion: value('abi_version'),
  name: value('name'),
  version: value('version'),
  getCapabilities: method(both('get_capabilities')),
  setOption: method(both('set_option')),
  execute: method(['execute', 'retrieve_desc_vx'], ['host', 'plain', 'revision', 'message', 'counted'], 'result'),
  destroy: method(both('destroy')),
  setTracer: method(both('set_tracer')), // exvm's extension: EVMC's tracing hook, gone from its ABI since EVMC 7
} as const satisfies Table<VM, InterfaceRow>;

/** The host interface (`zvmc_host_interface`, `dvmc_host_interface`). ZVMC removed selfdestruct. */
export const HOST_NAMES = {
  accountExists: method(both('account_exists')),
  getStorage: method(both('get_storage')),
  setStorage: method(both('set_storage')),
  getBalance: method(both('get_balance')),
  getCodeSize: method(both('get_code_size')),
  getCodeHash: method(both('get_code_hash')),
  copyCode: method(both('copy_code'), ['plain', 'plain', 'plain', 'counted']),
  selfdestruct: method([null, 'selfdestruct']),
  call: method(both('call'), ['plain', 'message'], 'result'),
  getTxContext: method(both('get_tx_context'), [], 'txContext'),
  getBlockHash: method(both('get_block_hash')),
  emitLog: method(both('emit_log'), ['plain', 'plain', 'counted', 'counted']),
  accessAccount: method(both('access_account')),
  accessStorage: method(both('access_storage')),
} as const satisfies Table<HostInterface, MethodRow>;

/** The message (`zvmc_message`, `dvmc_message`). */
export const MESSAGE_NAMES = {
  kind: value('kind'),
  flags: value('flags'),
  depth: value('depth'),
  gas: value('gas', 'track'),
  recipient: value('recipient'),
  sender: value('sender'),
  input: bytes('input_data', 'input_size'),
  value: value('value'),
  create2Salt: value('create2_salt'),
  codeAddress: value('code_address'),
} as const satisfies Table<Message, RecordRow>;

/** The result (`zvmc_result`, `dvmc_result`). */
export const RESULT_NAMES = {
  statusCode: value('status_code'),
  gasLeft: value('gas_left', 'track_left'),
  gasRefund: value('gas_refund', 'track_refund'),
  output: bytes('output_data', 'output_size'),
  createAddress: value('create_address'),
  release: { kind: 'release', zvmc: 'release', dvmc: 'release' },
} as const satisfies Table<Result, RecordRow>;

/** The transaction context (`zvmc_tx_context`, `dvmc_tx_context`). */
export const TX_CONTEXT_NAMES = {
  gasPrice: value('tx_gas_price', 'tx_track_price'),
  origin: value('tx_origin'),
  coinbase: value('block_coinbase'),
  blockNumber: value('block_number'),
  timestamp: value('block_timestamp'),
  gasLimit: value('block_gas_limit', 'block_track_limit'),
  prevRandao: value('block_prev_randao'),
  chainId: value('chain_id'),
  baseFee: value('block_base_fee'),
} as const satisfies Table<TxContext, RecordRow>;

/** A constant's C name without the dialect prefix: the same in both dialects, or [ZVMC, DVMC] (null: absent). */
export type ConstantName = string | readonly [string | null, string | null];

/** A group of constants: the core values, the infix after the prefix (`CAPABILITY_`), and the names. */
export interface ConstantGroup {
  readonly values: Readonly<Record<string, number>>;
  readonly infix: string;
  readonly names: Readonly<Record<string, ConstantName>>;
}

/**
 * The constants, by group. ZVMC has no CALLCODE and knows only the Shanghai revision; DVMC has
 * everything EVMC 10 has, up to Cancun (the published dvmc.h's last revision), so the core's
 * Prague has no DVMC name.
 */
export const CONSTANT_NAMES = {
  status: {
    values: StatusCode,
    infix: '',
    names: {
      Success: 'SUCCESS',
      Failure: 'FAILURE',
      Revert: 'REVERT',
      OutOfGas: ['OUT_OF_GAS', 'OUT_OF_TRACK'],
      InvalidInstruction: 'INVALID_INSTRUCTION',
      UndefinedInstruction: 'UNDEFINED_INSTRUCTION',
      StackOverflow: 'STACK_OVERFLOW',
      StackUnderflow: 'STACK_UNDERFLOW',
      BadJumpDestination: 'BAD_JUMP_DESTINATION',
      InvalidMemoryAccess: 'INVALID_MEMORY_ACCESS',
      CallDepthExceeded: 'CALL_DEPTH_EXCEEDED',
      StaticModeViolation: 'STATIC_MODE_VIOLATION',
      PrecompileFailure: 'PRECOMPILE_FAILURE',
      ContractValidationFailure: 'CONTRACT_VALIDATION_FAILURE',
      ArgumentOutOfRange: 'ARGUMENT_OUT_OF_RANGE',
      WasmUnreachableInstruction: 'WASM_UNREACHABLE_INSTRUCTION',
      WasmTrap: 'WASM_TRAP',
      InsufficientBalance: 'INSUFFICIENT_BALANCE',
      InternalError: 'INTERNAL_ERROR',
      Rejected: 'REJECTED',
      OutOfMemory: 'OUT_OF_MEMORY',
    },
  },
  callKind: {
    values: CallKind,
    infix: '',
    names: { Call: 'CALL', DelegateCall: 'DELEGATECALL', CallCode: [null, 'CALLCODE'], Create: 'CREATE', Create2: 'CREATE2' },
  },
  flags: { values: MessageFlags, infix: '', names: { Static: 'STATIC' } },
  revision: {
    values: Revision,
    infix: '',
    names: {
      Frontier: [null, 'FRONTIER'],
      Homestead: [null, 'HOMESTEAD'],
      TangerineWhistle: [null, 'TANGERINE_WHISTLE'],
      SpuriousDragon: [null, 'SPURIOUS_DRAGON'],
      Byzantium: [null, 'BYZANTIUM'],
      Constantinople: [null, 'CONSTANTINOPLE'],
      Petersburg: [null, 'PETERSBURG'],
      Istanbul: [null, 'ISTANBUL'],
      Berlin: [null, 'BERLIN'],
      London: [null, 'LONDON'],
      Paris: [null, 'PARIS'],
      Shanghai: 'SHANGHAI',
      Cancun: [null, 'CANCUN'],
      Prague: [null, null],
    },
  },
  capability: {
    values: Capability,
    infix: 'CAPABILITY_',
    names: { Vm1: ['ZVM1', 'DVM1'], Wasm: ['ZWASM', 'EWASM'], Precompiles: 'PRECOMPILES' },
  },
  storageStatus: {
    values: StorageStatus,
    infix: 'STORAGE_',
    names: {
      Assigned: 'ASSIGNED',
      Added: 'ADDED',
      Deleted: 'DELETED',
      Modified: 'MODIFIED',
      DeletedAdded: 'DELETED_ADDED',
      ModifiedDeleted: 'MODIFIED_DELETED',
      DeletedRestored: 'DELETED_RESTORED',
      AddedDeleted: 'ADDED_DELETED',
      ModifiedRestored: 'MODIFIED_RESTORED',
    },
  },
  accessStatus: { values: AccessStatus, infix: 'ACCESS_', names: { Cold: 'COLD', Warm: 'WARM' } },
  setOptionResult: {
    values: SetOptionResult,
    infix: 'SET_OPTION_',
    names: { Success: 'SUCCESS', InvalidName: 'INVALID_NAME', InvalidValue: 'INVALID_VALUE' },
  },
  loaderError: {
    values: LoaderErrorCode,
    infix: 'LOADER_',
    names: {
      Success: 'SUCCESS',
      CannotOpen: 'CANNOT_OPEN',
      SymbolNotFound: 'SYMBOL_NOT_FOUND',
      InvalidArgument: 'INVALID_ARGUMENT',
      VmCreationFailure: 'VM_CREATION_FAILURE',
      AbiVersionMismatch: 'ABI_VERSION_MISMATCH',
      InvalidOptionName: 'INVALID_OPTION_NAME',
      InvalidOptionValue: 'INVALID_OPTION_VALUE',
      Unspecified: 'UNSPECIFIED',
    },
  },
} as const satisfies Readonly<Record<string, ConstantGroup>>;

/**
 * Second C names of constants, without the prefix: alias -> the table's name it stands for. The
 * published zvmc vmtester says `ZVMC_CAPABILITY_EWASM` where the zvmc Go binding says
 * `ZVMC_CAPABILITY_ZWASM`; both compile against one header, so both names exist.
 */
export const CONSTANT_ALIASES = {
  zvmc: { CAPABILITY_EWASM: 'CAPABILITY_ZWASM' },
  dvmc: {},
} as const satisfies Readonly<Record<DialectId, Readonly<Record<string, string>>>>;

/** A constant's name in a dialect, without the prefix, or null when the dialect lacks it. */
export function constantName(name: ConstantName, dialect: DialectId): string | null {
  return typeof name === 'string' ? name : name[dialect === 'zvmc' ? 0 : 1];
}
