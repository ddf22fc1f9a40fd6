/**
 * The `.exb` codec: round trips of hand-built programs, the pinned byte layout, and one test per
 * validation rule (error class, byte offset, and a message naming the problem). Invalid images
 * are built byte by byte here, independently of the encoder, following docs/image.md.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ImageError } from '../../src/errors.js';
import type { Program } from '../../src/image/index.js';
import { decodeImage, encodeImage, encodeInstructions, looksLikeImage, makeProgram, validateProgram } from '../../src/image/index.js';
import { Op } from '../../src/isa/opcodes.js';
import { Machine } from '../../src/machine/machine.js';
import { MAX_FLAT_MEMORY } from '../../src/isa/limits.js';
import { Status } from '../../src/isa/status.js';
import { assertSameProgram } from './helpers.js';

// ---- a tiny independent image builder ----------------------------------------------------------

type Bytes = number[];
const u16 = (v: number): Bytes => [v & 0xff, (v >>> 8) & 0xff];
const u32 = (v: number): Bytes => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
const str = (s: string): Bytes => {
  const utf8 = [...new TextEncoder().encode(s)];
  return [...u32(utf8.length), ...utf8];
};
const section = (id: number, payload: Bytes): Bytes => [id, ...u32(payload.length), ...payload];
const HEADER: Bytes = [0x45, 0x58, 0x56, 0x4d, ...u16(1), ...u16(0)];
const image = (...sections: Bytes[]): Uint8Array => Uint8Array.from([...HEADER, ...sections.flat()]);
const codeSection = (...instructions: [number, number][]): Bytes =>
  section(1, [...u32(instructions.length), ...instructions.flatMap(([op, operand]) => [op, ...u32(operand)])]);
const HALT: [number, number] = [Op.HALT, 0];
/** Byte offset of instruction `pc` when the code section comes first. */
const instructionAt = (pc: number): number => 8 + 5 + 4 + pc * 5;
/** Where the next section starts after `image(codeSection(HALT), ...)`'s code section. */
const AFTER_HALT = instructionAt(1);

function rejects(bytes: Uint8Array, offset: number, pattern: RegExp): void {
  assert.throws(
    () => decodeImage(bytes),
    (error: unknown) => {
      assert.ok(error instanceof ImageError, `expected ImageError, got ${String(error)}`);
      assert.equal(error.code, 'EXVM_IMAGE');
      assert.match(error.message, pattern);
      assert.equal(error.offset, offset, error.message);
      assert.ok(error.message.startsWith(`invalid image at byte ${offset}: `), error.message);
      return true;
    },
  );
}

function rejectsProgram(program: Program, offset: number, pattern: RegExp): void {
  for (const action of [() => validateProgram(program), () => encodeImage(program)]) {
    assert.throws(action, (error: unknown) => {
      assert.ok(error instanceof ImageError, `expected ImageError, got ${String(error)}`);
      assert.match(error.message, pattern);
      assert.equal(error.offset, offset, error.message);
      return true;
    });
  }
}

// ---- programs ------------------------------------------------------------------------------

const pushHalt = makeProgram({ code: encodeInstructions([[Op.PUSH, 7], HALT]) });

function fullProgram(): Program {
  const constants = new Float64Array(6);
  constants.set([1.5, Number.NaN, -0, Number.POSITIVE_INFINITY, -1e-300]);
  // A NaN with a payload, written as bits so no JS number can canonicalise it.
  new DataView(constants.buffer).setBigUint64(5 * 8, 0x7ff4_0000_dead_beefn, true);
  return makeProgram({
    code: encodeInstructions([
      [Op.PUSH, 2],
      [Op.LD8U, 0],
      [Op.PUSHF, 5],
      [Op.POP, 0],
      [Op.NCALL, (3 << 16) | 1],
      [Op.JZ, 0],
      [Op.NCALL, 0],
      HALT,
    ]),
    constants,
    memorySize: 4096,
    data: [
      { address: 0, bytes: Uint8Array.of(5, 6, 7) },
      { address: 100, bytes: new TextEncoder().encode('héllo') },
      { address: 3, bytes: new Uint8Array(0) },
    ],
    imports: [
      { index: 0, name: 'io', functions: [{ index: 0, name: 'print_int' }, { index: 7, name: 'newline' }] },
      { index: 3, name: '', functions: [{ index: 1, name: 'func2' }] },
    ],
    exports: [
      { name: 'main', pc: 0 },
      { name: '\uFEFFbom ☃ 😀', pc: 7 },
    ],
    entry: 1,
    debug: { source: 'prog.asm', locations: [{ pc: 0, line: 1, column: 5 }, { pc: 7, line: 0xffff_ffff, column: 0 }] },
  });
}

