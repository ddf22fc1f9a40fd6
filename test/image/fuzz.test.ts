/**
 * Property tests of the `.exb` codec: generated valid programs round-trip exactly, and random,
 * truncated or mutated bytes either decode to a valid program (that a Machine accepts) or throw
 * ImageError, never anything else.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ImageError } from '../../src/errors.js';
import type { DataSegment, DebugInfo, ImportedLibrary, Program } from '../../src/image/index.js';
import { DEFAULT_MEMORY_SIZE, decodeImage, encodeImage, encodeInstructions, makeProgram, validateProgram } from '../../src/image/index.js';
import type { OpcodeSpec } from '../../src/isa/opcodes.js';
import { OPCODES, Op } from '../../src/isa/opcodes.js';
import { Machine } from '../../src/machine/machine.js';
import { assertSameProgram } from './helpers.js';
import '../helpers/property.js';

// ---- valid programs ------------------------------------------------------------------------

const name = fc.string({ unit: 'binary', maxLength: 8 });
const u32 = fc.nat({ max: 0xffff_ffff });
const u16 = fc.nat({ max: 0xffff });
/** `fc.record` building ordinary objects (by default fast-check gives them a null prototype). */
const record = <T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> => fc.record(model, { noNullPrototype: true });

/** Constants as raw bits: ordinary doubles, the special values, and NaNs with arbitrary payloads. */
const constantsArb = fc
  .array(
    fc.oneof(
      fc.double().map((x) => new Uint8Array(Float64Array.of(x).buffer)),
      fc.constantFrom(Number.NaN, -0, Number.NEGATIVE_INFINITY).map((x) => new Uint8Array(Float64Array.of(x).buffer)),
      fc.uint8Array({ minLength: 8, maxLength: 8 }),
      fc.constant(Uint8Array.of(1, 0, 0, 0, 0, 0, 0xf0, 0x7f)), // a signalling NaN
    ),
    { maxLength: 6 },
  )
  .map((parts) => {
    const constants = new Float64Array(parts.length);
    parts.forEach((bits, i) => new Uint8Array(constants.buffer).set(bits, i * 8));
    return constants;
  });

const importsArb: fc.Arbitrary<ImportedLibrary[]> = fc.uniqueArray(
  record({
    index: u16,
    name: fc.oneof(fc.constant(''), name),
    functions: fc.uniqueArray(record({ index: u16, name }), { selector: (f) => f.index, maxLength: 4 }),
  }),
  { selector: (library) => library.index, maxLength: 3 },
);

/** Non-overlapping segments laid out from gaps and lengths, in address order or reversed. */
const memoryArb = fc
  .tuple(fc.array(fc.tuple(fc.nat({ max: 64 }), fc.uint8Array({ maxLength: 16 })), { maxLength: 4 }), fc.boolean(), fc.oneof(fc.constant(-1), fc.nat({ max: 4096 })))
  .map(([pieces, reversed, extra]) => {
    let end = 0;
    const data: DataSegment[] = pieces.map(([gap, bytes]) => {
      const address = end + gap;
      end = address + bytes.length;
      return { address, bytes };
    });
    if (reversed) data.reverse();
    // extra = -1 keeps the default size when it fits, to exercise an absent memory section.
    const memorySize = extra < 0 && end <= DEFAULT_MEMORY_SIZE ? DEFAULT_MEMORY_SIZE : end + Math.max(extra, 0);
    return { memorySize, data };
  });

/** A valid operand for an instruction of `spec`, derived from a random seed; undefined if none exists. */
function validOperand(spec: OpcodeSpec, seed: number, count: number, constants: number, natives: readonly number[]): number | undefined {
  switch (spec.operand) {
    case 'none':
      return 0;
    case 'code':
      return seed % count;
    case 'local':
      return seed & 0xffff;
    case 'count':
      return seed & 0xff;
    case 'vector':
      return seed & 31;
    case 'const':
      return constants > 0 ? seed % constants : undefined;
    case 'native':
      return natives.length > 0 ? natives[seed % natives.length] : undefined;
    default:
      return seed;
  }
}

