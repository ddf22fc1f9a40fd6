/**
 * Assembles guest code for the runtime: exvm assembly plus plugin calls. A line whose instruction
 * starts with `:` calls a plugin instruction by name (`:int.add @a 3 -> @b`) or a runtime built-in
 * (`:interruption GLOBAL FAILURE %`); `.value NAME TYPE [initial]` declares a typed memory cell.
 * Each call becomes `hcall <site>` on the same line (so every position stays right) and its
 * arguments are checked against the instruction's compiled pattern here, when they are all known.
 */
import { assemble } from '../asm/index.js';
import type { Diagnostic } from '../errors.js';
import { AsmError } from '../errors.js';
import type { Program } from '../image/program.js';
import type { ArgumentDescriptor } from '../plugin/config/index.js';
import { BASE_TYPES, matchArguments } from '../plugin/config/index.js';
import type { DefinedObject, PluginSet } from '../plugin/registry/index.js';
import type { SVM_Interruption_Level } from '../plugin/api/index.js';
import type { GuestToken } from './guest-syntax.js';
import { describeToken, tokenizeGuest } from './guest-syntax.js';
import { isInterruptionKind } from './interruptions.js';

/** One argument of a plugin call, as the guest wrote it. */
export type GuestArgument =
  | { readonly kind: 'constant'; readonly type: 'INT' | 'STR' | 'BLN'; readonly value: number | string | boolean }
  | { readonly kind: 'pluginConstant'; readonly type: string; readonly text: string }
  | { readonly kind: 'cell'; readonly address: number; readonly type: string | null }
  | { readonly kind: 'pop' }
  | { readonly kind: 'marker'; readonly text: string }
  | { readonly kind: 'keyword'; readonly text: string };

/** Where a call's result goes: a memory cell, or the machine's stack (INT and BLN only). */
export type ResultTarget = { readonly kind: 'cell'; readonly address: number } | { readonly kind: 'push' };

/** A plugin call site: what `hcall <index>` stands for. */
export type CallSite =
  | {
      readonly kind: 'instruction';
      readonly object: DefinedObject;
      readonly args: readonly GuestArgument[];
      readonly result: ResultTarget | null;
      readonly line: number;
    }
  | { readonly kind: 'handler'; readonly level: SVM_Interruption_Level; readonly interruption: string; readonly clear: boolean; readonly line: number };

/** A declared memory cell (`.value NAME TYPE [initial]`). */
export interface MemoryDeclaration {
  readonly name: string;
  readonly address: number;
  readonly type: string;
  readonly initial: GuestArgument | null;
}

/** Assembled guest code: the program, its call sites (by hcall number) and its declared memory. */
export interface KernelCode {
  readonly program: Program;
  readonly sites: readonly CallSite[];
  readonly memory: readonly MemoryDeclaration[];
  readonly file: string;
}

/** Options of `assembleKernel`. */
export interface AssembleKernelOptions {
  /** File name for diagnostics. Default `<kernel>`. */
  readonly file?: string;
}

