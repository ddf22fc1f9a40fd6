/**
 * The parser of plugin configuration strings. Line-oriented: a syntax error abandons the rest of its
 * line and parsing resumes at the next one, so one call reports every broken line. Consistency rules
 * that span lines (names, duplicates, declared types) are checked by `checkConfiguration` afterwards.
 */
import type {
  Atom, BaseType, ConfigPosition, InstructionFlag, ObjectDeclaration, Pattern, PatternItem, PluginConfiguration, Repeat, ReturnPattern,
} from './ast.js';
import { ARGUMENT_TYPES, BASE_TYPES, INSTRUCTION_FLAGS, OBJECT_KINDS, OPTION_TYPES } from './ast.js';
import { checkConfiguration } from './checks.js';
import type { PluginConfigDiagnostic } from './errors.js';
import { PluginConfigError, formatAlternatives, withinLimits } from './errors.js';
import { MAX_NESTING_DEPTH, patternLimitProblem } from './limits.js';
import type { Token } from './lexer.js';
import { describeToken, tokenize } from './lexer.js';

/** Options of `parseConfiguration`. */
export interface ParseConfigurationOptions {
  /** How error messages name the text (default `plugin config`). */
  readonly source?: string;
}

/** The largest exact repetition count (`INT 3`); counts are unrolled when a pattern is compiled. */
export const MAX_REPEAT_COUNT = 255;

/** What may start a parameter item, for error messages. */
const ATOM_START = ['a type', 'a marker', 'a keyword'];
const ITEM_START = [...ATOM_START, "'['", "'('"];
const WILDCARDS: Readonly<Record<string, Atom>> = {
  VALUE: { kind: 'value' },
  MARKER: { kind: 'marker' },
  KEYWORD: { kind: 'keyword' },
  STRUCT: { kind: 'structure', name: null },
  VARIABLE: { kind: 'variable' },
};
/** Atoms that only make sense for functions (instructions receive values, markers and keywords). */
const FUNCTION_ONLY = new Set<Atom['kind']>(['structure', 'variable']);
const VALUE_ATOMS = new Set<Atom['kind']>(['type', 'pluginType', 'value']);
const RETURNABLE = new Set<Atom['kind']>(['type', 'pluginType', 'value', 'structure', 'variable']);

/** Unwinds the parse of one line to the line loop, which records it and skips to the next line. */
class LineAbandoned {
  constructor(readonly diagnostic: PluginConfigDiagnostic) {}
}

/** What kind of declaration is being parsed, for rules that depend on it. */
type Context = 'INSTRUCTION' | 'FUNCTION';

class Parser {
  private readonly tokens: Token[];
  private index = 0;
  /** How many `( )` enclose the item being parsed. */
  private depth = 0;
  readonly diagnostics: PluginConfigDiagnostic[] = [];

  constructor(text: string) {
    this.tokens = tokenize(text);
  }

  parse(): PluginConfiguration {
    let plugin = '';
    const uses: ObjectDeclaration[] = [];
    const defines: ObjectDeclaration[] = [];
    let section: ObjectDeclaration[] | null = null;
    this.skipBlankLines();
    this.line(() => {
      if (!this.isWord('PLUGIN')) {
        if (this.isWord('USE') || this.isWord('DEFINE')) {
          this.report(this.peek(), 'expected PLUGIN and the plugin name on the first line');
          return true; // keep the section header for the section loop
        }
        throw this.unexpected(["'PLUGIN'"]);
      }
      this.next();
      const name = this.peek();
      if (name.kind === 'name') throw this.fail(name, `a plugin name has no '.', found '${name.text}'`);
      if (name.kind !== 'word') throw this.unexpected(['the plugin name']);
      plugin = name.text;
      this.next();
      this.expectEndOfLine();
      return true;
    });
    let sawUse = false;
    let sawDefine = false;
    for (this.skipBlankLines(); this.peek().kind !== 'eof'; this.skipBlankLines()) {
      this.line(() => {
        const token = this.peek();
        if (this.isWord('USE') || this.isWord('DEFINE')) {
          const isUse = token.text === 'USE';
          if (isUse ? sawUse || sawDefine : sawDefine) this.report(token, isUse ? 'USE comes once, before DEFINE' : 'DEFINE comes once');
          if (isUse) sawUse = true;
          else sawDefine = true;
          section = isUse ? uses : defines;
          this.next();
          this.expectEndOfLine();
        } else if (this.isWord('PLUGIN')) {
          throw this.fail(token, 'PLUGIN comes once, on the first line');
        } else if (section === null) {
          throw this.unexpected(["'USE'", "'DEFINE'"]);
        } else {
          section.push(this.declaration());
        }
        return true;
      });
    }
    return { plugin, uses, defines };
  }

