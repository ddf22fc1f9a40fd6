/**
 * The assembler: source text in, Program out. Pass 0 defines names, pass 1 lays out code and
 * data (layout.ts), pass 2 (here) evaluates operands, data values and the header directives.
 * Every problem is collected and thrown together as one AsmError.
 */
import type { DataSegment, Export, Program, SourceLocation } from '../image/program.js';
import { DEFAULT_MEMORY_SIZE, encodeInstructions } from '../image/program.js';
import type { LibraryDescription } from './description.js';
import type { Position, Reporter } from './diagnostics.js';
import { Diagnostics, withinLimits } from './diagnostics.js';
import { ConstantPool } from './floats.js';
import type { DataChunk, DeferredDirective, Layout } from './layout-builder.js';
import { singleExpression } from './layout-builder.js';
import { MEMORY_RANGE, layOut } from './layout.js';
import { lexLine, splitLines } from './lexer.js';
import { NativeImports } from './native-imports.js';
import { encodeOperand } from './operands.js';
import type { ValueRange } from './range.js';
import { inRange } from './range.js';
import type { Statement } from './statement.js';
import { parseStatement } from './statement.js';
import { SymbolTable } from './symbols.js';

/** Options of `assemble`. */
export interface AssembleOptions {
  /** File name for diagnostics and debug info. Default `<input>`. */
  readonly file?: string;
  /** The native libraries `ncall` may name. Without it, `ncall` is an error. */
  readonly libraries?: LibraryDescription;
  /** Record each instruction's source position (default true). */
  readonly debug?: boolean;
}

const BOM = '\uFEFF';

/** Assembles source text into a program; throws AsmError listing every problem found. */
export function assemble(source: string, options: AssembleOptions = {}): Program {
  const file = options.file ?? '<input>';
  return withinLimits(file, () => assembleSource(source.startsWith(BOM) ? source.slice(BOM.length) : source, file, options));
}

/** Whether the source is an image: the magic, then a binary version (a control character no text has there). */
function isImage(source: string): boolean {
  const next = source.charCodeAt(4);
  return source.startsWith('EXVM') && next < 0x20 && !/\s/.test(source[4]);
}

function assembleSource(source: string, file: string, options: AssembleOptions): Program {
  const diagnostics = new Diagnostics(file);
  if (isImage(source)) {
    diagnostics.report({ line: 1, column: 1 }, 'this is an exvm image (.exb), not assembly; use `exvm disasm` to read it');
    diagnostics.throwIfAny();
  }
  const statements = parse(source, diagnostics);
  const symbols = new SymbolTable(diagnostics.report);
  const layout = layOut(statements, symbols, diagnostics);
  const count = layout.instructions.length;

  const constants = new ConstantPool();
  const natives = new NativeImports(options.libraries);
  const context = { symbols, constants, natives, instructionCount: count };
  const instructions = layout.instructions.map((site): [number, number] => [site.spec.code, encodeOperand(site, context) ?? 0]);
  evaluateAllConstants(symbols);
  const memorySize = layout.memory ? (headerValue(layout.memory, symbols, MEMORY_RANGE, 'the memory size in bytes') ?? 0) : DEFAULT_MEMORY_SIZE;
  const data = buildSegments(layout.chunks, memorySize);
  const entry = layout.entry ? entryPoint(layout.entry, symbols, count) : 0;
  const exports = exportList(layout, symbols, count);
  diagnostics.throwIfAny();

  const program: Program = {
    code: encodeInstructions(instructions),
    constants: constants.toFloat64Array(),
    memorySize,
    data,
    imports: natives.imports(),
    exports,
    entry,
  };
  if (options.debug === false) return program;
  const locations = layout.instructions.map((site): SourceLocation => ({ pc: site.pc, line: site.head.line, column: site.head.column }));
  return { ...program, debug: { source: file, locations } };
}

