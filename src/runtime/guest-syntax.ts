/**
 * The guest-code syntax of plugin calls: the tokens of a `:plugin.instruction ...` line (values,
 * memory cells, stack pops, markers, keywords, plugin constants, `->` result targets) and of a
 * `.value NAME TYPE [initial]` memory declaration.
 */
import { MARKERS } from '../plugin/config/index.js';

/** One token of a plugin line, with its 1-based column. */
export type GuestToken =
  | { readonly kind: 'int'; readonly value: number; readonly column: number }
  | { readonly kind: 'string'; readonly value: string; readonly column: number }
  | { readonly kind: 'word'; readonly text: string; readonly column: number }
  | { readonly kind: 'cell'; readonly text: string; readonly column: number }
  | { readonly kind: 'pop'; readonly column: number }
  | { readonly kind: 'arrow'; readonly column: number }
  | { readonly kind: 'marker'; readonly text: string; readonly column: number };

/** A token error: where, and what. */
export interface GuestSyntaxError {
  readonly column: number;
  readonly message: string;
}

const WORD = /^!?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?/;
const INTEGER = /^-?(?:0x[0-9a-fA-F]+|\d+)(?![\w.])/;
const STRING = /^"(?:[^"\\]|\\.)*"/;
const CELL = /^@(?:[A-Za-z_][A-Za-z0-9_]*|\d+)/;
/** Markers longest first, `;` written `\;` because `;` starts a comment. */
const MARKER_TEXTS = [...MARKERS.filter((m) => m !== ';'), '\\;'];

/** Splits `text` (which starts at column `start`) into tokens; stops at a `;` comment. */
export function tokenizeGuest(text: string, start: number): GuestToken[] | GuestSyntaxError {
  const tokens: GuestToken[] = [];
  let at = 0;
  while (at < text.length) {
    const rest = text.slice(at);
    const column = start + at;
    const space = /^\s+/.exec(rest);
    if (space) {
      at += space[0].length;
      continue;
    }
    if (rest.startsWith(';')) break;
    let match: RegExpExecArray | null;
    if (rest.startsWith('->')) {
      tokens.push({ kind: 'arrow', column });
      at += 2;
    } else if (rest.startsWith('%')) {
      tokens.push({ kind: 'pop', column });
      at += 1;
    } else if ((match = INTEGER.exec(rest))) {
      const value = Number(match[0]);
      if (!Number.isSafeInteger(value)) return { column, message: `integer ${match[0]} is too large` };
      tokens.push({ kind: 'int', value, column });
      at += match[0].length;
    } else if ((match = STRING.exec(rest))) {
      let value: string;
      try {
        value = JSON.parse(match[0]) as string;
      } catch {
        return { column, message: `malformed string literal ${match[0]}` };
      }
      tokens.push({ kind: 'string', value, column });
      at += match[0].length;
    } else if ((match = CELL.exec(rest))) {
      tokens.push({ kind: 'cell', text: match[0].slice(1), column });
      at += match[0].length;
    } else if ((match = WORD.exec(rest))) {
      tokens.push({ kind: 'word', text: match[0], column });
      at += match[0].length;
    } else {
      const marker = MARKER_TEXTS.find((m) => rest.startsWith(m));
      if (marker === undefined) return { column, message: `unexpected character ${JSON.stringify(rest[0])}` };
      tokens.push({ kind: 'marker', text: marker === '\\;' ? ';' : marker, column });
      at += marker.length;
    }
  }
  return tokens;
}

/** How a token reads in a message. */
export function describeToken(token: GuestToken | undefined): string {
  if (token === undefined) return 'the end of the line';
  switch (token.kind) {
    case 'int':
      return String(token.value);
    case 'string':
      return JSON.stringify(token.value);
    case 'word':
    case 'marker':
      return `'${token.text}'`;
    case 'cell':
      return `@${token.text}`;
    case 'pop':
      return "'%'";
    case 'arrow':
      return "'->'";
  }
}