  /** Runs one line's parser; on a syntax error records it and skips the rest of the line. */
  private line(parseLine: () => boolean): void {
    try {
      if (!parseLine()) this.skipLine();
    } catch (error) {
      if (!(error instanceof LineAbandoned)) throw error;
      this.depth = 0;
      this.diagnostics.push(error.diagnostic);
      this.skipLine();
    }
  }

  private declaration(): ObjectDeclaration {
    const flags = new Set<InstructionFlag>();
    let firstFlag: Token | null = null;
    while (this.peek().kind === 'word' && (INSTRUCTION_FLAGS as readonly string[]).includes(this.peek().text)) {
      const flag = this.next();
      if (flags.has(flag.text as InstructionFlag)) this.report(flag, `${flag.text} is given twice`);
      flags.add(flag.text as InstructionFlag);
      firstFlag ??= flag;
    }
    const kindToken = this.peek();
    const kind = OBJECT_KINDS.find((k) => kindToken.kind === 'word' && k === kindToken.text);
    if (kind === undefined) {
      throw this.unexpected(firstFlag === null ? ['an object kind (INSTRUCTION, FUNCTION, TYPE, STRUCT, INTERRUPTION, SEQUENCER, SCHEDULER, OPTION, ARGUMENT, ARGUMENTS)'] : ["'INSTRUCTION'", ...INSTRUCTION_FLAGS.filter((f) => !flags.has(f)).map((f) => `'${f}'`)]);
    }
    if (firstFlag !== null && kind !== 'INSTRUCTION') this.report(firstFlag, `${[...flags].join(', ')} only ${flags.size === 1 ? 'applies' : 'apply'} to INSTRUCTION, not to ${kind}`);
    this.next();
    const nameToken = this.peek();
    if (nameToken.kind !== 'name') throw this.unexpected(["a qualified name 'plugin.entry'"]);
    this.next();
    const name = nameToken.text;
    const origin = firstFlag ?? kindToken;
    const position = { line: origin.line, column: origin.column };
    let declaration: ObjectDeclaration;
    switch (kind) {
      case 'INSTRUCTION':
      case 'FUNCTION': {
        const parameters = this.sequence(kind, 'top');
        const problem = patternLimitProblem(parameters);
        if (problem !== null) this.diagnostics.push(problem);
        const returns = this.isPunct('->') ? this.returnPattern(kind) : null;
        declaration = kind === 'INSTRUCTION'
          ? { kind, name, position, flags: { waiting: flags.has('WAITING'), system: flags.has('SYSTEM'), override: flags.has('OVERRIDE') }, parameters, returns }
          : { kind, name, position, parameters, returns };
        break;
      }
      case 'OPTION': {
        const flag = this.peek();
        if (flag.kind !== 'flag') throw this.unexpected(["an option letter like '-v'"]);
        if (!/^[A-Za-z]$/.test(flag.text)) throw this.fail(flag, `an option is one letter after '-', found '-${flag.text}'`);
        this.next();
        declaration = { kind, name, position, flag: flag.text, valueType: this.choice(OPTION_TYPES) };
        break;
      }
      case 'ARGUMENT':
        declaration = { kind, name, position, valueType: this.choice(ARGUMENT_TYPES) };
        break;
      default:
        declaration = { kind, name, position };
    }
    this.expectEndOfLine();
    return declaration;
  }

  /** One word among `words`. */
  private choice<T extends string>(words: readonly T[]): T {
    const token = this.peek();
    const found = words.find((w) => token.kind === 'word' && token.text === w);
    if (found === undefined) throw this.unexpected(words.map((w) => `'${w}'`));
    this.next();
    return found;
  }

  /** Items up to the end of the line or `->` (`top`), or up to `|` or `)` (`group`, at least one item). */
  private sequence(context: Context, level: 'top' | 'group'): Pattern {
    const items: PatternItem[] = [];
    const ends = level === 'top' ? ["'->'", 'end of line'] : ["'|'", "')'"];
    for (;;) {
      const token = this.peek();
      const atEnd = level === 'top' ? token.kind === 'newline' || token.kind === 'eof' || this.isPunct('->') : this.isPunct('|') || this.isPunct(')');
      if (atEnd && (level === 'top' || items.length > 0)) return items;
      if (atEnd || !this.startsItem()) throw this.unexpected(items.length === 0 && level === 'group' ? ITEM_START : [...ITEM_START, ...ends]);
      items.push(this.item(context));
    }
  }

