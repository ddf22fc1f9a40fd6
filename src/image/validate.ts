/**
 * The semantic rules of a program image, in one place. `decodeImage` applies them to what it
 * decoded (reporting the byte offset of the offending field in the image); `validateProgram`
 * applies them to an in-memory Program (reporting offset 0, or the instruction's byte offset in
 * the code). The binary format itself guarantees some rules (u16 indices, UTF-8 strings), which
 * an in-memory Program must be checked for explicitly: those checks live here too.
 */
import { ImageError } from '../errors.js';
import { INSTRUCTION_SIZE, Op, opcodeInfo } from '../isa/opcodes.js';
import { operandProblem } from '../isa/operands.js';
import { MAX_FLAT_MEMORY } from '../isa/limits.js';
import type { DebugInfo, ImportedLibrary, Program } from './program.js';
import { instructionCount, opcodeAt, operandAt } from './program.js';

/** Byte offsets, in the image, of each part of a program: where to point an error at. */
export interface ImageLocations {
  instruction(pc: number): number;
  memorySize(): number;
  segment(index: number): number;
  library(index: number): number;
  importedFunction(library: number, index: number): number;
  entry(): number;
  export(index: number): number;
  debugSource(): number;
  debugLocation(index: number): number;
}

/** Locations for a program that has no image: offset 0, or an instruction's offset in the code. */
const IN_MEMORY: ImageLocations = {
  instruction: (pc) => pc * INSTRUCTION_SIZE,
  memorySize: () => 0,
  segment: () => 0,
  library: () => 0,
  importedFunction: () => 0,
  entry: () => 0,
  export: () => 0,
  debugSource: () => 0,
  debugLocation: () => 0,
};

const MAX_U16 = 0xffff;
const MAX_U32 = 0xffff_ffff;

/**
 * Checks that an in-memory program is a valid image: everything `decodeImage` checks. Throws an
 * `ImageError` at offset 0, or at the offending instruction's byte offset in `code`.
 */
export function validateProgram(program: Program): void {
  checkProgram(program, IN_MEMORY);
}

/** Applies every semantic rule to a program, reporting failures at the given locations. */
export function checkProgram(program: Program, at: ImageLocations): void {
  checkCode(program, at);
  checkMemory(program, at);
  checkImports(program.imports, at);
  checkExports(program, at);
  if (program.debug) checkDebug(program.debug, instructionCount(program), at);
}

function fail(offset: number, detail: string): never {
  throw new ImageError(offset, detail);
}

function isUint(value: number, max: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= max;
}

// With the `u` flag a class of surrogates matches only lone ones, which UTF-8 cannot encode.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function checkString(value: string, offset: number, what: string): void {
  if (LONE_SURROGATE.test(value)) fail(offset, `${what} contains a lone surrogate (not encodable as UTF-8)`);
}

function checkCode(program: Program, at: ImageLocations): void {
  const { code } = program;
  if (code.length % INSTRUCTION_SIZE !== 0) {
    fail(0, `code section: ${code.length} bytes is not a whole number of ${INSTRUCTION_SIZE}-byte instructions`);
  }
  const count = instructionCount(program);
  const imported = importedOperands(program.imports);
  for (let pc = 0; pc < count; pc++) {
    const opcode = opcodeAt(code, pc);
    const operand = operandAt(code, pc);
    const mnemonic = opcodeInfo(opcode)?.mnemonic;
    const where = mnemonic ? `code section: instruction ${pc} (${mnemonic})` : `code section: instruction ${pc}`;
    const problem = operandProblem(opcode, operand, program, count);
    if (problem) {
      // operandProblem prefixes the mnemonic, which `where` already names.
      const detail = mnemonic && problem.message.startsWith(`${mnemonic}: `) ? problem.message.slice(mnemonic.length + 2) : problem.message;
      fail(at.instruction(pc), `${where}: ${detail}`);
    }
    if (opcode === Op.NCALL && !imported.has(operand)) {
      fail(at.instruction(pc), `${where}: missing import: library ${operand >>> 16}, function ${operand & MAX_U16} is not in the imports section`);
    }
  }
}

function importedOperands(imports: readonly ImportedLibrary[]): Set<number> {
  const operands = new Set<number>();
  for (const library of imports) {
    for (const fn of library.functions) operands.add(((library.index << 16) | fn.index) >>> 0);
  }
  return operands;
}

