/**
 * Execution traces, one JSON object per instruction in the spirit of EIP-3155: the state just
 * before the instruction runs.
 */
import { GAS_COST, opcodeInfo } from '../isa/opcodes.js';
import { operandAt } from '../image/program.js';
import type { MachineCore } from './core.js';

/** One trace line: the state before executing the instruction at `pc`. */
export interface TraceLine {
  /** Index of the instruction about to run. */
  readonly pc: number;
  /** Its mnemonic ('invalid' for an instruction that cannot execute). */
  readonly op: string;
  /** Its operand, unsigned. */
  readonly operand: number;
  /** Gas left before it runs. */
  readonly gas: number;
  /** Its gas cost from the opcode table (natives and bulk memory may charge more). */
  readonly gasCost: number;
  /** Call depth (call and interrupt frames). */
  readonly depth: number;
  /** The value stack, bottom first. */
  readonly stack: readonly number[];
}

/** The trace line for the instruction the core is about to execute. */
export function traceLine(core: MachineCore): TraceLine {
  const opcode = core.program.code[core.pc * 5] ?? -1;
  const known = core.decoded.ops[core.pc] === opcode ? opcodeInfo(opcode) : undefined;
  return {
    pc: core.pc,
    op: known?.mnemonic ?? 'invalid',
    operand: operandAt(core.program.code, core.pc),
    gas: core.gas,
    gasCost: GAS_COST[core.decoded.ops[core.pc]],
    depth: core.depth,
    stack: Array.from(core.stack.subarray(0, core.sp)),
  };
}
