/** Runtime.startStepping/stepInstruction (the debugger's hook): one instruction at a time, in exactly the order of run(). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryComHost, standardPlugins } from '../../src/plugins/index.js';
import type { Runtime } from '../../src/runtime/index.js';
import { RuntimeError } from '../../src/runtime/index.js';
import { runtimeWith } from './helpers.js';

const counter = (name: string, until: number): string => `.value i INT 0\nloop:\n    :com.print "${name}" @i\n    :int.inc @i\n    :int.cmp @i < ${until} -> %\n    jnz loop\n    push 0\n    halt\n`;

/** Three processes under the default scheduler, in turns of 3 instructions, so their output interleaves. */
function interleaved(): Runtime {
  const plugins = standardPlugins(memoryComHost(new Map()));
  const runtime = runtimeWith([plugins.int, plugins.com], { slice: 3 });
  for (const [name, until] of [['a', 4], ['b', 2], ['c', 5]] as const) runtime.addProcess({ name, code: counter(name, until) });
  return runtime;
}

test('stepping gives the same output, states and instruction counts as run()', async () => {
  const ran = interleaved();
  const report = await ran.run();
  const stepped = interleaved();
  stepped.startStepping();
  let steps = 0;
  for (let result = stepped.stepInstruction(); result !== 'ended'; result = stepped.stepInstruction()) {
    assert.equal(result, 'ran');
    steps++;
  }
  assert.match(ran.written, /^a 0\n(.|\n)*b 0\n/);
  assert.notEqual(ran.written.indexOf('b 0'), ran.written.length - 4, 'the processes interleave');
  assert.equal(stepped.written, ran.written);
  assert.deepEqual(stepped.processes.map((p) => p.state), report.processes.map((p) => p.state));
  const instructions = report.processes.flatMap((p) => p.kernels.map((k) => k.instructions));
  assert.deepEqual(stepped.processes.flatMap((p) => p.kernels.map((k) => k.machine.instructionsExecuted)), instructions);
  assert.equal(steps, instructions.reduce((a, b) => a + b, 0));
});

test('a stepped runtime starts once and cannot also run', async () => {
  const runtime = interleaved();
  runtime.startStepping();
  assert.throws(() => runtime.startStepping(), RuntimeError);
  await assert.rejects(runtime.run(), RuntimeError);
});