function checkMemory(program: Program, at: ImageLocations): void {
  const { memorySize, data } = program;
  if (!isUint(memorySize, MAX_FLAT_MEMORY)) {
    fail(at.memorySize(), `memory section: memory size ${memorySize} is not a whole number of bytes from 0 to ${MAX_FLAT_MEMORY} (1 GiB)`);
  }
  data.forEach((segment, index) => {
    const end = segment.address + segment.bytes.length;
    if (!isUint(segment.address, MAX_U32) || end > memorySize) {
      fail(at.segment(index), `memory section: segment ${index}: ${describeRange(segment.address, segment.bytes.length)} lies outside memory (${memorySize} bytes)`);
    }
  });
  // Sorted by address, a segment can only overlap its predecessor; empty segments overlap nothing.
  const order = data.map((_, index) => index).filter((index) => data[index].bytes.length > 0);
  order.sort((a, b) => data[a].address - data[b].address || a - b);
  for (let k = 1; k < order.length; k++) {
    const [before, after] = [data[order[k - 1]], data[order[k]]];
    if (before.address + before.bytes.length > after.address) {
      const [first, second] = [Math.min(order[k - 1], order[k]), Math.max(order[k - 1], order[k])];
      fail(at.segment(second), `memory section: segment ${second} (${describeRange(data[second].address, data[second].bytes.length)}) overlaps segment ${first} (${describeRange(data[first].address, data[first].bytes.length)})`);
    }
  }
}

function describeRange(address: number, length: number): string {
  return `${length} bytes at 0x${address.toString(16)}`;
}

function checkImports(imports: readonly ImportedLibrary[], at: ImageLocations): void {
  const libraryIndices = new Set<number>();
  imports.forEach((library, i) => {
    const where = `imports section: library ${i}`;
    if (!isUint(library.index, MAX_U16)) fail(at.library(i), `${where}: library index ${library.index} is not from 0 to ${MAX_U16}`);
    if (libraryIndices.has(library.index)) fail(at.library(i), `${where}: duplicate library index ${library.index}`);
    libraryIndices.add(library.index);
    checkString(library.name, at.library(i), `${where}: name`);
    const functionIndices = new Set<number>();
    library.functions.forEach((fn, j) => {
      const fnWhere = `${where}, function ${j}`;
      if (!isUint(fn.index, MAX_U16)) fail(at.importedFunction(i, j), `${fnWhere}: function index ${fn.index} is not from 0 to ${MAX_U16}`);
      if (functionIndices.has(fn.index)) fail(at.importedFunction(i, j), `${fnWhere}: duplicate function index ${fn.index} in library index ${library.index}`);
      functionIndices.add(fn.index);
      checkString(fn.name, at.importedFunction(i, j), `${fnWhere}: name`);
    });
  });
}

function checkExports(program: Program, at: ImageLocations): void {
  const count = instructionCount(program);
  // An empty program has no instruction to start at; entry 0 is its only (faulting) choice.
  const entryOk = count === 0 ? program.entry === 0 : isUint(program.entry, count - 1);
  if (!entryOk) fail(at.entry(), `exports section: entry ${program.entry} is outside the code (${count} instructions)`);
  const names = new Set<string>();
  program.exports.forEach((exported, i) => {
    const where = `exports section: export ${i} (${JSON.stringify(exported.name)})`;
    checkString(exported.name, at.export(i), `${where}: name`);
    if (names.has(exported.name)) fail(at.export(i), `${where}: duplicate export name`);
    names.add(exported.name);
    if (!isUint(exported.pc, count - 1)) fail(at.export(i), `${where}: pc ${exported.pc} is outside the code (${count} instructions)`);
  });
}

function checkDebug(debug: DebugInfo, count: number, at: ImageLocations): void {
  checkString(debug.source, at.debugSource(), 'debug section: source file name');
  debug.locations.forEach((location, i) => {
    const where = `debug section: location ${i}`;
    if (!isUint(location.pc, count - 1)) fail(at.debugLocation(i), `${where}: pc ${location.pc} is outside the code (${count} instructions)`);
    if (!isUint(location.line, MAX_U32) || !isUint(location.column, MAX_U32)) {
      fail(at.debugLocation(i), `${where}: line ${location.line} and column ${location.column} must be whole numbers from 0 to ${MAX_U32}`);
    }
  });
}
