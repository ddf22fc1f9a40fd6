/**
 * Access control: instruction and memory quotas raise SECURITY, SYSTEM instructions are refused in
 * protected mode, and derived kernels inherit protected mode and can only narrow quotas.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FULL_ACCESS, deriveAccess } from '../../src/runtime/index.js';
import * as api from '../../src/plugin/api/index.js';
import { calc, probe, probePlugin } from './fixtures.js';
import { runMain, runtimeWith } from './helpers.js';

const LOOP = 'loop: jmp loop';

test('exceeding the instruction quota raises SECURITY and ends the kernel', async () => {
  const { report } = await runMain([calc], LOOP, { access: { instructions: 50 } });
  const kernel = report.processes[0].kernels[0];
  assert.deepEqual(kernel.interruption, { kind: 'SECURITY', message: 'instruction quota exceeded: the kernel may execute 50 instructions' });
  assert.equal(kernel.instructions, 50);
  assert.equal(report.processes[0].state, 'INTERRUPTED');
});

test('the instruction quota cannot be caught by a handler (the handler would need instructions)', async () => {
  const { report } = await runMain([calc], `push h\n:interruption GLOBAL SECURITY %\n${LOOP}\nh: push 0\nhalt`, { access: { instructions: 20 } });
  assert.equal(report.processes[0].kernels[0].interruption?.kind, 'SECURITY');
});

test('writing past the memory quota raises SECURITY', async () => {
  const { report } = await runMain([calc], ':calc.add 1 1 -> @3\npush 0\nhalt', { access: { memory: 2 } });
  assert.deepEqual(report.processes[0].kernels[0].interruption, { kind: 'SECURITY', message: 'memory quota exceeded: cell @3 is beyond the 2 cells the kernel may use' });
  const inside = await runMain([calc], ':calc.add 1 1 -> @1\npush 0\nhalt', { access: { memory: 2 } });
  assert.equal(inside.report.ok, true);
});

test('a SYSTEM instruction raises SECURITY in protected mode only', async () => {
  const code = ':calc.reboot\npush 0\nhalt';
  const guarded = await runMain([calc], code, { access: { protectedMode: true } });
  assert.deepEqual(guarded.report.processes[0].kernels[0].interruption, { kind: 'SECURITY', message: 'calc.reboot is a SYSTEM instruction: refused in protected mode' });
  assert.equal((await runMain([calc], code)).report.ok, true);
});

test('derived access: protected mode is inherited, quotas only narrow', () => {
  const parent = deriveAccess(FULL_ACCESS, { protectedMode: true, instructions: 100, memory: 10 });
  assert.deepEqual(deriveAccess(parent, { protectedMode: false, instructions: 1000, memory: 5 }), { protectedMode: true, instructions: 100, memory: 5 });
  assert.deepEqual(deriveAccess(parent), parent);
  assert.deepEqual(deriveAccess(FULL_ACCESS, { instructions: 7 }), { protectedMode: false, instructions: 7, memory: null });
});

test("a process's added kernel derives its access from the first kernel", async () => {
  const runtime = runtimeWith([calc]);
  runtime.addProcess({ name: 'p', code: 'push 0\nhalt', access: { protectedMode: true, instructions: 30 } });
  const child = runtime.addKernel('p', { code: LOOP, access: { protectedMode: false, instructions: 1000 } });
  assert.deepEqual(child.access, { protectedMode: true, instructions: 30, memory: null });
  const report = await runtime.run();
  assert.equal(report.processes[0].kernels[1].interruption?.kind, 'SECURITY');
});

test('a kernel made by a plugin derives its access from the current kernel', async () => {
  const facts: unknown[] = [];
  probe.body = (svm) => {
    const child = api.svm_kernel_new_code(svm, 'loop: jmp loop', false, 1_000_000, null);
    facts.push(api.svm_kernel_is_protected(svm, child));
  };
  const { report } = await runMain([probePlugin], ':probe.run\npush 0\nhalt', { access: { protectedMode: true, instructions: 500 } });
  assert.deepEqual(facts, [true]);
  const [parent, child] = report.processes[0].kernels;
  assert.equal(parent.state, 'ZOMBIE');
  assert.deepEqual(child.interruption, { kind: 'SECURITY', message: 'instruction quota exceeded: the kernel may execute 500 instructions' });
});

test('a kernel made from code that does not assemble raises FAILURE with the assembler message', async () => {
  probe.body = (svm) => api.svm_kernel_new_code(svm, 'bogus', false, null, null);
  const { report } = await runMain([probePlugin], ':probe.run\npush 0\nhalt');
  assert.match(report.processes[0].kernels[0].interruption?.message ?? '', /^svm_kernel_new_code: parameter code: main\.1\.asm:1:1: /);
});
