/** fast-check generators for the assembler's property tests. */
import fc from 'fast-check';
import type { DataSegment, Export, ImportedLibrary, Program } from '../../src/image/program.js';
import { encodeInstructions } from '../../src/image/program.js';
import type { OpcodeSpec } from '../../src/isa/opcodes.js';
import { OPCODES } from '../../src/isa/opcodes.js';
import { DESCRIPTION } from './helpers.js';

const U32 = 0xffff_ffff;

/** A 64-bit float bit pattern, biased toward special values (zeros, infinities, NaNs with payloads, subnormals). */
export const floatBitsArb: fc.Arbitrary<bigint> = fc.oneof(
  fc.bigInt({ min: 0n, max: 0xffff_ffff_ffff_ffffn }),
  fc.constantFrom(0n, 0x8000_0000_0000_0000n, 0x7ff0_0000_0000_0000n, 0xfff0_0000_0000_0000n, 0x7ff8_0000_0000_0000n, 0xfff8_0000_0000_0000n, 1n, 0x3ff0_0000_0000_0000n),
  fc.bigInt({ min: 1n, max: 0xf_ffff_ffff_ffffn }).map((m) => 0x7ff0_0000_0000_0000n | m),
  fc.double().map((x) => {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    return view.getBigUint64(0);
  }),
);

const scratch = new DataView(new ArrayBuffer(8));

/** Writes a bit pattern as a literal without using the module under test. */
function floatLiteral(bits: bigint): string {
  scratch.setBigUint64(0, bits);
  const x = scratch.getFloat64(0);
  if (Number.isNaN(x)) return bits === 0x7ff8_0000_0000_0000n ? 'nan' : `nan:0x${bits.toString(16)}`;
  if (x === Infinity) return 'infinity';
  if (x === -Infinity) return '-inf';
  if (Object.is(x, -0)) return '-0.0';
  return Number.isInteger(x) && Math.abs(x) < 2 ** 53 ? `${x < 0 ? '-' : '+'}${Math.abs(x)}` : x.toExponential();
}

/** A string literal in assembly syntax: quotes, backslashes and control characters escaped. */
function stringLiteral(text: string): string {
  const escaped = Array.from(text, (c) => {
    if (c === '"' || c === '\\') return `\\${c}`;
    const code = c.codePointAt(0) ?? 0;
    return code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : c;
  });
  return `"${escaped.join('')}"`;
}

interface Operand {
  readonly text: (labels: Labels) => string;
}

interface Labels {
  readonly count: number;
  readonly data: readonly string[];
}

const int = (min: number, max: number): fc.Arbitrary<Operand> =>
  fc.tuple(fc.integer({ min, max }), fc.boolean()).map(([v, hex]) => ({ text: () => (hex && v >= 0 ? `0x${v.toString(16)}` : String(v)) }));

const i32Operand: fc.Arbitrary<Operand> = fc.oneof(
  int(-0x8000_0000, U32),
  fc.nat(20).map((k) => ({ text: (l: Labels) => (l.data.length ? `${l.data[k % l.data.length]} + ${k}` : String(k)) })),
  fc.nat(20).map((k) => ({ text: (l: Labels) => (l.data.length ? `sizeof(${l.data[k % l.data.length]})` : 'N') })),
  fc.constantFrom({ text: () => "'A'" }, { text: () => 'N - 1' }, { text: () => '-(N + 2)' }),
);

const nativeOperand = fc.constantFrom('io.print_int', 'io.print_str', 'newline', '1.func1', 'func2', 'math.sin', 'cos', 'math.print_int', '1.func3');

function operandArb(spec: OpcodeSpec): fc.Arbitrary<Operand> {
  switch (spec.operand) {
    case 'none':
      return fc.constant({ text: () => '' });
    case 'i32':
      return i32Operand;
    case 'u32':
    case 'offset':
      return int(0, U32);
    case 'local':
      return int(0, 0xffff);
    case 'count':
      return int(0, 255);
    case 'vector':
      return int(0, 31);
    case 'frame':
      return fc.tuple(fc.nat(0xffff), fc.nat(0xffff)).map(([a, b]) => ({ text: () => `${a}, ${b}` }));
    case 'code':
      return fc.tuple(fc.nat(1000), fc.boolean()).map(([k, numeric]) => ({ text: (l: Labels) => (numeric ? String(k % l.count) : `c${k % l.count}`) }));
    case 'const':
      return floatBitsArb.map((bits) => ({ text: () => floatLiteral(bits) }));
    case 'native':
      return nativeOperand.map((name) => ({ text: () => name }));
  }
}

