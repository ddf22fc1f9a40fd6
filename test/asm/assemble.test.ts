import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assemble } from '../../src/asm/index.js';
import { validateProgram } from '../../src/image/validate.js';
import { Op } from '../../src/isa/opcodes.js';
import { DESCRIPTION, asm, constantBits, instructions } from './helpers.js';

describe('assemble: instructions and operand kinds', () => {
  it('encodes every operand kind', () => {
    const program = asm(
      `start:
        nop
        push -1
        push 0xffffffff
        addi 'A'
        hcall 7
        ld32 12
        lget 65535
        ret 255
        setvec 31
        enter 2, 3
        jmp start
        pushf 1.5
        ncall io.newline
        halt`,
      { libraries: DESCRIPTION },
    );
    assert.deepEqual(instructions(program), [
      [Op.NOP, 0],
      [Op.PUSH, 0xffffffff],
      [Op.PUSH, 0xffffffff],
      [Op.ADDI, 65],
      [Op.HCALL, 7],
      [Op.LD32, 12],
      [Op.LGET, 65535],
      [Op.RET, 255],
      [Op.SETVEC, 31],
      [Op.ENTER, 2 | (3 << 16)],
      [Op.JMP, 0],
      [Op.PUSHF, 0],
      [Op.NCALL, 2],
      [Op.HALT, 0],
    ]);
    validateProgram(program);
  });

  it('accepts upper-case mnemonics and several labels per line', () => {
    const program = asm('a: b: PUSH 1\nc: Jmp b\n');
    assert.deepEqual(instructions(program), [
      [Op.PUSH, 1],
      [Op.JMP, 0],
    ]);
  });

  it('resolves forward references to labels and constants', () => {
    const program = asm('jmp end\npush N\npush msg\nend: halt\n.const N M + 1\n.const M 41\n.data\n.zero 3\nmsg: .byte 1');
    assert.deepEqual(instructions(program), [
      [Op.JMP, 3],
      [Op.PUSH, 42],
      [Op.PUSH, 3],
      [Op.HALT, 0],
    ]);
  });

  it('evaluates expressions: literals in every base, names, sizeof, unary minus and parentheses', () => {
    const program = asm('.const K = 5\n.const J, 2\npush 0x10 + 0b11 - -(K - J) + \'\\n\'\npush sizeof(s)\npush -(1 + 2)\n.data\ns: .string "abc"\n');
    assert.deepEqual(instructions(program), [
      [Op.PUSH, 16 + 3 + 3 + 10],
      [Op.PUSH, 3],
      [Op.PUSH, -3 >>> 0],
    ]);
  });

  it('records debug info: the source file and the position of each mnemonic', () => {
    const program = assemble('  nop\nlabel:   push 1 ; comment\n', { file: 'x.asm' });
    assert.deepEqual(program.debug, {
      source: 'x.asm',
      locations: [
        { pc: 0, line: 1, column: 3 },
        { pc: 1, line: 2, column: 10 },
      ],
    });
    assert.equal(assemble('nop').debug?.source, '<input>');
    assert.equal('debug' in assemble('nop', { debug: false }), false);
  });

  it('handles CRLF line endings and an empty source', () => {
    assert.deepEqual(instructions(asm('push 1\r\nhalt\r\n')), [
      [Op.PUSH, 1],
      [Op.HALT, 0],
    ]);
    const empty = asm('');
    assert.equal(empty.code.length, 0);
    assert.equal(empty.entry, 0);
    assert.equal(empty.memorySize, 65536);
  });
});

describe('assemble: float constants', () => {
  it('deduplicates by bit pattern in first-use order, keeping -0.0 and NaN payloads apart', () => {
    const program = asm('pushf 2.5\npushf -0.0\npushf 0\npushf 2.5\npushf nan\npushf nan:0x7ff8000000000001\npushf -nan\npushf inf\npushf -inf\npushf 1e-9\npushf 0x10\npushf +3');
    assert.deepEqual(constantBits(program), [
      '4004000000000000',
      '8000000000000000',
      '0',
      '7ff8000000000000',
      '7ff8000000000001',
      'fff8000000000000',
      '7ff0000000000000',
      'fff0000000000000',
      '3e112e0be826d695',
      '4030000000000000',
      '4008000000000000',
    ]);
    assert.deepEqual(
      instructions(program).map(([, operand]) => operand),
      [0, 1, 2, 0, 3, 4, 5, 6, 7, 8, 9, 10],
    );
  });

  it('rounds literals too small for a 64-bit float to zero, keeping the sign', () => {
    assert.deepEqual(constantBits(asm('pushf 1e-400\npushf -1e-400\npushf 4e-324')), ['0', '8000000000000000', '1']);
  });
});

