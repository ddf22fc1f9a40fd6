import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { callNative, textAt, textIn } from './harness.js';

describe('io printing', () => {
  it('print_int prints signed decimals', () => {
    assert.equal(callNative('io.print_int', [-42]).output, '-42');
    assert.equal(callNative('io.print_int', [0x7fffffff]).output, '2147483647');
    assert.equal(callNative('io.print_int', [0x80000000]).output, '-2147483648');
  });

  it('print_uint prints the unsigned view of the same bits', () => {
    assert.equal(callNative('io.print_uint', [-1]).output, '4294967295');
    assert.equal(callNative('io.print_uint', [7]).output, '7');
  });

  it('print_float prints shortest digits and the special values', () => {
    assert.equal(callNative('io.print_float', [{ f: 3.25 }]).output, '3.25');
    assert.equal(callNative('io.print_float', [{ f: 0.1 }]).output, '0.1');
    assert.equal(callNative('io.print_float', [{ f: Infinity }]).output, 'inf');
    assert.equal(callNative('io.print_float', [{ f: -Infinity }]).output, '-inf');
    assert.equal(callNative('io.print_float', [{ f: NaN }]).output, 'nan');
    assert.equal(callNative('io.print_float', [{ f: -0 }]).output, '-0');
    assert.equal(callNative('io.print_float', [5]).output, '5');
  });

  it('print_char prints a codepoint as UTF-8 and rejects non-characters', () => {
    assert.equal(callNative('io.print_char', [0x41]).output, 'A');
    assert.equal(callNative('io.print_char', [0x1f600]).output, '😀');
    for (const bad of [-1, 0x110000, 0xd800]) {
      const outcome = callNative('io.print_char', [bad]);
      assert.equal(outcome.status, 'NativeFailure');
      assert.equal(outcome.fault?.message, `io.print_char: ${bad} is not a Unicode scalar value`);
      assert.equal(outcome.output, '');
    }
  });

  it('print_str prints bytes of memory and charges a gas unit per started 32 bytes', () => {
    const data = [textAt(16, 'héllo, world')];
    assert.equal(callNative('io.print_str', [16, 6], { data }).output, 'héllo');
    const none = callNative('io.print_str', [16, 0], { data });
    const some = callNative('io.print_str', [16, 64], { data });
    const more = callNative('io.print_str', [16, 65], { data });
    assert.equal(some.gasUsed - none.gasUsed, 2);
    assert.equal(more.gasUsed - none.gasUsed, 3);
  });

  it('print_str rejects a negative length and ranges outside memory', () => {
    const negative = callNative('io.print_str', [0, -1]);
    assert.equal(negative.status, 'NativeFailure');
    assert.equal(negative.fault?.message, 'io.print_str: length -1 is negative');
    const outside = callNative('io.print_str', [65530, 10]);
    assert.equal(outside.status, 'MemoryFault');
    assert.equal(outside.output, '');
    assert.equal(callNative('io.print_str', [-4, 2]).status, 'MemoryFault');
  });

  it('print_str faults OutOfGas when the bytes cost more than is left', () => {
    const outcome = callNative('io.print_str', [0, 65536], { gas: 100 });
    assert.equal(outcome.status, 'OutOfGas');
    assert.equal(outcome.output, '');
  });

  it('print_cstr prints up to the NUL', () => {
    const outcome = callNative('io.print_cstr', [8], { data: [textAt(8, 'abc\0def')] });
    assert.equal(outcome.output, 'abc');
  });

  it('print_cstr fails without a terminator and faults outside memory', () => {
    const unterminated = callNative('io.print_cstr', [0], { memorySize: 16, data: [textAt(0, 'x'.repeat(16))] });
    assert.equal(unterminated.status, 'NativeFailure');
    assert.match(unterminated.fault?.message ?? '', /no NUL terminator/);
    assert.equal(callNative('io.print_cstr', [65536]).status, 'MemoryFault');
    assert.equal(callNative('io.print_cstr', [-1]).status, 'MemoryFault');
  });

  it('newline prints a line break', () => {
    assert.equal(callNative('io.newline', []).output, '\n');
  });

  it('a missing argument is a stack underflow, not a host exception', () => {
    const outcome = callNative('io.print_str', [5]);
    assert.equal(outcome.status, 'StackUnderflow');
    assert.match(outcome.fault?.message ?? '', /^io\.print_str: /);
  });
});

describe('io input', () => {
  it('read_line stores a line without its newline and returns its length', () => {
    const outcome = callNative('io.read_line', [100, 50], { input: 'hello\r\nworld\n' });
    assert.deepEqual(outcome.results, [5]);
    assert.equal(textIn(outcome.memory, 100, 6), 'hello\0');
    assert.equal(outcome.env.readLine(), 'world');
  });

  it('read_line returns -1 at end of input and stores an empty line as 0 bytes', () => {
    assert.deepEqual(callNative('io.read_line', [0, 10], { input: '' }).results, [-1]);
    assert.deepEqual(callNative('io.read_line', [0, 10], { input: '\n' }).results, [0]);
  });

  it('read_line truncates a long line at a character boundary', () => {
    const outcome = callNative('io.read_line', [0, 4], { input: 'abcé\n' });
    assert.deepEqual(outcome.results, [3]);
    assert.equal(textIn(outcome.memory, 0, 4), 'abc\0');
  });

  it('read_line validates its buffer before reading', () => {
    const negative = callNative('io.read_line', [0, -5], { input: 'x\n' });
    assert.equal(negative.status, 'NativeFailure');
    assert.equal(negative.fault?.message, 'io.read_line: buffer size -5 is negative');
    assert.equal(negative.env.readLine(), 'x');
    assert.equal(callNative('io.read_line', [65530, 10], { input: 'x\n' }).status, 'MemoryFault');
  });

  it('read_int parses a number per line', () => {
    assert.deepEqual(callNative('io.read_int', [], { input: ' -17 \n' }).results, [-17, 1]);
    assert.deepEqual(callNative('io.read_int', [], { input: '2147483647\n' }).results, [2147483647, 1]);
  });

  it('read_int reports ok = 0 at end of input, on junk and on overflow', () => {
    assert.deepEqual(callNative('io.read_int', [], { input: '' }).results, [0, 0]);
    assert.deepEqual(callNative('io.read_int', [], { input: '12abc\n' }).results, [0, 0]);
    assert.deepEqual(callNative('io.read_int', [], { input: '2147483648\n' }).results, [0, 0]);
    assert.deepEqual(callNative('io.read_int', [], { input: '\n' }).results, [0, 0]);
  });
});
