/**
 * The symbol table: labels (code or data) and `.const` constants, with lazy, cycle-checked
 * constant evaluation. A constant's dependencies are settled by an explicit depth-first walk
 * before it is evaluated, so a long chain of constants needs no recursion. Two phases: while data is being laid out (`layout`), a label that is not
 * placed yet cannot be used (its value would be a guess); afterwards every label is known.
 */
import type { Position, Reporter } from './diagnostics.js';
import type { Expr, NameResolver } from './expression.js';
import { evaluate, namesIn } from './expression.js';
import type { IdentToken } from './lexer.js';
import { didYouMean } from './suggest.js';

/** A label: an instruction index (text section) or a byte address (data section), once placed. */
export interface LabelSymbol {
  readonly kind: 'label';
  readonly at: IdentToken;
  section?: 'text' | 'data';
  value?: number;
  /** For data labels: bytes emitted from the label to the next data label or `.org`. */
  size?: number;
}

/** A `.const` constant, evaluated on first use. */
interface ConstSymbol {
  readonly kind: 'const';
  readonly at: IdentToken;
  readonly expr: Expr | undefined;
  readonly report: Reporter;
  state: 'new' | 'busy' | 'done' | 'failed';
  value?: bigint;
}

/** Any symbol. */
type AsmSymbol = LabelSymbol | ConstSymbol;

/** Thrown during layout when a value is not known yet: it depends on data still to be laid out. */
export class LayoutPending {
  /** Records why the value is not available yet. */
  constructor(readonly reason: string) {}
}

/** All names of one assembly. */
export class SymbolTable {
  readonly #symbols = new Map<string, AsmSymbol>();

  /** Creates an empty table reporting duplicate and undefined names through `report`. */
  constructor(private readonly report: Reporter) {}

  /** Defines a symbol; reports and returns false when the name is taken. */
  define(symbol: AsmSymbol): boolean {
    const name = symbol.at.text;
    const existing = this.#symbols.get(name);
    if (existing) {
      const what = existing.kind === 'const' ? 'constant' : 'label';
      this.report(symbol.at, `duplicate name '${name}': already defined as a ${what} at line ${existing.at.line}:${existing.at.column}`);
      return false;
    }
    this.#symbols.set(name, symbol);
    return true;
  }

  /** The symbol named `name`, if any. */
  get(name: string): AsmSymbol | undefined {
    return this.#symbols.get(name);
  }

  /** Every symbol, in definition order. */
  all(): IterableIterator<AsmSymbol> {
    return this.#symbols.values();
  }

  /**
   * Evaluates an expression. With `layout` set, a label not placed yet throws LayoutPending;
   * problems inside are reported through `report` (constants report through their own line's).
   */
  evaluate(expr: Expr, layout: boolean, report: Reporter): bigint | undefined {
    return evaluate(expr, this.#resolver(layout, report));
  }

  /** Evaluates a constant's definition (once; later calls return the remembered result). */
  constantValue(symbol: ConstSymbol, layout: boolean, usedAt: Position, report: Reporter): bigint | undefined {
    if (symbol.state === 'busy') {
      report(usedAt, `circular definition: constant '${symbol.at.text}' depends on itself`);
      return undefined;
    }
    if (symbol.state === 'new') this.#settle(symbol, layout);
    return symbol.value;
  }

  /**
   * Evaluates `root` and, first, every unevaluated constant it depends on, deepest first: when a
   * constant is evaluated, the constants it names are done, failed, or busy (a cycle, which its
   * evaluation reports). The walk keeps its own stack, so chains of any length are fine.
   */
  #settle(root: ConstSymbol, layout: boolean): void {
    const walk: { symbol: ConstSymbol; pending: IdentToken[] }[] = [];
    const enter = (symbol: ConstSymbol): void => {
      symbol.state = 'busy';
      walk.push({ symbol, pending: symbol.expr ? namesIn(symbol.expr).reverse() : [] });
    };
    enter(root);
    try {
      while (walk.length > 0) {
        const top = walk[walk.length - 1];
        const name = top.pending.pop();
        if (name === undefined) {
          walk.pop();
          this.#evaluateConstant(top.symbol, layout);
          continue;
        }
        const dependency = this.#symbols.get(name.text);
        if (dependency?.kind === 'const' && dependency.state === 'new') enter(dependency);
      }
    } finally {
      // A pending layout value unwinds through here: these constants may evaluate fine later.
      for (const { symbol } of walk) symbol.state = 'new';
    }
  }

  #evaluateConstant(symbol: ConstSymbol, layout: boolean): void {
    if (symbol.expr === undefined) {
      symbol.state = 'failed';
      return;
    }
    try {
      symbol.value = this.evaluate(symbol.expr, layout, symbol.report);
    } finally {
      symbol.state = symbol.value === undefined ? 'new' : 'done';
    }
    if (symbol.value === undefined) symbol.state = 'failed';
  }

  #resolver(layout: boolean, report: Reporter): NameResolver {
    const lookup = (token: IdentToken): AsmSymbol | undefined => {
      const symbol = this.#symbols.get(token.text);
      if (!symbol) report(token, `undefined name '${token.text}'${didYouMean(token.text, this.#symbols.keys())}`);
      return symbol;
    };
    return {
      value: (token) => {
        const symbol = lookup(token);
        if (symbol?.kind === 'const') return this.constantValue(symbol, layout, token, report);
        if (symbol?.value === undefined) {
          if (symbol && layout) throw new LayoutPending(`'${token.text}' is defined further down`);
          return undefined;
        }
        return BigInt(symbol.value);
      },
      sizeOf: (token) => {
        const symbol = lookup(token);
        if (!symbol) return undefined;
        if (symbol.kind === 'const') {
          report(token, `sizeof needs a data label; '${token.text}' is a constant`);
          return undefined;
        }
        if (symbol.section === 'text') {
          report(token, `sizeof needs a data label; '${token.text}' is a code label`);
          return undefined;
        }
        if (symbol.size === undefined) {
          if (layout) throw new LayoutPending(symbol.value === undefined ? `'${token.text}' is defined further down` : `sizeof(${token.text}) is not known yet (its data is still being laid out)`);
          return undefined;
        }
        return BigInt(symbol.size);
      },
    };
  }
}