// ---- tests ---------------------------------------------------------------------------------

describe('image round trip', () => {
  it('encodes a minimal program to the documented bytes', () => {
    const bytes = encodeImage(pushHalt);
    assert.equal(Buffer.from(bytes).toString('hex'), '4558564d01000000' + '010e000000' + '02000000' + '1007000000' + '0100000000');
    assert.ok(looksLikeImage(bytes));
    assertSameProgram(decodeImage(bytes), pushHalt);
  });

  it('round-trips every field, including NaN payloads, -0, non-ASCII strings and a leading BOM', () => {
    const program = fullProgram();
    const bytes = encodeImage(program);
    const decoded = decodeImage(bytes);
    assertSameProgram(decoded, program);
    assert.deepEqual(encodeImage(decoded), bytes);
    assert.deepEqual(encodeImage(fullProgram()), bytes, 'encoding is deterministic');
  });

  it('round-trips the empty program, which decodes and faults BadJump when run', () => {
    const empty = makeProgram({ code: new Uint8Array(0) });
    const decoded = decodeImage(encodeImage(empty));
    assertSameProgram(decoded, empty);
    const machine = new Machine(decoded);
    assert.equal(machine.run(), Status.BadJump);
  });

  it('decodes a program that runs, with its data segments loaded', () => {
    const program = makeProgram({
      code: encodeInstructions([[Op.PUSH, 2], [Op.LD8U, 0], HALT]),
      memorySize: 16,
      data: [{ address: 0, bytes: Uint8Array.of(5, 6, 7) }],
    });
    const machine = new Machine(decodeImage(encodeImage(program)));
    assert.equal(machine.run(), Status.Halted);
    assert.equal(machine.exitCode, 7);
  });

  it('decodes from a view into a larger buffer, and copies what it keeps', () => {
    const bytes = encodeImage(fullProgram());
    const padded = new Uint8Array(bytes.length + 7);
    padded.set(bytes, 3);
    const view = padded.subarray(3, 3 + bytes.length);
    const decoded = decodeImage(view);
    assertSameProgram(decoded, fullProgram());
    padded.fill(0);
    assertSameProgram(decoded, fullProgram());
  });

  it('decodes a Node Buffer into plain Uint8Arrays that do not alias it', () => {
    const buffer = Buffer.from(encodeImage(fullProgram()));
    const decoded = decodeImage(buffer);
    buffer.fill(0);
    assertSameProgram(decoded, fullProgram());
    assert.equal(Object.getPrototypeOf(decoded.code), Uint8Array.prototype);
    assert.equal(Object.getPrototypeOf(decoded.data[0].bytes), Uint8Array.prototype);
  });

  it('omits optional sections that only restate defaults', () => {
    const bytes = encodeImage(makeProgram({ code: encodeInstructions([HALT]), constants: new Float64Array(0) }));
    assert.equal(bytes.length, 8 + 5 + 4 + 5);
  });

  it('accepts optional sections that restate defaults', () => {
    const bytes = image(codeSection(HALT), section(2, u32(0)), section(3, [...u32(0x10000), ...u32(0)]), section(4, u32(0)), section(5, [...u32(0), ...u32(0)]));
    assertSameProgram(decodeImage(bytes), makeProgram({ code: encodeInstructions([HALT]) }));
  });
});

