/**
 * The `host` native library of the exvm connector VM: every host callback, offered to guest code.
 * One table, one row per function: its name, its gas, its stack effect and what it does. The
 * library is built per execution (`hostLibrary(session)`), bound to that execution's host, context
 * and message, so nothing about an execution is kept anywhere else.
 *
 * Conventions:
 * - Arguments are pushed in order (the last on top); pointers are guest memory addresses. An
 *   address is 20 bytes in memory, a word (storage key or value, balance, hash, value) 32 bytes,
 *   big-endian as the connector has them. A range outside memory faults (INVALID_MEMORY_ACCESS).
 * - Gas: the `ncall` (5), plus the row's gas, plus 1 per 32 bytes copied; `call` also charges the
 *   gas the callee used.
 * - `return` and `revert` end the execution with their output; so do the violations: a state
 *   change in a static message (STATIC_MODE_VIOLATION) and a bad argument such as a negative
 *   length, an unknown call kind or more than 4 log topics (ARGUMENT_OUT_OF_RANGE). They record the
 *   outcome in the session and stop the machine by throwing `EndOfExecution`, which the machine
 *   turns into a fault the VM then ignores in favour of the recorded outcome.
 * - Numbers that do not fit 32 bits (block number, timestamp, gas limit) are pushed wrapped.
 */
import type { NativeContext, NativeFunctionDef, NativeLibrary } from '../../machine/natives.js';
import { GuestFault } from '../../machine/natives.js';
import { Status } from '../../isa/status.js';
import { checkRange, chargeBytes } from '../../stdlib/guest.js';
import { ADDRESS_SIZE, CallKind, MAX_LOG_TOPICS, MessageFlags, StatusCode, WORD_SIZE } from '../constants.js';
import type { Address, HostContext, HostInterface, Message, TxContext, Word } from '../types.js';
import { callHost, gasUsedByCall } from './nested-call.js';

/** How a host function ended the execution. */
export interface Outcome {
  /** The status the execution ends with. */
  readonly statusCode: StatusCode;
  /** Its output (return data or revert reason). */
  readonly output: Uint8Array;
}

/** What the host library of one execution is bound to. */
export interface HostSession {
  /** The host of this execution. */
  readonly host: HostInterface;
  /** The host's context. */
  readonly context: HostContext;
  /** The message being executed. */
  readonly message: Message;
  /** Gas the machine has left (read when a call forwards gas). */
  readonly gasLeft: () => number;
  /** Set by a host function that ends the execution. */
  outcome?: Outcome;
  /** What the host threw, if it did: a host's own failure is not the guest's, so execute rethrows it. */
  hostError?: { readonly error: unknown };
}

/** Thrown (through the machine) by a host function that ended the execution; see `HostSession.outcome`. */
class EndOfExecution extends GuestFault {
  /** The fault the machine records while the session carries the real outcome. */
  constructor(statusCode: StatusCode) {
    super(Status.NativeFailure, `execution ended with connector status ${statusCode}`);
  }
}

/** The maximum message depth: a call from this depth answers CALL_DEPTH_EXCEEDED without reaching the host. */
export const MAX_MESSAGE_DEPTH = 1024;
/** Call kinds a guest may ask for: not the creates, and not CALLCODE, which ZVMC (this VM's dialect) lacks. */
const GUEST_CALL_KINDS: readonly number[] = [CallKind.Call, CallKind.DelegateCall];
/** Added to a call kind for a static call (`host.call` kind 256 is STATICCALL). */
export const STATIC_CALL_BIT = 0x100;

/** One host function: name, gas on top of `ncall`'s, doc (stack effect ; meaning), implementation. */
export interface HostFunction {
  /** The name guest code calls it by (`ncall host.<name>`). */
  readonly name: string;
  /** Gas charged on top of the `ncall`'s. */
  readonly gas: number;
  /** The stack effect, ` ; `, and what it does (the standard libraries' doc format). */
  readonly doc: string;
  /** The implementation, bound to an execution's session. */
  readonly run: (session: HostSession, ctx: NativeContext) => void;
}

/** Ends the execution with `statusCode` (and `output`). */
function end(session: HostSession, statusCode: StatusCode, output: Uint8Array = new Uint8Array(0)): never {
  session.outcome = { statusCode, output };
  throw new EndOfExecution(statusCode);
}

