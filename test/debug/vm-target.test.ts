/** The VM target: stepping vCPUs through the session, its views, exact step back. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { vmTargetOf } from '../../src/cli/debug.js';
import type { DebugState } from '../../src/debug/protocol.js';
import { DebugSession } from '../../src/debug/session.js';
import { repoPath } from '../helpers/paths.js';
import { checkTargetContract } from './target-contract.js';

const UART = repoPath('examples/vmm/uart.toml');
const SMP = repoPath('examples/vmm/smp-ivc.toml');

async function settled(session: DebugSession): Promise<DebugState> {
  for (let i = 0; i < 2000 && session.state().mode === 'running'; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  return session.state();
}

test('a VM target keeps the target contract (uart, smp)', async () => {
  for (const file of [UART, SMP]) {
    const target = await vmTargetOf(file);
    checkTargetContract(() => {
      target.restart();
      return target;
    }, 150);
  }
});

test('the uart guest prints through its device and ends; step back returns through its output', async () => {
  const target = await vmTargetOf(UART);
  assert.equal(target.info.kind, 'vm');
  assert.match(target.info.source ?? '', /uart-guest\.exa/);
  const session = new DebugSession(target, { checkpointInterval: 64 });
  assert.deepEqual(session.state().contexts, [{ id: 'vcpu0', label: 'vCPU 0 (Free)' }]);
  assert.deepEqual(session.state().views.map((v) => v.title), ['vCPUs', 'Devices', 'Interrupt log']);
  assert.ok(session.state().views[1].rows.some((row) => row[0] === 'uart0' && row[3] === '0x10000000'));
  assert.equal(session.dispatch({ type: 'continue' }), undefined);
  const end = await settled(session);
  assert.equal(end.mode, 'ended');
  assert.equal(end.reason, 'every vCPU is down (exit code 0)');
  assert.equal(end.console, 'Hello from an exvm guest!\n');
  assert.match(end.views[0].rows[0][4], /^CpuDown state=0 at time \d+$/);
  // Back to before the last byte was written: the console line is not complete yet.
  assert.equal(session.dispatch({ type: 'stepBack' }), undefined);
  assert.equal(session.state().mode, 'paused');
  assert.equal(session.state().time, end.time - 1);
  const early = Math.floor(end.time / 3);
  while (session.state().time > early) assert.equal(session.dispatch({ type: 'stepBack' }), undefined);
  assert.equal(session.state().console, '');
  assert.equal(session.dispatch({ type: 'continue' }), undefined);
  assert.deepEqual({ ...(await settled(session)), reason: '' }, { ...end, reason: '' });
  session.close();
});

test('the SMP guest shows both vCPUs; focus picks the one stepping is about', async () => {
  const target = await vmTargetOf(SMP);
  const session = new DebugSession(target);
  assert.deepEqual(session.state().contexts.map((c) => c.id), ['vcpu0', 'vcpu1']);
  assert.equal(session.dispatch({ type: 'focus', context: 'vcpu1' }), undefined);
  assert.equal(session.state().focus, 'vcpu1');
  assert.equal(session.dispatch({ type: 'focus', context: 'vcpu7' }), 'there is no execution context "vcpu7"');
  assert.equal(session.dispatch({ type: 'continue' }), undefined);
  const end = await settled(session);
  assert.equal(end.mode, 'ended');
  assert.ok(end.views[0].rows.every((row) => Number(row[3]) > 0), 'both vCPUs ran');
  session.close();
});
