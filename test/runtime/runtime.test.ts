/** The runtime end to end: guest code calling plugin instructions, results, memory, processes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calc } from './fixtures.js';
import { runMain } from './helpers.js';

test('guest code calls a plugin instruction and gets its result on the stack', async () => {
  const { report, output } = await runMain([calc], `
    push 40
    :calc.add % 2 -> %
    .value r INT
    :calc.add % 0 -> @r
    :calc.print @r
    push 0
    halt
  `);
  assert.equal(output, '42\n');
  assert.equal(report.ok, true);
  assert.equal(report.processes[0].state, 'ZOMBIE');
});