/** Ends the execution with STATIC_MODE_VIOLATION when `flags` (by default the message's) are static. */
function requireWritable(session: HostSession, flags = session.message.flags): void {
  if ((flags & MessageFlags.Static) !== 0) end(session, StatusCode.StaticModeViolation);
}

/** Pops a byte count; a negative one ends the execution with ARGUMENT_OUT_OF_RANGE. */
function popLength(session: HostSession, ctx: NativeContext): number {
  const length = ctx.popInt();
  if (length < 0) end(session, StatusCode.ArgumentOutOfRange);
  return length;
}

/** Reads `length` bytes at `address`, charging for them. */
function read(ctx: NativeContext, address: number, length: number): Uint8Array {
  const bytes = ctx.readBytes(address, length);
  chargeBytes(ctx, length);
  return bytes;
}

/** Writes `bytes` at `address`, charging for them. */
function write(ctx: NativeContext, address: number, bytes: Uint8Array): void {
  checkRange(ctx, address, bytes.length, 'host write');
  chargeBytes(ctx, bytes.length);
  ctx.writeBytes(address, bytes);
}

const popAddress = (ctx: NativeContext): Address => read(ctx, ctx.popInt(), ADDRESS_SIZE);
const popWord = (ctx: NativeContext): Word => read(ctx, ctx.popInt(), WORD_SIZE);

/** A function that writes `bytes(session)` to the address on top of the stack: `dst -> `. */
function copyOut(name: string, doc: string, bytes: (session: HostSession) => Uint8Array): HostFunction {
  return { name, gas: 2, doc: `dst -> ; ${doc}`, run: (session, ctx) => write(ctx, ctx.popInt(), bytes(session)) };
}

/** A function that pushes `value(session)`: ` -> n`. */
function pushValue(name: string, doc: string, value: (session: HostSession) => number): HostFunction {
  return { name, gas: 2, doc: ` -> n ; ${doc}`, run: (session, ctx) => ctx.pushInt(value(session)) };
}

const tx = (session: HostSession): TxContext => session.host.getTxContext(session.context);

