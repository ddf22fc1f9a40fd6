import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { exvm } from './cli.js';

/** Runs an example and checks its exact output, an empty stderr and exit code 0. */
function expectOutput(args: readonly string[], expected: string, input = ''): void {
  const result = exvm(['run', ...args], input);
  assert.equal(result.stderr, '');
  assert.equal(result.stdout, expected);
  assert.equal(result.status, 0);
}

describe('examples through the CLI', () => {
  it('hello.exa greets the world', () => {
    expectOutput(['examples/hello.exa'], 'Hello, world!\n');
  });

  it('fib.exa computes fib(20) recursively', () => {
    expectOutput(['examples/fib.exa'], 'fib(20) = 6765\n');
  });

  it('sieve.exa prints the primes below 100', () => {
    expectOutput(['examples/sieve.exa'], '2 3 5 7 11 13 17 19 23 29 31 37 41 43 47 53 59 61 67 71 73 79 83 89 97\n25 primes below 100\n');
  });

  it('strings.exa measures, transforms, compares and formats strings', () => {
    expectOutput(
      ['examples/strings.exa'],
      [
        'original:  Hello, exvm!',
        'length:    12',
        'uppercase: HELLO, EXVM!',
        'reversed:  !MVXE ,OLLEH',
        'compare(apple, banana) = -1',
        'formatted: -12345 (6 bytes)',
        '',
      ].join('\n'),
    );
  });

  it('memory.exa exercises every load and store width', () => {
    expectOutput(
      ['examples/memory.exa'],
      [
        'sum of the word table: 150',
        'half -2 read signed / unsigned: -2 / 65534',
        'byte 0x80 read signed / unsigned: -128 / 128',
        'low byte of 0xdeadbeef stored little-endian: 239',
        '0x12345 stored in 16 bits reads back as: 9029',
        '1.5 + 2.25 = 3.75',
        '0.1 through a 32-bit float: 0.10000000149011612',
        'memory size: 65536',
        'mfill then mcopy: --****',
        '',
      ].join('\n'),
    );
  });

  it('input.exa greets by name and sums the numbers until the end of input', () => {
    expectOutput(
      ['examples/input.exa'],
      [
        'What is your name?',
        'Hello, Ada!',
        'Enter numbers, one per line (end of input to finish):',
        'skipping "forty": not a number',
        'sum of 4 numbers: 10',
        '',
      ].join('\n'),
      'Ada\r\n1\n2\nforty\n3\n4', // a CRLF line and no final newline are both fine
    );
  });

  it('input.exa copes with no input at all', () => {
    expectOutput(
      ['examples/input.exa'],
      'What is your name?\nHello, stranger!\nEnter numbers, one per line (end of input to finish):\nsum of 0 numbers: 0\n',
    );
  });

  it('input.exa reads a long input that arrives in many chunks', () => {
    const numbers = Array.from({ length: 20000 }, (_, i) => String(i % 10));
    const result = exvm(['run', 'examples/input.exa'], `Bo\n${numbers.join('\n')}\n`);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /sum of 20000 numbers: 90000\n$/);
  });

  it('args.exa prints its arguments (given after --)', () => {
    expectOutput(['examples/args.exa', '--', 'one', 'two words', '--gas'], 'argc = 3\narg 0: one\narg 1: two words\narg 2: --gas\n');
  });

  it('args.exa with no arguments', () => {
    expectOutput(['examples/args.exa'], 'argc = 0\n');
  });
});
