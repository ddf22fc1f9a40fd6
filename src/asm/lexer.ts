/**
 * The assembler's lexer: one source line in, tokens out. Lines are independent (strings cannot
 * span lines), so a lexical error never derails the rest of the file.
 */
import type { Position, Reporter } from './diagnostics.js';
import { encodeUtf8 } from './utf8.js';

/** A name: a label, a constant, a mnemonic, or a native (`io.print`, `0.func1`). */
export interface IdentToken extends Position {
  readonly kind: 'ident';
  readonly text: string;
}

/** A directive name including its dot, e.g. `.word`. */
export interface DirectiveToken extends Position {
  readonly kind: 'directive';
  readonly text: string;
}

/** An integer literal (decimal, `0x`, `0b`, or a character literal `'c'`). */
interface IntToken extends Position {
  readonly kind: 'int';
  readonly text: string;
  readonly value: bigint;
}

/** A decimal literal with a fraction or an exponent (`1.5`, `1e-9`). */
interface FloatToken extends Position {
  readonly kind: 'float';
  readonly text: string;
  readonly value: number;
}

/** A string literal, already decoded to the bytes it stands for. */
interface StringToken extends Position {
  readonly kind: 'string';
  readonly text: string;
  readonly bytes: Uint8Array;
}

/** One of `, : + - ( ) =`. */
interface PunctToken extends Position {
  readonly kind: 'punct';
  readonly text: string;
}

/** Any token. */
export type Token = IdentToken | DirectiveToken | IntToken | FloatToken | StringToken | PunctToken;

const PUNCTUATION = ',:+-()=';
const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_.]/;
const DIGIT = /[0-9]/;
const WORD_PART = /[A-Za-z0-9_]/;
const HEX_DIGITS = /^[0-9a-fA-F]+$/;

/** Splits a source text into lines (LF, CRLF or CR endings). */
export function splitLines(source: string): string[] {
  return source.split(/\r\n|\r|\n/);
}

/** Tokenizes one line (1-based `line`), reporting lexical errors; the comment is dropped. */
export function lexLine(text: string, line: number, report: Reporter): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const at = (index: number): Position => ({ line, column: index + 1 });
  while (i < text.length) {
    const c = text[i];
    if (c === ';') break;
    if (/\s/.test(c)) {
      i++;
    } else if (IDENT_START.test(c)) {
      const end = scan(text, i + 1, IDENT_PART);
      tokens.push({ kind: 'ident', text: text.slice(i, end), ...at(i) });
      i = end;
    } else if (c === '.' && IDENT_START.test(text[i + 1] ?? '')) {
      const end = scan(text, i + 1, IDENT_PART);
      tokens.push({ kind: 'directive', text: text.slice(i, end), ...at(i) });
      i = end;
    } else if (DIGIT.test(c)) {
      i = lexNumber(text, i, at(i), tokens, report);
    } else if (c === '"') {
      i = lexString(text, i, at(i), tokens, report);
    } else if (c === "'") {
      i = lexChar(text, i, at(i), tokens, report);
    } else if (PUNCTUATION.includes(c)) {
      tokens.push({ kind: 'punct', text: c, ...at(i) });
      i++;
    } else {
      const char = String.fromCodePoint(text.codePointAt(i) ?? 0);
      report(at(i), `unexpected character ${JSON.stringify(char)}`);
      i += char.length;
    }
  }
  return tokens;
}

function scan(text: string, from: number, part: RegExp): number {
  let end = from;
  while (end < text.length && part.test(text[end])) end++;
  return end;
}

function lexNumber(text: string, start: number, pos: Position, tokens: Token[], report: Reporter): number {
  const prefix = text.slice(start, start + 2).toLowerCase();
  if (prefix === '0x' || prefix === '0b') {
    const end = scan(text, start + 2, WORD_PART);
    const digits = text.slice(start + 2, end);
    const valid = prefix === '0x' ? HEX_DIGITS.test(digits) : /^[01]+$/.test(digits);
    if (!valid) report(pos, `malformed number '${text.slice(start, end)}'`);
    else tokens.push({ kind: 'int', text: text.slice(start, end), value: BigInt(`${prefix}${digits}`), ...pos });
    return end;
  }
  let end = scan(text, start, DIGIT);
  // `0.func1`: a function of positional library 0, not a float.
  if (text[end] === '.' && IDENT_START.test(text[end + 1] ?? '')) {
    const nameEnd = scan(text, end + 1, IDENT_PART);
    tokens.push({ kind: 'ident', text: text.slice(start, nameEnd), ...pos });
    return nameEnd;
  }
  let isFloat = false;
  if (text[end] === '.' && DIGIT.test(text[end + 1] ?? '')) {
    end = scan(text, end + 1, DIGIT);
    isFloat = true;
  }
  const exponent = /^[eE][+-]?[0-9]+/.exec(text.slice(end));
  if (exponent) {
    end += exponent[0].length;
    isFloat = true;
  }
  if (end < text.length && WORD_PART.test(text[end])) {
    const junkEnd = scan(text, end, IDENT_PART);
    report(pos, `malformed number '${text.slice(start, junkEnd)}'`);
    return junkEnd;
  }
  const literal = text.slice(start, end);
  tokens.push(isFloat ? { kind: 'float', text: literal, value: Number(literal), ...pos } : { kind: 'int', text: literal, value: BigInt(literal), ...pos });
  return end;
}