const LABELS = /^((?:\s*[A-Za-z_][A-Za-z0-9_.]*\s*:)*\s*)(:[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)(.*)$/s;
const VALUE_LINE = /^(\s*)\.value\b(.*)$/;
const LEVELS: readonly SVM_Interruption_Level[] = ['LOCAL', 'CASCADE', 'GLOBAL'];
const KEYWORD = /^[A-Z][A-Z0-9_]*$/;

/** The descriptor a pattern sees for an argument, or null when its type is only known at run time. */
export function describeGuestArgument(argument: GuestArgument): ArgumentDescriptor | null {
  switch (argument.kind) {
    case 'constant':
    case 'pluginConstant':
      return { kind: 'value', type: argument.type };
    case 'pop':
      return { kind: 'value', type: 'INT' };
    case 'cell':
      return argument.type === null ? null : { kind: 'value', type: argument.type, mutable: true };
    case 'marker':
      return { kind: 'marker', text: argument.text };
    case 'keyword':
      return { kind: 'keyword', text: argument.text };
  }
}

class KernelAssembler {
  readonly diagnostics: Diagnostic[] = [];
  readonly sites: CallSite[] = [];
  readonly memory: MemoryDeclaration[] = [];

  constructor(
    readonly plugins: PluginSet,
    readonly file: string,
  ) {}

  error(line: number, column: number, message: string): null {
    this.diagnostics.push({ file: this.file, line, column, message });
    return null;
  }

  isType(type: string): boolean {
    return (BASE_TYPES as readonly string[]).includes(type) || this.plugins.find('TYPE', type) !== undefined;
  }

  /** Reads one argument at `tokens[index]`; returns it and how many tokens it used, or null after reporting. */
  argument(tokens: readonly GuestToken[], index: number, line: number): [GuestArgument, number] | null {
    const token = tokens[index];
    switch (token.kind) {
      case 'int':
        return [{ kind: 'constant', type: 'INT', value: token.value }, 1];
      case 'string':
        return [{ kind: 'constant', type: 'STR', value: token.value }, 1];
      case 'pop':
        return [{ kind: 'pop' }, 1];
      case 'marker':
        return [{ kind: 'marker', text: token.text }, 1];
      case 'cell': {
        const cell = this.cell(token.text, line, token.column);
        return cell && [{ kind: 'cell', address: cell.address, type: cell.type }, 1];
      }
      case 'word': {
        if (token.text === 'TRUE' || token.text === 'FALSE') return [{ kind: 'constant', type: 'BLN', value: token.text === 'TRUE' }, 1];
        if (token.text === 'CONST') {
          const [type, text] = [tokens[index + 1], tokens[index + 2]];
          if (type?.kind !== 'word' || !type.text.includes('.') || !this.isType(type.text)) return this.error(line, type?.column ?? token.column, `CONST needs a declared plugin type, found ${describeToken(type)}`);
          if (text?.kind !== 'string') return this.error(line, text?.column ?? type.column, `CONST ${type.text} needs a string, found ${describeToken(text)}`);
          if (!this.plugins.find('TYPE', type.text)!.callbacks.has('constant')) return this.error(line, type.column, `type ${type.text} has no constants (no type_${type.text.slice(type.text.indexOf('.') + 1)}_constant callback)`);
          return [{ kind: 'pluginConstant', type: type.text, text: text.value }, 3];
        }
        if (KEYWORD.test(token.text)) return [{ kind: 'keyword', text: token.text }, 1];
        return this.error(line, token.column, `expected an argument (a number, a string, TRUE, FALSE, @cell, %, a marker, a KEYWORD or CONST type "text") but found ${describeToken(token)}`);
      }
      case 'arrow':
        return this.error(line, token.column, "unexpected '->'");
    }
  }

  cell(text: string, line: number, column: number): { address: number; type: string | null } | null {
    if (/^\d+$/.test(text)) return { address: Number(text), type: null };
    const declared = this.memory.find((m) => m.name === text);
    return declared ? { address: declared.address, type: declared.type } : this.error(line, column, `@${text} is not declared (declare it with .value ${text} TYPE)`);
  }

  /** A `.value NAME TYPE [initial]` line. */
  value(rest: string, line: number, start: number): void {
    const tokens = tokenizeGuest(rest, start);
    if (!Array.isArray(tokens)) return void this.error(line, tokens.column, tokens.message);
    const [name, type, ...initial] = tokens;
    if (name?.kind !== 'word' || name.text.includes('.')) return void this.error(line, name?.column ?? start, `.value needs a cell name, found ${describeToken(name)}`);
    if (this.memory.some((m) => m.name === name.text)) return void this.error(line, name.column, `cell ${name.text} is already declared`);
    if (type?.kind !== 'word' || !this.isType(type.text)) return void this.error(line, type?.column ?? name.column, `.value ${name.text} needs a type (a built-in type or a declared plugin type), found ${describeToken(type)}`);
    let value: GuestArgument | null = null;
    if (initial.length > 0) {
      const parsed = type.text.includes('.') && initial[0].kind === 'string' ? ([{ kind: 'pluginConstant', type: type.text, text: initial[0].value }, 1] as const) : this.argument(initial, 0, line);
      if (parsed === null) return;
      if (parsed[1] !== initial.length) return void this.error(line, initial[parsed[1]].column, `unexpected ${describeToken(initial[parsed[1]])} after the initial value`);
      const descriptor = describeGuestArgument(parsed[0]);
      if (parsed[0].kind !== 'constant' && parsed[0].kind !== 'pluginConstant') return void this.error(line, initial[0].column, 'an initial value must be a constant');
      if (descriptor?.kind === 'value' && descriptor.type !== type.text && type.text !== 'AUTO') return void this.error(line, initial[0].column, `the initial value is ${descriptor.type}, the cell is ${type.text}`);
      value = parsed[0];
    }
    this.memory.push({ name: name.text, address: this.memory.length, type: type.text, initial: value });
  }

  /** A `:name ...` line; returns the hcall operand, or null after reporting. */
  call(name: string, rest: string, line: number, nameColumn: number, restColumn: number): number | null {
    const tokens = tokenizeGuest(rest, restColumn);
    if (!Array.isArray(tokens)) return this.error(line, tokens.column, tokens.message);
    if (name === 'interruption') return this.handler(tokens, line, nameColumn);
    const object = this.plugins.find('INSTRUCTION', name);
    if (object === undefined) return this.error(line, nameColumn, `no plugin defines the instruction ${name}`);
    if (object.declaration.kind === 'INSTRUCTION' && object.declaration.flags.override) return this.error(line, nameColumn, `${name} is an OVERRIDE instruction: it only runs through an instruction override, not from guest code`);
    const args: GuestArgument[] = [];
    let index = 0;
    while (index < tokens.length && tokens[index].kind !== 'arrow') {
      const parsed = this.argument(tokens, index, line);
      if (parsed === null) return null;
      args.push(parsed[0]);
      index += parsed[1];
    }
    let result: ResultTarget | null = null;
    if (index < tokens.length) {
      const target = tokens[index + 1];
      if (target?.kind === 'pop') result = { kind: 'push' };
      else if (target?.kind === 'cell') {
        const cell = this.cell(target.text, line, target.column);
        if (cell === null) return null;
        result = { kind: 'cell', address: cell.address };
      } else return this.error(line, target?.column ?? tokens[index].column, `'->' needs a target, @cell or %, found ${describeToken(target)}`);
      if (tokens.length > index + 2) return this.error(line, tokens[index + 2].column, `unexpected ${describeToken(tokens[index + 2])} after the result target`);
      const declaration = object.declaration;
      if (declaration.kind === 'INSTRUCTION' && declaration.returns === null) return this.error(line, tokens[index].column, `${name} returns nothing: remove '->'`);
    }
    const descriptors = args.map(describeGuestArgument);
    if (descriptors.every((d) => d !== null)) {
      const match = matchArguments(object.compiled!, descriptors);
      if (!match.ok) {
        const column = tokens[Math.min(match.position, tokens.length - 1)]?.column ?? nameColumn;
        return this.error(line, match.position < args.length ? column : nameColumn, `${name}: ${match.message}`);
      }
    }
    this.sites.push({ kind: 'instruction', object, args, result, line });
    return this.sites.length - 1;
  }

  /** `:interruption LEVEL KIND %` sets a handler (its code address popped); without `%` it removes it. */
  handler(tokens: readonly GuestToken[], line: number, column: number): number | null {
    const [level, kind, handler, extra] = tokens;
    if (level?.kind !== 'word' || !(LEVELS as readonly string[]).includes(level.text)) return this.error(line, level?.column ?? column, `:interruption needs LOCAL, CASCADE or GLOBAL, found ${describeToken(level)}`);
    if (kind?.kind !== 'word' || !isInterruptionKind(kind.text)) return this.error(line, kind?.column ?? level.column, `:interruption needs an interruption kind (FAILURE ... GENERIC, or !plugin.name), found ${describeToken(kind)}`);
    if (kind.text.startsWith('!') && this.plugins.find('INTERRUPTION', kind.text.slice(1)) === undefined) return this.error(line, kind.column, `no plugin defines the interruption ${kind.text.slice(1)}`);
    if (handler !== undefined && handler.kind !== 'pop') return this.error(line, handler.column, `:interruption takes its handler address from the stack: '%', found ${describeToken(handler)}`);
    if (extra !== undefined) return this.error(line, extra.column, `unexpected ${describeToken(extra)}`);
    this.sites.push({ kind: 'handler', level: level.text as SVM_Interruption_Level, interruption: kind.text, clear: handler === undefined, line });
    return this.sites.length - 1;
  }
}

/**
 * Assembles `source` against the plugins of `plugins`. Throws AsmError listing every problem, the
 * plugin calls' first (their argument checks included), each with its line and column.
 */
export function assembleKernel(source: string, plugins: PluginSet, options: AssembleKernelOptions = {}): KernelCode {
  const file = options.file ?? '<kernel>';
  const kernel = new KernelAssembler(plugins, file);
  const lines = source.split(/\r\n|\r|\n/).map((text, index) => {
    const line = index + 1;
    const declaration = VALUE_LINE.exec(text);
    if (declaration) {
      kernel.value(declaration[2], line, declaration[1].length + '.value'.length + 1);
      return '';
    }
    const call = LABELS.exec(text);
    if (call === null) return text;
    const [, labels, name, rest] = call;
    const site = kernel.call(name.slice(1), rest, line, labels.length + 1, labels.length + name.length + 1);
    return `${labels}hcall ${site ?? 0}`;
  });
  let program: Program | null = null;
  try {
    program = assemble(lines.join('\n'), { file });
  } catch (error) {
    if (!(error instanceof AsmError)) throw error;
    kernel.diagnostics.push(...error.diagnostics);
  }
  if (kernel.diagnostics.length > 0 || program === null) {
    throw new AsmError([...kernel.diagnostics].sort((a, b) => a.line - b.line || a.column - b.column));
  }
  return { program, sites: kernel.sites, memory: kernel.memory, file };
}
