/**
 * Passes 0 and 1 of the assembler. Pass 0 defines every name (so later passes can tell a forward
 * reference from a typo); pass 1 walks the statements in order, giving each code label its
 * instruction index and each data label its byte address, and laying out data. Values that
 * shape the layout (`.zero`, `.align`, `.org`) must be computable at that point; everything else
 * (operands, data values, `.entry`, `.export`, `.memory`) waits for pass 2.
 */
import { OPCODES, opcodeByMnemonic } from '../isa/opcodes.js';
import { MAX_FLAT_MEMORY } from '../isa/limits.js';
import type { Diagnostics, Reporter } from './diagnostics.js';
import { silent } from './diagnostics.js';
import type { Expr } from './expression.js';
import { parseExpression } from './expression.js';
import type { DirectiveToken, IdentToken } from './lexer.js';
import type { Statement } from './statement.js';
import { didYouMean } from './suggest.js';
import type { LabelSymbol, SymbolTable } from './symbols.js';
import type { ValueRange } from './range.js';
import { DATA_DIRECTIVES } from './data-directives.js';
import type { DirectiveHandler, Layout } from './layout-builder.js';
import { LayoutBuilder } from './layout-builder.js';

/** The allowed values of `.memory`. */
export const MEMORY_RANGE: ValueRange = { what: 'memory size', min: 0n, max: BigInt(MAX_FLAT_MEMORY) };

function noOperands(head: DirectiveToken, statement: Statement, report: Reporter): void {
  if (statement.rest.length > 0) report(statement.rest[0], `'${head.text}' takes no operands`);
}

function once(slot: 'entry' | 'memory'): DirectiveHandler {
  return (builder, head, statement, report) => {
    const first = builder.layout[slot];
    if (first) report(head, `duplicate ${head.text} (the first is at line ${first.head.line})`);
    else builder.layout[slot] = { head, operands: statement.operands, report };
  };
}

/** Directives that work in either section. */
const GENERAL_DIRECTIVES: Readonly<Record<string, DirectiveHandler>> = {
  text: (builder, head, statement, report) => {
    noOperands(head, statement, report);
    builder.section = 'text';
  },
  data: (builder, head, statement, report) => {
    noOperands(head, statement, report);
    builder.section = 'data';
  },
  entry: once('entry'),
  memory: once('memory'),
  export: (builder, head, statement, report) => {
    if (statement.operands.length === 0) report(head, "'.export' needs the name of a code label");
    builder.layout.exports.push({ head, operands: statement.operands, report });
  },
  // Defined in pass 0; nothing to lay out.
  const: () => undefined,
};

/** The names of every directive, for suggestions. */
const DIRECTIVE_NAMES = [...Object.keys(GENERAL_DIRECTIVES), ...Object.keys(DATA_DIRECTIVES)].map((name) => `.${name}`);

/** The name and value expression of a `.const NAME [,|=] EXPR` statement (reports a malformed one). */
function parseConst(head: DirectiveToken, statement: Statement, report: Reporter): { name: IdentToken; expr: Expr | undefined } | undefined {
  const [name, separator] = statement.rest;
  if (name?.kind !== 'ident') {
    report(name ?? head, "'.const' needs a name and a value, e.g. .const SIZE 16");
    return undefined;
  }
  const skip = separator?.kind === 'punct' && (separator.text === ',' || separator.text === '=') ? 2 : 1;
  return { name, expr: parseExpression(statement.rest.slice(skip), report, name) };
}

/** Pass 0: defines every label and constant; returns the label symbols by their defining token. */
function defineNames(statements: readonly Statement[], symbols: SymbolTable, report: Reporter): Map<IdentToken, LabelSymbol> {
  const labels = new Map<IdentToken, LabelSymbol>();
  for (const statement of statements) {
    for (const at of statement.labels) {
      const label: LabelSymbol = { kind: 'label', at };
      if (symbols.define(label)) labels.set(at, label);
    }
    const { head } = statement;
    if (head?.kind === 'directive' && head.text.toLowerCase() === '.const') {
      const quiet = statement.broken ? silent : report;
      const parsed = parseConst(head, statement, quiet);
      if (parsed) symbols.define({ kind: 'const', at: parsed.name, expr: parsed.expr, report: quiet, state: 'new' });
    }
  }
  return labels;
}

const MNEMONICS = OPCODES.map((row) => row.mnemonic);

/** Runs passes 0 and 1 over the parsed statements. */
export function layOut(statements: readonly Statement[], symbols: SymbolTable, diagnostics: Diagnostics): Layout {
  const labels = defineNames(statements, symbols, diagnostics.report);
  const builder = new LayoutBuilder(symbols);
  for (const statement of statements) {
    const report = statement.broken ? silent : diagnostics.report;
    for (const at of statement.labels) {
      const label = labels.get(at);
      if (label) builder.place(label);
    }
    const { head } = statement;
    if (head?.kind === 'directive') layOutDirective(builder, head, statement, report);
    else if (head) layOutInstruction(builder, head, statement, report);
  }
  builder.closeLabel();
  return builder.layout;
}

function layOutDirective(builder: LayoutBuilder, head: DirectiveToken, statement: Statement, report: Reporter): void {
  const name = head.text.slice(1).toLowerCase();
  const general = GENERAL_DIRECTIVES[name];
  const data = DATA_DIRECTIVES[name];
  if (Object.hasOwn(GENERAL_DIRECTIVES, name)) general(builder, head, statement, report);
  else if (!Object.hasOwn(DATA_DIRECTIVES, name)) report(head, `unknown directive '${head.text}'${didYouMean(head.text, DIRECTIVE_NAMES)}`);
  else if (builder.section !== 'data') report(head, `'${head.text}' belongs in the data section (write .data before it)`);
  else data(builder, head, statement, report);
}

function layOutInstruction(builder: LayoutBuilder, head: IdentToken, statement: Statement, report: Reporter): void {
  const spec = opcodeByMnemonic(head.text.toLowerCase());
  if (!spec) {
    report(head, `unknown instruction '${head.text}'${didYouMean(head.text.toLowerCase(), MNEMONICS)}`);
    return;
  }
  if (builder.section !== 'text') {
    report(head, `instruction '${head.text}' in the data section (write .text before it)`);
    return;
  }
  builder.layout.instructions.push({ spec, head, operands: statement.operands, pc: builder.pc, report });
  builder.pc++;
}

