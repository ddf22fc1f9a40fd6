/**
 * Integer expressions: literals, names, `sizeof(label)`, unary `-`/`+`, binary `+`/`-` and
 * parentheses. Values are BigInts, so arithmetic is exact; range checks happen where a value is used.
 */
import type { Position, Reporter } from './diagnostics.js';
import type { IdentToken, Token } from './lexer.js';

/** A parsed expression; `at` is its first token. */
export type Expr =
  | { readonly kind: 'number'; readonly at: Position; readonly value: bigint }
  | { readonly kind: 'name'; readonly at: IdentToken }
  | { readonly kind: 'sizeof'; readonly at: Position; readonly label: IdentToken }
  | { readonly kind: 'negate'; readonly at: Position; readonly operand: Expr }
  | { readonly kind: 'binary'; readonly at: Position; readonly op: '+' | '-'; readonly left: Expr; readonly right: Expr };

class SyntaxProblem {
  constructor(
    readonly at: Position,
    readonly message: string,
  ) {}
}

/** Parses `tokens` as one whole expression; reports and returns undefined when it is not one. */
export function parseExpression(tokens: readonly Token[], report: Reporter, fallback: Position): Expr | undefined {
  let i = 0;
  const describe = (token: Token | undefined): string => (token ? `'${token.text}'` : 'end of line');
  const fail = (expected: string): never => {
    throw new SyntaxProblem(tokens[i] ?? tokens[tokens.length - 1] ?? fallback, `expected ${expected}, found ${describe(tokens[i])}`);
  };
  const isPunct = (text: string): boolean => tokens[i]?.kind === 'punct' && tokens[i].text === text;

  const primary = (): Expr => {
    const token = tokens[i];
    if (token === undefined) return fail('a value');
    if (token.kind === 'int') {
      i++;
      return { kind: 'number', at: token, value: token.value };
    }
    if (token.kind === 'float') throw new SyntaxProblem(token, `expected an integer, found the float ${token.text}`);
    if (token.kind === 'ident' && token.text === 'sizeof' && tokens[i + 1]?.kind === 'punct' && tokens[i + 1].text === '(') {
      i += 2;
      const label = tokens[i];
      if (label?.kind !== 'ident') return fail('a label name in sizeof(...)');
      i++;
      if (!isPunct(')')) return fail("')'");
      i++;
      return { kind: 'sizeof', at: token, label };
    }
    if (token.kind === 'ident') {
      i++;
      return { kind: 'name', at: token };
    }
    if (isPunct('(')) {
      i++;
      const inner = sum();
      if (!isPunct(')')) return fail("')'");
      i++;
      return inner;
    }
    return fail('a value');
  };

  const unary = (): Expr => {
    const token = tokens[i];
    if (isPunct('-')) {
      i++;
      return { kind: 'negate', at: token, operand: unary() };
    }
    if (isPunct('+')) {
      i++;
      return unary();
    }
    return primary();
  };

  const sum = (): Expr => {
    let left = unary();
    while (isPunct('+') || isPunct('-')) {
      const op = tokens[i].text as '+' | '-';
      i++;
      left = { kind: 'binary', at: left.at, op, left, right: unary() };
    }
    return left;
  };

  try {
    const expr = sum();
    if (i < tokens.length) throw new SyntaxProblem(tokens[i], `unexpected '${tokens[i].text}' after the expression`);
    return expr;
  } catch (problem) {
    if (!(problem instanceof SyntaxProblem)) throw problem;
    report(problem.at, problem.message);
    return undefined;
  }
}

/** How names and sizeof are looked up while evaluating. */
export interface NameResolver {
  value(name: IdentToken): bigint | undefined;
  sizeOf(label: IdentToken): bigint | undefined;
}

/** Evaluates an expression; undefined when a name could not be resolved (already reported). */
export function evaluate(expr: Expr, names: NameResolver): bigint | undefined {
  switch (expr.kind) {
    case 'number':
      return expr.value;
    case 'name':
      return names.value(expr.at);
    case 'sizeof':
      return names.sizeOf(expr.label);
    case 'negate': {
      const value = evaluate(expr.operand, names);
      return value === undefined ? undefined : -value;
    }
    case 'binary': {
      const left = evaluate(expr.left, names);
      const right = evaluate(expr.right, names);
      if (left === undefined || right === undefined) return undefined;
      return expr.op === '+' ? left + right : left - right;
    }
  }
}
