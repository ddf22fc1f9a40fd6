/**
 * Builders and checks for machine tests. Programs are built from instruction tuples with
 * `encodeInstructions`/`makeProgram` (not the assembler) and observed through the public `Machine`
 * API only.
 */
import assert from 'node:assert/strict';
import type { Mnemonic } from '../../src/isa/opcodes.js';
import { opcodeByMnemonic } from '../../src/isa/opcodes.js';
import type { Program } from '../../src/image/program.js';
import { encodeInstructions, makeProgram } from '../../src/image/program.js';
import type { MachineOptions } from '../../src/machine/machine.js';
import { Machine } from '../../src/machine/machine.js';
import type { TierName } from '../../src/machine/compiled/tier.js';
import { Status, statusName } from '../../src/isa/status.js';

/** One instruction: opcode byte and unsigned operand. */
export type Instruction = readonly [opcode: number, operand: number];

/** Program parts other than the code. */
export type ProgramParts = Omit<Partial<Program>, 'code'>;

/** The instruction `mnemonic operand`; negative operands are encoded as their 32-bit pattern. */
export function ins(mnemonic: Mnemonic, operand = 0): Instruction {
  const spec = opcodeByMnemonic(mnemonic);
  if (!spec) throw new Error(`no opcode ${mnemonic}`);
  return [spec.code, operand >>> 0];
}

/** The operand of `enter args, locals`. */
export function frame(args: number, locals: number): number {
  return (args | (locals << 16)) >>> 0;
}

/** A program made of `code`, with the given other parts. */
export function program(code: readonly Instruction[], parts: ProgramParts = {}): Program {
  return makeProgram({ ...parts, code: encodeInstructions(code) });
}

let harnessTier: TierName | undefined;

/** Makes every machine this harness builds use `tier` (test/machine/tier reruns the machine tests on each tier). */
export function useTier(tier: TierName): void {
  harnessTier = tier;
}

/** A fresh machine loaded with `code` (on the harness's tier, unless `options` names one). */
export function machineFor(code: readonly Instruction[], parts: ProgramParts = {}, options: MachineOptions = {}): Machine {
  return new Machine(program(code, parts), { tier: harnessTier, ...options });
}

/** Asserts a status, naming both sides on failure. */
export function assertStatus(actual: Status, expected: Status, context = ''): void {
  assert.equal(statusName(actual), statusName(expected), context);
}

/**
 * Runs straight-line code for exactly as many steps as it has instructions and returns the stack.
 * Fails unless every instruction ran without stopping the machine.
 */
export function stackAfter(code: readonly Instruction[], parts: ProgramParts = {}, options: MachineOptions = {}): number[] {
  const machine = machineFor(code, parts, options);
  const status = machine.run(code.length);
  assert.equal(statusName(status), 'Ok', machine.fault?.message);
  assert.equal(machine.pc, code.length);
  return machine.stackValues();
}

/** Runs until the machine stops, asserts that a `brk` stopped it, and returns the machine. */
export function runToBreak(code: readonly Instruction[], parts: ProgramParts = {}, options: MachineOptions = {}): Machine {
  const machine = machineFor(code, parts, options);
  assertStatus(machine.run(), Status.Breakpoint, machine.fault?.message);
  return machine;
}

/** The stack when the code stops at a `brk`. */
export function stackAtBreak(code: readonly Instruction[], parts: ProgramParts = {}, options: MachineOptions = {}): number[] {
  return runToBreak(code, parts, options).stackValues();
}

/** The 32-bit little-endian word of guest memory at `address`. */
export function wordAt(machine: Machine, address: number): number {
  const memory = machine.memory;
  return new DataView(memory.buffer, memory.byteOffset, memory.byteLength).getInt32(address, true);
}

/** Guest memory bytes [from, to). */
export function bytesAt(machine: Machine, from: number, to: number): number[] {
  return Array.from(machine.memory.subarray(from, to));
}

/** The stack after pushing the integers `inputs` (in order) and running `mnemonic operand`. */
export function intOp(mnemonic: Mnemonic, inputs: readonly number[], operand = 0): number[] {
  return stackAfter([...inputs.map((value) => ins('push', value)), ins(mnemonic, operand)]);
}

/** The stack after pushing the floats `inputs` (from the constant pool) and running `mnemonic`. */
export function floatOp(mnemonic: Mnemonic, inputs: readonly number[]): number[] {
  return stackAfter([...inputs.map((_, index) => ins('pushf', index)), ins(mnemonic)], { constants: Float64Array.from(inputs) });
}

/** Asserts that the machine is in the fault state `status` at `pc` with a message matching `message`. */
export function assertFault(machine: Machine, status: Status, pc: number, message: RegExp): void {
  assertStatus(machine.status, status, machine.fault?.message);
  const fault = machine.fault;
  assert.ok(fault, 'the machine records no fault');
  assertStatus(fault.status, status);
  assert.equal(fault.pc, pc, `fault pc (${fault.message})`);
  assert.equal(machine.pc, pc, 'pc stays on the faulting instruction');
  assert.match(fault.message, message);
}

/** Runs `code` to completion and asserts the fault it ends in. Returns the machine for further checks. */
export function expectFault(
  code: readonly Instruction[],
  status: Status,
  pc: number,
  message: RegExp,
  parts: ProgramParts = {},
  options: MachineOptions = {},
): Machine {
  const machine = machineFor(code, parts, options);
  assertStatus(machine.run(), status, machine.fault?.message);
  assertFault(machine, status, pc, message);
  return machine;
}

/** The observable state of a machine, for comparing two runs. */
export interface MachineState {
  readonly status: string;
  readonly pc: number;
  readonly stack: readonly number[];
  readonly gas: number;
  readonly gasUsed: number;
  readonly exitCode: number;
  readonly fault: Machine['fault'];
  readonly callDepth: number;
  readonly interruptsEnabled: boolean;
  readonly instructionsExecuted: number;
  readonly hypercallNumber: number;
  readonly memory: Uint8Array;
}

/** Captures everything observable about a machine through its public API. */
export function stateOf(machine: Machine): MachineState {
  return {
    status: statusName(machine.status),
    pc: machine.pc,
    stack: machine.stackValues(),
    gas: machine.gas,
    gasUsed: machine.gasUsed,
    exitCode: machine.exitCode,
    fault: machine.fault,
    callDepth: machine.callDepth,
    interruptsEnabled: machine.interruptsEnabled,
    instructionsExecuted: machine.instructionsExecuted,
    hypercallNumber: machine.hypercallNumber,
    memory: machine.memory.slice(),
  };
}

/** Statuses after which running again continues the program. */
const RESUMABLE: ReadonlySet<Status> = new Set<Status>([Status.Ok, Status.Breakpoint, Status.Hypercall, Status.Waiting]);

/**
 * Drives a machine until it halts or faults, resuming after breakpoints, hypercalls and waits.
 * `drive` runs one slice (default: `run()`); slice number `n` is passed to it.
 */
export function finish(machine: Machine, drive: (machine: Machine, slice: number) => Status = (m) => m.run()): Status {
  for (let slice = 0; slice < 1_000_000; slice++) {
    const status = drive(machine, slice);
    if (!RESUMABLE.has(status)) return status;
  }
  throw new Error('the program did not finish within a million slices');
}