describe('image header', () => {
  it('rejects a wrong magic', () => rejects(Uint8Array.from([0x45, 0x58, 0x56, 0x4e, 1, 0, 0, 0, ...codeSection(HALT)]), 0, /wrong magic/));
  it('rejects an unsupported version', () => rejects(Uint8Array.from([0x45, 0x58, 0x56, 0x4d, 2, 0, 0, 0, ...codeSection(HALT)]), 4, /unsupported format version 2/));
  it('rejects nonzero flags', () => rejects(Uint8Array.from([0x45, 0x58, 0x56, 0x4d, 1, 0, 0, 1, ...codeSection(HALT)]), 6, /flags are 0x100, must be 0/));
  it('rejects a truncated header', () => {
    rejects(new Uint8Array(0), 0, /header: truncated/);
    rejects(Uint8Array.from(HEADER.slice(0, 6)), 0, /header: truncated: header: 8 bytes needed, only 6 left/);
  });
});

describe('image sections', () => {
  it('requires the code section', () => {
    rejects(image(), 8, /missing the required code section/);
    rejects(image(section(2, u32(0))), 17, /missing the required code section/);
  });
  it('rejects unknown section ids', () => {
    rejects(image(codeSection(HALT), section(7, [])), AFTER_HALT, /unknown section id 7/);
    rejects(image(section(0, []), codeSection(HALT)), 8, /unknown section id 0/);
  });
  it('rejects a duplicate section', () => rejects(image(codeSection(HALT), codeSection(HALT)), AFTER_HALT, /duplicate code section \(id 1\)/));
  it('rejects sections out of order', () => {
    rejects(image(codeSection(HALT), section(5, [...u32(0), ...u32(0)]), section(2, u32(0))), AFTER_HALT + 13, /constants section \(id 2\) after section id 5: sections must appear in ascending id order/);
  });
  it('rejects a section length beyond the end of the image', () => {
    const bytes = image(codeSection(HALT));
    rejects(bytes.subarray(0, bytes.length - 1), 13, /sections: truncated: code section payload: 9 bytes needed, only 8 left/);
  });
  it('rejects a section whose length does not match its content', () => {
    rejects(image(section(1, [...u32(1), Op.HALT, ...u32(0), 0xaa])), 22, /code section: section length 10 does not match its content: 1 bytes left over/);
    rejects(image(section(1, [...u32(2), Op.HALT, ...u32(0)])), 17, /code section: truncated: 2 instructions: 10 bytes needed, only 5 left/);
  });
  it('rejects trailing bytes after the last section', () => {
    rejects(Uint8Array.from([...image(codeSection(HALT)), 0]), AFTER_HALT, /unknown section id 0/);
    rejects(Uint8Array.from([...image(codeSection(HALT)), 6, 1]), AFTER_HALT + 1, /truncated: debug section length/);
  });
  it('rejects huge counts in a tiny image before allocating', () => {
    const huge = 0xffff_ffff;
    rejects(image(section(1, u32(huge))), 17, /code section: truncated: 4294967295 instructions: 21474836475 bytes needed, only 0 left/);
    rejects(image(codeSection(HALT), section(2, u32(huge))), AFTER_HALT + 9, /constants section: truncated: 4294967295 constants/);
    rejects(image(codeSection(HALT), section(3, [...u32(16), ...u32(huge)])), AFTER_HALT + 13, /memory section: truncated: 4294967295 segments/);
    rejects(image(codeSection(HALT), section(3, [...u32(16), ...u32(1), ...u32(0), ...u32(huge)])), AFTER_HALT + 21, /memory section: truncated: segment 0 bytes: 4294967295 bytes needed/);
    rejects(image(codeSection(HALT), section(4, u32(huge))), AFTER_HALT + 9, /imports section: truncated: 4294967295 libraries/);
    rejects(image(codeSection(HALT), section(4, [...u32(1), ...u16(0), ...u32(huge), ...u32(0)])), AFTER_HALT + 15, /imports section: truncated: library 0 name: 4294967295 bytes needed/);
    rejects(image(codeSection(HALT), section(5, [...u32(0), ...u32(huge)])), AFTER_HALT + 13, /exports section: truncated: 4294967295 exports/);
    rejects(image(codeSection(HALT), section(6, [...str('a'), ...u32(huge)])), AFTER_HALT + 14, /debug section: truncated: 4294967295 locations/);
  });
  it('rejects every truncation of a valid image, unless it ends on a section boundary and is valid as it is', () => {
    const bytes = encodeImage(fullProgram());
    const view = new DataView(bytes.buffer);
    const boundaries = new Set<number>();
    for (let at = 8; at < bytes.length; at += 5 + view.getUint32(at + 1, true)) boundaries.add(at);
    let valid = 0;
    for (let length = 0; length < bytes.length; length++) {
      const prefix = bytes.subarray(0, length);
      let decoded: Program;
      try {
        decoded = decodeImage(prefix);
      } catch (error) {
        assert.ok(error instanceof ImageError, `prefix of ${length} bytes: ${String(error)}`);
        continue;
      }
      // A prefix that decodes is the image without its later (optional) sections.
      assert.ok(boundaries.has(length), `prefix of ${length} bytes decoded`);
      assert.deepEqual(encodeImage(decoded), prefix);
      valid++;
    }
    assert.equal(valid, 2, 'cut before the exports section or before the debug section');
  });
  it('rejects invalid UTF-8 in a string', () => {
    rejects(image(codeSection(HALT), section(5, [...u32(0), ...u32(1), ...u32(2), 0xc3, 0x28, ...u32(0)])), AFTER_HALT + 17, /exports section: export 0 name is not valid UTF-8/);
  });
});

