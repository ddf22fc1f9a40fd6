/** StreamLines: the lines of a stream read on demand (exvm run's console input). */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { StreamLines } from '../../src/cli/app-stdin.js';

test('lines come as they arrive, split across chunks, empty ones kept, the last one without its newline', async () => {
  const stream = new PassThrough();
  let waits = 0;
  const lines = new StreamLines(stream, () => waits++);
  const first = lines.readLine();
  const second = lines.readLine(); // asked at once: each read gets its own line
  stream.write('al');
  stream.write('pha\r\n\nbe');
  assert.equal(await first, 'alpha');
  assert.equal(await second, '');
  const third = lines.readLine();
  stream.end('ta');
  assert.equal(await third, 'beta');
  assert.equal(await lines.readLine(), null);
  assert.equal(await lines.readLine(), null);
  assert.ok(waits > 0, 'beforeWait runs when a read waits');
  lines.close();
});

test('a stream that fails is an input that ends', async () => {
  const stream = new PassThrough();
  const lines = new StreamLines(stream, () => undefined);
  const line = lines.readLine();
  stream.destroy(new Error('EISDIR'));
  assert.equal(await line, null);
});

test('nothing is read while no line is wanted', async () => {
  const stream = new PassThrough();
  const lines = new StreamLines(stream, () => undefined);
  stream.write('one\ntwo\n');
  assert.equal(stream.readableFlowing, null, 'not read before the first line is wanted');
  assert.equal(await lines.readLine(), 'one');
  assert.equal(stream.readableFlowing, false, 'paused once the line came');
  assert.equal(await lines.readLine(), 'two');
  lines.close();
});
