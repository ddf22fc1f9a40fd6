/** The data-section directives: what each emits, and how its bytes are produced in pass 2. */
import { MAX_FLAT_MEMORY } from '../isa/limits.js';
import type { Reporter } from './diagnostics.js';
import type { Expr } from './expression.js';
import { parseExpression } from './expression.js';
import { parseFloatOperand } from './floats.js';
import type { DirectiveToken, Token } from './lexer.js';
import type { DirectiveHandler, LayoutBuilder } from './layout-builder.js';
import type { ValueRange } from './range.js';
import { I32_MIN, U32_MAX, inRange } from './range.js';

const SIZE_RANGE: ValueRange = { what: 'size', min: 0n, max: BigInt(MAX_FLAT_MEMORY) };
const ALIGN_RANGE: ValueRange = { what: 'alignment', min: 1n, max: BigInt(MAX_FLAT_MEMORY) };
const ADDRESS_RANGE: ValueRange = { what: 'address', min: 0n, max: U32_MAX };

function needsValues(head: DirectiveToken, operands: readonly (readonly Token[])[], what: string, report: Reporter): boolean {
  if (operands.length === 0) report(head, `'${head.text}' needs at least one ${what}`);
  return operands.length > 0;
}

/** `.byte`/`.half`/`.word`: integer expressions, little-endian, evaluated in pass 2 (labels allowed). */
function integers(width: number, range: ValueRange): DirectiveHandler {
  return (builder, head, statement, report) => {
    if (!needsValues(head, statement.operands, 'value', report)) return;
    const exprs = statement.operands.map((tokens) => parseExpression(tokens, report, head));
    builder.emit(width * exprs.length, head, report, () => encodeIntegers(builder, exprs, width, range, report));
  };
}

function encodeIntegers(builder: LayoutBuilder, exprs: readonly (Expr | undefined)[], width: number, range: ValueRange, report: Reporter): Uint8Array {
  const bytes = new Uint8Array(width * exprs.length);
  exprs.forEach((expr, i) => {
    const value = expr && builder.symbols.evaluate(expr, false, report);
    if (!expr || value === undefined || inRange(value, range, expr.at, report) === undefined) return;
    const bits = BigInt.asUintN(width * 8, value);
    for (let b = 0; b < width; b++) bytes[i * width + b] = Number((bits >> BigInt(8 * b)) & 0xffn);
  });
  return bytes;
}

/** `.float`: binary64 literals, little-endian. */
const floats: DirectiveHandler = (builder, head, statement, report) => {
  if (!needsValues(head, statement.operands, 'number', report)) return;
  const patterns = statement.operands.map((tokens) => parseFloatOperand(tokens, report, head));
  builder.emit(8 * patterns.length, head, report, () => {
    const view = new DataView(new ArrayBuffer(8 * patterns.length));
    patterns.forEach((bits, i) => view.setBigUint64(8 * i, bits ?? 0n, true));
    return new Uint8Array(view.buffer);
  });
};

/** `.string` / `.asciz`: the UTF-8 bytes of string literals (each followed by a NUL for `.asciz`). */
function strings(terminated: boolean): DirectiveHandler {
  return (builder, head, statement, report) => {
    if (!needsValues(head, statement.operands, 'string literal', report)) return;
    const parts: number[] = [];
    for (const tokens of statement.operands) {
      const [literal, extra] = tokens;
      if (literal.kind !== 'string' || extra !== undefined) {
        report(literal.kind === 'string' ? extra : literal, `'${head.text}' takes string literals, e.g. "text\\n"`);
        continue;
      }
      for (const byte of literal.bytes) parts.push(byte);
      if (terminated) parts.push(0);
    }
    const bytes = Uint8Array.from(parts);
    builder.emit(bytes.length, head, report, () => bytes);
  };
}

/** The data directives by name (without the dot). */
export const DATA_DIRECTIVES: Readonly<Record<string, DirectiveHandler>> = {
  byte: integers(1, { what: 'byte value', min: -0x80n, max: 0xffn }),
  half: integers(2, { what: 'half-word value', min: -0x8000n, max: 0xffffn }),
  word: integers(4, { what: 'word value', min: I32_MIN, max: U32_MAX }),
  float: floats,
  string: strings(false),
  asciz: strings(true),
  zero: (builder, head, statement, report) => {
    const size = builder.layoutValue(head, statement.operands, SIZE_RANGE, report);
    if (size !== undefined) builder.emit(size, head, report, () => new Uint8Array(size));
  },
  align: (builder, head, statement, report) => {
    const alignment = builder.layoutValue(head, statement.operands, ALIGN_RANGE, report);
    if (alignment === undefined) return;
    if ((alignment & (alignment - 1)) !== 0) {
      report(statement.operands[0][0], `alignment ${alignment} is not a power of two`);
      return;
    }
    const padding = (alignment - (builder.address % alignment)) % alignment;
    builder.emit(padding, head, report, () => new Uint8Array(padding));
  },
  org: (builder, head, statement, report) => {
    const address = builder.layoutValue(head, statement.operands, ADDRESS_RANGE, report);
    if (address === undefined) return;
    if (address < builder.highWater) {
      report(statement.operands[0][0], `.org 0x${address.toString(16)} would overlap data already placed up to 0x${builder.highWater.toString(16)}`);
      return;
    }
    builder.closeLabel();
    builder.address = address;
  },
};
