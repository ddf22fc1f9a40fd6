/** The run standard plugin's instructions: sleep (WAITING), interrupt, time. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AsmError } from '../../src/errors.js';
import { runCode, runStandard, standardRuntime } from './helpers.js';

test('run.sleep waits on the runtime clock while other processes run', async () => {
  const { output, report } = await runStandard([
    { name: 'sleeper', code: '.value t INT 0\n:run.sleep 50\n:run.time -> @t\n:com.print "woke at" @t\npush 0\nhalt' },
    { name: 'worker', code: ':com.print "working"\npush 0\nhalt' },
  ]);
  assert.equal(output, 'working\nwoke at 50\n');
  assert.equal(report.ok, true);
  assert.ok(report.time >= 50);
});

test('run.sleep refuses a negative time with FAILURE', async () => {
  const run = await runCode(':run.sleep -1\npush 0\nhalt');
  assert.deepEqual(run.interruption, { kind: 'FAILURE', message: 'run.sleep: cannot sleep -1 ms' });
});

test('run.interrupt raises built-in and plugin interruptions with a message', async () => {
  const numeric = await runCode(':run.interrupt NUMERIC "too big"\nhalt');
  assert.deepEqual(numeric.interruption, { kind: 'NUMERIC', message: 'too big' });
  const generic = await runCode(':run.interrupt GENERIC\nhalt');
  assert.deepEqual(generic.interruption, { kind: 'GENERIC', message: 'raised by run.interrupt' });
  const unknown = await runCode(':run.interrupt OOPS "x"\nhalt');
  assert.equal(unknown.interruption?.kind, 'FAILURE');
  assert.match(unknown.interruption?.message ?? '', /^run\.interrupt: OOPS is not an interruption kind/);
  const undeclared = await runCode(':run.interrupt "nope.alarm" "x"\nhalt');
  assert.equal(undeclared.interruption?.kind, 'FAILURE');
  assert.match(undeclared.interruption?.message ?? '', /nope\.alarm/);
});

test('run.interrupt is caught by a handler like any interruption', async () => {
  const run = await runCode('push h\n:interruption LOCAL FIRST %\n:run.interrupt FIRST\n:com.print "resumed"\npush 0\nhalt\nh:\n:com.print "handled"\niret');
  assert.equal(run.output, 'handled\nresumed\n');
});

test('run.sleep and run.time take what their patterns say', () => {
  const { runtime } = standardRuntime();
  assert.throws(() => runtime.addProcess({ name: 'a', code: ':run.sleep "1"' }), (e) => e instanceof AsmError && /run\.sleep: argument 1: expected INT/.test(e.message));
  assert.throws(() => runtime.addProcess({ name: 'b', code: ':run.time 1 -> %' }), AsmError);
});