describe('code validation', () => {
  it('names the instruction, mnemonic and problem of a jump outside the code', () => {
    const code: [number, number][] = Array.from({ length: 12 }, () => HALT);
    code[4] = [Op.JZ, 99];
    assert.equal(instructionAt(4), 37);
    rejects(image(codeSection(...code)), 37, /^invalid image at byte 37: code section: instruction 4 \(jz\): target 99 is outside the code \(12 instructions\)$/);
  });
  it('rejects an undefined opcode', () => rejects(image(codeSection(HALT, [0xfe, 0])), instructionAt(1), /code section: instruction 1: undefined opcode 0xfe/));
  it('rejects the reserved opcode', () => rejects(image(codeSection([0xff, 0])), instructionAt(0), /undefined opcode 0xff/));
  it('rejects an operand on an instruction that takes none', () => rejects(image(codeSection([Op.HALT, 5])), instructionAt(0), /instruction 0 \(halt\): takes no operand, found 5/));
  it('rejects a constant index outside the pool', () => {
    rejects(image(codeSection([Op.PUSHF, 0], HALT)), instructionAt(0), /instruction 0 \(pushf\): constant 0 does not exist \(pool has 0\)/);
    rejects(image(codeSection([Op.PUSHF, 1], HALT), section(2, [...u32(1), ...new Array<number>(8).fill(0)])), instructionAt(0), /constant 1 does not exist \(pool has 1\)/);
  });
  it('rejects a local index above 65535', () => rejects(image(codeSection(HALT, [Op.LGET, 0x10000])), instructionAt(1), /instruction 1 \(lget\): local index 65536/));
  it('rejects a result count above 255', () => rejects(image(codeSection(HALT, [Op.RET, 256])), instructionAt(1), /instruction 1 \(ret\): result count 256/));
  it('rejects an interrupt vector above 31', () => rejects(image(codeSection(HALT, [Op.INT, 32])), instructionAt(1), /instruction 1 \(int\): vector 32/));
  it('rejects an ncall whose operand is not imported', () => {
    rejects(image(codeSection([Op.NCALL, (2 << 16) | 3], HALT)), instructionAt(0), /instruction 0 \(ncall\): missing import: library 2, function 3 is not in the imports section/);
    const imports = section(4, [...u32(1), ...u16(2), ...str('math'), ...u32(1), ...u16(4), ...str('cos')]);
    rejects(image(codeSection(HALT, [Op.NCALL, (2 << 16) | 3]), imports), instructionAt(1), /missing import: library 2, function 3/);
    assert.doesNotThrow(() => decodeImage(image(codeSection(HALT, [Op.NCALL, (2 << 16) | 4]), imports)));
  });
});

