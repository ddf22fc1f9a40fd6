/** Splitting a line's tokens into a statement: labels, then an instruction or directive with operands. */
import type { Reporter } from './diagnostics.js';
import type { DirectiveToken, IdentToken, Token } from './lexer.js';

/** One source line, parsed. */
export interface Statement {
  readonly line: number;
  /** Labels defined on this line (`name:`), in order. */
  readonly labels: readonly IdentToken[];
  /** The mnemonic or directive, if the line has one. */
  readonly head?: IdentToken | DirectiveToken;
  /** The tokens after the head. */
  readonly rest: readonly Token[];
  /** `rest` split at top-level commas. */
  readonly operands: readonly (readonly Token[])[];
  /** Whether the line had lexical or syntax errors (its later problems are then not reported). */
  readonly broken: boolean;
}

/** Parses one line's tokens into a statement. `broken` says whether lexing already failed. */
export function parseStatement(tokens: readonly Token[], line: number, broken: boolean, report: Reporter): Statement {
  const labels: IdentToken[] = [];
  let i = 0;
  for (;;) {
    const [name, colon] = [tokens[i], tokens[i + 1]];
    if (name?.kind !== 'ident' || colon?.kind !== 'punct' || colon.text !== ':') break;
    labels.push(name);
    i += 2;
  }
  const head = tokens[i];
  if (head === undefined) return { line, labels, rest: [], operands: [], broken };
  if (head.kind !== 'ident' && head.kind !== 'directive') {
    if (!broken) report(head, `expected an instruction, a directive or a label, found '${head.text}'`);
    return { line, labels, rest: [], operands: [], broken: true };
  }
  const rest = tokens.slice(i + 1);
  const split = splitOperands(rest, broken ? () => undefined : report);
  return { line, labels, head, rest, operands: split.operands, broken: broken || split.broken };
}

function splitOperands(tokens: readonly Token[], report: Reporter): { operands: Token[][]; broken: boolean } {
  if (tokens.length === 0) return { operands: [], broken: false };
  const operands: Token[][] = [[]];
  let depth = 0;
  let broken = false;
  for (const token of tokens) {
    if (token.kind === 'punct' && token.text === ',' && depth === 0) {
      if (operands[operands.length - 1].length === 0) {
        report(token, "missing operand before ','");
        broken = true;
      }
      operands.push([]);
      continue;
    }
    if (token.kind === 'punct' && token.text === '(') depth++;
    if (token.kind === 'punct' && token.text === ')') depth = Math.max(0, depth - 1);
    operands[operands.length - 1].push(token);
  }
  if (operands[operands.length - 1].length === 0) {
    report(tokens[tokens.length - 1], "missing operand after ','");
    broken = true;
  }
  // Empty operands were reported above; handlers only ever see non-empty ones.
  return { operands: operands.filter((tokens) => tokens.length > 0), broken };
}
