/**
 * Scheduling: the default scheduler's turns, WAITING instructions letting other processes run,
 * plugin schedulers (schedule on every state change, timers, refusals), plugin sequencers, and
 * ownership locks with deadlock detection. Runs use the simulated clock: they are deterministic.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SVM_Kernel, SVM_Process } from '../../src/plugin/api/index.js';
import * as api from '../../src/plugin/api/index.js';
import { RuntimeError } from '../../src/runtime/index.js';
import { calc, killer, lockPlugin, probe, probePlugin, schedulerPlugin } from './fixtures.js';
import { runProcesses, runtimeWith } from './helpers.js';

const printer = (name: string, times: number): string => `
    push ${times}
loop:
    :calc.print "${name}"
    push -1
    add
    dup
    jnz loop
    push 0
    halt`;

test('the default scheduler gives RUNNING processes turns of one slice each', async () => {
  const long = await runProcesses([calc], [{ name: 'a', code: printer('a', 3) }, { name: 'b', code: printer('b', 3) }]);
  assert.equal(long.output, 'a\na\na\nb\nb\nb\n');
  const short = await runProcesses([calc], [{ name: 'a', code: printer('a', 3) }, { name: 'b', code: printer('b', 3) }], { slice: 5 });
  assert.equal(short.output, 'a\nb\na\nb\na\nb\n'); // 5 instructions: one loop iteration (one print) per turn
  assert.equal(short.report.ok, true);
});

test('a WAITING instruction lets the scheduler run other processes; the simulated clock jumps to the timer', async () => {
  const { output, report } = await runProcesses([calc], [
    { name: 'sleeper', code: ':calc.sleep 10\n:calc.print "late"\npush 0\nhalt' },
    { name: 'worker', code: ':calc.print "early"\npush 0\nhalt' },
  ]);
  assert.equal(output, 'early\nlate\n');
  assert.ok(report.time >= 10);
  assert.equal(report.ok, true);
});

test('an instruction that is not WAITING cannot wait', async () => {
  probe.body = () => Promise.resolve();
  const { report } = await runProcesses([probePlugin], [{ name: 'main', code: ':probe.value\npush 0\nhalt' }]);
  assert.match(report.processes[0].kernels[0].interruption?.message ?? '', /probe\.value is not a WAITING instruction/);
});

test('a plugin scheduler sees every state change and drives processes with timers', async () => {
  const seen: string[] = [];
  const waiting: SVM_Process[] = [];
  const lazy = schedulerPlugin('lazy', {
    schedule: (svm, handler, process, state) => {
      seen.push(`${api.svm_process_get_name(svm, process)} ${state}`);
      if (state !== 'SUSPENDED') return 0;
      api.svm_variable_scope_set_global(svm, process);
      waiting.push(process);
      return 5;
    },
    notification: (svm, handler, type) => {
      seen.push(`notification ${type}`);
      for (const process of waiting.splice(0)) api.svm_process_run__raw(svm, process, 0);
      return 0;
    },
  });
  const { report, output } = await runProcesses([calc, lazy], [{ name: 'p', code: ':calc.print "hi"\npush 0\nhalt', scheduler: 'lazy.s' }]);
  assert.equal(output, 'hi\n');
  assert.deepEqual(seen, ['p SUSPENDED', 'notification TIMER', 'p RUNNING', 'p ZOMBIE']);
  assert.ok(report.time >= 5);
});

test('a scheduler may refuse a process', () => {
  const picky = schedulerPlugin('picky', { schedule: () => 0, attach: () => false });
  const runtime = runtimeWith([picky]);
  assert.throws(() => runtime.addProcess({ name: 'p', code: 'push 0\nhalt', scheduler: 'picky.s' }), (e) => e instanceof RuntimeError && /the scheduler picky\.s refused it/.test(e.message));
  assert.throws(() => runtime.addProcess({ name: 'q', code: 'push 0\nhalt', scheduler: 'nope.x' }), /no plugin defines the scheduler nope\.x/);
});

test('a plugin sequencer chooses the kernel: a stack runs the last attached first', async () => {
  const stack = api.definePlugin({
    configuration: 'PLUGIN st\nDEFINE\n  SEQUENCER st.stack',
    sequencer_stack_create: () => [] as SVM_Kernel[],
    sequencer_stack_delete: () => undefined,
    sequencer_stack_attach: (svm, handler, kernel) => {
      api.svm_variable_scope_set_global(svm, kernel);
      (handler as SVM_Kernel[]).push(kernel);
      return true;
    },
    sequencer_stack_detach: () => false,
    sequencer_stack_current: (svm, handler) => {
      const kernels = handler as SVM_Kernel[];
      while (kernels.length > 0 && api.svm_kernel_get_state(svm, kernels[kernels.length - 1]) === 'ZOMBIE') kernels.pop();
      return kernels[kernels.length - 1] ?? null;
    },
    sequencer_stack_print: () => 'stack',
  });
  for (const [sequencer, expected] of [['st.stack', 'second\nfirst\n'], [undefined, 'first\nsecond\n']] as const) {
    const runtime = runtimeWith([calc, stack]);
    runtime.addProcess({ name: 'p', code: ':calc.print "first"\npush 0\nhalt', ...(sequencer === undefined ? {} : { sequencer }) });
    runtime.addKernel('p', { code: ':calc.print "second"\npush 0\nhalt' });
    const report = await runtime.run();
    assert.equal(runtime.written, expected);
    assert.equal(report.processes[0].state, 'ZOMBIE');
  }
});

test('a locked process is LOCKED while another holds its lock', async () => {
  const { output } = await runProcesses([calc, lockPlugin], [
    { name: 'a', code: ':lk.lock "b"\n.value s STR\n:lk.state "b" -> @s\n:calc.print @s\npush 0\nhalt' },
    { name: 'b', code: 'push 0\nhalt' },
  ]);
  assert.equal(output, 'LOCKED\n');
});

test('a deadlock between lock requests is detected, reported and raised as FAILURE', async () => {
  const { report } = await runProcesses([calc, lockPlugin], [
    { name: 'a', code: ':lk.lock "d"\n:calc.sleep 1\n:lk.lock "b"\npush 0\nhalt' },
    { name: 'c', code: ':lk.lock "b"\n:calc.sleep 2\n:lk.lock "d"\npush 0\nhalt' },
    { name: 'b', code: 'push 0\nhalt' },
    { name: 'd', code: 'push 0\nhalt' },
  ]);
  assert.deepEqual(report.deadlocks, ['deadlock: process c waits for the lock of d, held by a; process a waits for the lock of b, held by c']);
  const byName = Object.fromEntries(report.processes.map((p) => [p.name, p]));
  assert.equal(byName.c.state, 'INTERRUPTED');
  assert.equal(byName.c.kernels[0].interruption?.kind, 'FAILURE');
  assert.match(byName.c.kernels[0].interruption?.message ?? '', /^svm_process_ownership_lock: deadlock/);
  for (const name of ['a', 'b', 'd']) assert.equal(byName[name].state, 'ZOMBIE', name); // c's end released b: a went on
  assert.deepEqual(report.stalled, []);
});

test('runs are deterministic', async () => {
  const run = () => runProcesses([calc], [{ name: 'a', code: printer('a', 4) }, { name: 'b', code: ':calc.sleep 1\n' + printer('b', 4) }], { slice: 3 });
  const [first, second] = [await run(), await run()];
  assert.equal(first.output, second.output);
  assert.deepEqual(first.report, second.report);
});

test('a WAITING instruction that ends while its process is locked leaves it runnable once unlocked', async () => {
  const { report, output } = await runProcesses([calc, lockPlugin], [
    { name: 'sleeper', code: ':calc.sleep 1\n:calc.print "awake"\npush 0\nhalt' },
    { name: 'holder', code: ':lk.lock "sleeper"\n:calc.sleep 5\n:calc.print "releasing"\npush 0\nhalt' },
  ]);
  assert.equal(output, 'releasing\nawake\n');
  assert.equal(report.ok, true);
});

test('a queued lock request of a process that ended meanwhile is skipped', async () => {
  const { report } = await runProcesses([calc, lockPlugin, killer], [
    { name: 'holder', code: ':lk.lock "target"\n:calc.sleep 5\npush 0\nhalt' },
    { name: 'quitter', code: ':lk.lock "target"\npush 0\nhalt' },
    { name: 'killer', code: ':calc.sleep 1\n:kl.kill "quitter"\npush 0\nhalt' },
    { name: 'target', code: 'push 0\nhalt' },
  ]);
  assert.equal(report.ok, true, JSON.stringify(report.processes.map((p) => p.state)));
});

test('a WAITING instruction is picked up as soon as its promise settles, not turns later', async () => {
  const woke: number[] = [];
  probe.body = (svm) => void woke.push(api.svm_machine_time(svm));
  const { report } = await runProcesses([calc, probePlugin], [
    { name: 'sleeper', code: ':calc.sleep 2\n:probe.run\npush 0\nhalt' },
    { name: 'busy', code: 'push 400000\nloop: push 1\nsub\ndup\njnz loop\nhalt' },
  ], { slice: 1000, instructionsPerMs: 1000 });
  assert.equal(report.ok, true, JSON.stringify(report.processes));
  assert.equal(woke.length, 1);
  assert.ok(woke[0] <= 5, `the sleeper (2 ms) woke at ${woke[0]} ms while the busy process ran on (one turn is 1 ms)`);
});

test('a WAITING instruction nothing can settle: the host says so and the run reports the process stalled', async () => {
  const never = api.definePlugin({
    configuration: 'PLUGIN nv\nDEFINE\n  WAITING INSTRUCTION nv.wait',
    instruction_wait: () => new Promise<void>(() => undefined),
  });
  const { report } = await runProcesses([never, calc], [
    { name: 'stuck', code: ':nv.wait\npush 0\nhalt' },
    { name: 'fine', code: ':calc.sleep 3\npush 0\nhalt' },
  ], { idleWatch: (onIdle) => {
    const later = setTimeout(onIdle, 5); // a host whose own work is all done
    return () => clearTimeout(later);
  } });
  assert.equal(report.ok, false);
  assert.deepEqual(report.processes.map((p) => p.state), ['WAITING', 'ZOMBIE']);
  assert.deepEqual(report.stalled, ['process stuck is WAITING in a WAITING instruction nothing can settle and nothing can make it run again']);
});

test('delays may be fractional ms: svm_process_run__raw and svm_machine_sleep; a negative one raises FAILURE', async () => {
  const times: number[] = [];
  const delayed = schedulerPlugin('half', {
    schedule: (svm, handler, process, state) => {
      if (state === 'SUSPENDED') api.svm_process_run__raw(svm, process, 0.5);
      return 0;
    },
  }, '  WAITING INSTRUCTION half.nap', {
    instruction_nap: async (svm: api.SVM) => {
      await api.svm_machine_sleep(svm, 0.25);
      times.push(api.svm_machine_time(svm));
      await api.svm_machine_sleep(svm, -1);
    },
  });
  const { report } = await runProcesses([delayed], [{ name: 'p', code: ':half.nap\npush 0\nhalt', scheduler: 'half.s' }], { instructionsPerMs: 1e9 });
  assert.equal(times.length, 1);
  assert.ok(times[0] >= 0.75 && times[0] < 1, `woke at ${times[0]} ms: 0.5 before running, 0.25 asleep`);
  assert.equal(report.processes[0].kernels[0].interruption?.message, 'svm_machine_sleep: parameter delay is not a non-negative number of ms');
});

test('kernel and process handles compare by identity: svm_kernel_equal, svm_kernel_get_id, svm_process_equal', async () => {
  const seen: unknown[] = [];
  probe.body = (svm) => {
    const [a, b] = [api.svm_kernel_get_current(svm), api.svm_kernel_get_current(svm)];
    const other = api.svm_process_find(svm, 'other')!;
    seen.push(a === b, api.svm_kernel_equal(svm, a, b), api.svm_kernel_get_id(svm, a) === api.svm_kernel_get_id(svm, b));
    seen.push(api.svm_process_equal(svm, api.svm_process_get_current(svm), api.svm_process_get_current(svm)), api.svm_process_equal(svm, api.svm_process_get_current(svm), other));
    seen.push(api.svm_kernel_equal(svm, a, api.svm_process_kernels(svm, api.svm_process_get_current(svm))[0]));
  };
  const { report } = await runProcesses([probePlugin], [{ name: 'main', code: ':probe.run\npush 0\nhalt' }, { name: 'other', code: 'push 0\nhalt' }]);
  assert.equal(report.ok, true, report.processes[0].kernels[0].report ?? '');
  assert.deepEqual(seen, [false, true, true, true, false, true]);
});

test("a sequencer choosing another process's kernel puts its process in ERROR", async () => {
  let stolen: SVM_Kernel | null = null;
  const thief = api.definePlugin({
    configuration: 'PLUGIN th\nDEFINE\n  SEQUENCER th.q',
    sequencer_q_create: () => ({}),
    sequencer_q_delete: () => undefined,
    sequencer_q_attach: () => true,
    sequencer_q_detach: () => true,
    sequencer_q_current: () => stolen,
    sequencer_q_print: () => 'thief',
  });
  probe.body = (svm) => {
    stolen = api.svm_kernel_get_current(svm);
    api.svm_variable_scope_set_global(svm, stolen);
  };
  const { report } = await runProcesses([probePlugin, thief], [
    { name: 'victim', code: ':probe.run\npush 0\nhalt' },
    { name: 'p', code: 'push 0\nhalt', sequencer: 'th.q' },
  ]);
  assert.deepEqual(report.processes.map((p) => p.state), ['ZOMBIE', 'ERROR']);
  assert.match(report.warnings.join('\n'), /process p: sequencer th\.q chose kernel \d+, which belongs to process victim/);
});
