/**
 * The dialect objects' types, generated from the name table: the core's records and interfaces
 * under their C names. Byte strings become `<name>_data` + `<name>_size`; methods take their
 * arguments as the C functions do. The types show a VM's methods without the leading `vm` pointer,
 * taking the VM as `this`; at run time the C style, the VM as first argument, works too both ways
 * (VM_C_STYLE_ARITY in adapters.ts says how a C-style method is recognised).
 */
import type { Address, HostContext, HostInterface, Message, Result, TxContext, VM, VmTracer, Word } from '../types.js';
import type { DialectId, HOST_NAMES, MESSAGE_NAMES, RESULT_NAMES, TX_CONTEXT_NAMES, VM_NAMES } from './names.js';

/** The C name of a row in dialect `D`, `never` where the dialect lacks it. */
type NameOf<Row, D extends DialectId> = Row extends { readonly zvmc: string | null; readonly dvmc: string | null } ? Extract<Row[D], string> : never;
type RowsOf<Kind extends string, Table> = { [K in keyof Table]: Table[K] extends { readonly kind: Kind } ? K : never }[keyof Table];

/** The fields of a core record that are copied as they are, under their C names. */
type ValueFields<Core, Table, D extends DialectId> = { [K in keyof Core as K extends RowsOf<'value', Table> ? NameOf<Table[K & keyof Table], D> : never]: Core[K] };
/** The byte-string fields of a core record as C's data + size pairs. */
type BytesFields<Core, Table> = { [K in keyof Core as K extends RowsOf<'bytes', Table> ? NameOf<Table[K & keyof Table], 'zvmc'> : never]: Uint8Array } & {
  [K in keyof Core as K extends RowsOf<'bytes', Table> ? (Table[K & keyof Table] extends { readonly size: infer S extends string } ? S : never) : never]: number;
};
/** A core record under dialect `D`'s C names. */
type DialectRecord<Core, Table, D extends DialectId> = ValueFields<Core, Table, D> & BytesFields<Core, Table>;

/** A message in dialect `D` (`zvmc_message`). */
export type DialectMessage<D extends DialectId> = DialectRecord<Message, typeof MESSAGE_NAMES, D>;
/** A tx context in dialect `D` (`zvmc_tx_context`). */
export type DialectTxContext<D extends DialectId> = DialectRecord<TxContext, typeof TX_CONTEXT_NAMES, D>;
/** A result in dialect `D` (`zvmc_result`); `release`, when set, must be called once, with the result. */
export type DialectResult<D extends DialectId> = DialectRecord<Result, typeof RESULT_NAMES, D> & {
  readonly release?: ((result: DialectResult<D>) => void) | null;
};

/** The host callbacks with C's arguments, keyed by their core names. */
interface HostSignatures<D extends DialectId> {
  accountExists(context: HostContext, address: Address): boolean;
  getStorage(context: HostContext, address: Address, key: Word): Word;
  setStorage(context: HostContext, address: Address, key: Word, value: Word): number;
  getBalance(context: HostContext, address: Address): Word;
  getCodeSize(context: HostContext, address: Address): number;
  getCodeHash(context: HostContext, address: Address): Word;
  copyCode(context: HostContext, address: Address, codeOffset: number, bufferData: Uint8Array, bufferSize: number): number;
  selfdestruct(context: HostContext, address: Address, beneficiary: Address): boolean;
  call(context: HostContext, message: DialectMessage<D>): DialectResult<D>;
  getTxContext(context: HostContext): DialectTxContext<D>;
  getBlockHash(context: HostContext, number: number): Word;
  emitLog(context: HostContext, address: Address, data: Uint8Array, dataSize: number, topics: readonly Word[], topicsCount: number): void;
  accessAccount(context: HostContext, address: Address): number;
  accessStorage(context: HostContext, address: Address, key: Word): number;
}

/** The host interface in dialect `D` (`zvmc_host_interface`): ZVMC has no `selfdestruct`. */
export type DialectHost<D extends DialectId> = {
  readonly [K in keyof HostInterface as NameOf<(typeof HOST_NAMES)[K], D>]: HostSignatures<D>[K];
};

/** The VM members with C's arguments, keyed by their core names. */
interface VmSignatures<D extends DialectId> {
  abiVersion: number;
  name: string;
  version: string;
  getCapabilities(): number;
  /** `code_size` is optional for JavaScript callers: it defaults to the code's length. */
  execute(host: DialectHost<D> | null, context: HostContext, revision: number, message: DialectMessage<D>, code: Uint8Array, codeSize?: number): DialectResult<D>;
  setOption(name: string, value: string | null): number;
  destroy(): void;
  /** exvm's extension: the tracing hook (events are plain objects, the same in every dialect). */
  setTracer(tracer: VmTracer | null): void;
}

/** A VM instance in dialect `D` (`zvmc_vm`; DVMC's `execute` is `retrieve_desc_vx`). */
export type DialectVm<D extends DialectId> = {
  readonly [K in keyof VM as NameOf<(typeof VM_NAMES)[K], D>]: VmSignatures<D>[K];
};
