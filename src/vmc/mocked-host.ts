/**
 * An in-memory host for testing VMs, after EVMC's `MockedHost`: accounts with nonce, code, balance
 * and storage (original and current values, access status), a transaction context, block hashes,
 * EIP-2200 storage statuses, EIP-2929 access statuses, and records of everything a VM asked for.
 *
 * Behaviour carried over from EVMC's mocked host (and kept on purpose):
 * - every callback that names an account records it in `recordedAccountAccesses`, except
 *   `accessStorage`, `emitLog`, `getTxContext` and `getBlockHash`; `call` records the recipient;
 * - an account is warm once any callback has touched it, so `accessAccount` answers Cold only the
 *   first time an account is seen; precompile addresses 1..9 are always Warm;
 * - `getStorage` does not warm a slot; `accessStorage` does (a slot's access status is per account
 *   and key);
 * - `setStorage` and `accessStorage` create a missing account (so what a standalone execution
 *   stores survives it);
 * - `call` returns `callResult` unless a `callHandler` is set.
 * Differences: block hashes come from a map (EVMC answers one fixed hash), the code hash is
 * computed from the code unless the account sets one, records are not capped, and more than 4
 * log topics is an error (EVMC's VMs never emit more).
 *
 * Every byte string the host returns or records is a fresh copy, and every input is checked before
 * anything is recorded or changed: a wrong-sized address or word is an ExvmError (Connector)
 * naming the callback and parameter.
 */
import { keccak_256 } from '@noble/hashes/sha3';
import { ErrorCode, ExvmError } from '../errors.js';
import { ADDRESS_SIZE, AccessStatus, CallKind, MAX_LOG_TOPICS, StatusCode, WORD_SIZE } from './constants.js';
import type { Revision, StorageStatus } from './constants.js';
import { makeResult } from './result.js';
import type { ResultFields } from './result.js';
import type { Address, HostContext, HostInterface, Message, Result, TxContext, VM, Word } from './types.js';
import { address, checkBytes, checkInteger, hex, word } from './host/bytes.js';
import type { BytesLike } from './host/bytes.js';
import { storageStatus } from './host/storage-status.js';

export { address, word, hex } from './host/bytes.js';
export type { BytesLike } from './host/bytes.js';

/** keccak-256 of the empty string: the code hash of an account without code. */
export const EMPTY_CODE_HASH: Word = keccak_256(new Uint8Array(0));

/** Precompiled contracts live at addresses 1..9; EVMC's mocked host treats them as always warm. */
const LAST_PRECOMPILE = 9;

/** A storage slot: its value now, its value at the start of the transaction, and whether it was accessed. */
export interface StorageValue {
  /** The current value. */
  current: Word;
  /** The value at the start of the transaction (EIP-2200 compares against it). */
  original: Word;
  /** Whether the slot has been accessed in this transaction (EIP-2929). */
  accessStatus: AccessStatus;
}

/** An account of the mocked host. Maps are keyed by `hex(key)`. */
export interface MockedAccount {
  /** The account nonce. */
  nonce: number;
  /** The account code. */
  code: Uint8Array;
  /** The code hash to report; when absent, keccak-256 of `code`. */
  codeHash?: Word;
  /** The balance, big-endian. */
  balance: Word;
  /** Persistent storage, keyed by `hex(key)`. */
  storage: Map<string, StorageValue>;
  /** Transient storage (EIP-1153), keyed by `hex(key)`; cleared by nobody (one host = one transaction). */
  transientStorage?: Map<string, Word>;
}

/** What `setAccount` accepts; everything is optional and defaults to zero or empty. */
export interface AccountInit {
  /** The nonce (default 0). */
  readonly nonce?: number;
  /** The balance (default 0). */
  readonly balance?: BytesLike;
  /** The code (default empty). */
  readonly code?: Uint8Array;
  /** A code hash to report instead of keccak-256 of the code. */
  readonly codeHash?: BytesLike;
  /** Initial storage: key -> value (original = current = value, Cold). Keys are hex. */
  readonly storage?: Readonly<Record<string, BytesLike>>;
}

/** What `setSlot` accepts besides the current value. */
export interface SlotInit {
  /** The value at the start of the transaction (default: the current value). */
  readonly original?: BytesLike;
  /** The access status (default Cold; Warm mocks an EIP-2930 access list). */
  readonly accessStatus?: AccessStatus;
}

/** A log the VM emitted. */
export interface LogRecord {
  /** The account that emitted it. */
  readonly creator: Address;
  /** The log data. */
  readonly data: Uint8Array;
  /** Its topics (at most 4). */
  readonly topics: readonly Word[];
}