describe('imports validation', () => {
  const library = (index: number, name: string, ...functions: [number, string][]): Bytes => [
    ...u16(index),
    ...str(name),
    ...u32(functions.length),
    ...functions.flatMap(([fn, fnName]) => [...u16(fn), ...str(fnName)]),
  ];
  const importsAt = AFTER_HALT + 5 + 4;
  it('rejects a duplicate library index', () => {
    const first = library(1, 'io', [0, 'print_int']);
    rejects(image(codeSection(HALT), section(4, [...u32(2), ...first, ...library(1, '')])), importsAt + first.length, /imports section: library 1: duplicate library index 1/);
  });
  it('rejects a duplicate function index within a library', () => {
    const bytes = image(codeSection(HALT), section(4, [...u32(1), ...library(0, 'io', [3, 'a'], [3, 'b'])]));
    rejects(bytes, importsAt + 2 + 6 + 4 + 7, /imports section: library 0, function 1: duplicate function index 3/);
  });
  it('allows the same function index in different libraries', () => {
    const bytes = image(codeSection(HALT), section(4, [...u32(2), ...library(0, 'io', [3, 'a']), ...library(1, 'str', [3, 'a'])]));
    assert.equal(decodeImage(bytes).imports.length, 2);
  });
});

describe('memory validation', () => {
  const memoryAt = AFTER_HALT + 5;
  const memory = (size: number, ...segments: [number, Bytes][]): Bytes =>
    section(3, [...u32(size), ...u32(segments.length), ...segments.flatMap(([address, bytes]) => [...u32(address), ...u32(bytes.length), ...bytes])]);
  it('rejects a memory size above 1 GiB', () => {
    rejects(image(codeSection(HALT), memory(MAX_FLAT_MEMORY + 1)), memoryAt, /memory section: memory size 1073741825 is not a whole number of bytes from 0 to 1073741824 \(1 GiB\)/);
    assert.equal(decodeImage(image(codeSection(HALT), memory(MAX_FLAT_MEMORY))).memorySize, MAX_FLAT_MEMORY);
  });
  it('rejects a data segment outside memory', () => {
    rejects(image(codeSection(HALT), memory(16, [0, [1]], [14, [1, 2, 3]])), memoryAt + 8 + 9, /memory section: segment 1: 3 bytes at 0xe lies outside memory \(16 bytes\)/);
    rejects(image(codeSection(HALT), memory(16, [0xffff_ffff, [1]])), memoryAt + 8, /segment 0: 1 bytes at 0xffffffff lies outside memory/);
  });
  it('accepts segments that touch, and empty segments anywhere in memory', () => {
    const program = decodeImage(image(codeSection(HALT), memory(16, [8, [1, 2]], [10, [3]], [9, []], [16, []], [0, [0, 0, 0, 0, 0, 0, 0, 0]])));
    assert.equal(program.data.length, 5);
  });
  it('rejects overlapping segments, pointing at the later one', () => {
    rejects(image(codeSection(HALT), memory(16, [8, [1, 2]], [0, [1]], [9, [3]])), memoryAt + 8 + 10 + 9, /memory section: segment 2 \(1 bytes at 0x9\) overlaps segment 0 \(2 bytes at 0x8\)/);
    rejects(image(codeSection(HALT), memory(16, [4, [1]], [0, new Array<number>(10).fill(0)])), memoryAt + 8 + 9, /segment 1 \(10 bytes at 0x0\) overlaps segment 0 \(1 bytes at 0x4\)/);
  });
});

