import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assemble } from '../../src/asm/index.js';
import { AsmError, ErrorCode } from '../../src/errors.js';
import { DESCRIPTION, diagnosticsOf } from './helpers.js';

/** Each case: source, then the exact diagnostics it must produce. */
const CASES: readonly [title: string, source: string, expected: readonly string[]][] = [
  ['unknown mnemonic with a suggestion', 'nop\n  ad', ["2:3: unknown instruction 'ad'; did you mean 'add'?"]],
  ['unknown mnemonic without a suggestion', 'frobnicate', ["1:1: unknown instruction 'frobnicate'"]],
  ['unknown directive', '.strng "x"', ["1:1: unknown directive '.strng'; did you mean '.string'?"]],
  ['operand on a no-operand instruction', 'add 1', ["1:5: 'add' takes no operand"]],
  ['missing operand', 'push', ["1:1: 'push' needs an operand: an integer expression"]],
  ['extra operand', 'push 1, 2', ["1:9: 'push' takes one operand"]],
  ['enter with one operand', 'enter 1', ["1:1: 'enter' needs two operands: ARGS, LOCALS"]],
  ['enter with three operands', 'enter 1, 2, 3', ["1:13: 'enter' needs two operands: ARGS, LOCALS"]],
  ['missing operand after a comma', 'enter 1,', ["1:8: missing operand after ','"]],
  ['missing operand before a comma', '.word 1,,2', ["1:9: missing operand before ','"]],
  ['undefined name with a suggestion', 'loop: jmp lop', ["1:11: undefined name 'lop'; did you mean 'loop'?"]],
  ['duplicate label', 'a: nop\n a: nop', ["2:2: duplicate name 'a': already defined as a label at line 1:1"]],
  ['label clashing with a constant', '.const a 1\na: nop', ["2:1: duplicate name 'a': already defined as a constant at line 1:8"]],
  ['circular constants', '.const A B\n.const B A + 1\npush A', ["2:10: circular definition: constant 'A' depends on itself"]],
  ['push out of range (high)', 'push 0x100000000', ['1:6: value 4294967296 is out of range -2147483648..4294967295']],
  ['push out of range (low)', 'push -2147483649', ['1:6: value -2147483649 is out of range -2147483648..4294967295']],
  ['local out of range', 'lget 65536', ['1:6: local index 65536 is out of range 0..65535']],
  ['vector out of range', 'int 32', ['1:5: interrupt vector 32 is out of range 0..31']],
  ['ret count out of range', 'ret 256', ['1:5: result count 256 is out of range 0..255']],
  ['hcall negative', 'hcall -1', ['1:7: value -1 is out of range 0..4294967295']],
  ['enter args out of range', 'enter 65536, 0', ['1:7: argument count 65536 is out of range 0..65535']],
  ['enter locals out of range', 'enter 0, 70000', ['1:10: local count 70000 is out of range 0..65535']],
  ['jump outside the code', 'jmp 2\nhalt', ['1:5: code address 2 is out of range 0..1']],
  ['jump to a label past the end', 'jmp end\nend:', ['1:5: code address 1 is out of range 0..0']],
  ['float in an integer operand', 'push 1.5', ['1:6: expected an integer, found the float 1.5']],
  ['junk after an expression', 'push 1 2', ["1:8: unexpected '2' after the expression"]],
  ['unclosed parenthesis', 'push (1 + 2', ["1:11: expected ')', found end of line"]],
  ['sizeof of a code label', 'a: push sizeof(a)', ["1:16: sizeof needs a data label; 'a' is a code label"]],
  ['bad pushf operand', 'pushf x', ["1:7: expected a number (e.g. 1.5, -2, 1e-9, inf, nan), found 'x'"]],
  ['NaN payload that is not a NaN', 'pushf nan:0x3ff0000000000000', ['1:11: 0x3ff0000000000000 is not the bit pattern of a NaN']],
  ['native without a description', 'ncall io.print_int', ["1:7: unknown native 'io.print_int': no library description was given"]],
  ['data directive in the text section', '.word 1', ["1:1: '.word' belongs in the data section (write .data before it)"]],
  ['instruction in the data section', '.data\n  push 1', ["2:3: instruction 'push' in the data section (write .text before it)"]],
  ['.text with an operand', '.text 1', ["1:7: '.text' takes no operands"]],
  ['bad string escape', '.data\n.string "a\\qb"', ["2:11: bad escape '\\q' (use \\n \\t \\r \\0 \\\\ \\\" \\' \\xHH \\u{HHHH})"]],
  ['bad \\x escape', '.data\n.string "\\x4"', ['2:10: bad escape: \\x needs two hex digits']],
  ['surrogate \\u escape', '.data\n.string "\\u{d800}"', ['2:10: bad escape: \\u{d800} is not a Unicode scalar value']],
  ['unterminated string', '.data\n.string "abc', ['2:9: unterminated string']],
  ['unterminated character', "push 'a", ['1:6: unterminated character literal']],
  ['long character literal', "push 'ab'", ['1:6: a character literal must hold exactly one character']],
  ['character literal beyond Unicode', "push '\\u{110000}'", ['1:7: bad escape: \\u{110000} is not a Unicode scalar value']],
  ['jmp to a data label', 'jmp d\n.data\nd: .byte 1', ["1:5: jmp needs a code label; 'd' is a data label"]],
  ['call and jz to a data label', 'call d\njz d\n.data\nd: .byte 1', ["1:6: call needs a code label; 'd' is a data label", "2:4: jz needs a code label; 'd' is a data label"]],
  ['pushf overflowing to infinity', 'pushf 1e400', ['1:7: 1e400 is too large for a 64-bit float; write inf for infinity']],
  ['.float overflowing to -infinity', '.data\n.float 1, -1.8e308', ['2:12: 1.8e308 is too large for a 64-bit float; write inf for infinity']],
  ['malformed number', 'push 12ab', ["1:6: malformed number '12ab'"]],
  ['malformed hex number', 'push 0xg', ["1:6: malformed number '0xg'"]],
  ['unexpected character', 'push @', ['1:6: unexpected character "@"']],
  ['not a statement', '42', ["1:1: expected an instruction, a directive or a label, found '42'"]],
  ['.string with a number', '.data\n.string 5', ['2:9: \'.string\' takes string literals, e.g. "text\\n"']],
  ['.byte out of range', '.data\n.byte 256', ['2:7: byte value 256 is out of range -128..255']],
  ['.half out of range', '.data\n.half -32769', ['2:7: half-word value -32769 is out of range -32768..65535']],
  ['.word needs values', '.data\n.word', ["2:1: '.word' needs at least one value"]],
  ['.align not a power of two', '.data\n.align 3', ['2:8: alignment 3 is not a power of two']],
  ['.align zero', '.data\n.align 0', ['2:8: alignment 0 is out of range 1..1073741824']],
  ['overlapping .org', '.data\n.word 1, 2\n.org 4', ['3:6: .org 0x4 would overlap data already placed up to 0x8']],
  [
    'layout value from a later label',
    '.data\n.zero later\nlater: .byte 1',
    ["2:7: 'later' is defined further down, but .zero needs its value here (it decides where data goes)"],
  ],
  [
    'layout value from an open sizeof',
    '.data\na: .byte 1\n.zero sizeof(a)',
    ['3:7: sizeof(a) is not known yet (its data is still being laid out), but .zero needs its value here (it decides where data goes)'],
  ],
  ['data beyond .memory', '.memory 16\n.data\n.zero 8\n.word 1\n.float 1.0', ['5:1: data at 0xc..0x14 lies beyond the memory size (16 bytes; raise it with .memory)']],
  ['memory too large', '.memory 0x40000001', ['1:9: memory size 1073741825 is out of range 0..1073741824']],
  ['duplicate .entry', 'a: nop\n.entry a\n.entry a', ['3:1: duplicate .entry (the first is at line 2)']],
  ['.entry out of range', 'nop\n.entry 5', ['2:8: entry point 5 is out of range 0..0']],
  ['.entry without code', '.entry 0', ['1:1: .entry in a program without instructions']],
  ['.export of a data label', '.export d\nnop\n.data\nd: .byte 1', ["1:9: .export needs a code label; 'd' is a data label"]],
  ['.export of a constant', '.const C 1\n.export C\nnop', ["2:9: .export needs a code label; 'C' is a constant"]],
  ['.export of an unknown name', '.export nope\nnop', ["1:9: undefined name 'nope'"]],
  ['.export twice', 'a: nop\n.export a\n.export a', ["3:9: 'a' is already exported"]],
  ['.export past the end', 'nop\nend:\n.export end', ["3:9: 'end' is past the last instruction, so it cannot be exported"]],
  ['.const without a name', '.const 5', ["1:8: '.const' needs a name and a value, e.g. .const SIZE 16"]],
];