/** One decoded element of a quoted literal: a Unicode code point or (from `\xHH`) a raw byte. */
type Piece = { readonly codePoint: number } | { readonly byte: number };

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { n: 10, t: 9, r: 13, '0': 0, '\\': 92, '"': 34, "'": 39 };

/** Reads the quoted literal starting at `start`; returns its pieces and the index after it. */
function readQuoted(text: string, start: number, pos: Position, report: Reporter): { pieces: Piece[]; end: number; closed: boolean } {
  const quote = text[start];
  const pieces: Piece[] = [];
  let i = start + 1;
  while (i < text.length && text[i] !== quote) {
    if (text[i] !== '\\') {
      const codePoint = text.codePointAt(i) ?? 0;
      pieces.push({ codePoint });
      i += codePoint > 0xffff ? 2 : 1;
      continue;
    }
    const escape = readEscape(text, i, { line: pos.line, column: i + 1 }, report);
    if (escape.piece) pieces.push(escape.piece);
    i = escape.end;
  }
  if (i >= text.length) report(pos, quote === '"' ? 'unterminated string' : 'unterminated character literal');
  return { pieces, end: i + 1, closed: i < text.length };
}

function readEscape(text: string, start: number, pos: Position, report: Reporter): { piece?: Piece; end: number } {
  const kind = text[start + 1] ?? '';
  if (kind in SIMPLE_ESCAPES) return { piece: { codePoint: SIMPLE_ESCAPES[kind] }, end: start + 2 };
  if (kind === 'x') {
    const hex = text.slice(start + 2, start + 4);
    if (/^[0-9a-fA-F]{2}$/.test(hex)) return { piece: { byte: parseInt(hex, 16) }, end: start + 4 };
    report(pos, 'bad escape: \\x needs two hex digits');
    return { end: start + 2 };
  }
  if (kind === 'u') {
    const match = /^\{([0-9a-fA-F]{1,6})\}/.exec(text.slice(start + 2));
    const value = match ? parseInt(match[1], 16) : -1;
    if (!match) {
      report(pos, 'bad escape: \\u needs hex digits in braces, e.g. \\u{e9}');
      return { end: start + 2 };
    }
    if (value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) {
      report(pos, `bad escape: \\u{${match[1]}} is not a Unicode scalar value`);
      return { end: start + 2 + match[0].length };
    }
    return { piece: { codePoint: value }, end: start + 2 + match[0].length };
  }
  report(pos, `bad escape '\\${kind}' (use \\n \\t \\r \\0 \\\\ \\" \\' \\xHH \\u{HHHH})`);
  return { end: Math.min(start + 2, text.length) };
}

function lexString(text: string, start: number, pos: Position, tokens: Token[], report: Reporter): number {
  const { pieces, end } = readQuoted(text, start, pos, report);
  const bytes: number[] = [];
  for (const piece of pieces) {
    if ('byte' in piece) bytes.push(piece.byte);
    else encodeUtf8(piece.codePoint, bytes);
  }
  tokens.push({ kind: 'string', text: text.slice(start, end), bytes: Uint8Array.from(bytes), ...pos });
  return end;
}

function lexChar(text: string, start: number, pos: Position, tokens: Token[], report: Reporter): number {
  let bad = false;
  const { pieces, end, closed } = readQuoted(text, start, pos, (at, message) => {
    bad = true;
    report(at, message);
  });
  // A bad escape or a missing quote was reported; the count of characters would only mislead.
  if (!closed || bad) return end;
  if (pieces.length !== 1) {
    report(pos, 'a character literal must hold exactly one character');
    return end;
  }
  const piece = pieces[0];
  const value = 'byte' in piece ? piece.byte : piece.codePoint;
  tokens.push({ kind: 'int', text: text.slice(start, end), value: BigInt(value), ...pos });
  return end;
}