/** The host functions, in library order (function index = position). */
export const HOST_FUNCTIONS: readonly HostFunction[] = [
  // The message.
  pushValue('input_size', 'size of the input in bytes', (s) => s.message.input.length),
  {
    name: 'input_copy',
    gas: 2,
    doc: 'dst offset len -> ; copy len bytes of the input from offset to dst (zeros past its end)',
    run: (session, ctx) => {
      const length = popLength(session, ctx);
      const offset = ctx.popInt();
      const dst = ctx.popInt();
      checkRange(ctx, dst, length, 'input_copy destination');
      if (offset < 0) end(session, StatusCode.ArgumentOutOfRange);
      const bytes = new Uint8Array(length);
      bytes.set(session.message.input.subarray(offset, offset + length));
      write(ctx, dst, bytes);
    },
  },
  copyOut('caller', 'the sender of the message (20 bytes)', (s) => s.message.sender),
  copyOut('address', 'the recipient: the account whose storage this code acts on (20 bytes)', (s) => s.message.recipient),
  copyOut('code_address', 'the account whose code is running (20 bytes)', (s) => s.message.codeAddress),
  copyOut('value', 'the value sent with the message (32 bytes)', (s) => s.message.value),
  pushValue('depth', 'the message depth (0 for the transaction)', (s) => s.message.depth),
  pushValue('is_static', '1 when the message forbids state changes, else 0', (s) => s.message.flags & MessageFlags.Static),

  // Storage and accounts.
  {
    name: 'sload',
    gas: 100,
    doc: 'key dst -> ; copy the storage word at key (a word in memory) to dst',
    run: ({ host, context, message }, ctx) => {
      const dst = ctx.popInt();
      write(ctx, dst, host.getStorage(context, message.recipient, popWord(ctx)));
    },
  },
  {
    name: 'sstore',
    gas: 100,
    doc: 'key value -> status ; store the word at value under the word at key; push the storage status (EIP-2200)',
    run: (session, ctx) => {
      requireWritable(session);
      const value = popWord(ctx);
      const key = popWord(ctx);
      ctx.pushInt(session.host.setStorage(session.context, session.message.recipient, key, value));
    },
  },
  {
    name: 'balance',
    gas: 100,
    doc: 'account dst -> ; copy the balance of the account (an address in memory) to dst',
    run: ({ host, context }, ctx) => {
      const dst = ctx.popInt();
      write(ctx, dst, host.getBalance(context, popAddress(ctx)));
    },
  },
  {
    name: 'account_exists',
    gas: 100,
    doc: 'account -> 0|1 ; whether the account exists',
    run: ({ host, context }, ctx) => ctx.pushInt(host.accountExists(context, popAddress(ctx)) ? 1 : 0),
  },
  {
    name: 'code_size',
    gas: 100,
    doc: 'account -> n ; size of the account\'s code in bytes',
    run: ({ host, context }, ctx) => ctx.pushInt(host.getCodeSize(context, popAddress(ctx))),
  },
  {
    name: 'code_hash',
    gas: 100,
    doc: 'account dst -> ; copy the keccak-256 of the account\'s code to dst (zero for a missing account)',
    run: ({ host, context }, ctx) => {
      const dst = ctx.popInt();
      write(ctx, dst, host.getCodeHash(context, popAddress(ctx)));
    },
  },
  {
    name: 'code_copy',
    gas: 100,
    doc: 'account offset dst len -> n ; copy up to len bytes of the account\'s code from offset to dst; push how many were copied',
    run: (session, ctx) => {
      const length = popLength(session, ctx);
      const dst = ctx.popInt();
      const offset = ctx.popInt();
      const account = popAddress(ctx);
      checkRange(ctx, dst, length, 'code_copy destination');
      if (offset < 0) end(session, StatusCode.ArgumentOutOfRange);
      const buffer = new Uint8Array(length);
      const copied = session.host.copyCode(session.context, account, offset, buffer);
      write(ctx, dst, buffer.subarray(0, copied));
      ctx.pushInt(copied);
    },
  },
  {
    name: 'selfdestruct',
    gas: 100,
    doc: 'beneficiary -> 0|1 ; destroy this account in favour of the beneficiary; 1 the first time (UNDEFINED_INSTRUCTION on a host without selfdestruct, as in ZVMC)',
    run: (session, ctx) => {
      const { host, context, message } = session;
      if (host.selfdestruct === undefined) end(session, StatusCode.UndefinedInstruction);
      requireWritable(session);
      ctx.pushInt(host.selfdestruct(context, message.recipient, popAddress(ctx)) ? 1 : 0);
    },
  },

  // Other accounts' code.
  {
    name: 'call',
    gas: 100,
    doc: 'kind gas account value input input_len out out_max -> status out_len ; send a message (kind 0 CALL, 1 DELEGATECALL, +256 STATIC) with up to gas gas to the account; copy up to out_max bytes of its output to out; push its status code (FAILURE for an internal one) and full output size',
    run: callAccount,
  },
  {
    name: 'log',
    gas: 375,
    doc: 'data len topics ntopics -> ; emit a log of len bytes at data with ntopics (0..4) words at topics; 375 gas per topic and 8 per byte',
    run: (session, ctx) => {
      const count = ctx.popInt();
      const topicsAt = ctx.popInt();
      const length = popLength(session, ctx);
      const dataAt = ctx.popInt();
      requireWritable(session);
      if (count < 0 || count > MAX_LOG_TOPICS) end(session, StatusCode.ArgumentOutOfRange);
      ctx.chargeGas(375 * count + 8 * length);
      const topics = Array.from({ length: count }, (_, i) => read(ctx, topicsAt + i * WORD_SIZE, WORD_SIZE));
      session.host.emitLog(session.context, session.message.recipient, read(ctx, dataAt, length), topics);
    },
  },

  // The transaction and the block.
  copyOut('gas_price', 'the transaction\'s gas price (32 bytes)', (s) => tx(s).gasPrice),
  copyOut('origin', 'the transaction\'s sender (20 bytes)', (s) => tx(s).origin),
  copyOut('coinbase', 'the block\'s beneficiary (20 bytes)', (s) => tx(s).coinbase),
  pushValue('block_number', 'the block number', (s) => tx(s).blockNumber),
  pushValue('timestamp', 'the block timestamp in seconds', (s) => tx(s).timestamp),
  pushValue('gas_limit', 'the block gas limit', (s) => tx(s).gasLimit),
  copyOut('prev_randao', 'the block\'s prev_randao (32 bytes)', (s) => tx(s).prevRandao),
  copyOut('chain_id', 'the chain id (32 bytes)', (s) => tx(s).chainId),
  copyOut('base_fee', 'the block\'s base fee (32 bytes)', (s) => tx(s).baseFee),
  {
    name: 'block_hash',
    gas: 20,
    doc: 'number dst -> ; copy the hash of block number (unsigned) to dst (zero when unknown)',
    run: ({ host, context }, ctx) => {
      const dst = ctx.popInt();
      write(ctx, dst, host.getBlockHash(context, ctx.popInt() >>> 0));
    },
  },

  // Access lists (EIP-2929).
  {
    name: 'access_account',
    gas: 10,
    doc: 'account -> warm ; mark the account accessed; push 1 if it was already (warm), 0 if not (cold)',
    run: ({ host, context }, ctx) => ctx.pushInt(host.accessAccount(context, popAddress(ctx))),
  },
  {
    name: 'access_storage',
    gas: 10,
    doc: 'key -> warm ; mark this account\'s slot at key accessed; push 1 if it was already (warm), 0 if not (cold)',
    run: ({ host, context, message }, ctx) => ctx.pushInt(host.accessStorage(context, message.recipient, popWord(ctx))),
  },

  // The end.
  {
    name: 'return',
    gas: 0,
    doc: 'data len -> ; end the execution with SUCCESS and len bytes at data as output',
    run: (session, ctx) => {
      const length = popLength(session, ctx);
      end(session, StatusCode.Success, read(ctx, ctx.popInt(), length));
    },
  },
  {
    name: 'revert',
    gas: 0,
    doc: 'data len -> ; end the execution with REVERT (state changes undone, gas left kept) and len bytes at data as output',
    run: (session, ctx) => {
      const length = popLength(session, ctx);
      end(session, StatusCode.Revert, read(ctx, ctx.popInt(), length));
    },
  },
];

