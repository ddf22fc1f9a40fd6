/**
 * The example VM's instruction set: a small subset of EVM opcodes, one row each, with the gas it
 * costs up front and what it does. Values are 256-bit (bigints); stack operands are listed top
 * first, as in the Yellow Paper. Every host callback is used by at least one instruction:
 *
 * | callback        | instructions                                             |
 * |-----------------|----------------------------------------------------------|
 * | accountExists   | CALL with value (a new account costs 25,000 more)        |
 * | getStorage      | SLOAD                                                    |
 * | setStorage      | SSTORE                                                   |
 * | getBalance      | BALANCE                                                  |
 * | getCodeSize     | EXTCODESIZE                                              |
 * | getCodeHash     | EXTCODEHASH                                              |
 * | copyCode        | EXTCODECOPY                                              |
 * | selfdestruct    | SELFDESTRUCT (undefined when the host has no selfdestruct, as in ZVMC) |
 * | call            | CALL, DELEGATECALL, STATICCALL                           |
 * | getTxContext    | ORIGIN, GASPRICE, COINBASE, TIMESTAMP, NUMBER, PREVRANDAO, GASLIMIT, CHAINID, BASEFEE, BLOCKHASH |
 * | getBlockHash    | BLOCKHASH                                                |
 * | emitLog         | LOG0..LOG4                                               |
 * | accessAccount   | BALANCE, EXTCODE*, CALL*, SELFDESTRUCT (from Berlin on)  |
 * | accessStorage   | SLOAD, SSTORE (from Berlin on)                           |
 *
 * Gas, simplified but documented: each row's `gas` is charged before the instruction runs; memory
 * growth costs 3 per 32-byte word (no quadratic term); from Berlin on a cold account costs 2,500
 * more and a cold slot 2,000 more; SSTORE costs 20,000 more when it adds a value and 2,900 more
 * when it modifies or deletes one (deleting refunds 4,800); LOGn costs 375 per topic and 8 per
 * data byte; EXTCODECOPY 3 per copied word; CALL with value 9,000 more. A call forwards
 * min(requested, all gas left) — no 63/64 rule — and gets back what the callee did not use (all
 * of it when the host answers REJECTED: nothing ran). A nested call the JS stack cannot hold fails
 * like one past the depth limit, consuming its gas (see nested-call.ts).
 */
import { CallKind, MessageFlags, StatusCode, StorageStatus, WORD_SIZE } from '../constants.js';
import type { Message } from '../types.js';
import type { Execution } from './example-execution.js';
import { Stop } from './example-execution.js';
import { callHost, gasUsedByCall } from './nested-call.js';
import { bigIntFromBytes, wordFromBigInt } from './words.js';

/** One instruction: its mnemonic, its up-front gas and its effect. */
export interface Instruction {
  /** The EVM mnemonic. */
  readonly name: string;
  /** Gas charged before it runs. */
  readonly gas: number;
  /** What it does; `opcode` tells the members of a family (PUSHn, DUPn, SWAPn, LOGn) apart. */
  readonly run: (x: Execution, opcode: number) => void;
}

/** The maximum call depth: a call from this depth fails without reaching the host (EVM rule). */
export const MAX_DEPTH = 1024;
const NEW_ACCOUNT_GAS = 25000;
const VALUE_TRANSFER_GAS = 9000;
const SSTORE_SET_EXTRA_GAS = 20000;
const SSTORE_RESET_EXTRA_GAS = 2900;
const SSTORE_CLEAR_REFUND = 4800;
const LOG_TOPIC_GAS = 375;
const LOG_BYTE_GAS = 8;
const COPY_WORD_GAS = 3;
const ZERO_WORD = new Uint8Array(WORD_SIZE);

const table = new Map<number, Instruction>();

function define(opcode: number, name: string, gas: number, run: Instruction['run']): void {
  table.set(opcode, { name, gas, run });
}

const bool = (condition: boolean): bigint => (condition ? 1n : 0n);
const txContext = (x: Execution) => x.host.getTxContext(x.context);

// Stopping and arithmetic.
define(0x00, 'STOP', 0, () => {
  throw new Stop(StatusCode.Success);
});
define(0x01, 'ADD', 3, (x) => x.push(x.pop() + x.pop()));
define(0x03, 'SUB', 3, (x) => x.push(x.pop() - x.pop()));
define(0x10, 'LT', 3, (x) => x.push(bool(x.pop() < x.pop())));
define(0x14, 'EQ', 3, (x) => x.push(bool(x.pop() === x.pop())));
define(0x15, 'ISZERO', 3, (x) => x.push(bool(x.pop() === 0n)));