const instructionArb = fc.constantFrom(...OPCODES).chain((spec) => operandArb(spec).map((operand) => ({ spec, operand })));

const dataItemArb = fc.tuple(
  fc.boolean(),
  fc.oneof(
    fc.string({ maxLength: 12, unit: 'grapheme' }).map((s) => `.string ${stringLiteral(s)}`),
    fc.string({ maxLength: 6 }).map((s) => `.asciz ${stringLiteral(s)}, "\\x00\\u{1F600}"`),
    fc.array(fc.integer({ min: -128, max: 255 }), { minLength: 1, maxLength: 6 }).map((v) => `.byte ${v.join(', ')}`),
    fc.array(fc.integer({ min: -0x8000, max: 0xffff }), { minLength: 1, maxLength: 4 }).map((v) => `.half ${v.join(', ')}`),
    fc.array(fc.integer({ min: -0x8000_0000, max: U32 }), { minLength: 1, maxLength: 4 }).map((v) => `.word ${v.join(', ')}`),
    fc.constantFrom('.word c0', '.word N, c0 + 1', '.zero 3', '.zero 20', '.align 8', '.align 1'),
    fc.array(floatBitsArb, { minLength: 1, maxLength: 3 }).map((v) => `.float ${v.map(floatLiteral).join(', ')}`),
    fc.nat(40).map((gap) => `.org @ + ${gap}`),
  ),
);

/** Valid assembly source using every operand kind, labels, forward references and data directives. */
export const sourceArb: fc.Arbitrary<string> = fc
  .record({
    code: fc.array(instructionArb, { minLength: 1, maxLength: 40 }),
    data: fc.array(dataItemArb, { maxLength: 12 }),
    dataFirst: fc.boolean(),
    entry: fc.nat(),
    exports: fc.uniqueArray(fc.nat(), { maxLength: 4 }),
    memoryExtra: fc.option(fc.nat(4096)),
  })
  .map(({ code, data, dataFirst, entry, exports, memoryExtra }) => {
    const count = code.length;
    const dataLabels: string[] = [];
    const dataLines = data.map(([labelled, line], j) => {
      const label = labelled && !line.startsWith('.org') ? `d${j}` : undefined;
      if (label) dataLabels.push(label);
      // `.org @ + gap` moves forward from a label placed just before it, so it never overlaps.
      return line.startsWith('.org') ? `here${j}:\n.org here${j} + ${line.split('+ ')[1]}` : `${label ? `${label}: ` : ''}${line}`;
    });
    const labels: Labels = { count, data: dataLabels };
    // Every instruction gets a label, so any `cK` reference resolves (forward or backward).
    const labelledCode = code.map(({ spec, operand }, pc) => `c${pc}: ${spec.mnemonic} ${operand.text(labels)}`);
    const header = [
      `.const N ${count}`,
      `.entry c${entry % count}`,
      ...exports.map((k) => `.export c${k % count}`).filter((line, i, all) => all.indexOf(line) === i),
      ...(memoryExtra === null ? [] : [`.memory 65536 + ${memoryExtra}`]),
    ];
    const dataPart = ['.data', ...dataLines, '.text'];
    return [...header, ...(dataFirst ? dataPart : []), ...labelledCode, ...(dataFirst ? [] : ['.data', ...dataLines])].join('\n');
  });