/** A selfdestruct the VM asked for. */
export interface SelfdestructRecord {
  /** The destroyed account. */
  readonly address: Address;
  /** Who receives its balance. */
  readonly beneficiary: Address;
}

/** What `call` does with a nested message when set; `context` is the one the VM passed to the callback. */
export type CallHandler = (message: Message, context: HostContext) => Result;

/** An all-zero transaction context. */
export function zeroTxContext(): TxContext {
  return {
    gasPrice: new Uint8Array(WORD_SIZE),
    origin: new Uint8Array(ADDRESS_SIZE),
    coinbase: new Uint8Array(ADDRESS_SIZE),
    blockNumber: 0,
    timestamp: 0,
    gasLimit: 0,
    prevRandao: new Uint8Array(WORD_SIZE),
    chainId: new Uint8Array(WORD_SIZE),
    baseFee: new Uint8Array(WORD_SIZE),
  };
}

/** An in-memory host for tests and tools; see the module comment for its exact behaviour. */
export class MockedHost implements HostInterface {
  /** Every account, keyed by `hex(address)`. */
  readonly accounts = new Map<string, MockedAccount>();
  /** The context `getTxContext` answers (a copy of it). */
  txContext: TxContext = zeroTxContext();
  /** Block number -> hash; `getBlockHash` answers zero for numbers not in it. */
  readonly blockHashes = new Map<number, Word>();
  /** What `call` returns (a fresh result each time) when no `callHandler` is set. Default: Success, no output. */
  callResult: ResultFields = { statusCode: StatusCode.Success };
  /** When set, `call` returns what it answers (e.g. a nested execution, see `executeCallsOn`). */
  callHandler: CallHandler | undefined = undefined;

  /** Every message passed to `call`, copied. */
  readonly recordedCalls: Message[] = [];
  /** Every log passed to `emitLog`, copied. */
  readonly recordedLogs: LogRecord[] = [];
  /** Every account a callback named, in order, copied (see the module comment for which callbacks record). */
  readonly recordedAccountAccesses: Address[] = [];
  /** Every block number passed to `getBlockHash`. */
  readonly recordedBlockHashes: number[] = [];
  /** Every `selfdestruct`, in order. */
  readonly recordedSelfdestructs: SelfdestructRecord[] = [];

  /** Accounts touched so far (hex): `accessAccount` answers Warm for them. */
  private readonly touched = new Set<string>();

  /** Creates or replaces the account at `at`; returns it (the stored object, to tweak further). */
  setAccount(at: BytesLike, init: AccountInit = {}): MockedAccount {
    const account: MockedAccount = {
      nonce: init.nonce ?? 0,
      code: init.code?.slice() ?? new Uint8Array(0),
      balance: word(init.balance ?? 0),
      storage: new Map(),
    };
    if (init.codeHash !== undefined) account.codeHash = word(init.codeHash);
    this.accounts.set(hex(address(at)), account);
    for (const [key, value] of Object.entries(init.storage ?? {})) this.setSlot(at, key, value);
    return account;
  }

  /** The account at `at`, or undefined. */
  getAccount(at: BytesLike): MockedAccount | undefined {
    return this.accounts.get(hex(address(at)));
  }

  /** Presets a storage slot (creating the account if needed), bypassing EIP-2200 accounting. */
  setSlot(at: BytesLike, key: BytesLike, current: BytesLike, init: SlotInit = {}): void {
    const account = this.accountFor(address(at));
    account.storage.set(hex(word(key)), {
      current: word(current),
      original: word(init.original ?? current),
      accessStatus: init.accessStatus ?? AccessStatus.Cold,
    });
  }

  /**
   * Makes `call` execute nested messages on `vm` against this host: the code of `codeAddress`, or
   * a create's input as init code (run with empty input; no address is derived, no code installed).
   */
  executeCallsOn(vm: VM, revision: Revision): void {
    this.callHandler = (message, context) => {
      if (message.kind === CallKind.Create || message.kind === CallKind.Create2) {
        return vm.execute(this, context, revision, { ...message, input: new Uint8Array(0) }, message.input.slice());
      }
      const code = this.accounts.get(hex(message.codeAddress))?.code ?? new Uint8Array(0);
      return vm.execute(this, context, revision, message, code.slice());
    };
  }

  /** Whether the account exists. */
  accountExists(_context: HostContext, at: Address): boolean {
    return this.touch(at, 'accountExists') !== undefined;
  }

