/** The state of pass 1 (layout) and the shapes it produces for pass 2. */
import type { OpcodeSpec } from '../isa/opcodes.js';
import type { Position, Reporter } from './diagnostics.js';
import type { Expr } from './expression.js';
import { parseExpression } from './expression.js';
import type { DirectiveToken, IdentToken, Token } from './lexer.js';
import type { ValueRange } from './range.js';
import { U32_MAX, inRange } from './range.js';
import type { Statement } from './statement.js';
import type { LabelSymbol, SymbolTable } from './symbols.js';
import { LayoutPending } from './symbols.js';

/** An instruction to encode in pass 2. */
export interface InstructionSite {
  readonly spec: OpcodeSpec;
  readonly head: IdentToken;
  readonly operands: readonly (readonly Token[])[];
  readonly pc: number;
  readonly report: Reporter;
}

/** A run of data bytes at a fixed address; `encode` (pass 2) produces exactly `length` bytes. */
export interface DataChunk {
  readonly address: number;
  readonly length: number;
  readonly at: Position;
  readonly report: Reporter;
  encode(): Uint8Array;
}

/** A directive whose operands pass 2 evaluates. */
export interface DeferredDirective {
  readonly head: DirectiveToken;
  readonly operands: readonly (readonly Token[])[];
  readonly report: Reporter;
}

/** What pass 1 produces. */
export interface Layout {
  readonly instructions: InstructionSite[];
  readonly chunks: DataChunk[];
  readonly exports: DeferredDirective[];
  entry?: DeferredDirective;
  memory?: DeferredDirective;
}

/** The state of pass 1 that directive handlers work on. */
export class LayoutBuilder {
  readonly layout: Layout = { instructions: [], chunks: [], exports: [] };
  section: 'text' | 'data' = 'text';
  pc = 0;
  /** Next data address. */
  address = 0;
  /** End of the highest data placed so far: `.org` may not go below it. */
  highWater = 0;
  #openLabel: LabelSymbol | undefined;
  #openBytes = 0;

  constructor(readonly symbols: SymbolTable) {}

  /** Places a label at the current position of the current section. */
  place(label: LabelSymbol): void {
    label.section = this.section;
    if (this.section === 'text') {
      label.value = this.pc;
      return;
    }
    this.closeLabel();
    label.value = this.address;
    this.#openLabel = label;
  }

  /** Ends the extent of the open data label (what `sizeof` measures). */
  closeLabel(): void {
    if (this.#openLabel) this.#openLabel.size = this.#openBytes;
    this.#openLabel = undefined;
    this.#openBytes = 0;
  }

  /** Emits `length` data bytes at the current address. */
  emit(length: number, at: Position, report: Reporter, encode: () => Uint8Array): void {
    if (length === 0) return;
    if (this.address + length > Number(U32_MAX) + 1) {
      report(at, `data at 0x${this.address.toString(16)} (${length} bytes) runs past the end of the 32-bit address space`);
      return;
    }
    this.layout.chunks.push({ address: this.address, length, at, report, encode });
    this.address += length;
    this.highWater = this.address;
    this.#openBytes += length;
  }

  /**
   * Evaluates the single operand of a layout directive now. A value that depends on a label
   * defined further down is an error: the layout would depend on itself.
   */
  layoutValue(head: DirectiveToken, operands: readonly (readonly Token[])[], range: ValueRange, report: Reporter): number | undefined {
    const expr = singleExpression(head, operands, `one operand: ${range.what}`, report);
    if (!expr) return undefined;
    try {
      const value = this.symbols.evaluate(expr, true, report);
      return value === undefined ? undefined : inRange(value, range, expr.at, report);
    } catch (pending) {
      if (!(pending instanceof LayoutPending)) throw pending;
      report(expr.at, `${pending.reason}, but ${head.text} needs its value here (it decides where data goes)`);
      return undefined;
    }
  }
}

/** Parses the one expression operand of a statement; reports a missing or extra operand. */
export function singleExpression(head: Token, operands: readonly (readonly Token[])[], expected: string, report: Reporter): Expr | undefined {
  if (operands.length !== 1) {
    report(operands[1]?.[0] ?? head, `'${head.text}' needs ${expected}`);
    return undefined;
  }
  return parseExpression(operands[0], report, head);
}

/** Handles one directive in pass 1. */
export type DirectiveHandler = (builder: LayoutBuilder, head: DirectiveToken, statement: Statement, report: Reporter) => void;
