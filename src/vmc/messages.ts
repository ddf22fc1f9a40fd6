/**
 * The messages the tools (`exvm vmc run`, the VM tester) send: depth 0, no flags, no value, from
 * the zero address, as EVMC's tools send them.
 */
import { ADDRESS_SIZE, WORD_SIZE } from './constants.js';
import type { CallKind } from './constants.js';
import type { Address, Message } from './types.js';

/** What varies between the tools' messages. */
export interface ToolMessageFields {
  readonly kind: CallKind;
  readonly gas: number;
  /** Default: the zero address. */
  readonly recipient?: Address;
  /** Default: the recipient. */
  readonly codeAddress?: Address;
  /** Default: empty. */
  readonly input?: Uint8Array;
}

/** A top-level message from the zero address with no value. */
export function toolMessage({ kind, gas, recipient = new Uint8Array(ADDRESS_SIZE), codeAddress = recipient, input = new Uint8Array(0) }: ToolMessageFields): Message {
  return {
    kind,
    flags: 0,
    depth: 0,
    gas,
    recipient,
    sender: new Uint8Array(ADDRESS_SIZE),
    input,
    value: new Uint8Array(WORD_SIZE),
    create2Salt: new Uint8Array(WORD_SIZE),
    codeAddress,
  };
}