  /** The current value of a slot (zero when unset). Does not change the slot's access status. */
  getStorage(_context: HostContext, at: Address, key: Word): Word {
    checkBytes(key, WORD_SIZE, 'getStorage', 'key');
    const slot = this.touch(at, 'getStorage')?.storage.get(hex(key));
    return slot ? slot.current.slice() : new Uint8Array(WORD_SIZE);
  }

  /** Stores `value` (creating the account and slot if needed) and answers the EIP-2200 status. */
  setStorage(_context: HostContext, at: Address, key: Word, value: Word): StorageStatus {
    checkBytes(key, WORD_SIZE, 'setStorage', 'key');
    checkBytes(value, WORD_SIZE, 'setStorage', 'value');
    this.touch(at, 'setStorage');
    const slot = this.slotFor(at, key);
    const status = storageStatus(slot.original, slot.current, value);
    slot.current = value.slice();
    return status;
  }

  /** The balance (zero for a missing account). */
  getBalance(_context: HostContext, at: Address): Word {
    return this.touch(at, 'getBalance')?.balance.slice() ?? new Uint8Array(WORD_SIZE);
  }

  /** The code size (0 for a missing account). */
  getCodeSize(_context: HostContext, at: Address): number {
    return this.touch(at, 'getCodeSize')?.code.length ?? 0;
  }

  /** The account's code hash (keccak-256 of its code unless preset); all zero for a missing account. */
  getCodeHash(_context: HostContext, at: Address): Word {
    const account = this.touch(at, 'getCodeHash');
    if (!account) return new Uint8Array(WORD_SIZE);
    return account.codeHash?.slice() ?? keccak_256(account.code);
  }

  /** Copies code from `codeOffset` into `buffer`; returns the bytes copied (0 past the end or for a missing account). */
  copyCode(_context: HostContext, at: Address, codeOffset: number, buffer: Uint8Array): number {
    checkInteger(codeOffset, 0, 'copyCode', 'codeOffset');
    checkBytes(buffer, 0, 'copyCode', 'buffer');
    const account = this.touch(at, 'copyCode');
    if (!account || codeOffset >= account.code.length) return 0;
    const copied = account.code.subarray(codeOffset, codeOffset + buffer.length);
    buffer.set(copied);
    return copied.length;
  }

  /** Records the selfdestruct; answers true the first time `at` is destroyed. */
  selfdestruct(_context: HostContext, at: Address, beneficiary: Address): boolean {
    checkBytes(beneficiary, ADDRESS_SIZE, 'selfdestruct', 'beneficiary');
    this.touch(at, 'selfdestruct');
    const first = !this.recordedSelfdestructs.some((record) => hex(record.address) === hex(at));
    this.recordedSelfdestructs.push({ address: at.slice(), beneficiary: beneficiary.slice() });
    return first;
  }

  /** Records the message, then answers `callHandler(message, context)` or a fresh copy of `callResult`. */
  call(context: HostContext, message: Message): Result {
    const copy = copyMessage(message);
    this.touch(copy.recipient, 'call');
    this.recordedCalls.push(copy);
    if (this.callHandler) return this.callHandler(message, context);
    const fields = this.callResult;
    return makeResult({ ...fields, output: fields.output?.slice(), createAddress: fields.createAddress?.slice() });
  }

  /** A copy of `txContext`. */
  getTxContext(): TxContext {
    const tx = this.txContext;
    return {
      ...tx,
      gasPrice: tx.gasPrice.slice(),
      origin: tx.origin.slice(),
      coinbase: tx.coinbase.slice(),
      prevRandao: tx.prevRandao.slice(),
      chainId: tx.chainId.slice(),
      baseFee: tx.baseFee.slice(),
    };
  }

  /** The hash of block `number` from `blockHashes` (zero when unknown); records the number. */
  getBlockHash(_context: HostContext, number: number): Word {
    checkInteger(number, Number.MIN_SAFE_INTEGER, 'getBlockHash', 'number');
    this.recordedBlockHashes.push(number);
    return this.blockHashes.get(number)?.slice() ?? new Uint8Array(WORD_SIZE);
  }

