/** The journal keeps a bounded tail of the output and cuts it back by byte offset when rewinding. */
import '../helpers/property.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Journal } from '../../src/debug/journal.js';
import { CONSOLE_VIEW_BYTES } from '../../src/debug/protocol.js';
import { open } from './fixtures.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

test('property: the journal keeps the last `keep` bytes written, cut back by byte offset on rewinds', () => {
  const action = fc.oneof(fc.record({ write: fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 40 }) }), fc.record({ back: fc.nat() }));
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 64 }), fc.array(action, { maxLength: 60 }), (keep, actions) => {
      const journal = new Journal('', [], () => 0, keep);
      // The model: everything written, and from where the journal still has it.
      let all = '';
      let keptFrom = 0;
      const marks: { mark: ReturnType<Journal['mark']>; length: number }[] = [];
      for (const step of actions) {
        if ('write' in step) {
          marks.push({ mark: journal.mark(), length: all.length });
          journal.write(bytes(step.write));
          all += step.write;
          keptFrom = Math.max(keptFrom, all.length - keep);
        } else if (marks.length > 0) {
          const at = step.back % marks.length;
          journal.rewind(marks[at].mark);
          all = all.slice(0, marks[at].length);
          keptFrom = Math.min(keptFrom, all.length);
          marks.splice(at);
        }
        assert.equal(journal.written, all.length);
        assert.equal(journal.output(), all.slice(keptFrom));
        assert.ok(journal.output().length <= keep);
      }
    }),
    { numRuns: 300 },
  );
});

test('a write larger than the bound keeps its end; the view counts what it leaves out', () => {
  const journal = new Journal('', [], () => 0, 8);
  journal.write(bytes('0123456789abcdef'));
  assert.equal(journal.output(), '89abcdef');
  assert.equal(journal.written, 16);
  assert.equal(journal.view(4), '[12 earlier bytes of output not shown]\ncdef');
  journal.write(bytes('é'));
  assert.equal(journal.output(), 'abcdefé');
  assert.equal(journal.view(1), '[17 earlier bytes of output not shown]\n', 'half a character is not shown');
});

test('a program that prints forever keeps a bounded console; the state carries its tail', () => {
  const printer = ['.data', 'msg: .string "tick "', '.text', 'loop:', '    push msg', '    push 5', '    ncall io.print_str', '    jmp loop'].join('\n');
  const { target } = open(printer);
  target.advance(4 * 300_000); // 1.5 MB of output: more than the journal keeps
  const console = target.state().console;
  assert.ok(console.length <= CONSOLE_VIEW_BYTES + 64);
  const omitted = Number(/^\[(\d+) earlier bytes of output not shown\]\n/.exec(console)?.[1]);
  assert.equal(omitted, 5 * 300_000 - CONSOLE_VIEW_BYTES);
  assert.ok(console.endsWith('tick tick '));
});
