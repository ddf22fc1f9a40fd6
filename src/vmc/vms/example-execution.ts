/**
 * The state of one execution of the example VM: stack, memory, gas, program counter. A fresh
 * `Execution` is made for every `execute`, so the VM instance itself holds nothing about an
 * execution and may run any number of them at once (nested through host calls, or interleaved).
 */
import { AccessStatus, MessageFlags, Revision, StatusCode } from '../constants.js';
import type { Address, HostContext, HostInterface, Message, Word } from '../types.js';
import { addressFromBigInt } from './words.js';

/** Most values the stack holds (the EVM's limit). */
export const STACK_LIMIT = 1024;
/** Most bytes of memory an execution may use; beyond that it runs out of gas, as it would in the EVM with any realistic gas. */
export const MEMORY_LIMIT = 1 << 22;
/** Gas per 32-byte word of memory growth (linear only: the EVM's quadratic term is left out). */
export const MEMORY_WORD_GAS = 3;
/** Extra gas for a cold account access (EIP-2929: 2,600 cold vs 100 warm). */
export const COLD_ACCOUNT_EXTRA_GAS = 2500;
/** Extra gas for a cold storage slot (EIP-2929: 2,100 cold vs 100 warm). */
export const COLD_SLOT_EXTRA_GAS = 2000;

/** Thrown by an instruction to end the execution: the status and, for RETURN and REVERT, the output. */
export class Stop {
  /** Ends the execution with `statusCode` and `output`. */
  constructor(
    readonly statusCode: StatusCode,
    readonly output: Uint8Array = new Uint8Array(0),
  ) {}
}

/** One execution in progress. Instructions read and change it; nothing else does. */
export class Execution {
  /** The value stack, bottom first; every value is in [0, 2^256). */
  readonly stack: bigint[] = [];
  /** Memory; it grows in 32-byte words as instructions touch it. */
  memory = new Uint8Array(0);
  /** Index of the next opcode byte. */
  pc = 0;
  /** Gas left. */
  gasLeft: number;
  /** Gas to refund on success (from storage deletions). */
  gasRefund = 0;
  #jumpDestinations: Set<number> | undefined;

  /** Starts an execution of `code` for `message`, with the message's gas. */
  constructor(
    readonly host: HostInterface,
    readonly context: HostContext,
    readonly revision: Revision,
    readonly message: Message,
    readonly code: Uint8Array,
  ) {
    this.gasLeft = message.gas;
  }

  /** Takes `gas`, or ends the execution with OUT_OF_GAS. */
  charge(gas: number): void {
    if (gas > this.gasLeft) throw new Stop(StatusCode.OutOfGas);
    this.gasLeft -= gas;
  }

  /** Pops the top value, or ends the execution with STACK_UNDERFLOW. */
  pop(): bigint {
    const value = this.stack.pop();
    if (value === undefined) throw new Stop(StatusCode.StackUnderflow);
    return value;
  }

  /** Pops the top value as an address (its low 160 bits). */
  popAddress(): Address {
    return addressFromBigInt(this.pop());
  }

  /** Pops a memory offset or size; one too large for memory ends the execution with OUT_OF_GAS. */
  popSize(): number {
    const value = this.pop();
    if (value > BigInt(MEMORY_LIMIT)) throw new Stop(StatusCode.OutOfGas);
    return Number(value);
  }

  /** Pushes a value (wrapped to 256 bits), or ends the execution with STACK_OVERFLOW. */
  push(value: bigint): void {
    if (this.stack.length >= STACK_LIMIT) throw new Stop(StatusCode.StackOverflow);
    this.stack.push(BigInt.asUintN(256, value));
  }

  /** Grows memory to cover [offset, offset + size), charging for the new words. A zero size touches nothing. */
  touchMemory(offset: number, size: number): void {
    if (size === 0) return;
    const end = offset + size;
    if (end > MEMORY_LIMIT) throw new Stop(StatusCode.OutOfGas);
    if (end <= this.memory.length) return;
    const newLength = Math.ceil(end / 32) * 32;
    this.charge(((newLength - this.memory.length) / 32) * MEMORY_WORD_GAS);
    const grown = new Uint8Array(newLength);
    grown.set(this.memory);
    this.memory = grown;
  }

  /** A copy of `size` bytes of memory at `offset` (growing memory first). */
  readMemory(offset: number, size: number): Uint8Array {
    this.touchMemory(offset, size);
    return this.memory.slice(offset, offset + size);
  }

  /** Writes `bytes` to memory at `offset` (growing memory first). */
  writeMemory(offset: number, bytes: Uint8Array): void {
    this.touchMemory(offset, bytes.length);
    this.memory.set(bytes, offset);
  }

  /** Ends the execution with STATIC_MODE_VIOLATION when the message is static. */
  requireWritable(): void {
    if ((this.message.flags & MessageFlags.Static) !== 0) throw new Stop(StatusCode.StaticModeViolation);
  }

  /** From Berlin on, marks the account accessed and charges the cold-access surcharge. */
  accessAccount(address: Address): void {
    if (this.revision < Revision.Berlin) return;
    if (this.host.accessAccount(this.context, address) === AccessStatus.Cold) this.charge(COLD_ACCOUNT_EXTRA_GAS);
  }

  /** From Berlin on, marks the recipient's slot accessed and charges the cold-access surcharge. */
  accessStorage(key: Word): void {
    if (this.revision < Revision.Berlin) return;
    if (this.host.accessStorage(this.context, this.message.recipient, key) === AccessStatus.Cold) this.charge(COLD_SLOT_EXTRA_GAS);
  }

  /** Whether `target` is a JUMPDEST opcode (not a byte inside PUSH data). Computed on first use. */
  isJumpDestination(target: bigint): boolean {
    this.#jumpDestinations ??= findJumpDestinations(this.code);
    return target < BigInt(this.code.length) && this.#jumpDestinations.has(Number(target));
  }
}

const JUMPDEST = 0x5b;
const PUSH1 = 0x60;
const PUSH32 = 0x7f;

/** The offsets of JUMPDEST opcodes, skipping the data of PUSH instructions. */
function findJumpDestinations(code: Uint8Array): Set<number> {
  const found = new Set<number>();
  for (let pc = 0; pc < code.length; pc++) {
    const opcode = code[pc];
    if (opcode === JUMPDEST) found.add(pc);
    else if (opcode >= PUSH1 && opcode <= PUSH32) pc += opcode - PUSH1 + 1;
  }
  return found;
}