  /** Records a copy of the log. More than 4 topics is a VM bug: an ExvmError (Connector). */
  emitLog(_context: HostContext, at: Address, data: Uint8Array, topics: readonly Word[]): void {
    checkBytes(at, ADDRESS_SIZE, 'emitLog', 'address');
    checkBytes(data, 0, 'emitLog', 'data');
    if (!Array.isArray(topics)) throw new ExvmError(ErrorCode.Connector, 'emitLog: topics must be an array of 32-byte words');
    if (topics.length > MAX_LOG_TOPICS) {
      throw new ExvmError(ErrorCode.Connector, `emitLog: ${topics.length} topics, but a log has at most ${MAX_LOG_TOPICS} (a bug in the VM)`);
    }
    const copies = topics.map((topic, i) => checkBytes(topic, WORD_SIZE, 'emitLog', `topics[${i}]`).slice());
    this.recordedLogs.push({ creator: at.slice(), data: data.slice(), topics: copies });
  }

  /** Marks the account accessed; answers Cold the first time any callback touches it, Warm afterwards (precompiles 1..9: always Warm). */
  accessAccount(_context: HostContext, at: Address): AccessStatus {
    checkBytes(at, ADDRESS_SIZE, 'accessAccount', 'address');
    const warm = this.touched.has(hex(at)) || isPrecompile(at);
    this.touch(at, 'accessAccount');
    return warm ? AccessStatus.Warm : AccessStatus.Cold;
  }

  /** Marks the slot accessed (creating the account and slot if needed); answers its previous access status. */
  accessStorage(_context: HostContext, at: Address, key: Word): AccessStatus {
    checkBytes(at, ADDRESS_SIZE, 'accessStorage', 'address');
    checkBytes(key, WORD_SIZE, 'accessStorage', 'key');
    const slot = this.slotFor(at, key);
    const before = slot.accessStatus;
    slot.accessStatus = AccessStatus.Warm;
    return before;
  }

  /** A transient storage value (EIP-1153; zero when unset). Not in the core interface yet. */
  getTransientStorage(_context: HostContext, at: Address, key: Word): Word {
    checkBytes(key, WORD_SIZE, 'getTransientStorage', 'key');
    const value = this.touch(at, 'getTransientStorage')?.transientStorage?.get(hex(key));
    return value?.slice() ?? new Uint8Array(WORD_SIZE);
  }

  /** Sets a transient storage value (EIP-1153), creating the account if needed. Not in the core interface yet. */
  setTransientStorage(_context: HostContext, at: Address, key: Word, value: Word): void {
    checkBytes(key, WORD_SIZE, 'setTransientStorage', 'key');
    checkBytes(value, WORD_SIZE, 'setTransientStorage', 'value');
    this.touch(at, 'setTransientStorage');
    const account = this.accountFor(at);
    account.transientStorage ??= new Map();
    account.transientStorage.set(hex(key), value.slice());
  }

  /** Checks `at`, records the access, and returns the account (if it exists). */
  private touch(at: Address, callback: string): MockedAccount | undefined {
    const key = hex(checkBytes(at, ADDRESS_SIZE, callback, 'address'));
    this.touched.add(key);
    this.recordedAccountAccesses.push(at.slice());
    return this.accounts.get(key);
  }

  /** The account at `at`, created empty if missing. */
  private accountFor(at: Address): MockedAccount {
    const existing = this.accounts.get(hex(at));
    return existing ?? this.setAccount(at);
  }

  /** The slot `key` of `at`, created (zero, Cold) if missing. */
  private slotFor(at: Address, key: Word): StorageValue {
    const storage = this.accountFor(at).storage;
    const id = hex(key);
    let slot = storage.get(id);
    if (!slot) {
      slot = { current: new Uint8Array(WORD_SIZE), original: new Uint8Array(WORD_SIZE), accessStatus: AccessStatus.Cold };
      storage.set(id, slot);
    }
    return slot;
  }
}

function isPrecompile(at: Address): boolean {
  return at.subarray(0, ADDRESS_SIZE - 1).every((byte) => byte === 0) && at[ADDRESS_SIZE - 1] >= 1 && at[ADDRESS_SIZE - 1] <= LAST_PRECOMPILE;
}

/** A deep copy of a message, after checking its byte strings. */
function copyMessage(message: Message): Message {
  const field = (value: unknown, size: number, name: string): Uint8Array => checkBytes(value, size, 'call', `message.${name}`).slice();
  return {
    ...message,
    recipient: field(message.recipient, ADDRESS_SIZE, 'recipient'),
    sender: field(message.sender, ADDRESS_SIZE, 'sender'),
    codeAddress: field(message.codeAddress, ADDRESS_SIZE, 'codeAddress'),
    input: field(message.input, 0, 'input'),
    value: field(message.value, WORD_SIZE, 'value'),
    create2Salt: field(message.create2Salt, WORD_SIZE, 'create2Salt'),
  };
}