  private startsItem(): boolean {
    const token = this.peek();
    return ['word', 'name', 'struct', 'keyword', 'marker'].includes(token.kind) || this.isPunct('[') || this.isPunct('(') || this.isPunct('.');
  }

  private item(context: Context): PatternItem {
    const first = this.peek();
    const position = { line: first.line, column: first.column };
    const mutable = this.isWord('MUTABLE');
    if (mutable) this.next();
    let item: PatternItem;
    if (this.isPunct('(')) {
      if (mutable) this.report(first, "MUTABLE applies to a value type, not to '( )'");
      // Refused here, before recursing: no later function has to handle deeper trees.
      if (this.depth === MAX_NESTING_DEPTH) throw this.fail(this.peek(), `pattern nested too deeply: more than ${MAX_NESTING_DEPTH} levels of '( )'`);
      this.next();
      this.depth++;
      const alternatives = [this.sequence(context, 'group')];
      while (this.isPunct('|')) {
        this.next();
        alternatives.push(this.sequence(context, 'group'));
      }
      this.depth--;
      this.next(); // the ')' that ended the last sequence
      item = { kind: 'group', alternatives, ...this.suffix(), position };
    } else if (this.isPunct('[')) {
      const atoms = this.bracketed(context, VALUE_ATOMS, mutable);
      item = { kind: 'oneOf', atoms, mutable, ...this.suffix(), position };
    } else {
      const atom = this.atom(context);
      if (mutable && !VALUE_ATOMS.has(atom.kind)) this.report(first, `MUTABLE applies to a value type, not to ${this.describeAtom(atom)}`);
      item = { kind: 'atom', atom, mutable, ...this.suffix(), position };
    }
    return item;
  }

  /** `[ atom+ ]`; with `mutable`, every atom must be a value type. */
  private bracketed(context: Context, valueKinds: ReadonlySet<Atom['kind']>, mutable: boolean): Atom[] {
    this.next();
    const atoms: Atom[] = [];
    while (atoms.length === 0 || !this.isPunct(']')) {
      if (!this.startsAtom()) throw this.unexpected(atoms.length === 0 ? ATOM_START : [...ATOM_START, "']'"]);
      const token = this.peek();
      const atom = this.atom(context);
      if (mutable && !valueKinds.has(atom.kind)) this.report(token, `MUTABLE applies to value types, not to ${this.describeAtom(atom)}`);
      atoms.push(atom);
    }
    this.next();
    return atoms;
  }

  private startsAtom(): boolean {
    return ['word', 'name', 'struct', 'keyword', 'marker'].includes(this.peek().kind) || this.isPunct('.');
  }

  /** One single-argument test. */
  private atom(context: Context): Atom {
    const token = this.peek();
    let atom: Atom | null = null;
    if (token.kind === 'word' && (BASE_TYPES as readonly string[]).includes(token.text)) atom = { kind: 'type', name: token.text as BaseType };
    else if (token.kind === 'word' && token.text in WILDCARDS) atom = WILDCARDS[token.text];
    else if (token.kind === 'name') atom = { kind: 'pluginType', name: token.text };
    else if (token.kind === 'struct') atom = { kind: 'structure', name: token.text };
    else if (token.kind === 'keyword') atom = { kind: 'keywordLiteral', text: token.text };
    else if (token.kind === 'marker') atom = { kind: 'markerLiteral', text: token.text };
    else if (this.isPunct('.')) atom = { kind: 'any' };
    if (atom === null) {
      if (token.kind === 'word' && token.text === 'MUTABLE') throw this.fail(token, "MUTABLE goes before the item it qualifies (before '[' for a choice)");
      if (token.kind === 'word') throw this.fail(token, `unknown type '${token.text}' (a built-in type is one of ${BASE_TYPES.join(' ')}; a plugin type is written 'plugin.type')`, ITEM_START);
      throw this.unexpected(ITEM_START);
    }
    if (FUNCTION_ONLY.has(atom.kind) && context === 'INSTRUCTION') this.report(token, `${this.describeAtom(atom)} is only allowed in FUNCTION declarations`);
    this.next();
    return atom;
  }

