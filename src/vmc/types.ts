/**
 * The connector's core API in idiomatic TypeScript: what a VM offers a host, what a host offers a
 * VM, and the messages and results they exchange. Field names follow EVMC in camelCase; the
 * dialects (`zvmc`, `dvmc`) map them 1:1 to the C names of their guides.
 *
 * Byte strings are `Uint8Array`s of fixed size: an `Address` is 20 bytes, a `Word` 32 bytes
 * (big-endian 256-bit values, storage keys and values, hashes). Gas is an integer `number` (EVMC's
 * int64; every realistic amount is exact in a double).
 */
import type { AccessStatus, CallKind, Revision, SetOptionResult, StatusCode, StorageStatus } from './constants.js';

/** A 20-byte account address. */
export type Address = Uint8Array;
/** A 32-byte word: a big-endian 256-bit number, a storage key or value, a hash. */
export type Word = Uint8Array;

/** The opaque context a host passes to `execute` and gets back in every callback. */
export type HostContext = unknown;

/** A call or create message: what to execute, for whom, with how much gas. */
export interface Message {
  /** Call, delegate call, call code (not in ZVMC), create or create2. */
  readonly kind: CallKind;
  /** Flags; `MessageFlags.Static` forbids state changes. */
  readonly flags: number;
  /** Call depth: 0 for the transaction's own call. */
  readonly depth: number;
  /** Gas available to the execution. */
  readonly gas: number;
  /** The account whose storage and balance the code acts on. */
  readonly recipient: Address;
  /** The caller. */
  readonly sender: Address;
  /** Input data (call data, or init-code arguments). */
  readonly input: Uint8Array;
  /** Value transferred, big-endian. */
  readonly value: Word;
  /** Salt of a create2. */
  readonly create2Salt: Word;
  /** The account whose code is executed (differs from `recipient` for delegate calls). */
  readonly codeAddress: Address;
}

/** The transaction and block a message executes in. */
export interface TxContext {
  /** Gas price of the transaction. */
  readonly gasPrice: Word;
  /** The transaction's sender. */
  readonly origin: Address;
  /** The block's beneficiary. */
  readonly coinbase: Address;
  /** The block number. */
  readonly blockNumber: number;
  /** The block timestamp, in seconds. */
  readonly timestamp: number;
  /** The block gas limit. */
  readonly gasLimit: number;
  /** The block's prev_randao (difficulty before the merge). */
  readonly prevRandao: Word;
  /** The chain id. */
  readonly chainId: Word;
  /** The block's base fee. */
  readonly baseFee: Word;
}

/** The outcome of an execution. Build it with `makeResult`, which enforces the EVMC rules. */
export interface Result {
  /** How the execution ended. */
  readonly statusCode: StatusCode;
  /** Gas left: always 0 unless the status is Success or Revert. */
  readonly gasLeft: number;
  /** Gas to refund: always 0 unless the status is Success. */
  readonly gasRefund: number;
  /** Output data (return data, revert reason, or a created contract's code). */
  readonly output: Uint8Array;
  /** The created account's address, for a successful create; all zero otherwise. */
  readonly createAddress: Address;
  /** Frees what the VM attached to the result. Call it exactly once; afterwards the result is invalid. */
  readonly release?: () => void;
}

/** The host's side: everything a VM may ask about or change in the world. */
export interface HostInterface {
  /** Whether the account exists. */
  accountExists(context: HostContext, address: Address): boolean;
  /** A storage value (all zero when unset). */
  getStorage(context: HostContext, address: Address, key: Word): Word;
  /** Sets a storage value; says what that did, for gas accounting (EIP-2200). */
  setStorage(context: HostContext, address: Address, key: Word, value: Word): StorageStatus;
  /** An account's balance. */
  getBalance(context: HostContext, address: Address): Word;
  /** Size of an account's code in bytes. */
  getCodeSize(context: HostContext, address: Address): number;
  /** keccak-256 of an account's code (of the empty string for an account without code; zero for a missing account). */
  getCodeHash(context: HostContext, address: Address): Word;
  /** Copies an account's code from `codeOffset` into `buffer`; returns how many bytes it copied. */
  copyCode(context: HostContext, address: Address, codeOffset: number, buffer: Uint8Array): number;
  /** Destroys the account (EVMC only; ZVMC removed it). Returns whether it was the first destruction. */
  selfdestruct?(context: HostContext, address: Address, beneficiary: Address): boolean;
  /** Executes a nested message. */
  call(context: HostContext, message: Message): Result;
  /** The transaction and block context. */
  getTxContext(context: HostContext): TxContext;
  /** The hash of block `number` (all zero when unknown). */
  getBlockHash(context: HostContext, number: number): Word;
  /** Emits a log with up to 4 topics. */
  emitLog(context: HostContext, address: Address, data: Uint8Array, topics: readonly Word[]): void;
  /** Marks an account accessed; says whether it was warm before (EIP-2929). */
  accessAccount(context: HostContext, address: Address): AccessStatus;
  /** Marks a storage slot accessed; says whether it was warm before (EIP-2929). */
  accessStorage(context: HostContext, address: Address, key: Word): AccessStatus;
}

/** A VM instance, as its create function returns it. */
export interface VM {
  /** The connector ABI version the VM was built for. */
  readonly abiVersion: number;
  /** The VM's name (non-empty). */
  readonly name: string;
  /** The VM's version (non-empty). */
  readonly version: string;
  /** What the VM can execute (Capability bits); may change after `setOption`. */
  getCapabilities(): number;
  /**
   * Executes `code` for `message`. `host` may be null only for a VM with the Precompiles
   * capability. May be called concurrently and re-entrantly (from inside a host `call`), so a VM
   * keeps nothing about one execution on the instance.
   */
  execute(host: HostInterface | null, context: HostContext, revision: Revision, message: Message, code: Uint8Array): Result;
  /** Sets an option; optional (a VM without it answers InvalidName to every name). */
  setOption?(name: string, value: string | null): SetOptionResult;
  /** Frees everything the VM holds. The VM must not be used afterwards. */
  destroy(): void;
  /**
   * Installs (or, with null, removes) a tracer that sees every instruction of every execution,
   * nested ones included: the tracing hook EVMC's users asked for after it left the ABI. Optional.
   */
  setTracer?(tracer: VmTracer | null): void;
}

/** One traced instruction: the machine's state before it runs, and the depth of the message running it. */
export interface VmTraceEvent {
  /** Depth of the message being executed. */
  readonly depth: number;
  /** Index of the instruction about to run. */
  readonly pc: number;
  /** Its mnemonic. */
  readonly op: string;
  /** Gas left before it runs. */
  readonly gas: number;
  /** The value stack, bottom first. */
  readonly stack: readonly number[];
}

/** Receives trace events. */
export type VmTracer = (event: VmTraceEvent) => void;