const programArb: fc.Arbitrary<Program> = fc
  .tuple(constantsArb, importsArb, memoryArb, fc.nat({ max: 24 }))
  .chain(([constants, imports, memory, count]) => {
    const natives = imports.flatMap((library) => library.functions.map((fn) => ((library.index << 16) | fn.index) >>> 0));
    const instructions = fc.array(fc.tuple(fc.nat({ max: OPCODES.length - 1 }), u32), { minLength: count, maxLength: count }).map((picks) =>
      picks.map(([row, seed]): [number, number] => {
        const operand = validOperand(OPCODES[row], seed, count, constants.length, natives);
        return operand === undefined ? [Op.NOP, 0] : [OPCODES[row].code, operand];
      }),
    );
    const pc = count > 0 ? fc.nat({ max: count - 1 }) : fc.constant(0);
    const exports = count > 0 ? fc.uniqueArray(record({ name, pc }), { selector: (e) => e.name, maxLength: 4 }) : fc.constant([]);
    const debug: fc.Arbitrary<DebugInfo | undefined> = fc.option(
      record({ source: name, locations: count > 0 ? fc.array(record({ pc, line: u32, column: u32 }), { maxLength: 6 }) : fc.constant([]) }),
      { nil: undefined },
    );
    return record({ instructions, entry: pc, exports, debug }).map((parts) =>
      makeProgram({
        code: encodeInstructions(parts.instructions),
        constants,
        ...memory,
        imports,
        exports: parts.exports,
        entry: parts.entry,
        ...(parts.debug ? { debug: parts.debug } : {}),
      }),
    );
  });

// ---- the property every input must satisfy --------------------------------------------------

/** Largest memory the fuzz tests let a Machine allocate (mutations may ask for up to 1 GiB). */
const MACHINE_MEMORY_LIMIT = 1 << 20;

/**
 * Decodes `bytes`: an ImageError is an acceptable answer; a decoded program must be valid,
 * re-encode to a decodable image, and load into a Machine. Anything else fails the test.
 */
function decodesSafely(bytes: Uint8Array): void {
  let program: Program;
  try {
    program = decodeImage(bytes);
  } catch (error) {
    if (error instanceof ImageError) return;
    throw error;
  }
  validateProgram(program);
  assertSameProgram(decodeImage(encodeImage(program)), program);
  if (program.memorySize <= MACHINE_MEMORY_LIMIT) assert.doesNotThrow(() => new Machine(program));
}

const HEADER = Uint8Array.of(0x45, 0x58, 0x56, 0x4d, 1, 0, 0, 0);

describe('image codec properties', () => {
  it('round-trips generated valid programs exactly and deterministically', () => {
    fc.assert(
      fc.property(programArb, (program) => {
        const bytes = encodeImage(program);
        const decoded = decodeImage(bytes);
        assertSameProgram(decoded, program);
        assert.deepEqual(encodeImage(decoded), bytes);
        assert.doesNotThrow(() => new Machine(decoded));
      }),
      { numRuns: 500 },
    );
  });

  it('decodes random bytes safely', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), decodesSafely), { numRuns: 1000 });
  });

  it('decodes a valid header followed by random sections safely', () => {
    const sectionArb = record({ id: fc.nat({ max: 7 }), payload: fc.uint8Array({ maxLength: 40 }), lengthDelta: fc.integer({ min: -2, max: 2 }) });
    fc.assert(
      fc.property(fc.array(sectionArb, { maxLength: 4 }), (sections) => {
        const parts = sections.map(({ id, payload, lengthDelta }) => {
          const header = new Uint8Array(5);
          header[0] = id;
          new DataView(header.buffer).setUint32(1, Math.max(0, payload.length + lengthDelta), true);
          return [header, payload];
        });
        decodesSafely(concat([HEADER, ...parts.flat()]));
      }),
      { numRuns: 2000 },
    );
  });

  it('decodes truncations of valid images safely', () => {
    fc.assert(
      fc.property(programArb, fc.double({ min: 0, max: 1, noNaN: true }), (program, fraction) => {
        const bytes = encodeImage(program);
        decodesSafely(bytes.subarray(0, Math.floor(bytes.length * fraction)));
      }),
      { numRuns: 500 },
    );
  });

  it('decodes single-byte mutations of valid images safely', () => {
    fc.assert(
      fc.property(programArb, fc.nat(), fc.integer({ min: 1, max: 255 }), (program, position, xor) => {
        const bytes = encodeImage(program);
        bytes[position % bytes.length] ^= xor;
        decodesSafely(bytes);
      }),
      { numRuns: 2000 },
    );
  });
});

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