describe('exports validation', () => {
  const exportsAt = instructionAt(2) + 5;
  const exportsSection = (entry: number, ...exports: [string, number][]): Bytes =>
    section(5, [...u32(entry), ...u32(exports.length), ...exports.flatMap(([name, pc]) => [...str(name), ...u32(pc)])]);
  const code = codeSection(HALT, HALT);
  it('rejects an entry outside the code', () => {
    rejects(image(code, exportsSection(2)), exportsAt, /exports section: entry 2 is outside the code \(2 instructions\)/);
    rejects(image(codeSection(), exportsSection(1)), 8 + 9 + 5, /entry 1 is outside the code \(0 instructions\)/);
    assert.equal(decodeImage(image(code, exportsSection(1))).entry, 1);
  });
  it('rejects an export pc outside the code', () => {
    rejects(image(code, exportsSection(0, ['main', 0], ['f', 2])), exportsAt + 8 + 12, /exports section: export 1 \("f"\): pc 2 is outside the code \(2 instructions\)/);
  });
  it('rejects duplicate export names', () => {
    rejects(image(code, exportsSection(0, ['main', 0], ['f', 1], ['main', 1])), exportsAt + 8 + 12 + 9, /exports section: export 2 \("main"\): duplicate export name/);
  });
});

describe('debug validation', () => {
  it('rejects a location whose pc is outside the code', () => {
    const locations = [...u32(0), ...u32(1), ...u32(1), ...u32(1), ...u32(2), ...u32(1)];
    rejects(image(codeSection(HALT), section(6, [...str('a.asm'), ...u32(2), ...locations])), AFTER_HALT + 5 + 9 + 4 + 12, /debug section: location 1: pc 1 is outside the code \(1 instructions\)/);
  });
});

describe('validateProgram', () => {
  it('accepts valid programs', () => {
    validateProgram(fullProgram());
    validateProgram(makeProgram({ code: new Uint8Array(0) }));
  });
  it('reports instruction problems at the instruction offset in the code', () => {
    rejectsProgram(makeProgram({ code: encodeInstructions([HALT, HALT, [Op.JMP, 3]]) }), 10, /code section: instruction 2 \(jmp\): target 3 is outside the code/);
    rejectsProgram(makeProgram({ code: encodeInstructions([[Op.NCALL, 1]]) }), 0, /missing import/);
  });
  it('reports other problems at offset 0', () => {
    const base = fullProgram();
    rejectsProgram({ ...base, memorySize: MAX_FLAT_MEMORY * 2 }, 0, /memory size/);
    rejectsProgram({ ...base, memorySize: 10.5 }, 0, /memory size 10.5/);
    rejectsProgram({ ...base, data: [...base.data, { address: 2, bytes: Uint8Array.of(1) }] }, 0, /segment 3 .* overlaps segment 0/);
    rejectsProgram({ ...base, entry: 8 }, 0, /entry 8 is outside the code/);
    rejectsProgram({ ...base, exports: [...base.exports, { name: 'main', pc: 1 }] }, 0, /duplicate export name/);
    rejectsProgram({ ...base, debug: { source: 'x', locations: [{ pc: 1, line: -1, column: 0 }] } }, 0, /line -1 and column 0 must be whole numbers/);
  });
  it('checks what the binary format guarantees: whole instructions, u16 indices, encodable strings', () => {
    rejectsProgram(makeProgram({ code: new Uint8Array(7) }), 0, /code section: 7 bytes is not a whole number of 5-byte instructions/);
    rejectsProgram(makeProgram({ code: encodeInstructions([HALT]), imports: [{ index: 0x10000, name: 'x', functions: [] }] }), 0, /library index 65536 is not from 0 to 65535/);
    rejectsProgram(makeProgram({ code: encodeInstructions([HALT]), imports: [{ index: 0, name: 'x', functions: [{ index: -1, name: 'f' }] }] }), 0, /function index -1/);
    rejectsProgram(makeProgram({ code: encodeInstructions([HALT]), exports: [{ name: 'bad\uD800', pc: 0 }] }), 0, /lone surrogate/);
    rejectsProgram(makeProgram({ code: encodeInstructions([HALT]), debug: { source: '\uDC00', locations: [] } }), 0, /debug section: source file name contains a lone surrogate/);
  });
});
