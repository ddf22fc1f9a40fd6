/**
 * Plugin-level behaviour in a runtime: lifecycle hooks, options and arguments, process control from
 * plugins (terminate, notifications), lock queues, and a preemptive round-robin scheduler written
 * against the public API.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SVM, SVM_Process } from '../../src/plugin/api/index.js';
import * as api from '../../src/plugin/api/index.js';
import { PluginRegistry } from '../../src/plugin/registry/index.js';
import { Runtime } from '../../src/runtime/index.js';
import { calc, killer, lockPlugin, probe, probePlugin, schedulerPlugin } from './fixtures.js';
import { runProcesses } from './helpers.js';

test('lifecycle hooks run in order, options and arguments reach the plugin', async () => {
  const events: string[] = [];
  const hooks = api.definePlugin({
    configuration: 'PLUGIN hk\nDEFINE\n  OPTION hk.verbose -v BLN\n  ARGUMENT hk.name STR\n  ARGUMENTS hk.rest\n  INSTRUCTION hk.go',
    plugin_initialisation: () => void events.push('initialisation'),
    plugin_startup: () => void events.push('startup'),
    plugin_finalisation: () => void events.push('finalisation'),
    instruction_go: (svm) => {
      const verbose = api.svm_plugin_get_option(svm, 'hk.verbose');
      const name = api.svm_plugin_get_option(svm, 'hk.name');
      events.push(`go ${verbose === null ? '?' : api.svm_value_print(svm, verbose)} ${name === null ? '?' : api.svm_value_string_get(svm, name)} ${api.svm_plugin_get_arguments(svm, 'hk.rest').map((v) => api.svm_value_string_get(svm, v)).join(',')}`);
    },
  });
  const registry = new PluginRegistry();
  registry.add(hooks, { options: { '-v': true }, arguments: ['ann', 'x', 'y'] });
  const runtime = new Runtime(registry.boot());
  events.push('built');
  runtime.addProcess({ name: 'p', code: ':hk.go\npush 0\nhalt' });
  await runtime.run();
  assert.deepEqual(events, ['initialisation', 'built', 'startup', 'go TRUE ann x,y', 'finalisation']);
});

test('a plugin terminates a process it holds the lock of', async () => {
  const { report, output } = await runProcesses([calc, killer], [
    { name: 'killer', code: ':kl.kill "victim"\npush 0\nhalt' },
    { name: 'victim', code: ':calc.sleep 100\n:calc.print "never"\npush 0\nhalt' },
  ]);
  assert.equal(output, '');
  assert.deepEqual(report.processes.map((p) => p.state), ['ZOMBIE', 'ZOMBIE']);
});

test('lock requests queue first come, first served; trylock does not wait', async () => {
  const order: string[] = [];
  probe.body = (svm) => {
    const free = api.svm_process_ownership_trylock(svm, api.svm_process_find(svm, 'target')!);
    order.push(free === null ? 'busy' : 'free');
  };
  const { report } = await runProcesses([calc, lockPlugin, probePlugin], [
    { name: 'first', code: ':lk.lock "target"\n:calc.sleep 5\n:calc.print "first done"\npush 0\nhalt' },
    { name: 'second', code: ':lk.lock "target"\n:calc.print "second got it"\npush 0\nhalt' },
    { name: 'third', code: ':probe.run\npush 0\nhalt' },
    { name: 'target', code: 'push 0\nhalt' },
  ]);
  assert.deepEqual(order, ['busy']);
  assert.equal(report.ok, true);
});

test('a scheduler receives posted notifications with their parameter', async () => {
  const got: number[] = [];
  const sched = schedulerPlugin('ns', {
    schedule: (svm, handler, process, state) => {
      if (state === 'SUSPENDED') api.svm_process_run__raw(svm, process, 0);
      return 0;
    },
    notification: (svm, handler, type, parameter) => {
      got.push(parameter);
      return 0;
    },
  }, '  INSTRUCTION ns.poke INT', {
    instruction_poke: (svm, argc, argv) => api.svm_scheduler_notify__raw(svm, 'ns.s', api.svm_value_integer_get(svm, api.svm_parameter_value_get(svm, argv[0]))),
  });
  const { report } = await runProcesses([sched], [{ name: 'p', code: ':ns.poke 7\n:ns.poke 9\npush 0\nhalt', scheduler: 'ns.s' }]);
  assert.equal(report.ok, true);
  assert.deepEqual(got, [7, 9]);
});

/** A preemptive round-robin scheduler: one process runs at a time, for `quantum` ms. */
function roundRobin(quantum: number) {
  interface State { ready: SVM_Process[]; running: SVM_Process | null }
  const keep = (svm: SVM, process: SVM_Process): SVM_Process => {
    api.svm_variable_scope_set_global(svm, process);
    return process;
  };
  const next = (svm: SVM, state: State): number => {
    state.running = state.ready.shift() ?? null;
    if (state.running === null) return 0;
    api.svm_process_run__raw(svm, state.running, 0);
    return quantum;
  };
  return schedulerPlugin('rr', {
    create: (): State => ({ ready: [], running: null }),
    print: (svm, handler) => `rr: ${(handler as State).ready.length} ready`,
    schedule: (svm, handler, process, state) => {
      const s = handler as State;
      const name = api.svm_process_get_name(svm, process);
      const isRunning = s.running !== null && api.svm_process_get_name(svm, s.running) === name;
      if (state === 'SUSPENDED' && !isRunning && !s.ready.some((p) => api.svm_process_get_name(svm, p) === name)) s.ready.push(keep(svm, process));
      if (isRunning && state !== 'RUNNING') return next(svm, s);
      if (s.running === null) return next(svm, s);
      return 0;
    },
    notification: (svm, handler, type) => {
      const s = handler as State;
      if (type !== 'TIMER' || s.running === null) return 0;
      const current = s.running;
      s.running = null;
      api.svm_process_suspend(svm, current); // its schedule(SUSPENDED) puts it back in line and runs the next
      return s.running === null ? next(svm, s) : 0;
    },
  });
}