describe('assemble: jump operands', () => {
  it('allows arithmetic on a data label as a jump target (it is explicitly a number)', () => {
    assert.deepEqual(instructions(asm('jmp d + 1\nhalt\n.data\nd: .byte 0')), [
      [Op.JMP, 1],
      [Op.HALT, 0],
    ]);
  });
});

describe('assemble: directives', () => {
  it('lays out data: .string .asciz .byte .half .word .float .zero .align .org', () => {
    const program = asm(`.data
a: .string "h\\xffi\\u{e9}\\t"
b: .asciz "x", "y"
   .byte -1, 255, 7
   .half -2, 0x1234
   .align 4
   .word -1, 0x01020304
   .float 1.0
   .zero 2
   .org 0x40
c: .word c, sizeof(b), e
.text
e: nop`);
    assert.deepEqual(
      program.data.map((s) => ({ address: s.address, bytes: Array.from(s.bytes) })),
      [
        {
          address: 0,
          bytes: [
            ...[0x68, 0xff, 0x69, 0xc3, 0xa9, 9],
            ...[0x78, 0, 0x79, 0],
            ...[0xff, 0xff, 7],
            ...[0xfe, 0xff, 0x34, 0x12],
            ...[0, 0, 0],
            ...[0xff, 0xff, 0xff, 0xff, 4, 3, 2, 1],
            ...[0, 0, 0, 0, 0, 0, 0xf0, 0x3f],
            ...[0, 0],
          ],
        },
        { address: 0x40, bytes: [0x40, 0, 0, 0, 32, 0, 0, 0, 0, 0, 0, 0] },
      ],
    );
  });

  it('sets memory size, entry and exports', () => {
    const program = asm('.memory 1024\n.entry go\n.export go, other\nother: nop\ngo: halt');
    assert.equal(program.memorySize, 1024);
    assert.equal(program.entry, 1);
    assert.deepEqual(program.exports, [
      { name: 'go', pc: 1 },
      { name: 'other', pc: 0 },
    ]);
  });

  it('measures sizeof up to the next data label or .org, whichever comes first', () => {
    const program = asm('push sizeof(a)\npush sizeof(b)\npush sizeof(c)\n.data\na: .word 1\n.text\nnop\n.data\n.byte 2\nb: .zero 5\n.org 100\n.byte 1\nc:');
    assert.deepEqual(
      instructions(program).slice(0, 3).map(([, operand]) => operand),
      [5, 5, 0],
    );
  });

  it('lets a layout directive use constants and labels defined above it', () => {
    const program = asm('.const PAD 3\n.data\na: .byte 1\nz: .zero PAD + sizeof(a)\nb: .byte 2\n.org b + 8\n.byte 3');
    assert.deepEqual(
      program.data.map((s) => [s.address, s.bytes.length]),
      [
        [0, 6],
        [13, 1],
      ],
    );
  });

  it('joins data written in several .data sections into one segment', () => {
    const program = asm('.data\n.byte 1\n.text\nnop\n.data\n.byte 2');
    assert.deepEqual(
      program.data.map((s) => Array.from(s.bytes)),
      [[1, 2]],
    );
  });
});

describe('assemble: natives and imports', () => {
  it('resolves lib.fn, index.fn for positional libraries and unique bare names; imports only what is used', () => {
    const program = asm('ncall math.cos\nncall 1.func3\nncall func1\nncall newline\nncall io.print_int\nncall math.cos', { libraries: DESCRIPTION });
    assert.deepEqual(
      instructions(program).map(([, operand]) => operand),
      [(2 << 16) | 1, (1 << 16) | 2, 1 << 16, 2, 0, (2 << 16) | 1],
    );
    assert.deepEqual(program.imports, [
      {
        index: 0,
        name: 'io',
        functions: [
          { index: 0, name: 'print_int' },
          { index: 2, name: 'newline' },
        ],
      },
      {
        index: 1,
        name: '',
        functions: [
          { index: 0, name: 'func1' },
          { index: 2, name: 'func3' },
        ],
      },
      { index: 2, name: 'math', functions: [{ index: 1, name: 'cos' }] },
    ]);
  });

  it('resolves names that contain dots by trying every split', () => {
    const libraries = { libraries: [{ name: 'std.io', functions: ['print.int'] }] };
    assert.deepEqual(instructions(asm('ncall std.io.print.int\nncall print.int', { libraries })), [
      [Op.NCALL, 0],
      [Op.NCALL, 0],
    ]);
  });
});
