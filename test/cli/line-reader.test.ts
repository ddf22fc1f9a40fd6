import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../helpers/property.js';
import { LineReader, MAX_LINE_BYTES } from '../../src/cli/line-reader.js';
import { splitLines } from '../../src/stdlib/environment.js';

/** A source handing out `chunks` in order, counting how often it was asked. */
function chunksOf(...chunks: string[]): { source: () => Uint8Array | null; reads: () => number } {
  let next = 0;
  return { source: () => (next < chunks.length ? Buffer.from(chunks[next++], 'utf8') : (next++, null)), reads: () => next };
}

/** Every line `reader` returns until the end of input. */
function allLines(reader: LineReader): string[] {
  const lines: string[] = [];
  for (let line = reader.readLine(); line !== null; line = reader.readLine()) lines.push(line);
  return lines;
}

describe('LineReader', () => {
  it('splits on \\n and \\r\\n across chunk boundaries; a last line needs no newline', () => {
    const { source } = chunksOf('one\r', '\ntw', 'o\n\nthr', 'ee');
    assert.deepEqual(allLines(new LineReader(source)), ['one', 'two', '', 'three']);
  });

  it('reads no further than the line asked for', () => {
    const { source, reads } = chunksOf('a\nb\n', 'c\n');
    const reader = new LineReader(source);
    assert.equal(reader.readLine(), 'a');
    assert.equal(reader.readLine(), 'b');
    assert.equal(reads(), 1);
    assert.equal(reader.readLine(), 'c');
    assert.equal(reader.readLine(), null);
    assert.equal(reader.readLine(), null);
  });

  it('returns a line longer than the limit in pieces of the limit', () => {
    const { source } = chunksOf('abcde', 'fghijkl\nxy\r\n');
    assert.deepEqual(allLines(new LineReader(source, 8)), ['abcdefgh', 'ijkl', 'xy']);
  });

  it('a line of exactly the limit comes back whole', () => {
    const { source } = chunksOf('abcdefgh\nz');
    assert.deepEqual(allLines(new LineReader(source, 8)), ['abcdefgh', 'z']);
  });

  it('never cuts a UTF-8 character in two', () => {
    const { source } = chunksOf('aéé\n'); // bytes 61 c3a9 c3a9: a cut at 4 would split the second é
    assert.deepEqual(allLines(new LineReader(source, 4)), ['aé', 'é']);
  });

  it('input without newlines is cut at 1 MiB after reading only about that much', () => {
    let reads = 0;
    const zeros = new Uint8Array(1 << 16);
    const reader = new LineReader(() => (reads++, zeros));
    assert.equal(reader.readLine()?.length, MAX_LINE_BYTES);
    assert.equal(reads, MAX_LINE_BYTES / zeros.length);
    assert.equal(reader.readLine()?.length, MAX_LINE_BYTES);
    assert.equal(reads, (2 * MAX_LINE_BYTES) / zeros.length);
  });

  it('gives the lines splitLines gives, however the input is chunked', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'é', '\n', '\r', ' ') }), fc.array(fc.nat(20), { maxLength: 8 }), (text, cuts) => {
        const bytes = Buffer.from(text, 'utf8');
        const chunks: Uint8Array[] = [];
        let at = 0;
        for (const length of cuts) chunks.push(bytes.subarray(at, (at = Math.min(bytes.length, at + length))));
        chunks.push(bytes.subarray(at));
        let next = 0;
        const reader = new LineReader(() => (next < chunks.length ? chunks[next++] : null));
        assert.deepEqual(allLines(reader), splitLines(text));
      }),
    );
  });
});
