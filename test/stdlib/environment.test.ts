import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bufferedEnvironment, splitLines } from '../../src/stdlib/environment.js';

describe('buffered environment', () => {
  it('splits input into lines, with or without a final newline or carriage returns', () => {
    assert.deepEqual(splitLines(''), []);
    assert.deepEqual(splitLines('a\nb\n'), ['a', 'b']);
    assert.deepEqual(splitLines('a\r\nb'), ['a', 'b']);
    assert.deepEqual(splitLines('\n\n'), ['', '']);
  });

  it('hands out lines until the end of input, then null', () => {
    const env = bufferedEnvironment('x\ny\n');
    assert.equal(env.readLine(), 'x');
    assert.equal(env.readLine(), 'y');
    assert.equal(env.readLine(), null);
    assert.equal(env.readLine(), null);
  });

  it('records output bytes, copying them so later changes do not leak in', () => {
    const env = bufferedEnvironment();
    const bytes = new TextEncoder().encode('hé');
    env.write(bytes);
    bytes[0] = 0x21;
    env.write(new TextEncoder().encode('!'));
    assert.equal(env.output(), 'hé!');
    assert.equal(env.outputBytes().length, 4);
  });

  it('exposes the arguments and the clock it was given', () => {
    const env = bufferedEnvironment('', ['a'], () => 7);
    assert.deepEqual(env.args, ['a']);
    assert.equal(env.now(), 7);
  });
});