// The message and the accounts.
define(0x30, 'ADDRESS', 2, (x) => x.push(bigIntFromBytes(x.message.recipient)));
define(0x31, 'BALANCE', 100, (x) => {
  const address = x.popAddress();
  x.accessAccount(address);
  x.push(bigIntFromBytes(x.host.getBalance(x.context, address)));
});
define(0x32, 'ORIGIN', 2, (x) => x.push(bigIntFromBytes(txContext(x).origin)));
define(0x33, 'CALLER', 2, (x) => x.push(bigIntFromBytes(x.message.sender)));
define(0x34, 'CALLVALUE', 2, (x) => x.push(bigIntFromBytes(x.message.value)));
define(0x35, 'CALLDATALOAD', 3, (x) => {
  const offset = x.pop();
  const word = new Uint8Array(WORD_SIZE);
  const input = x.message.input;
  if (offset < BigInt(input.length)) word.set(input.subarray(Number(offset), Number(offset) + WORD_SIZE));
  x.push(bigIntFromBytes(word));
});
define(0x36, 'CALLDATASIZE', 2, (x) => x.push(BigInt(x.message.input.length)));
define(0x3a, 'GASPRICE', 2, (x) => x.push(bigIntFromBytes(txContext(x).gasPrice)));
define(0x3b, 'EXTCODESIZE', 100, (x) => {
  const address = x.popAddress();
  x.accessAccount(address);
  x.push(BigInt(x.host.getCodeSize(x.context, address)));
});
define(0x3c, 'EXTCODECOPY', 100, (x) => {
  const address = x.popAddress();
  const memoryOffset = x.popSize();
  const codeOffset = x.pop();
  const size = x.popSize();
  x.accessAccount(address);
  x.charge(Math.ceil(size / 32) * COPY_WORD_GAS);
  // Bytes past the end of the code read as zero, like CALLDATALOAD's.
  const buffer = new Uint8Array(size);
  if (codeOffset < BigInt(Number.MAX_SAFE_INTEGER)) x.host.copyCode(x.context, address, Number(codeOffset), buffer);
  x.writeMemory(memoryOffset, buffer);
});
define(0x3f, 'EXTCODEHASH', 100, (x) => {
  const address = x.popAddress();
  x.accessAccount(address);
  x.push(bigIntFromBytes(x.host.getCodeHash(x.context, address)));
});

// The block.
define(0x40, 'BLOCKHASH', 20, (x) => {
  const number = x.pop();
  const current = BigInt(txContext(x).blockNumber);
  // Only the 256 most recent blocks have a hash; any other number gives zero.
  const known = number < current && number >= current - 256n;
  x.push(known ? bigIntFromBytes(x.host.getBlockHash(x.context, Number(number))) : 0n);
});
define(0x41, 'COINBASE', 2, (x) => x.push(bigIntFromBytes(txContext(x).coinbase)));
define(0x42, 'TIMESTAMP', 2, (x) => x.push(BigInt(txContext(x).timestamp)));
define(0x43, 'NUMBER', 2, (x) => x.push(BigInt(txContext(x).blockNumber)));
define(0x44, 'PREVRANDAO', 2, (x) => x.push(bigIntFromBytes(txContext(x).prevRandao)));
define(0x45, 'GASLIMIT', 2, (x) => x.push(BigInt(txContext(x).gasLimit)));
define(0x46, 'CHAINID', 2, (x) => x.push(bigIntFromBytes(txContext(x).chainId)));
define(0x48, 'BASEFEE', 2, (x) => x.push(bigIntFromBytes(txContext(x).baseFee)));

// Stack, memory, storage and flow.
define(0x50, 'POP', 2, (x) => void x.pop());
define(0x51, 'MLOAD', 3, (x) => x.push(bigIntFromBytes(x.readMemory(x.popSize(), WORD_SIZE))));
define(0x52, 'MSTORE', 3, (x) => x.writeMemory(x.popSize(), wordFromBigInt(x.pop())));
define(0x53, 'MSTORE8', 3, (x) => x.writeMemory(x.popSize(), Uint8Array.of(Number(x.pop() & 0xffn))));
define(0x54, 'SLOAD', 100, (x) => {
  const key = wordFromBigInt(x.pop());
  x.accessStorage(key);
  x.push(bigIntFromBytes(x.host.getStorage(x.context, x.message.recipient, key)));
});
define(0x55, 'SSTORE', 100, (x) => {
  x.requireWritable();
  const key = wordFromBigInt(x.pop());
  const value = wordFromBigInt(x.pop());
  x.accessStorage(key);
  const status = x.host.setStorage(x.context, x.message.recipient, key, value);
  if (status === StorageStatus.Added) x.charge(SSTORE_SET_EXTRA_GAS);
  if (status === StorageStatus.Modified || status === StorageStatus.Deleted) x.charge(SSTORE_RESET_EXTRA_GAS);
  if (status === StorageStatus.Deleted) x.gasRefund += SSTORE_CLEAR_REFUND;
});
define(0x56, 'JUMP', 8, (x) => jump(x, x.pop()));
define(0x57, 'JUMPI', 10, (x) => {
  const target = x.pop();
  if (x.pop() !== 0n) jump(x, target);
});
define(0x5a, 'GAS', 2, (x) => x.push(BigInt(x.gasLeft)));
define(0x5b, 'JUMPDEST', 1, () => {});

function jump(x: Execution, target: bigint): void {
  if (!x.isJumpDestination(target)) throw new Stop(StatusCode.BadJumpDestination);
  x.pc = Number(target);
}

