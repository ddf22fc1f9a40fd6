import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assemble, disassemble, formatFloat, stripDebug } from '../../src/asm/index.js';
import { encodeInstructions, makeProgram } from '../../src/image/program.js';
import { Op } from '../../src/isa/opcodes.js';
import { DESCRIPTION, asm, assertSameProgram } from './helpers.js';

describe('disassemble', () => {
  it('writes labels, header directives, operands by kind and a pc comment on each line', () => {
    const program = assemble('.export main\n.entry main\nnop\nmain: push -5\nloop: enter 1, 2\njz loop\npushf 0.1\nncall 1.func2\nncall io.newline\nhalt', { libraries: DESCRIPTION });
    const lines = disassemble(program).split('\n');
    assert.deepEqual(
      lines.filter((line) => !line.startsWith(';') && line !== ''),
      [
        '.memory 65536',
        '.entry main',
        '.export main',
        '.text',
        '    nop                             ; pc 0',
        'main:',
        '    push -5                         ; pc 1',
        'L2:',
        '    enter 1, 2                      ; pc 2',
        '    jz L2                           ; pc 3',
        '    pushf 0.1                       ; pc 4',
        '    ncall 1.func2                   ; pc 5',
        '    ncall io.newline                ; pc 6',
        '    halt                            ; pc 7',
      ],
    );
  });

  it('writes data as .org plus .string, .zero and .byte lines', () => {
    const program = asm('nop\n.data\n.org 16\n.string "Hello, \\"x\\"\\n"\n.byte 1, 2\n.zero 10\n.byte 0xff');
    const data = disassemble(program).split('\n.data\n')[1].split('\n').filter((line) => line !== '');
    assert.deepEqual(data, [
      '.org 0x10                           ; 24 bytes',
      '    .string "Hello, \\"x\\"\\n"        ; 0x10',
      '    .byte 1, 2                      ; 0x1b',
      '    .zero 10                        ; 0x1d',
      '    .byte 255                       ; 0x27',
    ]);
  });

  it('formats floats so they read back to the same bits', () => {
    const cases: [bigint, string][] = [
      [0x3ff8_0000_0000_0000n, '1.5'],
      [0x8000_0000_0000_0000n, '-0.0'],
      [0n, '0'],
      [0x7ff0_0000_0000_0000n, 'inf'],
      [0xfff0_0000_0000_0000n, '-inf'],
      [0x7ff8_0000_0000_0000n, 'nan'],
      [0xfff8_0000_0000_0000n, '-nan'],
      [0x7ff0_0000_0000_0001n, 'nan:0x7ff0000000000001'],
      [1n, '5e-324'],
      [0x4415_af1d_78b5_8c40n, '100000000000000000000'],
    ];
    for (const [bits, text] of cases) {
      assert.equal(formatFloat(bits), text);
      const program = asm(`pushf ${text}`);
      assert.equal(new BigUint64Array(program.constants.buffer)[0], bits);
    }
  });

  it('keeps export names as labels, avoiding clashes with generated ones', () => {
    const program = asm('.export L0\njmp a\nL0: jmp 0\na: halt');
    const text = disassemble(program);
    assert.match(text, /^L0:\n {4}jmp L0_\b/m);
    assert.match(text, /^L0_:\n {4}jmp L2/m);
    assertSameProgram(asm(text), stripDebug(program));
  });

  it('comments on what assembly cannot express instead of throwing', () => {
    const program = makeProgram({
      code: encodeInstructions([
        [Op.NCALL, 0x0003_0001],
        [Op.ADD, 7],
        [Op.PUSHF, 3],
      ]),
      imports: [{ index: 3, name: 'my lib', functions: [{ index: 1, name: 'not ok' }] }],
      exports: [{ name: 'two words', pc: 0 }],
      entry: 0,
    });
    const text = disassemble(program);
    assert.match(text, /ncall 0x30001 +; pc 0: a native with no name assembly can write/);
    assert.match(text, /add +; pc 1: operand 7 left out/);
    assert.match(text, /pushf 3 +; pc 2: no such constant/);
    assert.match(text, /; export "two words" at pc 0 cannot be written in assembly/);
  });

  it('writes a bare function name when its library name is not an identifier', () => {
    const libraries = { libraries: [{ name: 'my-lib', functions: ['go'] }] };
    const program = asm('ncall go', { libraries });
    assert.match(disassemble(program), /ncall go\b/);
    assertSameProgram(asm(disassemble(program), { libraries }), program);
  });

  it('writes counts in the singular where there is one', () => {
    const text = disassemble(asm('pushf 1.5\n.data\n.byte 7'));
    assert.match(text, /^; exvm disassembly: 1 instruction, 1 constant, 1 data segment$/m);
    assert.match(text, /^\.org 0x0 +; 1 byte$/m);
    const odd = makeProgram({ code: Uint8Array.of(Op.NOP, 0, 0, 0, 0, 9), entry: 0 });
    assert.match(disassemble(odd), /^; 1 trailing code byte left out \(not a whole instruction\)$/m);
  });

  it('handles an empty program', () => {
    const program = asm('');
    assertSameProgram(asm(disassemble(program)), program);
  });
});
