/**
 * Integer expressions: literals, names, `sizeof(label)`, unary `-`/`+`, binary `+`/`-` and
 * parentheses. Values are BigInts, so arithmetic is exact; range checks happen where a value is used.
 * A chain of `+`/`-` is one flat list of terms, so long sums need no recursion; parentheses and
 * unary operators do nest, and their depth is capped so that nesting can never exhaust the stack.
 */
import type { Position, Reporter } from './diagnostics.js';
import type { IdentToken, Token } from './lexer.js';

/** How deeply parentheses and unary operators may nest in one expression. */
export const MAX_EXPRESSION_DEPTH = 256;

/** One term of a sum: added, or subtracted when `negative`. */
interface Term {
  readonly negative: boolean;
  readonly expr: Expr;
}

/** A parsed expression; `at` is its first token. */
export type Expr =
  | { readonly kind: 'number'; readonly at: Position; readonly value: bigint }
  | { readonly kind: 'name'; readonly at: IdentToken }
  | { readonly kind: 'sizeof'; readonly at: Position; readonly label: IdentToken }
  | { readonly kind: 'negate'; readonly at: Position; readonly operand: Expr }
  | { readonly kind: 'sum'; readonly at: Position; readonly terms: readonly Term[] };

class SyntaxProblem {
  constructor(
    readonly at: Position,
    readonly message: string,
  ) {}
}

/** Parses `tokens` as one whole expression; reports and returns undefined when it is not one. */
export function parseExpression(tokens: readonly Token[], report: Reporter, fallback: Position): Expr | undefined {
  let i = 0;
  let depth = 0;
  const describe = (token: Token | undefined): string => (token ? `'${token.text}'` : 'end of line');
  const fail = (expected: string): never => {
    throw new SyntaxProblem(tokens[i] ?? tokens[tokens.length - 1] ?? fallback, `expected ${expected}, found ${describe(tokens[i])}`);
  };
  const isPunct = (text: string): boolean => tokens[i]?.kind === 'punct' && tokens[i].text === text;
  /** Steps one level deeper (past a `(` or a unary operator), which must stay within the cap. */
  const nest = (): void => {
    if (++depth > MAX_EXPRESSION_DEPTH) throw new SyntaxProblem(tokens[i], `expression nested too deeply (more than ${MAX_EXPRESSION_DEPTH} levels)`);
    i++;
  };

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
      nest();
      const inner = sum();
      if (!isPunct(')')) return fail("')'");
      i++;
      depth--;
      return inner;
    }
    return fail('a value');
  };

  const unary = (): Expr => {
    const token = tokens[i];
    if (!isPunct('-') && !isPunct('+')) return primary();
    nest();
    const operand = unary();
    depth--;
    return token.text === '-' ? { kind: 'negate', at: token, operand } : operand;
  };

  const sum = (): Expr => {
    const first = unary();
    const terms: Term[] = [{ negative: false, expr: first }];
    while (isPunct('+') || isPunct('-')) {
      const negative = tokens[i].text === '-';
      i++;
      terms.push({ negative, expr: unary() });
    }
    return terms.length === 1 ? first : { kind: 'sum', at: first.at, terms };
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

/**
 * Evaluates an expression; undefined when a name could not be resolved (already reported). Every
 * term is evaluated even after one fails, so that every unresolved name is reported.
 */
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
    case 'sum': {
      let total: bigint | undefined = 0n;
      for (const { negative, expr: term } of expr.terms) {
        const value = evaluate(term, names);
        if (value === undefined) total = undefined;
        else if (total !== undefined) total = negative ? total - value : total + value;
      }
      return total;
    }
  }
}

/** The names an expression uses (not those inside `sizeof`, which are labels), in source order. */
export function namesIn(expr: Expr): IdentToken[] {
  const names: IdentToken[] = [];
  const pending: Expr[] = [expr];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.kind === 'name') names.push(next.at);
    else if (next.kind === 'negate') pending.push(next.operand);
    else if (next.kind === 'sum') for (let t = next.terms.length - 1; t >= 0; t--) pending.push(next.terms[t].expr);
  }
  return names;
}
