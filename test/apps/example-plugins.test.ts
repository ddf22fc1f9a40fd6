/** The example plugin modules under the runtime: big.int's instructions and error paths, the batch scheduler, the channel's waits. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PluginModule } from '../../src/plugin/api/index.js';
import { loadPluginFile } from '../../src/plugin/node/load-file.js';
import { RuntimeError } from '../../src/runtime/index.js';
import { repoPath } from '../helpers/paths.js';
import { printer, runCode, runStandard, standardRuntime } from '../plugins/helpers.js';

const example = (folder: string, file: string): Promise<PluginModule> => loadPluginFile(repoPath('examples', 'apps', folder, file));

test('big.int: constants, arithmetic mixing INT and big.int, comparison, digits', async () => {
  const big = await example('bigint', 'bigint.mjs');
  const run = await runCode(`
.value a big.int "-123456789012345678901234567890"
.value b big.int
.value yes BLN FALSE
.value n INT 0
    :big.add @a 1 -> @b
    :com.print @b
    :big.mul @a -2 @a -> @b
    :com.print @b
    :big.new "42" -> @b
    :big.cmp @b = 42 -> @yes
    :big.digits @a -> @n
    :com.print @yes @n
    push 0
    halt`, { extra: [big] });
  assert.equal(run.interruption, null, run.report.processes[0].kernels[0].report ?? '');
  assert.equal(run.output, '-123456789012345678901234567889\n-30483157506477673500990703125072397575003810399750038104200\nTRUE 30\n');
});

test('big.int: bad text raises FAILURE, a bad exponent NUMERIC, a bad constant stops the boot', async () => {
  const big = await example('bigint', 'bigint.mjs');
  assert.deepEqual((await runCode(':big.new "12x"\nhalt', { extra: [big] })).interruption, { kind: 'FAILURE', message: 'big.new: "12x" is not a decimal integer' });
  assert.deepEqual((await runCode(':big.pow 2 -1\nhalt', { extra: [big] })).interruption, { kind: 'NUMERIC', message: 'big.pow: exponent -1 is outside 0 to 100000' });
  const { runtime } = standardRuntime({ extra: [big] });
  assert.throws(() => runtime.addProcess({ name: 'p', code: '.value a big.int "zz"\nhalt' }), (e) => e instanceof RuntimeError && /type_int_constant refused the constant "zz"/.test(e.message));
  assert.throws(() => runtime.addProcess({ name: 'q', code: ':big.add "1" 2\nhalt' }), /big\.add: argument 1: expected/);
});

test('batch.fifo runs each process to its end before the next, whatever the slice', async () => {
  const batch = await example('batch', 'batch.mjs');
  const processes = ['x', 'y'].map((name) => ({ name, code: printer(name, 3), scheduler: 'batch.fifo' }));
  const { output, report } = await runStandard(processes, { slice: 5, extra: [batch] });
  assert.equal(output.replaceAll('\n', ''), 'xxxyyy');
  assert.equal(report.ok, true);
  const interleaved = await runStandard(processes.map(({ name, code }) => ({ name, code })), { slice: 5 });
  assert.equal(interleaved.output.replaceAll('\n', ''), 'xyxyxy');
});

test('chan: values sent are received by the other process, in order; a full channel makes the sender wait', async () => {
  const chan = await example('producer-consumer', 'channel.mjs');
  const { output, report } = await runStandard([
    { name: 'tx', code: ':chan.send "c" 1\n:chan.send "c" "two"\n:chan.send "c" 3\n:com.print "sent"\npush 0\nhalt' },
    { name: 'rx', code: '.value v AUTO\n:chan.receive "c" -> @v\n:com.print @v\n:chan.receive "c" -> @v\n:com.print @v\n:chan.receive "c" -> @v\n:com.print @v\npush 0\nhalt' },
  ], { extra: [chan] });
  assert.equal(output, '1\ntwo\nsent\n3\n'); // capacity 1: the second send waits until the first value is taken
  assert.equal(report.ok, true);
});
