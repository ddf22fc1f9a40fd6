/**
 * The run plugin's sequencer and schedulers: the stack sequencer's order, round-robin preemption
 * order, priority order (and preemption by a higher priority), refusals of bad options. Runs use
 * the simulated clock: 5 instructions a turn and a ms, so one printer iteration per ms.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RuntimeError } from '../../src/runtime/index.js';
import { printer, runStandard, standardRuntime } from './helpers.js';

const FAST = { slice: 5, instructionsPerMs: 5 };

test('run.rr preempts the running process at the end of each quantum, in arrival order', async () => {
  const processes = ['a', 'b', 'c'].map((name) => ({ name, code: printer(name, 4), scheduler: 'run.rr' }));
  const two = await runStandard(processes, { ...FAST, settings: { run: { options: { quantum: 2 } } } });
  assert.equal(two.output.replaceAll('\n', ''), 'aabbccaabbcc');
  assert.equal(two.report.ok, true);
  const one = await runStandard(processes, FAST);
  assert.equal(one.output.replaceAll('\n', ''), 'abcabcabcabc');
});

test('run.rr lets a lone process run without preempting it', async () => {
  const { output, report } = await runStandard([{ name: 'solo', code: printer('s', 5), scheduler: 'run.rr' }], FAST);
  assert.equal(output, 's\n'.repeat(5));
  assert.equal(report.ok, true);
});

// The runtime settles WAITING instructions between batches of turns, so a sleeper wakes a few hundred turns late: the busy loops are long.
test('run.rr: a process that waits gives its turn, and gets turns again once it wakes', async () => {
  const { output, report } = await runStandard([
    { name: 'sleepy', code: ':com.print "s1"\n:run.sleep 1\n:com.print "s2"\npush 0\nhalt', scheduler: 'run.rr' },
    { name: 'busy', code: printer('b', 600), scheduler: 'run.rr' },
  ], FAST);
  const lines = output.trim().split('\n');
  assert.deepEqual(lines.slice(0, 2), ['s1', 'b']);
  assert.equal(lines.filter((line) => line === 'b').length, 600);
  assert.ok(lines.indexOf('s2') < lines.length - 1, 'the sleeper ran again before the busy process ended');
  assert.equal(report.ok, true);
});

/** A runtime whose processes run under run.priority with the given priorities. */
async function byPriority(priorities: Readonly<Record<string, number>>, times = 2): Promise<string> {
  const { runtime } = standardRuntime(FAST);
  const scheduler = runtime.scheduler('run.priority')!;
  for (const [name, priority] of Object.entries(priorities)) {
    const process = runtime.addProcess({ name, code: printer(name, times) });
    assert.equal(runtime.attachToScheduler(scheduler, process, priority), true);
  }
  const report = await runtime.run();
  assert.equal(report.ok, true);
  return runtime.written.replaceAll('\n', ' ').trim();
}

test('run.priority runs the highest priority first, each to its end, equal priorities in turns', async () => {
  assert.equal(await byPriority({ low: 1, high: 9, mid: 5 }), 'high high mid mid low low');
  assert.equal(await byPriority({ x: 3, y: 3, z: 1 }, 3), 'x y x y x y z z z');
});

/** The lines printed when `urgent` (priority `urgency`) wakes from a sleep while `background` (priority 1) prints 600 lines. */
async function wakeUp(urgency: number): Promise<string[]> {
  const { runtime } = standardRuntime(FAST);
  const scheduler = runtime.scheduler('run.priority')!;
  const urgent = runtime.addProcess({ name: 'urgent', code: ':run.sleep 2\n:com.print "urgent"\npush 0\nhalt' });
  const background = runtime.addProcess({ name: 'background', code: printer('bg', 600) });
  assert.equal(runtime.attachToScheduler(scheduler, urgent, urgency), true);
  assert.equal(runtime.attachToScheduler(scheduler, background, 1), true);
  const report = await runtime.run();
  assert.equal(report.ok, true);
  return runtime.written.trim().split('\n');
}

test('run.priority: a higher priority process that becomes ready preempts the running one; a lower one waits for its end', async () => {
  const preempting = await wakeUp(10);
  const at = preempting.indexOf('urgent');
  assert.ok(at > 0 && at < preempting.length - 1, `urgent interrupted the background process (line ${at} of ${preempting.length})`);
  assert.equal(preempting.filter((line) => line === 'bg').length, 600);
  const waiting = await wakeUp(0);
  assert.equal(waiting.indexOf('urgent'), waiting.length - 1);
});

test('the schedulers print their queues', () => {
  const { runtime } = standardRuntime(FAST);
  runtime.addProcess({ name: 'p', code: 'push 0\nhalt', scheduler: 'run.rr' });
  assert.equal(runtime.scheduler('run.rr')!.print(), 'run.rr: running nothing; ready none');
});

test('a quantum that is not positive makes the schedulers fail at creation', () => {
  assert.throws(() => standardRuntime({ settings: { run: { options: { quantum: 0 } } } }), (e) => e instanceof RuntimeError || /run\.quantum: the quantum must be a positive number of ms, got 0/.test(String(e)));
});

test('run.stack runs the last attached kernel first, then the ones below', async () => {
  for (const [sequencer, expected] of [['run.stack', 'third second first'], [undefined, 'first second third']] as const) {
    const { runtime } = standardRuntime();
    runtime.addProcess({ name: 'p', code: ':com.print "first"\npush 0\nhalt', ...(sequencer === undefined ? {} : { sequencer }) });
    runtime.addKernel('p', { code: ':com.print "second"\npush 0\nhalt' });
    runtime.addKernel('p', { code: ':com.print "third"\npush 0\nhalt' });
    const report = await runtime.run();
    assert.equal(runtime.written.replaceAll('\n', ' ').trim(), expected);
    assert.equal(report.processes[0].state, 'ZOMBIE');
  }
});

test('run.stack: an interrupted kernel is popped and the kernel below resumes', async () => {
  const { runtime } = standardRuntime();
  runtime.addProcess({ name: 'p', code: ':com.print "bottom"\npush 0\nhalt', sequencer: 'run.stack' });
  runtime.addKernel('p', { code: ':run.interrupt GENERIC "top fails"\nhalt' });
  const report = await runtime.run();
  assert.equal(runtime.written, 'bottom\n');
  assert.deepEqual(report.processes[0].kernels.map((k) => k.state), ['ZOMBIE', 'INTERRUPTED']);
  assert.equal(report.processes[0].state, 'INTERRUPTED');
});
