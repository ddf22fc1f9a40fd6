/**
 * The binary program image format `.exb` (documented byte by byte in docs/image.md): a header
 * (magic "EXVM", u16 version, u16 flags) followed by sections `u8 id, u32 byteLength, payload` in
 * ascending id order. All integers are little-endian; strings are a u32 byte length and UTF-8.
 *
 * Decoding is strict: every length and count is checked against the bytes that remain before
 * anything is allocated, and the decoded program must pass the same rules as `validateProgram`.
 */
import { ImageError } from '../errors.js';
import { INSTRUCTION_SIZE } from '../isa/opcodes.js';
import type { DataSegment, DebugInfo, Export, ImportedFunction, ImportedLibrary, Program, SourceLocation } from './program.js';
import { DEFAULT_MEMORY_SIZE, instructionCount } from './program.js';
import type { ImageLocations } from './validate.js';
import { checkProgram, validateProgram } from './validate.js';

/** The four bytes every image starts with: "EXVM". */
export const IMAGE_MAGIC: Uint8Array = Uint8Array.of(0x45, 0x58, 0x56, 0x4d);

/** The format version this code writes and the only one it reads. */
export const IMAGE_VERSION = 1;

/** Section ids; sections appear in this order, each at most once. */
export const SectionId = {
  Code: 1,
  Constants: 2,
  Memory: 3,
  Imports: 4,
  Exports: 5,
  Debug: 6,
} as const;

/** One of the section ids. */
export type SectionId = (typeof SectionId)[keyof typeof SectionId];

const SECTION_NAMES: Readonly<Record<SectionId, string>> = {
  [SectionId.Code]: 'code',
  [SectionId.Constants]: 'constants',
  [SectionId.Memory]: 'memory',
  [SectionId.Imports]: 'imports',
  [SectionId.Exports]: 'exports',
  [SectionId.Debug]: 'debug',
};

const HEADER_SIZE = 8;
const MAX_U32 = 0xffff_ffff;
const FLOAT64_SIZE = 8;
// Smallest encoded size of one item of each counted list: what a count is checked against.
const SEGMENT_MIN = 8; // address, length
const LIBRARY_MIN = 10; // index, name length, function count
const FUNCTION_MIN = 6; // index, name length
const EXPORT_MIN = 8; // name length, pc
const LOCATION_MIN = 12; // pc, line, column

/** True when `bytes` starts with the image magic (it may still be invalid). */
export function looksLikeImage(bytes: Uint8Array): boolean {
  return IMAGE_MAGIC.every((byte, i) => bytes[i] === byte);
}

// ---------------------------------------------------------------------------------------------
// Float constants are copied as raw bytes, never through a JS number, so NaN payloads survive.

const LITTLE_ENDIAN_HOST = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Copies float64 bytes between host order and little-endian order (the same swap both ways). */
function copyFloat64Bytes(from: Uint8Array, to: Uint8Array): void {
  to.set(from);
  if (LITTLE_ENDIAN_HOST) return;
  for (let at = 0; at < to.length; at += FLOAT64_SIZE) to.subarray(at, at + FLOAT64_SIZE).reverse();
}