test('a scheduler that re-arms its timer forever cannot keep a finished run alive', async () => {
  const ticking = schedulerPlugin('tk', { schedule: () => 1, notification: () => 1 });
  const { report } = await runProcesses([ticking], [{ name: 'p', code: 'push 0\nhalt', scheduler: 'tk.s' }]);
  assert.deepEqual(report.stalled, ['process p is SUSPENDED and nothing can make it run again']);
  assert.match(report.warnings.join('\n'), /10000 timers fired in a row and no process ran/);
});

test('a plugin round-robin scheduler preempts processes on its timer', async () => {
  const count = (name: string): string => `push 4\nloop: :calc.print "${name}"\npush 300\nspin: push -1\nadd\ndup\njnz spin\npop\npush -1\nadd\ndup\njnz loop\npush 0\nhalt`;
  const { output, report } = await runProcesses([calc, roundRobin(1)], [
    { name: 'a', code: count('a'), scheduler: 'rr.s' },
    { name: 'b', code: count('b'), scheduler: 'rr.s' },
  ], { slice: 100 });
  assert.equal(report.ok, true, JSON.stringify(report));
  const letters = output.trim().split('\n');
  assert.deepEqual([...letters].sort(), ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b']);
  assert.deepEqual(letters, ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']); // each quantum (1 ms: 1,000 instructions) covers one print and its spin
});

test('a plugin sends an interruption to a process it holds the lock of; its handler runs', async () => {
  const sender = api.definePlugin({
    configuration: 'PLUGIN snd\nDEFINE\n  WAITING INSTRUCTION snd.poke STR',
    instruction_poke: async (svm, argc, argv) => {
      const target = api.svm_process_find(svm, api.svm_value_string_get(svm, api.svm_parameter_value_get(svm, argv[0])))!;
      const lock = await api.svm_process_ownership_lock(svm, target);
      api.svm_process_interrupt(svm, target, 'GENERIC', 'wake up');
      api.svm_variable_delete(svm, lock);
    },
  });
  const { output, report } = await runProcesses([calc, sender], [
    { name: 'target', code: 'push h\n:interruption GLOBAL GENERIC %\n:calc.sleep 1\n:calc.print "resumed"\npush 0\nhalt\nh: :calc.print "got it"\niret' },
    { name: 'sender', code: ':snd.poke "target"\npush 0\nhalt' },
    { name: 'plain', code: ':calc.sleep 2\npush 0\nhalt' },
  ]);
  assert.equal(report.ok, true, JSON.stringify(report.processes));
  assert.equal(output, 'got it\nresumed\n');
  const unhandled = await runProcesses([calc, sender], [
    { name: 'target', code: ':calc.sleep 1\npush 0\nhalt' },
    { name: 'sender', code: ':snd.poke "target"\npush 0\nhalt' },
  ]);
  assert.deepEqual(unhandled.report.processes[0].kernels[0].interruption, { kind: 'GENERIC', message: 'wake up' });
});

test('WAITING instructions read the input line by line', async () => {
  const lines = ['first', 'second'];
  const reader = api.definePlugin({
    configuration: 'PLUGIN rd\nDEFINE\n  WAITING INSTRUCTION rd.line -> STR ?',
    instruction_line: async (svm) => {
      const line = await api.svm_machine_input(svm);
      return line === null ? null : api.svm_value_string_new(svm, line);
    },
  });
  const { output } = await runProcesses([calc, reader], [{ name: 'p', code: '.value s STR\n:rd.line -> @s\n:calc.print @s\n:rd.line -> @s\n:calc.print @s\npush 0\nhalt' }], { input: () => lines.shift() ?? null });
  assert.equal(output, 'first\nsecond\n');
});

test('the scheduler parameter reaches attach', async () => {
  const given: number[] = [];
  const sched = schedulerPlugin('sp', {
    attach: (svm, handler, process, parameter) => (given.push(parameter), true),
    schedule: (svm, handler, process, state) => {
      if (state === 'SUSPENDED') api.svm_process_run__raw(svm, process, 0);
      return 0;
    },
  });
  await runProcesses([sched], [{ name: 'p', code: 'push 0\nhalt', scheduler: 'sp.s', schedulerParameter: 5 }]);
  assert.deepEqual(given, [5]);
});

test('a sequencer that fails puts its process in ERROR; a failing scheduler is a warning, never a crash', async () => {
  const broken = api.definePlugin({
    configuration: 'PLUGIN br\nDEFINE\n  SEQUENCER br.q',
    sequencer_q_create: () => ({}),
    sequencer_q_delete: () => undefined,
    sequencer_q_attach: () => true,
    sequencer_q_detach: () => true,
    sequencer_q_current: () => {
      throw new Error('lost the kernels');
    },
    sequencer_q_print: () => 'broken',
  });
  const { report } = await runProcesses([broken], [{ name: 'p', code: 'push 0\nhalt', sequencer: 'br.q' }]);
  assert.equal(report.processes[0].state, 'ERROR');
  assert.match(report.warnings.join('\n'), /process p: sequencer br\.q failed: .*lost the kernels/);
  const failing = schedulerPlugin('fs', {
    schedule: () => {
      throw new Error('no plan');
    },
  });
  const second = await runProcesses([failing], [{ name: 'p', code: 'push 0\nhalt', scheduler: 'fs.s' }]);
  assert.match(second.report.warnings.join('\n'), /scheduler fs\.s failed on process p becoming SUSPENDED: .*no plan/);
  assert.deepEqual(second.report.stalled, ['process p is SUSPENDED and nothing can make it run again']);
});

test("a plugin reads and writes a locked process's kernel memory", async () => {
  const peek = api.definePlugin({
    configuration: 'PLUGIN pk\nDEFINE\n  WAITING INSTRUCTION pk.swap STR',
    instruction_swap: async (svm, argc, argv) => {
      const target = api.svm_process_find(svm, api.svm_value_string_get(svm, api.svm_parameter_value_get(svm, argv[0])))!;
      await api.svm_process_ownership_lock(svm, target);
      const kernel = api.svm_process_kernels(svm, target)[0];
      const value = api.svm_memory_read_address(svm, kernel, 0)!;
      api.svm_memory_write_address(svm, kernel, 0, api.svm_value_integer_new(svm, api.svm_value_integer_get(svm, value) * 10));
      api.svm_memory_write_address(svm, kernel, 1, api.svm_value_string_new(svm, 'x')); // cell 1 is declared INT
    },
  });
  const { report, output } = await runProcesses([calc, peek], [
    { name: 'peeker', code: ':pk.swap "owner"\npush 0\nhalt' },
    { name: 'owner', code: '.value n INT 4\n.value m INT\n:calc.sleep 1\n:calc.print @n\npush 0\nhalt' },
  ]);
  assert.deepEqual(report.processes[0].kernels[0].interruption, { kind: 'MEMORY', message: 'memory cell @1 holds INT values, not STR' });
  assert.equal(report.processes[1].state, 'ZOMBIE');
  assert.equal(output, '40\n');
});

test('a failing plugin_finalisation after a run is a warning of the report, not a boot error', async () => {
  const failing = api.definePlugin({
    configuration: 'PLUGIN fin\nDEFINE\n  INSTRUCTION fin.nop',
    instruction_nop: () => undefined,
    plugin_finalisation: () => {
      throw new Error('finalisation boom');
    },
  });
  const { report } = await runProcesses([failing], [{ name: 'p', code: ':fin.nop\npush 0\nhalt' }]);
  assert.equal(report.ok, true);
  assert.deepEqual(report.warnings, ['plugin fin: plugin_finalisation failed: finalisation boom']);
});

test('a scheduler whose create callback throws is a boot error naming the callback', () => {
  const broken = schedulerPlugin('sc', { schedule: () => 0, create: () => {
    throw new Error('create boom');
  } });
  const registry = new PluginRegistry();
  registry.add(broken);
  assert.throws(() => new Runtime(registry.boot()), { name: 'RuntimeError', message: 'scheduler sc.s: scheduler_s_create: create boom' });
});

test('svm_plugin_get_option: an absent BLN option is FALSE, an absent other one null, an undeclared name FAILURE', async () => {
  const seen: string[] = [];
  const opts = api.definePlugin({
    configuration: 'PLUGIN op\nDEFINE\n  OPTION op.flag -f BLN\n  OPTION op.n -n INT\n  INSTRUCTION op.go',
    instruction_go: (svm) => {
      const flag = api.svm_plugin_get_option(svm, 'op.flag');
      seen.push(flag === null ? 'null' : api.svm_value_print(svm, flag));
      seen.push(String(api.svm_plugin_get_option(svm, 'op.n')));
      api.svm_plugin_get_option(svm, 'op.nope');
    },
  });
  const { report } = await runProcesses([opts], [{ name: 'p', code: ':op.go\npush 0\nhalt' }]);
  assert.deepEqual(seen, ['FALSE', 'null']);
  assert.equal(report.processes[0].kernels[0].interruption?.message, 'svm_plugin_get_option: parameter name: no plugin declares the OPTION or ARGUMENT op.nope');
});