/** A canonical random program (the shape the assembler produces): pool in first-use order, only used imports, sorted data. */
export const canonicalProgramArb: fc.Arbitrary<Program> = fc
  .record({
    code: fc.array(fc.tuple(fc.constantFrom(...OPCODES), fc.nat({ max: U32 }), floatBitsArb), { minLength: 1, maxLength: 30 }),
    segments: fc.array(fc.tuple(fc.integer({ min: 1, max: 50 }), fc.uint8Array({ minLength: 1, maxLength: 40 })), { maxLength: 5 }),
    exportNames: fc.uniqueArray(fc.constantFrom('main', 'L0', 'L1', 'L3', 'x.y', 'f_2', 'nan', 'sizeof', 'add'), { maxLength: 4 }),
    entry: fc.nat(),
    seeds: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
  })
  .map(({ code, segments, exportNames, entry, seeds }) => {
    const count = code.length;
    const pool: bigint[] = [];
    const used = new Map<number, Set<number>>();
    const natives = DESCRIPTION.libraries.flatMap((lib, li) => lib.functions.map((_, fi) => [li, fi] as const));
    const instructions = code.map(([spec, raw, bits]): [number, number] => {
      const operand = operandFor(spec, raw, count);
      if (spec.operand === 'const') {
        if (!pool.includes(bits)) pool.push(bits);
        return [spec.code, pool.indexOf(bits)];
      }
      if (spec.operand === 'native') {
        const [li, fi] = natives[raw % natives.length];
        if (!used.has(li)) used.set(li, new Set());
        used.get(li)?.add(fi);
        return [spec.code, (li << 16) | fi];
      }
      return [spec.code, operand];
    });
    const imports: ImportedLibrary[] = [...used.keys()].sort((a, b) => a - b).map((index) => ({
      index,
      name: DESCRIPTION.libraries[index].name,
      functions: [...(used.get(index) ?? [])].sort((a, b) => a - b).map((fi) => ({ index: fi, name: DESCRIPTION.libraries[index].functions[fi] })),
    }));
    let address = 0;
    const data: DataSegment[] = segments.map(([gap, bytes]) => {
      address += gap;
      const segment = { address, bytes };
      address += bytes.length;
      return segment;
    });
    const exports: Export[] = exportNames.map((name, i) => ({ name, pc: seeds[i] % count }));
    const buffer = new ArrayBuffer(pool.length * 8);
    new BigUint64Array(buffer).set(pool);
    return {
      code: encodeInstructions(instructions),
      constants: new Float64Array(buffer),
      memorySize: Math.max(address, 65536) + (seeds[7] % 100),
      data,
      imports,
      exports,
      entry: entry % count,
    };
  });

function operandFor(spec: OpcodeSpec, raw: number, count: number): number {
  switch (spec.operand) {
    case 'none':
      return 0;
    case 'code':
      return raw % count;
    case 'local':
    case 'frame':
      return spec.operand === 'local' ? raw & 0xffff : raw;
    case 'count':
      return raw & 0xff;
    case 'vector':
      return raw & 31;
    default:
      return raw;
  }
}

/** Any valid program, including ones the assembler cannot produce (odd names, unused imports, unsorted data). */
export const messyProgramArb: fc.Arbitrary<Program> = fc
  .record({
    base: canonicalProgramArb,
    names: fc.array(fc.string({ maxLength: 8, unit: 'grapheme' }), { minLength: 3, maxLength: 3 }),
    extraConstants: fc.array(floatBitsArb, { maxLength: 3 }),
    reverse: fc.boolean(),
    debug: fc.boolean(),
  })
  .map(({ base, names, extraConstants, reverse, debug }) => {
    const bits = [...new BigUint64Array(base.constants.buffer), ...extraConstants];
    const buffer = new ArrayBuffer(bits.length * 8);
    new BigUint64Array(buffer).set(bits);
    const renamed = base.imports.map((library, i) => ({ ...library, name: library.name === '' ? '' : names[i % names.length], functions: library.functions.map((fn) => ({ ...fn, name: names[(fn.index + 1) % names.length] })) }));
    const exports = [...new Set(names)].map((name, i) => ({ name, pc: i % (base.code.length / 5) }));
    return {
      ...base,
      constants: new Float64Array(buffer),
      imports: [...renamed, { index: 9, name: names[0], functions: [{ index: 7, name: names[1] }] }],
      exports,
      data: reverse ? [...base.data].reverse() : base.data,
      ...(debug ? { debug: { source: names[0], locations: [{ pc: 0, line: 1, column: 1 }] } } : {}),
    };
  });

/**
 * Sources that stress depth and length, valid or not: parentheses and signs nested thousands
 * deep (balanced or not), sums of thousands of terms, and constant chains of thousands of links
 * in either order, sometimes closed into a cycle, used by an instruction and by a layout directive.
 */
export const deepSourceArb: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.nat(5000), fc.constantFrom('(', '-(', '-', '+', '+-(', 'sizeof('), fc.boolean()).map(([depth, open, balanced]) => {
    const closing = balanced ? ')'.repeat(depth * (open.split('(').length - 1)) : '';
    return `push ${open.repeat(depth)}1${closing}`;
  }),
  fc.tuple(fc.nat(12_000), fc.constantFrom('+1', '-x', '+(1)', '- -1', '+sizeof(d)', '+')).map(([terms, term]) => `.const x 2\npush 0${term.repeat(terms)}\n.data\nd: .byte 1`),
  fc.tuple(fc.nat(3000), fc.boolean(), fc.boolean()).map(([links, reversed, cyclic]) => {
    const lines = Array.from({ length: links + 1 }, (_, i) => (i === 0 ? `.const c0 ${cyclic ? `c${links}` : '1'}` : `.const c${i} c${i - 1} + 1`));
    return [...(reversed ? lines.reverse() : lines), `push c${links}`, '.data', `.zero c${links} - c${links}`].join('\n');
  }),
);