describe('assemble: diagnostics', () => {
  for (const [title, source, expected] of CASES) {
    it(title, () => {
      assert.deepEqual(diagnosticsOf(source), expected);
    });
  }

  it('reports natives: unknown function, unknown name, ambiguous bare name', () => {
    assert.deepEqual(diagnosticsOf('ncall io.print_itn\nncall cosine\nncall print_int\nncall 3.func1', { libraries: DESCRIPTION }), [
      "1:7: unknown native 'io.print_itn': library 'io' has no function 'print_itn'; did you mean 'print_int'?",
      "2:7: unknown native 'cosine'",
      "3:7: ambiguous native 'print_int': it could be library 'io' function 'print_int', or library 'math' function 'print_int'; write library.function",
      "4:7: unknown native '3.func1'; did you mean '1.func1'?",
    ]);
  });

  it('says ncall takes one operand when given two names', () => {
    assert.deepEqual(diagnosticsOf('ncall io.print_int io.newline', { libraries: DESCRIPTION }), ["1:20: 'ncall' takes one operand"]);
    assert.deepEqual(diagnosticsOf('ncall 5', { libraries: DESCRIPTION }), ["1:7: 'ncall' needs a native function name, e.g. io.print_int"]);
  });

  it('shows the candidates of an ambiguous dotted native as library/function pairs', () => {
    const libraries = { libraries: [{ name: 'a.b', functions: ['c'] }, { name: 'a', functions: ['b.c'] }, { name: 'z', functions: ['c'] }] };
    assert.deepEqual(diagnosticsOf('ncall a.b.c\nncall c', { libraries }), [
      "1:7: ambiguous native 'a.b.c': it could be library 'a' function 'b.c', or library 'a.b' function 'c'",
      "2:7: ambiguous native 'c': it could be library 'a.b' function 'c', or library 'z' function 'c'; write library.function",
    ]);
  });

  it('refers to a named library by name only, and a positional one by index only', () => {
    assert.deepEqual(diagnosticsOf('ncall 0.print_int', { libraries: DESCRIPTION }), ["1:7: unknown native '0.print_int'; did you mean 'io.print_int'?"]);
  });

  it('collects every error, in source order, with the file name', () => {
    try {
      assemble('push x\nad\n.data\npush 1\n.word y', { file: 'prog.asm' });
      assert.fail('should not assemble');
    } catch (error) {
      assert.ok(error instanceof AsmError);
      assert.equal(error.code, ErrorCode.Assembly);
      assert.deepEqual(error.diagnostics, [
        { file: 'prog.asm', line: 1, column: 6, message: "undefined name 'x'" },
        { file: 'prog.asm', line: 2, column: 1, message: "unknown instruction 'ad'; did you mean 'add'?" },
        { file: 'prog.asm', line: 4, column: 1, message: "instruction 'push' in the data section (write .text before it)" },
        { file: 'prog.asm', line: 5, column: 7, message: "undefined name 'y'" },
      ]);
      assert.equal(error.message.split('\n')[0], "prog.asm:1:6: undefined name 'x'");
    }
  });

  it('reports a lexical error once, not the follow-on problems of the same line', () => {
    assert.deepEqual(diagnosticsOf('push 1 @ 2\nlabel: push $'), ['1:8: unexpected character "@"', '2:13: unexpected character "$"']);
  });
});