for (let n = 1; n <= 32; n++) {
  define(0x5f + n, `PUSH${n}`, 3, (x) => {
    // Immediate bytes past the end of the code read as zero.
    const bytes = new Uint8Array(n);
    bytes.set(x.code.subarray(x.pc, x.pc + n));
    x.pc += n;
    x.push(bigIntFromBytes(bytes));
  });
}
for (let n = 1; n <= 16; n++) {
  define(0x7f + n, `DUP${n}`, 3, (x) => {
    if (x.stack.length < n) throw new Stop(StatusCode.StackUnderflow);
    x.push(x.stack[x.stack.length - n]);
  });
  define(0x8f + n, `SWAP${n}`, 3, (x) => {
    const { stack } = x;
    if (stack.length <= n) throw new Stop(StatusCode.StackUnderflow);
    const top = stack.length - 1;
    [stack[top], stack[top - n]] = [stack[top - n], stack[top]];
  });
}

// Logs: offset size topic1 .. topicN.
for (let n = 0; n <= 4; n++) {
  define(0xa0 + n, `LOG${n}`, 375, (x) => {
    x.requireWritable();
    const offset = x.popSize();
    const size = x.popSize();
    const topics = Array.from({ length: n }, () => wordFromBigInt(x.pop()));
    x.charge(n * LOG_TOPIC_GAS + size * LOG_BYTE_GAS);
    x.host.emitLog(x.context, x.message.recipient, x.readMemory(offset, size), topics);
  });
}

// Calls and the end of execution.
define(0xf1, 'CALL', 100, callInstruction(CallKind.Call, 0));
define(0xf3, 'RETURN', 0, (x) => {
  const offset = x.popSize();
  throw new Stop(StatusCode.Success, x.readMemory(offset, x.popSize()));
});
define(0xf4, 'DELEGATECALL', 100, callInstruction(CallKind.DelegateCall, 0));
define(0xfa, 'STATICCALL', 100, callInstruction(CallKind.Call, MessageFlags.Static));
define(0xfd, 'REVERT', 0, (x) => {
  const offset = x.popSize();
  throw new Stop(StatusCode.Revert, x.readMemory(offset, x.popSize()));
});
define(0xfe, 'INVALID', 0, () => {
  throw new Stop(StatusCode.InvalidInstruction);
});
define(0xff, 'SELFDESTRUCT', 5000, (x) => {
  const selfdestruct = x.host.selfdestruct?.bind(x.host);
  if (!selfdestruct) throw new Stop(StatusCode.UndefinedInstruction);
  x.requireWritable();
  const beneficiary = x.popAddress();
  x.accessAccount(beneficiary);
  selfdestruct(x.context, x.message.recipient, beneficiary);
  throw new Stop(StatusCode.Success);
});

/**
 * CALL (gas address value inOffset inSize outOffset outSize), DELEGATECALL and STATICCALL (the
 * same without value). Pushes 1 when the callee succeeded, else 0; copies its output to memory.
 * (The instruction is the returned function itself, not a wrapper calling it: one JS frame less
 * per nesting level.)
 */
function callInstruction(kind: CallKind, extraFlags: number): Instruction['run'] {
  return (x) => {
    const requestedGas = x.pop();
    const address = x.popAddress();
    const value = kind === CallKind.Call && extraFlags === 0 ? x.pop() : 0n;
    const inOffset = x.popSize();
    const inSize = x.popSize();
    const outOffset = x.popSize();
    const outSize = x.popSize();
    if (value !== 0n) x.requireWritable();
    const input = x.readMemory(inOffset, inSize);
    x.touchMemory(outOffset, outSize);
    x.accessAccount(address);
    if (value !== 0n) {
      x.charge(VALUE_TRANSFER_GAS);
      if (!x.host.accountExists(x.context, address)) x.charge(NEW_ACCOUNT_GAS);
    }
    if (x.message.depth >= MAX_DEPTH) {
      x.push(0n);
      return;
    }
    const gas = requestedGas < BigInt(x.gasLeft) ? Number(requestedGas) : x.gasLeft;
    x.gasLeft -= gas;
    const delegated = kind === CallKind.DelegateCall;
    const message: Message = {
      kind,
      flags: x.message.flags | extraFlags,
      depth: x.message.depth + 1,
      gas,
      recipient: delegated ? x.message.recipient : address,
      sender: delegated ? x.message.sender : x.message.recipient,
      input,
      value: delegated ? x.message.value : wordFromBigInt(value),
      create2Salt: ZERO_WORD,
      codeAddress: address,
    };
    const result = callHost(x.host, x.context, message);
    x.gasLeft += gas - gasUsedByCall(gas, result);
    x.writeMemory(outOffset, result.output.subarray(0, outSize));
    result.release?.();
    x.push(bool(result.statusCode === StatusCode.Success));
  };
}

/** The instruction with this opcode, or undefined for an opcode the example VM does not define. */
export function instructionAt(opcode: number): Instruction | undefined {
  return table.get(opcode);
}

/** Every opcode the example VM defines, ascending. */
export const DEFINED_OPCODES: readonly number[] = [...table.keys()].sort((a, b) => a - b);
