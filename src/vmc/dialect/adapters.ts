/**
 * The typed adapters of one dialect, both ways, for each object the connector exchanges: VMs (so a
 * host in either dialect can run a core VM, and a core host a dialect VM), host interfaces,
 * messages, results and tx contexts. All are generated from the name table by adapt.ts.
 */
import type { HostInterface, Message, Result, TxContext, VM } from '../types.js';
import type { Fields, Side } from './adapt.js';
import { adaptInterface, convertRecord } from './adapt.js';
import type { DialectId, InterfaceRow, RecordRow } from './names.js';
import { HOST_NAMES, MESSAGE_NAMES, RESULT_NAMES, TX_CONTEXT_NAMES, VM_NAMES } from './names.js';
import type { DialectSpec } from './spec.js';
import type { DialectHost, DialectMessage, DialectResult, DialectTxContext, DialectVm } from './types.js';

/** The adapters of dialect `D`: `to*` turn a core object into the dialect's, `from*` the reverse. */
export interface DialectAdapters<D extends DialectId> {
  /** A dialect VM that runs the core VM (with the dialect's rules: unknown revisions and call kinds are REJECTED). */
  readonly toVm: (vm: VM) => DialectVm<D>;
  /** A core VM that runs the dialect VM (same rules; results are converted, never normalised). */
  readonly fromVm: (vm: DialectVm<D>) => VM;
  /** A dialect host interface that calls the core host. */
  readonly toHost: (host: HostInterface) => DialectHost<D>;
  /** A core host interface that calls the dialect host. */
  readonly fromHost: (host: DialectHost<D>) => HostInterface;
  /** The message under the dialect's names. */
  readonly toMessage: (message: Message) => DialectMessage<D>;
  /** The dialect message under the core's names. */
  readonly fromMessage: (message: DialectMessage<D>) => Message;
  /** The result under the dialect's names; its release calls the core result's. */
  readonly toResult: (result: Result) => DialectResult<D>;
  /** The dialect result under the core's names; its release calls the dialect result's. */
  readonly fromResult: (result: DialectResult<D>) => Result;
  /** The tx context under the dialect's names. */
  readonly toTxContext: (context: TxContext) => DialectTxContext<D>;
  /** The dialect tx context under the core's names. */
  readonly fromTxContext: (context: DialectTxContext<D>) => TxContext;
}

type Convert = (table: Readonly<Record<string, RecordRow & InterfaceRow>>, source: Fields, into: Side, dialect: DialectSpec) => Fields;

/** Builds the adapters of `dialect`. */
export function dialectAdapters<D extends DialectId>(dialect: DialectSpec<D>): DialectAdapters<D> {
  const way =
    <From, To>(convert: Convert, table: Readonly<Record<string, unknown>>, into: Side) =>
    (value: From): To =>
      convert(table as Readonly<Record<string, RecordRow & InterfaceRow>>, value as Fields, into, dialect) as To;
  return Object.freeze({
    toVm: way<VM, DialectVm<D>>(adaptInterface, VM_NAMES, 'dialect'),
    fromVm: way<DialectVm<D>, VM>(adaptInterface, VM_NAMES, 'core'),
    toHost: way<HostInterface, DialectHost<D>>(adaptInterface, HOST_NAMES, 'dialect'),
    fromHost: way<DialectHost<D>, HostInterface>(adaptInterface, HOST_NAMES, 'core'),
    toMessage: way<Message, DialectMessage<D>>(convertRecord, MESSAGE_NAMES, 'dialect'),
    fromMessage: way<DialectMessage<D>, Message>(convertRecord, MESSAGE_NAMES, 'core'),
    toResult: way<Result, DialectResult<D>>(convertRecord, RESULT_NAMES, 'dialect'),
    fromResult: way<DialectResult<D>, Result>(convertRecord, RESULT_NAMES, 'core'),
    toTxContext: way<TxContext, DialectTxContext<D>>(convertRecord, TX_CONTEXT_NAMES, 'dialect'),
    fromTxContext: way<DialectTxContext<D>, TxContext>(convertRecord, TX_CONTEXT_NAMES, 'core'),
  });
}