/**
 * `host.call`: a nested message, charged to the machine with the gas the callee used. An internal
 * status (negative) reaches the guest as FAILURE; a REJECTED call ran nothing and costs no forwarded
 * gas; one the JS stack cannot hold is CALL_DEPTH_EXCEEDED with its gas consumed (nested-call.ts).
 */
function callAccount(session: HostSession, ctx: NativeContext): void {
  const { host, context, message } = session;
  const outMax = popLength(session, ctx);
  const outAt = ctx.popInt();
  const inputLength = popLength(session, ctx);
  const input = read(ctx, ctx.popInt(), inputLength);
  const valueAt = ctx.popInt();
  const target = popAddress(ctx);
  const requestedGas = ctx.popInt() >>> 0;
  const request = ctx.popInt();
  const kind = request & ~STATIC_CALL_BIT;
  if (!GUEST_CALL_KINDS.includes(kind)) end(session, StatusCode.ArgumentOutOfRange);
  checkRange(ctx, outAt, outMax, 'call output');
  const delegated = kind === CallKind.DelegateCall;
  const value = delegated ? message.value : read(ctx, valueAt, WORD_SIZE);
  const flags = message.flags | ((request & STATIC_CALL_BIT) !== 0 ? MessageFlags.Static : 0);
  if (kind === CallKind.Call && value.some((byte) => byte !== 0)) requireWritable(session, flags);
  if (message.depth >= MAX_MESSAGE_DEPTH) {
    ctx.pushInt(StatusCode.CallDepthExceeded);
    ctx.pushInt(0);
    return;
  }
  const gas = Math.min(requestedGas, session.gasLeft());
  const result = callHost(host, context, {
    kind: kind as CallKind,
    flags,
    depth: message.depth + 1,
    gas,
    recipient: kind === CallKind.Call ? target : message.recipient,
    sender: delegated ? message.sender : message.recipient,
    input,
    value,
    create2Salt: new Uint8Array(WORD_SIZE),
    codeAddress: target,
  });
  try {
    ctx.chargeGas(gasUsedByCall(gas, result));
    write(ctx, outAt, result.output.subarray(0, outMax));
  } finally {
    result.release?.();
  }
  // Negative codes are the host's internal ones, never a guest's business (EVMC's rule).
  ctx.pushInt(result.statusCode < 0 ? StatusCode.Failure : result.statusCode);
  ctx.pushInt(result.output.length);
}

/** The `host` library bound to one execution. */
export function hostLibrary(session: HostSession): NativeLibrary {
  return {
    name: 'host',
    functions: HOST_FUNCTIONS.map(({ name, gas, doc, run }): NativeFunctionDef => ({
      name,
      doc,
      fn: (ctx) => {
        ctx.chargeGas(gas);
        try {
          run(session, ctx);
        } catch (error) {
          if (!(error instanceof GuestFault)) session.hostError = { error };
          throw error;
        }
      },
    })),
  };
}