function float64Bytes(values: Float64Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

// ---------------------------------------------------------------------------------------------
// Encoding

/** A growable little-endian byte buffer. */
class Writer {
  #bytes = new Uint8Array(256);
  #view = new DataView(this.#bytes.buffer);
  #length = 0;

  u8(value: number): void {
    this.#reserve(1).setUint8(this.#length - 1, value);
  }

  u16(value: number): void {
    this.#reserve(2).setUint16(this.#length - 2, value, true);
  }

  u32(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > MAX_U32) throw new RangeError(`${value} does not fit in a u32 field`);
    this.#reserve(4).setUint32(this.#length - 4, value, true);
  }

  bytes(bytes: Uint8Array): void {
    this.#reserve(bytes.length);
    this.#bytes.set(bytes, this.#length - bytes.length);
  }

  string(value: string): void {
    const utf8 = new TextEncoder().encode(value);
    this.u32(utf8.length);
    this.bytes(utf8);
  }

  finish(): Uint8Array {
    return this.#bytes.slice(0, this.#length);
  }

  /** Makes room for `n` more bytes, advances the length past them, and returns the view. */
  #reserve(n: number): DataView {
    const needed = this.#length + n;
    if (needed > this.#bytes.length) {
      const grown = new Uint8Array(Math.max(needed, this.#bytes.length * 2));
      grown.set(this.#bytes.subarray(0, this.#length));
      this.#bytes = grown;
      this.#view = new DataView(grown.buffer);
    }
    this.#length = needed;
    return this.#view;
  }
}

/**
 * Encodes a program as an `.exb` image. The program is validated first (an invalid one throws
 * `ImageError`); optional sections that would only restate defaults are left out, so the same
 * program always gives the same bytes.
 */
export function encodeImage(program: Program): Uint8Array {
  validateProgram(program);
  const out = new Writer();
  out.bytes(IMAGE_MAGIC);
  out.u16(IMAGE_VERSION);
  out.u16(0);
  const section = (id: SectionId, write: (payload: Writer) => void): void => {
    const payload = new Writer();
    write(payload);
    const bytes = payload.finish();
    out.u8(id);
    out.u32(bytes.length);
    out.bytes(bytes);
  };

  section(SectionId.Code, (s) => {
    s.u32(instructionCount(program));
    s.bytes(program.code);
  });
  if (program.constants.length > 0) {
    section(SectionId.Constants, (s) => {
      s.u32(program.constants.length);
      const bytes = new Uint8Array(program.constants.byteLength);
      copyFloat64Bytes(float64Bytes(program.constants), bytes);
      s.bytes(bytes);
    });
  }
  if (program.memorySize !== DEFAULT_MEMORY_SIZE || program.data.length > 0) {
    section(SectionId.Memory, (s) => {
      s.u32(program.memorySize);
      s.u32(program.data.length);
      for (const segment of program.data) {
        s.u32(segment.address);
        s.u32(segment.bytes.length);
        s.bytes(segment.bytes);
      }
    });
  }
  if (program.imports.length > 0) {
    section(SectionId.Imports, (s) => {
      s.u32(program.imports.length);
      for (const library of program.imports) {
        s.u16(library.index);
        s.string(library.name);
        s.u32(library.functions.length);
        for (const fn of library.functions) {
          s.u16(fn.index);
          s.string(fn.name);
        }
      }
    });
  }
  if (program.entry !== 0 || program.exports.length > 0) {
    section(SectionId.Exports, (s) => {
      s.u32(program.entry);
      s.u32(program.exports.length);
      for (const exported of program.exports) {
        s.string(exported.name);
        s.u32(exported.pc);
      }
    });
  }
  const { debug } = program;
  if (debug) {
    section(SectionId.Debug, (s) => {
      s.string(debug.source);
      s.u32(debug.locations.length);
      for (const location of debug.locations) {
        s.u32(location.pc);
        s.u32(location.line);
        s.u32(location.column);
      }
    });
  }
  return out.finish();
}

// ---------------------------------------------------------------------------------------------
// Decoding

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Reads little-endian fields from `[start, end)` of an image; errors name `context`. */
class Reader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  readonly #end: number;
  readonly #context: string;
  #offset: number;

  constructor(bytes: Uint8Array, start: number, end: number, context: string) {
    this.#bytes = bytes;
    this.#context = context;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#offset = start;
    this.#end = end;
  }

  get offset(): number {
    return this.#offset;
  }

  get remaining(): number {
    return this.#end - this.#offset;
  }

  fail(offset: number, detail: string): never {
    throw new ImageError(offset, `${this.#context}: ${detail}`);
  }

  /** Fails unless `n` more bytes remain for `what`. */
  need(n: number, what: string): void {
    if (n > this.remaining) this.fail(this.#offset, `truncated: ${what}: ${n} bytes needed, only ${this.remaining} left`);
  }

  u8(what: string): number {
    this.need(1, what);
    return this.#view.getUint8(this.#advance(1));
  }

  u16(what: string): number {
    this.need(2, what);
    return this.#view.getUint16(this.#advance(2), true);
  }

  u32(what: string): number {
    this.need(4, what);
    return this.#view.getUint32(this.#advance(4), true);
  }

  /** Reads a count of items of at least `itemSize` bytes each, checking they can fit. */
  count(what: string, itemSize: number): number {
    const n = this.u32(`${what} count`);
    this.need(n * itemSize, `${n} ${what}`);
    return n;
  }

  /**
   * A plain Uint8Array copy of the next `n` bytes: the program must not alias the caller's buffer
   * (and a Node Buffer's `slice` would return a view).
   */
  bytes(n: number, what: string): Uint8Array {
    this.need(n, what);
    const at = this.#advance(n);
    return new Uint8Array(this.#bytes.subarray(at, at + n));
  }

  string(what: string): string {
    const length = this.u32(`${what} length`);
    this.need(length, what);
    const at = this.#advance(length);
    try {
      return utf8Decoder.decode(this.#bytes.subarray(at, at + length));
    } catch {
      return this.fail(at, `${what} is not valid UTF-8`);
    }
  }

  skip(n: number): void {
    this.#advance(n);
  }

  /** Moves past `n` bytes (already checked) and returns where they start. */
  #advance(n: number): number {
    const at = this.#offset;
    this.#offset += n;
    return at;
  }
}

/** Where each part of the program was found in the image. */
class Offsets implements ImageLocations {
  codeStart = 0;
  memorySizeAt = 0;
  entryAt = 0;
  debugSourceAt = 0;
  readonly segments: number[] = [];
  readonly libraries: number[] = [];
  readonly functions: number[][] = [];
  readonly exports: number[] = [];
  readonly locations: number[] = [];

  instruction(pc: number): number {
    return this.codeStart + pc * INSTRUCTION_SIZE;
  }
  memorySize(): number {
    return this.memorySizeAt;
  }
  segment(index: number): number {
    return this.segments[index];
  }
  library(index: number): number {
    return this.libraries[index];
  }
  importedFunction(library: number, index: number): number {
    return this.functions[library][index];
  }
  entry(): number {
    return this.entryAt;
  }
  export(index: number): number {
    return this.exports[index];
  }
  debugSource(): number {
    return this.debugSourceAt;
  }
  debugLocation(index: number): number {
    return this.locations[index];
  }
}

/** The program being decoded (defaults stand for absent sections), and where its parts were. */
class DecodedParts {
  code: Uint8Array | undefined;
  constants = new Float64Array(0);
  memorySize = DEFAULT_MEMORY_SIZE;
  readonly data: DataSegment[] = [];
  readonly imports: ImportedLibrary[] = [];
  entry = 0;
  readonly exports: Export[] = [];
  debug: DebugInfo | undefined;
  readonly at = new Offsets();
}

const SECTION_READERS: Readonly<Record<SectionId, (r: Reader, parts: DecodedParts) => void>> = {
  [SectionId.Code]: (r, parts) => {
    const count = r.count('instructions', INSTRUCTION_SIZE);
    parts.at.codeStart = r.offset;
    parts.code = r.bytes(count * INSTRUCTION_SIZE, 'instructions');
  },
  [SectionId.Constants]: (r, parts) => {
    const count = r.count('constants', FLOAT64_SIZE);
    parts.constants = new Float64Array(count);
    copyFloat64Bytes(r.bytes(count * FLOAT64_SIZE, 'constants'), float64Bytes(parts.constants));
  },
  [SectionId.Memory]: (r, parts) => {
    parts.at.memorySizeAt = r.offset;
    parts.memorySize = r.u32('memory size');
    const count = r.count('segments', SEGMENT_MIN);
    for (let i = 0; i < count; i++) {
      parts.at.segments.push(r.offset);
      const address = r.u32(`segment ${i} address`);
      const length = r.u32(`segment ${i} length`);
      parts.data.push({ address, bytes: r.bytes(length, `segment ${i} bytes`) });
    }
  },
  [SectionId.Imports]: (r, parts) => {
    const count = r.count('libraries', LIBRARY_MIN);
    for (let i = 0; i < count; i++) {
      parts.at.libraries.push(r.offset);
      const index = r.u16(`library ${i} index`);
      const name = r.string(`library ${i} name`);
      const functionCount = r.count(`functions of library ${i}`, FUNCTION_MIN);
      const functions: ImportedFunction[] = [];
      const offsets: number[] = [];
      for (let j = 0; j < functionCount; j++) {
        offsets.push(r.offset);
        const fnIndex = r.u16(`library ${i}, function ${j} index`);
        functions.push({ index: fnIndex, name: r.string(`library ${i}, function ${j} name`) });
      }
      parts.imports.push({ index, name, functions });
      parts.at.functions.push(offsets);
    }
  },
  [SectionId.Exports]: (r, parts) => {
    parts.at.entryAt = r.offset;
    parts.entry = r.u32('entry');
    const count = r.count('exports', EXPORT_MIN);
    for (let i = 0; i < count; i++) {
      parts.at.exports.push(r.offset);
      const name = r.string(`export ${i} name`);
      parts.exports.push({ name, pc: r.u32(`export ${i} pc`) });
    }
  },
  [SectionId.Debug]: (r, parts) => {
    parts.at.debugSourceAt = r.offset;
    const source = r.string('source file name');
    const count = r.count('locations', LOCATION_MIN);
    const locations: SourceLocation[] = [];
    for (let i = 0; i < count; i++) {
      parts.at.locations.push(r.offset);
      locations.push({ pc: r.u32(`location ${i} pc`), line: r.u32(`location ${i} line`), column: r.u32(`location ${i} column`) });
    }
    parts.debug = { source, locations };
  },
};

function isSectionId(id: number): id is SectionId {
  return id >= SectionId.Code && id <= SectionId.Debug;
}

function readHeader(bytes: Uint8Array): void {
  const header: Reader = new Reader(bytes, 0, bytes.length, 'header');
  header.need(HEADER_SIZE, 'header');
  if (!looksLikeImage(bytes)) header.fail(0, 'wrong magic: an exvm image starts with "EXVM" (45 58 56 4d)');
  header.skip(IMAGE_MAGIC.length);
  const version = header.u16('version');
  if (version !== IMAGE_VERSION) header.fail(4, `unsupported format version ${version} (this reader supports version ${IMAGE_VERSION})`);
  const flags = header.u16('flags');
  if (flags !== 0) header.fail(6, `flags are 0x${flags.toString(16)}, must be 0 in version ${IMAGE_VERSION}`);
}

/**
 * Decodes and validates an `.exb` image. Any malformation, truncation or rule violation throws
 * an `ImageError` giving the byte offset and naming the section and field.
 */
export function decodeImage(bytes: Uint8Array): Program {
  readHeader(bytes);
  const parts = new DecodedParts();
  const sections: Reader = new Reader(bytes, HEADER_SIZE, bytes.length, 'sections');
  let previous = 0;
  while (sections.remaining > 0) {
    const at = sections.offset;
    const id = sections.u8('section id');
    if (!isSectionId(id)) sections.fail(at, `unknown section id ${id}`);
    const name = `${SECTION_NAMES[id]} section`;
    if (id === previous) sections.fail(at, `duplicate ${name} (id ${id})`);
    if (id < previous) sections.fail(at, `${name} (id ${id}) after section id ${previous}: sections must appear in ascending id order`);
    const length = sections.u32(`${name} length`);
    sections.need(length, `${name} payload`);
    const payload = new Reader(bytes, sections.offset, sections.offset + length, name);
    SECTION_READERS[id](payload, parts);
    if (payload.remaining > 0) {
      payload.fail(payload.offset, `section length ${length} does not match its content: ${payload.remaining} bytes left over`);
    }
    sections.skip(length);
    previous = id;
  }
  if (!parts.code) throw new ImageError(bytes.length, 'missing the required code section');

  const program: Program = {
    code: parts.code,
    constants: parts.constants,
    memorySize: parts.memorySize,
    data: parts.data,
    imports: parts.imports,
    exports: parts.exports,
    entry: parts.entry,
    ...(parts.debug ? { debug: parts.debug } : {}),
  };
  checkProgram(program, parts.at);
  return program;
}
