/** Checkpoints retain only changed memory pages, within a byte budget, and still bring back exact moments. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { History } from '../../src/debug/history.js';
import { PAGE_BYTES, capturePages, freshBytes, restorePages } from '../../src/debug/paged-memory.js';
import { sourceTarget } from '../../src/debug/playground.js';
import type { MachineSnapshot } from '../../src/machine/snapshot.js';

/** The memory of FOUR_PAGES: 256 KiB. */
const MEMORY = 4 * PAGE_BYTES;

/** Stores a growing counter into four pages of memory, forever. */
const FOUR_PAGES = [`.memory ${MEMORY}`, '    push 1', 'loop:', ...[0, 1, 2, 3].flatMap((page) => ['    dup', `    push ${page * PAGE_BYTES}`, '    swap', '    st32 0']), '    addi 1', '    jmp loop'].join('\n');

test('a capture shares zero pages and unchanged pages; restoring it is exact', () => {
  const memory = new Uint8Array(8 * PAGE_BYTES + 10);
  const empty = capturePages(memory, undefined);
  assert.equal(freshBytes(empty, undefined), 10, 'only the short last page is not the shared zero page');
  memory[3 * PAGE_BYTES + 5] = 7;
  const one = capturePages(memory, empty);
  assert.equal(freshBytes(one, empty), PAGE_BYTES);
  assert.equal(freshBytes(capturePages(memory, one), one), 0, 'nothing changed: everything is shared');
  memory.fill(9);
  restorePages(memory, one);
  assert.equal(memory[3 * PAGE_BYTES + 5], 7);
  assert.equal(memory.reduce((sum, byte) => sum + byte, 0), 7);
});

test('the checkpoints of a large memory retain at most the byte budget, and going back is still exact', () => {
  const target = sourceTarget(FOUR_PAGES);
  assert.deepEqual(target.info.diagnostics, []);
  const budget = 3 * MEMORY;
  const history = new History(18, 256, budget);
  history.restart(target);
  assert.equal(history.bytes, 0, 'a zero memory costs nothing');
  const moments = new Map<number, MachineSnapshot>();
  for (let time = 1; time <= 200_000; time++) {
    target.step();
    history.note(target);
    if (time % 49_999 === 0) moments.set(time, target.machine.snapshot());
    assert.ok(history.bytes <= budget, `at time ${time}: ${history.bytes} bytes retained`);
  }
  assert.ok(history.bytes > 0);
  for (const [time, snapshot] of moments) {
    history.travel(target, time);
    assert.deepEqual(target.machine.snapshot(), snapshot, `time ${time}`);
  }
});

test('checkpoints of a large memory are spaced by its size (one instruction per 32 bytes), a small one by the interval', () => {
  const spacing = (source: string): number => {
    const target = sourceTarget(source);
    const history = new History(3_000, 256);
    history.restart(target);
    let time = 0;
    while (history.before(time + 1).length < 2) {
      target.step();
      history.note(target);
      time++;
    }
    return time;
  };
  assert.equal(spacing(FOUR_PAGES), MEMORY / 32);
  assert.equal(spacing('loop:\n    push 1\n    pop\n    jmp loop\n'), 3_000, 'the default 64 KiB memory asks for 2,048 only');
});
