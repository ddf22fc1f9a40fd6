/**
 * The per-instruction listing the page shows beside the source: the disassembler's text for each
 * pc (labels in front), with the source line the debug info maps it to.
 */
import { disassemble } from '../asm/index.js';
import type { Program } from '../image/program.js';
import { instructionCount } from '../image/program.js';
import type { TargetInfo } from './protocol.js';
import { MAX_INSTRUCTION_CHARS } from './protocol.js';

/** An instruction line of the disassembly: its text, then the column comment `; pc N`. */
const INSTRUCTION_LINE = /^\s+(.*?)\s*; pc (\d+)\b/;
const LABEL_LINE = /^([^\s;]+):$/;

/** The instructions of `program`, one entry per pc. */
export function listing(program: Program): TargetInfo['instructions'] {
  const lines = new Map<number, number>();
  for (const location of program.debug?.locations ?? []) if (!lines.has(location.pc)) lines.set(location.pc, location.line);
  const texts = new Map<number, string>();
  let labels: string[] = [];
  for (const line of disassemble(program).split('\n')) {
    const label = LABEL_LINE.exec(line);
    const instruction = INSTRUCTION_LINE.exec(line);
    if (label) labels.push(`${label[1]}:`);
    else if (instruction) {
      texts.set(Number(instruction[2]), [...labels, instruction[1]].join(' ').slice(0, MAX_INSTRUCTION_CHARS));
      labels = [];
    }
  }
  return Array.from({ length: instructionCount(program) }, (_, pc) => ({ pc, text: texts.get(pc) ?? '(undefined opcode)', line: lines.get(pc) ?? null }));
}

/** A stack value as the page shows it (JSON has no NaN, infinities or -0). */
export function showValue(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}