  /** The optional `:label` and repetition after an item, in either order. */
  private suffix(): { label: string | null; repeat: Repeat } {
    let label = this.label();
    let repeat: Repeat = 'once';
    const token = this.peek();
    if (this.isPunct('?') || this.isPunct('*') || this.isPunct('+')) {
      repeat = token.text as Repeat;
      this.next();
    } else if (token.kind === 'number') {
      const count = Number(token.text);
      if (count < 1 || count > MAX_REPEAT_COUNT) this.report(token, `a repetition count is between 1 and ${MAX_REPEAT_COUNT}, found ${token.text}`);
      repeat = Math.min(Math.max(count, 1), MAX_REPEAT_COUNT);
      this.next();
    }
    if (this.isPunct(':')) {
      if (label !== null) throw this.fail(this.peek(), 'an item has one label at most');
      label = this.label();
    }
    return { label, repeat };
  }

  private label(): string | null {
    if (!this.isPunct(':')) return null;
    this.next();
    const token = this.peek();
    if (token.kind !== 'word') throw this.unexpected(['a label name']);
    this.next();
    return token.text;
  }

  private returnPattern(context: Context): ReturnPattern {
    this.next(); // '->'
    const first = this.peek();
    const position = { line: first.line, column: first.column };
    const bracketed = this.isPunct('[');
    if (!bracketed && !this.startsAtom()) throw this.unexpected(['a type', 'VALUE', 'STRUCT', 'VARIABLE', "'['"]);
    const atoms = bracketed ? this.bracketed(context, RETURNABLE, false) : [this.atom(context)];
    for (const atom of atoms) {
      if (!RETURNABLE.has(atom.kind)) this.report(first, `a return is a type, VALUE, STRUCT or VARIABLE, not ${this.describeAtom(atom)}`);
    }
    let label = this.label();
    const optional = this.isPunct('?');
    if (optional) this.next();
    if (this.isPunct(':')) {
      if (label !== null) throw this.fail(this.peek(), 'a return has one label at most');
      label = this.label();
    }
    return { atoms, bracketed, optional, label, position };
  }

  private describeAtom(atom: Atom): string {
    switch (atom.kind) {
      case 'type':
      case 'pluginType':
        return atom.name;
      case 'keywordLiteral':
        return `keyword '${atom.text}'`;
      case 'markerLiteral':
        return `marker '${atom.text}'`;
      case 'structure':
        return atom.name === null ? 'STRUCT' : `$${atom.name}`;
      case 'any':
        return "'.'";
      default:
        return atom.kind.toUpperCase();
    }
  }

  private expectEndOfLine(): void {
    const token = this.peek();
    if (token.kind !== 'newline' && token.kind !== 'eof') throw this.unexpected(['end of line']);
    if (token.kind === 'newline') this.next();
  }

  private skipLine(): void {
    while (this.peek().kind !== 'newline' && this.peek().kind !== 'eof') this.next();
    if (this.peek().kind === 'newline') this.next();
  }

  private skipBlankLines(): void {
    while (this.peek().kind === 'newline') this.next();
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    const token = this.tokens[this.index];
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  private isWord(text: string): boolean {
    return this.peek().kind === 'word' && this.peek().text === text;
  }

  private isPunct(text: string): boolean {
    return this.peek().kind === 'punct' && this.peek().text === text;
  }

  /** Records a problem that does not stop the line. */
  private report(at: ConfigPosition, message: string): void {
    this.diagnostics.push({ line: at.line, column: at.column, message, expected: [] });
  }

  private fail(at: ConfigPosition, message: string, expected: readonly string[] = []): LineAbandoned {
    return new LineAbandoned({ line: at.line, column: at.column, message, expected });
  }

  private unexpected(expected: readonly string[]): LineAbandoned {
    const token = this.peek();
    return this.fail(token, `expected ${formatAlternatives(expected)} but found ${describeToken(token)}`, expected);
  }
}

/**
 * Parses a plugin configuration string into its syntax tree. Throws a `PluginConfigError` listing
 * every problem (syntax and consistency), each with its line and column; never throws anything else.
 */
export function parseConfiguration(text: string, options: ParseConfigurationOptions = {}): PluginConfiguration {
  const source = options.source ?? 'plugin config';
  return withinLimits(source, () => {
    const parser = new Parser(text);
    const configuration = parser.parse();
    const diagnostics = [...parser.diagnostics, ...checkConfiguration(configuration)];
    if (diagnostics.length > 0) {
      diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
      throw new PluginConfigError(source, diagnostics);
    }
    return configuration;
  });
}
