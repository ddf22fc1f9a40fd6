/**
 * Interruptions: machine faults become interruptions, plugins raise built-in and plugin ones, guest
 * handlers catch them at LOCAL, CASCADE and GLOBAL level, and an unhandled one ends the kernel with
 * a readable state report.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STATUSES, isFault } from '../../src/isa/status.js';
import * as api from '../../src/plugin/api/index.js';
import { FAULT_INTERRUPTIONS, INTERRUPTION_KINDS } from '../../src/runtime/index.js';
import { calc, probe, probePlugin } from './fixtures.js';
import { runMain } from './helpers.js';

test('the twelve built-in kinds, in the SVM order', () => {
  assert.deepEqual(INTERRUPTION_KINDS, ['FAILURE', 'PROCESSOR', 'MEMORY', 'SECURITY', 'TERMINATE', 'NUMERIC', 'DEVICE', 'CLONE', 'FIRST', 'SECOND', 'TERMINAL', 'GENERIC']);
});

test('every machine fault status maps to a built-in interruption kind', () => {
  for (const { code, name } of STATUSES.filter((s) => isFault(s.code))) {
    assert.ok(INTERRUPTION_KINDS.includes(FAULT_INTERRUPTIONS[code]), `${name} has no interruption kind`);
  }
  assert.equal(FAULT_INTERRUPTIONS[22], 'NUMERIC'); // DivisionByZero
  assert.equal(FAULT_INTERRUPTIONS[21], 'MEMORY'); // MemoryFault
  assert.equal(FAULT_INTERRUPTIONS[19], 'PROCESSOR'); // InvalidInstruction
  assert.equal(FAULT_INTERRUPTIONS[25], 'SECURITY'); // OutOfGas
});

test('an unhandled machine fault ends the kernel INTERRUPTED with a state report', async () => {
  const { report } = await runMain([calc], '.value n INT 5\npush 7\npush 1\npush 0\ndivs\npush 0\nhalt', { file: 'div.asm' });
  const process = report.processes[0];
  assert.equal(process.state, 'INTERRUPTED');
  assert.equal(report.ok, false);
  const kernel = process.kernels[0];
  assert.equal(kernel.state, 'INTERRUPTED');
  assert.equal(kernel.interruption?.kind, 'NUMERIC');
  assert.match(kernel.report ?? '', /^kernel \d+ of process main INTERRUPTED by NUMERIC: .*division/);
  assert.match(kernel.report ?? '', /at pc 3 \(div\.asm:5:1\), call depth 0/);
  assert.match(kernel.report ?? '', /stack \(top last\): \[7, 1, 0\]/);
  assert.match(kernel.report ?? '', /memory: @0 = INT 5/);
});

test('a memory fault is a MEMORY interruption', async () => {
  const { report } = await runMain([calc], 'push 1000000000\nld32 0\npush 0\nhalt');
  assert.equal(report.processes[0].kernels[0].interruption?.kind, 'MEMORY');
});

const HANDLED = `
    push handler
    :interruption GLOBAL NUMERIC %
    push 1
    push 0
    divs
    :calc.print "after"
    push 0
    halt
handler:
    :calc.print "handled"
    iret
`;

test('a GLOBAL handler catches a fault; iret resumes after the faulting instruction', async () => {
  const { report, output } = await runMain([calc], HANDLED);
  assert.equal(report.ok, true, report.processes[0].kernels[0].report ?? '');
  assert.equal(output, '"handled"\n"after"\n'.replaceAll('"', ''));
});

test('a handler removed with :interruption LEVEL KIND no longer catches', async () => {
  const { report } = await runMain([calc], HANDLED.replace('push 1\n', ':interruption GLOBAL NUMERIC\n    push 1\n'));
  assert.equal(report.processes[0].kernels[0].interruption?.kind, 'NUMERIC');
});

const nested = (level: string): string => `
    push handler
    :interruption ${level} NUMERIC %
    call divide
    :calc.print "back"
    push 0
    halt
divide:
    push 1
    push 0
    divs
    ret 0
handler:
    :calc.print "handled"
    iret
`;

test('a LOCAL handler does not catch in a called function; a CASCADE one does', async () => {
  const local = await runMain([calc], nested('LOCAL'));
  assert.equal(local.report.processes[0].kernels[0].interruption?.kind, 'NUMERIC');
  const cascade = await runMain([calc], nested('CASCADE'));
  assert.equal(cascade.report.ok, true, cascade.report.processes[0].kernels[0].report ?? '');
  assert.equal(cascade.output, 'handled\nback\n');
});

test('a plugin raises a plugin interruption, caught by its !name handler', async () => {
  probe.body = (svm) => api.svm_processor_current_raise_error_external__raw(svm, 'probe.alarm', 'ring');
  const code = 'push h\n:interruption GLOBAL !probe.alarm %\n:probe.run\npush 0\nhalt\nh: push 3\nhalt';
  const { report } = await runMain([probePlugin], code);
  assert.equal(report.processes[0].kernels[0].exitCode, 3);
  probe.body = (svm) => api.svm_processor_current_raise_error_external__raw(svm, 'probe.alarm', 'ring');
  const unhandled = await runMain([probePlugin], ':probe.run\npush 0\nhalt');
  assert.deepEqual(unhandled.report.processes[0].kernels[0].interruption, { kind: '!probe.alarm', message: 'ring' });
});

test('a plugin raises a built-in interruption with its message', async () => {
  probe.body = (svm) => api.svm_processor_current_raise_error_internal__raw(svm, 'DEVICE', 'disk on fire');
  const { report } = await runMain([probePlugin], ':probe.run\npush 0\nhalt');
  assert.deepEqual(report.processes[0].kernels[0].interruption, { kind: 'DEVICE', message: 'disk on fire' });
});

test('a plugin callback that throws raises FAILURE naming the callback, never crashing the host', async () => {
  probe.body = () => {
    throw new Error('boom');
  };
  const { report } = await runMain([probePlugin], ':probe.run\npush 0\nhalt');
  assert.deepEqual(report.processes[0].kernels[0].interruption, { kind: 'FAILURE', message: 'instruction_run (plugin probe) threw: boom' });
});

test('a result of the wrong type raises FAILURE', async () => {
  const { report } = await runMain([calc], ':calc.bad -> %\npush 0\nhalt');
  assert.equal(report.processes[0].kernels[0].interruption?.message, 'calc.bad returned a calc.rat value, but its declaration says -> INT');
});

test('arguments checked at run time: an untyped cell with a wrong value raises PROCESSOR', async () => {
  const { report } = await runMain([calc], '.value s STR "x"\n:calc.add @0 1 -> %\npush 0\nhalt');
  assert.deepEqual(report.processes[0].kernels[0].interruption, { kind: 'PROCESSOR', message: 'calc.add: argument 1: expected INT but found a mutable STR value' });
});

test('reading an empty cell raises MEMORY', async () => {
  const { report } = await runMain([calc], ':calc.add @4 1 -> %\npush 0\nhalt');
  assert.deepEqual(report.processes[0].kernels[0].interruption, { kind: 'MEMORY', message: 'memory cell @4 is empty' });
});

test('wfi in a kernel raises PROCESSOR: no machine interrupt can ever wake it', async () => {
  const { report } = await runMain([calc], 'wfi\npush 0\nhalt');
  assert.equal(report.processes[0].kernels[0].interruption?.kind, 'PROCESSOR');
  assert.match(report.processes[0].kernels[0].report ?? '', /at pc 0 /);
});

test('brk is passed over (no debugger attached)', async () => {
  const { report } = await runMain([calc], 'brk\npush 0\nhalt');
  assert.equal(report.ok, true);
});

test('a cell beyond the largest kernel memory raises MEMORY (no unbounded allocation)', async () => {
  const { report } = await runMain([calc], ':calc.add 1 1 -> @4000000000\npush 0\nhalt');
  assert.deepEqual(report.processes[0].kernels[0].interruption, { kind: 'MEMORY', message: 'memory cell @4000000000 is outside the kernel memory (1048576 cells)' });
});

test("a plugin type's print callback that throws does not abort the run: the state report shows the failure", async () => {
  const fragile = api.definePlugin({
    configuration: 'PLUGIN fr\nDEFINE\n  TYPE fr.t',
    type_t_delete: () => undefined,
    type_t_constant: (svm, text) => ({ text }),
    type_t_print: () => {
      throw new Error('print exploded');
    },
  });
  const { report } = await runMain([fragile], '.value v fr.t "x"\npush 1\npush 0\ndivs\nhalt');
  const kernel = report.processes[0].kernels[0];
  assert.equal(report.processes[0].state, 'INTERRUPTED');
  assert.equal(kernel.interruption?.kind, 'NUMERIC');
  assert.match(kernel.report ?? '', /@0 = fr\.t <print failed: print exploded>/);
});
