/**
 * The disassembler: a Program back to assembly text that `assemble` accepts. For any program the
 * assembler produced, reassembling the text (with the same library description) gives the same
 * program minus debug info. Any other valid program disassembles too, best effort: what assembly
 * cannot express is written as a comment, and nothing throws.
 */
import type { ImportedLibrary, Program } from '../image/program.js';
import { instructionCount, opcodeAt, operandAt } from '../image/program.js';
import type { OpcodeSpec } from '../isa/opcodes.js';
import { INSTRUCTION_SIZE, opcodeInfo } from '../isa/opcodes.js';
import { formatFloat, poolBits } from './floats.js';
import { commented } from './comment-column.js';
import { dataLines } from './data-lines.js';
import { counted } from '../messages.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_.]*$/;
/** What the lexer reads as one name: an identifier, or `N.name` for a positional library. */
const NATIVE_NAME = /^([A-Za-z_]|[0-9]+\.[A-Za-z_])[A-Za-z0-9_.]*$/;

/** Disassembles a program into assembly text. */
export function disassemble(program: Program): string {
  const count = instructionCount(program);
  const labels = labelNames(program, count);
  const lines: string[] = [`; exvm disassembly: ${counted(count, 'instruction')}, ${counted(program.constants.length, 'constant')}, ${counted(program.data.length, 'data segment')}`];
  if (program.debug) lines.push(`; assembled from ${JSON.stringify(program.debug.source)}`);
  const trailing = program.code.length % INSTRUCTION_SIZE;
  if (trailing !== 0) lines.push(`; ${counted(trailing, 'trailing code byte')} left out (not a whole instruction)`);
  lines.push(`.memory ${program.memorySize}`);
  if (count > 0) lines.push(`.entry ${labels.get(program.entry)?.[0] ?? program.entry}`);
  else if (program.entry !== 0) lines.push(`; entry ${program.entry} (there are no instructions)`);
  for (const exported of program.exports) {
    const expressible = IDENTIFIER.test(exported.name) && labels.get(exported.pc)?.includes(exported.name);
    lines.push(expressible ? `.export ${exported.name}` : `; export ${JSON.stringify(exported.name)} at pc ${exported.pc} cannot be written in assembly`);
  }
  lines.push('', '.text');
  const natives = nativeNames(program.imports);
  const bits = poolBits(program.constants);
  for (let pc = 0; pc < count; pc++) {
    for (const name of labels.get(pc) ?? []) lines.push(`${name}:`);
    lines.push(instructionLine(program, pc, labels, natives, bits));
  }
  const segments = program.data.filter((segment) => segment.bytes.length > 0).sort((a, b) => a.address - b.address);
  if (segments.length > 0) lines.push('', '.data');
  for (const segment of segments) for (const line of dataLines(segment)) lines.push(line);
  return `${lines.join('\n')}\n`;
}

/** Names of the labels at each pc: export names first, then `L<pc>` for other jump targets and the entry. */
function labelNames(program: Program, count: number): Map<number, string[]> {
  const labels = new Map<number, string[]>();
  const taken = new Set<string>();
  const add = (pc: number, name: string): void => {
    const names = labels.get(pc);
    if (names) names.push(name);
    else labels.set(pc, [name]);
    taken.add(name);
  };
  for (const exported of program.exports) {
    if (IDENTIFIER.test(exported.name) && exported.pc >= 0 && exported.pc < count && !taken.has(exported.name)) add(exported.pc, exported.name);
  }
  const targets = new Set<number>(count > 0 ? [program.entry] : []);
  for (let pc = 0; pc < count; pc++) {
    if (opcodeInfo(opcodeAt(program.code, pc))?.operand === 'code') targets.add(operandAt(program.code, pc));
  }
  for (const pc of [...targets].sort((a, b) => a - b)) {
    if (pc < 0 || pc >= count || labels.has(pc)) continue;
    let name = `L${pc}`;
    while (taken.has(name)) name += '_';
    add(pc, name);
  }
  return labels;
}

/** How each imported native is written in an `ncall`, by operand. */
function nativeNames(imports: readonly ImportedLibrary[]): Map<number, string> {
  const names = new Map<number, string>();
  for (const library of imports) {
    const libraryName = library.name === '' ? String(library.index) : library.name;
    for (const fn of library.functions) {
      // A library whose name is not an identifier can only have been named by a bare function name.
      const qualified = `${libraryName}.${fn.name}`;
      const name = NATIVE_NAME.test(qualified) ? qualified : IDENTIFIER.test(fn.name) ? fn.name : undefined;
      if (name !== undefined) names.set(((library.index << 16) | fn.index) >>> 0, name);
    }
  }
  return names;
}

function instructionLine(program: Program, pc: number, labels: Map<number, string[]>, natives: Map<number, string>, bits: BigUint64Array): string {
  const opcode = opcodeAt(program.code, pc);
  const operand = operandAt(program.code, pc);
  const spec = opcodeInfo(opcode);
  if (!spec) return `    ; pc ${pc}: undefined opcode 0x${opcode.toString(16).padStart(2, '0')}, operand ${operand}`;
  const { text, note } = operandText(spec, operand, labels, natives, bits);
  const line = text === '' ? `    ${spec.mnemonic}` : `    ${spec.mnemonic} ${text}`;
  return commented(line, note ? `pc ${pc}: ${note}` : `pc ${pc}`);
}

function operandText(spec: OpcodeSpec, operand: number, labels: Map<number, string[]>, natives: Map<number, string>, bits: BigUint64Array): { text: string; note?: string } {
  switch (spec.operand) {
    case 'none':
      return operand === 0 ? { text: '' } : { text: '', note: `operand ${operand} left out` };
    case 'i32':
      return { text: String(operand | 0) };
    case 'code':
      return { text: labels.get(operand)?.[0] ?? String(operand) };
    case 'frame':
      return { text: `${operand & 0xffff}, ${operand >>> 16}` };
    case 'const':
      return operand < bits.length ? { text: formatFloat(bits[operand]) } : { text: String(operand), note: 'no such constant' };
    case 'native': {
      const name = natives.get(operand);
      return name === undefined ? { text: `0x${operand.toString(16)}`, note: 'a native with no name assembly can write' } : { text: name };
    }
    default:
      return { text: String(operand) };
  }
}
