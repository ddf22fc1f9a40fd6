/**
 * The ISA reference (`docs/isa.md`), rendered from the opcode table and the status codes. Nothing
 * here restates a row of the table: mnemonics, operands, stack effects, gas and semantics all come
 * from `OPCODES`, so the page cannot drift from the machine.
 */
import type { OpcodeGroup, OpcodeSpec, OperandKind } from './opcodes.js';
import { BLOCK_ENDING_OPCODES, INSTRUCTION_SIZE, OPCODES, RESERVED_OPCODE } from './opcodes.js';
import { STATUSES, Status, isFault } from './status.js';

/** What each operand kind means, as written in the reference. */
const OPERAND_KINDS: Readonly<Record<OperandKind, string>> = {
  none: 'no operand: the operand bytes must be 0 (anything else is an InvalidInstruction)',
  i32: 'a 32-bit integer: the operand bits read as signed',
  u32: 'an unsigned 32-bit number',
  code: 'an instruction index (a jump or call target); one outside the code is a BadJump when reached',
  local: 'a local slot index in the current frame, 0..65535',
  frame: '`enter`: argument count in the low 16 bits, extra locals in the high 16 bits',
  count: 'the number of results `ret` moves, 0..255',
  const: "an index into the image's 64-bit float constant pool",
  native: 'library index in the high 16 bits, function index in the low 16 bits',
  offset: 'an unsigned byte offset added to the address popped from the stack',
  vector: 'an interrupt vector, 0..31',
};

/** The block-ending instructions, as written in prose: "`halt`, `jmp`, … and `int`". */
const BLOCK_ENDERS = ((names: string[]) => `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`)(
  OPCODES.filter((row) => BLOCK_ENDING_OPCODES.has(row.code)).map((row) => `\`${row.mnemonic}\``),
);

/** Section titles and notes for the instruction families, in the order the table introduces them. */
const GROUPS: Readonly<Record<OpcodeGroup, { readonly title: string; readonly note: string }>> = {
  control: { title: 'Control flow', note: 'Every control transfer ends a basic block; pending interrupts are taken right after it (see Interrupts).' },
  stack: { title: 'Stack', note: '' },
  locals: { title: 'Locals', note: 'Local `i` is the stack slot `fp + i`; a slot at or above the top of the stack is a StackUnderflow.' },
  integer: { title: 'Integer arithmetic', note: 'Results wrap to 32 bits. Comparisons push 1 or 0.' },
  float: { title: 'Floating point', note: 'IEEE-754 binary64. Comparisons push 1 or 0; every comparison with NaN is 0 except `fne`.' },
  conversion: { title: 'Conversions', note: '' },
  memory: {
    title: 'Memory',
    note: 'Addresses are unsigned; `address + offset` does not wrap. An access that does not fit in memory is a MemoryFault. Multi-byte values are little-endian.',
  },
  atomic: { title: 'Atomics', note: 'The address (after adding the offset) must be 4-byte aligned; otherwise the access is a MemoryFault.' },
  system: { title: 'System', note: '' },
  interrupt: {
    title: 'Interrupts',
    note: 'Pending interrupts are taken, lowest vector first, when interrupts are enabled, right after every block-ending instruction (' + BLOCK_ENDERS + ', whether or not a branch is taken) and when a run (or step) starts. Taking one pushes an interrupt frame, sets fp to sp and disables interrupts.',
  },
};

/** What the machine does after returning each kind of status. */
function statusKind(code: number): string {
  if (isFault(code)) return 'fault (sticky until `reset()`)';
  if (code === Status.Halted) return 'ended (sticky until `reset()`)';
  return 'can run on';
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

function stackCount(count: number | null): string {
  return count === null ? '*' : String(count);
}

function hex(code: number): string {
  return `0x${code.toString(16).padStart(2, '0').toUpperCase()}`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)];
}

function groupSection(group: OpcodeGroup, rows: readonly OpcodeSpec[]): string[] {
  const { title, note } = GROUPS[group];
  const body = table(
    ['Code', 'Mnemonic', 'Operand', 'Pops', 'Pushes', 'Gas', 'Semantics'],
    rows.map((row) => [hex(row.code), `\`${row.mnemonic}\``, row.operand, stackCount(row.pops), stackCount(row.pushes), String(row.gas), cell(row.doc)]),
  );
  return [`### ${title}`, '', ...(note ? [note, ''] : []), ...body, ''];
}

function intro(): string[] {
  return [
    '# exvm instruction set reference',
    '',
    '<!-- Generated from src/isa/opcodes.ts by `npm run docs`. Do not edit by hand. -->',
    '',
    '## Instruction format',
    '',
    `Every instruction is ${INSTRUCTION_SIZE} bytes: a 1-byte opcode followed by a 4-byte little-endian unsigned operand. ` +
      `Instruction *i* starts at byte ${INSTRUCTION_SIZE}·*i* of the code; jump and call targets are instruction indices. ` +
      `Execution starts at the program's entry instruction (0 unless the image says otherwise). ` +
      `Byte ${hex(RESERVED_OPCODE)} is reserved and never defined; executing an undefined opcode is an InvalidInstruction fault.`,
    '',
    '## Operand kinds',
    '',
    ...table(
      ['Kind', 'Meaning'],
      (Object.keys(OPERAND_KINDS) as OperandKind[]).map((kind) => [`\`${kind}\``, cell(OPERAND_KINDS[kind])]),
    ),
    '',
    '## Values and stack notation',
    '',
    'The machine has one value stack holding 32-bit integers and 64-bit floats. Integers wrap around; ' +
      'a `u` suffix (`au`) marks the unsigned view of the same 32 bits. ' +
      'In the semantics column, values left of `->` are popped (the rightmost is the top of the stack) and values right of it are pushed; ' +
      '`imm` is the operand. The Pops and Pushes columns count values; `*` means the count depends on the operand or the callee.',
    '',
    'Values carry no type tag: each instruction says how it reads its operands. An integer instruction reads a float as a 32-bit integer ' +
      '(truncated toward zero and wrapped modulo 2^32; NaN and the infinities read as 0), so `pushf 3.7; push 1; add` gives 4. ' +
      'A float instruction reads an integer as the number it is. Convert explicitly with `itof`, `utof`, `ftoi` and `ftou`.',
    '',
    '## Gas',
    '',
    "Each instruction costs the gas in its row, charged before it runs. When less gas is left than the next instruction costs, the machine stops with OutOfGas on that instruction, which does not run and leaves gas as it was. `mcopy` and `mfill` cost 1 more per 32 bytes (rounded up), and native functions may charge for their work.",
    '',
  ];
}

function statuses(): string[] {
  return [
    '## Statuses',
    '',
    '`run()` and `step()` return one of these codes; guest behaviour never throws. A fault records the faulting instruction, which did not complete.',
    '',
    ...table(
      ['Code', 'Status', 'Kind', 'Meaning'],
      STATUSES.map((row) => [String(row.code), row.name, statusKind(row.code), row.doc]),
    ),
    '',
  ];
}

/** Renders the complete ISA reference as Markdown. */
export function renderIsaReference(): string {
  const groups: OpcodeGroup[] = [];
  for (const row of OPCODES) if (!groups.includes(row.group)) groups.push(row.group);
  const sections = groups.flatMap((group) => groupSection(group, OPCODES.filter((row) => row.group === group)));
  return [...intro(), '## Instructions', '', ...sections, ...statuses()].join('\n');
}
