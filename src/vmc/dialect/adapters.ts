/**
 * The typed adapters of one dialect, both ways, for each object the connector exchanges: VMs (so a
 * host in either dialect can run a core VM, and a core host a dialect VM), host interfaces,
 * messages, results and tx contexts. All are generated from the name table by adapt.ts.
 */
import type { HostInterface, Message, Result, TxContext, VM } from '../types.js';
import type { CStyleArity, Fields, Side } from './adapt.js';
import { adaptInterface, convertRecord, resultToCore } from './adapt.js';
import type { DialectId, InterfaceRow, RecordRow } from './names.js';
import { HOST_NAMES, MESSAGE_NAMES, RESULT_NAMES, TX_CONTEXT_NAMES, VM_NAMES } from './names.js';
import type { DialectSpec } from './spec.js';
import type { DialectHost, DialectMessage, DialectResult, DialectTxContext, DialectVm } from './types.js';

/** The adapters of dialect `D`: `to*` turn a core object into the dialect's, `from*` the reverse. */
export interface DialectAdapters<D extends DialectId> {
  /**
   * A dialect VM that runs the core VM (with the dialect's rules: unknown revisions and call kinds
   * are REJECTED). Its methods may also be called C-style, with the VM object as first argument.
   */
  readonly toVm: (vm: VM) => DialectVm<D>;
  /**
   * A core VM that runs the dialect VM (same rules; results are converted, never normalised, and
   * keep the dialect result under DIALECT_RESULT). The dialect VM's methods may be written C-style
   * (see VM_C_STYLE_ARITY) or take the VM as `this`.
   */
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
  /** The dialect result under the core's names (keeping it under DIALECT_RESULT); its release calls the dialect result's, once. */
  readonly fromResult: (result: DialectResult<D>) => Result;
  /** The tx context under the dialect's names. */
  readonly toTxContext: (context: TxContext) => DialectTxContext<D>;
  /** The dialect tx context under the core's names. */
  readonly fromTxContext: (context: DialectTxContext<D>) => TxContext;
}

/**
 * The VM methods' parameter counts when written C-style, the VM first, as the guides declare them:
 * `execute(vm, host, context, rev, msg, code, code_size)`, `get_capabilities(vm)`, `destroy(vm)`,
 * `set_option(vm, name, value)`, `set_tracer(vm, tracer)`.
 */
export const VM_C_STYLE_ARITY: CStyleArity = Object.freeze({ execute: 7, getCapabilities: 1, destroy: 1, setOption: 3, setTracer: 2 });

type Convert = (table: Readonly<Record<string, RecordRow & InterfaceRow>>, source: Fields, into: Side, dialect: DialectSpec) => Fields;

/** Builds the adapters of `dialect`. */
export function dialectAdapters<D extends DialectId>(dialect: DialectSpec<D>): DialectAdapters<D> {
  const way =
    <From, To>(convert: Convert, table: Readonly<Record<string, unknown>>, into: Side) =>
    (value: From): To =>
      convert(table as Readonly<Record<string, RecordRow & InterfaceRow>>, value as Fields, into, dialect) as To;
  const vmWay =
    <From, To>(into: Side) =>
    (vm: From): To =>
      adaptInterface(VM_NAMES, vm as Fields, into, dialect, VM_C_STYLE_ARITY) as To;
  return Object.freeze({
    toVm: vmWay<VM, DialectVm<D>>('dialect'),
    fromVm: vmWay<DialectVm<D>, VM>('core'),
    toHost: way<HostInterface, DialectHost<D>>(adaptInterface, HOST_NAMES, 'dialect'),
    fromHost: way<DialectHost<D>, HostInterface>(adaptInterface, HOST_NAMES, 'core'),
    toMessage: way<Message, DialectMessage<D>>(convertRecord, MESSAGE_NAMES, 'dialect'),
    fromMessage: way<DialectMessage<D>, Message>(convertRecord, MESSAGE_NAMES, 'core'),
    toResult: way<Result, DialectResult<D>>(convertRecord, RESULT_NAMES, 'dialect'),
    fromResult: (result: DialectResult<D>): Result => resultToCore(result as Fields, dialect) as unknown as Result,
    toTxContext: way<TxContext, DialectTxContext<D>>(convertRecord, TX_CONTEXT_NAMES, 'dialect'),
    fromTxContext: way<DialectTxContext<D>, TxContext>(convertRecord, TX_CONTEXT_NAMES, 'core'),
  });
}