function parse(source: string, diagnostics: Diagnostics): Statement[] {
  return splitLines(source).map((text, index) => {
    const line = index + 1;
    let lexFailed = false;
    // One lexical error per line: the rest of a garbled line (binary, say) would only repeat it.
    const tokens = lexLine(text, line, (at, message) => {
      if (!lexFailed) diagnostics.report(at, message);
      lexFailed = true;
    });
    return parseStatement(tokens, line, lexFailed, diagnostics.report);
  });
}

/** Constants nobody used still get checked. */
function evaluateAllConstants(symbols: SymbolTable): void {
  for (const symbol of symbols.all()) {
    if (symbol.kind === 'const') symbols.constantValue(symbol, false, symbol.at, symbol.report);
  }
}

function headerValue(directive: DeferredDirective, symbols: SymbolTable, range: ValueRange, expected: string): number | undefined {
  const expr = singleExpression(directive.head, directive.operands, expected, directive.report);
  const value = expr && symbols.evaluate(expr, false, directive.report);
  return expr && value !== undefined ? inRange(value, range, expr.at, directive.report) : undefined;
}

function entryPoint(directive: DeferredDirective, symbols: SymbolTable, count: number): number {
  if (count === 0) {
    directive.report(directive.head, '.entry in a program without instructions');
    return 0;
  }
  return headerValue(directive, symbols, { what: 'entry point', min: 0n, max: BigInt(count - 1) }, 'a code label') ?? 0;
}

function exportList(layout: Layout, symbols: SymbolTable, count: number): Export[] {
  const exports: Export[] = [];
  const seen = new Set<string>();
  for (const { head, operands, report } of layout.exports) {
    for (const tokens of operands) {
      const [name, extra] = tokens;
      if (name.kind !== 'ident' || extra !== undefined) {
        report(name.kind === 'ident' ? extra : name, `'${head.text}' takes names of code labels`);
        continue;
      }
      const pc = exportedPc(name.text, name, symbols, count, report);
      if (pc === undefined) continue;
      if (seen.has(name.text)) report(name, `'${name.text}' is already exported`);
      else exports.push({ name: name.text, pc });
      seen.add(name.text);
    }
  }
  return exports;
}

function exportedPc(name: string, at: Position, symbols: SymbolTable, count: number, report: Reporter): number | undefined {
  const symbol = symbols.get(name);
  if (symbol?.kind !== 'label' || symbol.section !== 'text' || symbol.value === undefined) {
    report(at, symbol ? `.export needs a code label; '${name}' is a ${symbol.kind === 'const' ? 'constant' : 'data label'}` : `undefined name '${name}'`);
    return undefined;
  }
  if (symbol.value >= count) {
    report(at, `'${name}' is past the last instruction, so it cannot be exported`);
    return undefined;
  }
  return symbol.value;
}

/**
 * Encodes the data chunks and joins adjacent ones: the segments are the maximal runs of placed
 * bytes, in address order (`.org` only moves forward, so chunks already are in order).
 */
function buildSegments(chunks: readonly DataChunk[], memorySize: number): DataSegment[] {
  const outside = chunks.find((chunk) => chunk.address + chunk.length > memorySize);
  if (outside) {
    outside.report(outside.at, `data at 0x${outside.address.toString(16)}..0x${(outside.address + outside.length).toString(16)} lies beyond the memory size (${memorySize} bytes; raise it with .memory)`);
    // Still evaluate the values, so their problems are reported too; the bytes are not needed.
    for (const chunk of chunks) if (chunk.address + chunk.length <= memorySize) chunk.encode();
    return [];
  }
  const runs: { address: number; parts: Uint8Array[]; end: number }[] = [];
  for (const chunk of chunks) {
    const bytes = chunk.encode();
    const last = runs[runs.length - 1];
    if (last && last.end === chunk.address) last.parts.push(bytes);
    else runs.push({ address: chunk.address, parts: [bytes], end: chunk.address });
    runs[runs.length - 1].end = chunk.address + chunk.length;
  }
  return runs.map((run) => ({ address: run.address, bytes: concat(run.parts, run.end - run.address) }));
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

