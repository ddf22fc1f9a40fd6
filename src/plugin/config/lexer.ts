/**
 * Splits a configuration string into tokens. Whitespace separates tokens but is optional around
 * punctuation (`INT:seconds`, `'CASCADE' ?)`); a newline ends a declaration; `#` starts a comment
 * that runs to the end of the line. Columns count characters (a tab is one column).
 */
import { MARKERS } from './ast.js';

/** The kinds of tokens. */
export type TokenKind =
  | 'word' // INT, DEFINE, MUTABLE, plugin names ...
  | 'name' // plugin.entry
  | 'struct' // $plugin.entry
  | 'keyword' // 'KW' (text without the quotes)
  | 'marker' // < <= { ...
  | 'number' // 3
  | 'flag' // -v (text without the dash)
  | 'punct' // [ ] ( ) | ? * + : . ->
  | 'newline'
  | 'eof'
  | 'bad'; // an unexpected character or a malformed token; `text` says what is wrong

/** One token with its position. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

const PUNCTUATION = new Set(['[', ']', '(', ')', '|', '?', '*', '+', ':', '.']);
const KEYWORD_TEXT = /^[A-Z][A-Z0-9_]*$/;

/** Markers written the other way round, with what the SVM writes instead (read as two markers, they would silently mean something else). */
const REVERSED_MARKERS: Readonly<Record<string, string>> = { '>=': '=>', '=<': '<=' };

/** `'€' (U+20AC)`; only the code point for a character that does not show (spaces, controls, format characters). */
function describeCharacter(character: string): string {
  const codePoint = `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return /^[\p{C}\p{Z}]$/u.test(character) ? codePoint : `'${character}' (${codePoint})`;
}

const isIdentStart = (c: string): boolean => /[A-Za-z_]/.test(c);
const isIdentPart = (c: string): boolean => /[A-Za-z0-9_]/.test(c);

/** Tokenises `text`; never throws (malformed input becomes `bad` tokens). Ends with an `eof` token. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const push = (kind: TokenKind, tokenText: string, start: number): void => {
    tokens.push({ kind, text: tokenText, line, column: start - lineStart + 1 });
  };
  const identEnd = (from: number): number => {
    let end = from;
    while (end < text.length && isIdentPart(text[end])) end++;
    return end;
  };
  /** End of `ident` or `ident.ident` starting at `from` (an identifier start), and whether it has the dot. */
  const nameEnd = (from: number): { end: number; qualified: boolean } => {
    const first = identEnd(from);
    if (text[first] === '.' && first + 1 < text.length && isIdentStart(text[first + 1])) return { end: identEnd(first + 1), qualified: true };
    return { end: first, qualified: false };
  };

  while (i < text.length) {
    const c = text[i];
    const start = i;
    if (c === '\n') {
      push('newline', '\n', start);
      i++;
      line++;
      lineStart = i;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (isIdentStart(c)) {
      const { end, qualified } = nameEnd(i);
      push(qualified ? 'name' : 'word', text.slice(i, end), start);
      i = end;
    } else if (/[0-9]/.test(c)) {
      while (i < text.length && /[0-9]/.test(text[i])) i++;
      push('number', text.slice(start, i), start);
    } else if (c === "'") {
      let end = i + 1;
      while (end < text.length && text[end] !== "'" && text[end] !== '\n') end++;
      const body = text.slice(i + 1, end);
      if (text[end] !== "'") push('bad', 'an unterminated keyword (missing the closing quote)', start);
      else if (!KEYWORD_TEXT.test(body)) push('bad', `an invalid keyword '${body}' (keywords are upper-case letters, digits and '_', starting with a letter)`, start);
      else push('keyword', body, start);
      i = text[end] === "'" ? end + 1 : end;
    } else if (c === '$') {
      if (i + 1 < text.length && isIdentStart(text[i + 1]) && nameEnd(i + 1).qualified) {
        const { end } = nameEnd(i + 1);
        push('struct', text.slice(i + 1, end), start);
        i = end;
      } else {
        push('bad', "'$' not followed by a structure name 'plugin.entry'", start);
        i++;
      }
    } else if (c === '-' && text[i + 1] === '>') {
      push('punct', '->', start);
      i += 2;
    } else if (c === '-' && i + 1 < text.length && isIdentPart(text[i + 1])) {
      const end = identEnd(i + 1);
      push('flag', text.slice(i + 1, end), start);
      i = end;
    } else {
      const marker = MARKERS.find((m) => text.startsWith(m, i));
      const reversed = Object.keys(REVERSED_MARKERS).find((r) => text.startsWith(r, i));
      if (reversed !== undefined) {
        push('bad', `'${reversed}', which is not a marker; the SVM writes '${REVERSED_MARKERS[reversed]}'`, start);
        i += reversed.length;
      } else if (marker !== undefined) {
        push('marker', marker, start);
        i += marker.length;
      } else if (PUNCTUATION.has(c)) {
        push('punct', c, start);
        i++;
      } else {
        const codePoint = String.fromCodePoint(text.codePointAt(i) ?? 0);
        push('bad', `an unexpected character ${describeCharacter(codePoint)}`, start);
        i += codePoint.length;
      }
    }
  }
  push('eof', '', i);
  return tokens;
}

/** How a token reads in an error message (`'->'`, `end of line`, ...). */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'newline':
      return 'end of line';
    case 'eof':
      return 'end of input';
    case 'bad':
      return token.text;
    case 'keyword':
      return `keyword '${token.text}'`;
    case 'struct':
      return `'$${token.text}'`;
    case 'flag':
      return `'-${token.text}'`;
    default:
      return `'${token.text}'`;
  }
}
