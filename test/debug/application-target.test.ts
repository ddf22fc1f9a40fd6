/** The application target: stepping a runtime through the session, its views, step back (exact, or refused after a WAITING instruction). */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { applicationTargetOf } from '../../src/cli/debug.js';
import type { DebugState, ServerMessage } from '../../src/debug/protocol.js';
import { DebugSession } from '../../src/debug/session.js';
import { repoPath } from '../helpers/paths.js';
import { scratch } from '../cli/cli.js';
import { checkTargetContract } from './target-contract.js';

const PRODUCER_CONSUMER = repoPath('examples/apps/producer-consumer/app.toml');
const BATCH = repoPath('examples/apps/batch/app.toml');

/** A session over `target` that records every state and reply. */
function record(session: DebugSession): { states: DebugState[]; errors: string[]; send: (message: Parameters<DebugSession['dispatch']>[0]) => string | undefined } {
  const states: DebugState[] = [];
  const errors: string[] = [];
  session.subscribe((message: ServerMessage) => {
    if (message.type === 'state') states.push(message.state);
  });
  return { states, errors, send: (message) => session.dispatch(message) };
}

/** Resolves once the session has stopped (not running). */
async function settled(session: DebugSession): Promise<DebugState> {
  for (let i = 0; i < 2000 && session.state().mode === 'running'; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  return session.state();
}

test('an application target keeps the target contract (batch: no WAITING instruction)', async () => {
  const target = await applicationTargetOf(BATCH, '');
  checkTargetContract(() => {
    target.restart();
    return target;
  }, 80);
});

test('an application target describes its processes, kernels and schedulers', async () => {
  const target = await applicationTargetOf(PRODUCER_CONSUMER, '');
  assert.equal(target.info.kind, 'application');
  const state = target.state();
  assert.deepEqual(state.contexts.map((c) => c.id), ['producer', 'consumer']);
  assert.equal(state.focus, 'producer');
  assert.deepEqual(state.views.map((v) => v.title), ['Processes', 'Kernels', 'Schedulers', 'Interruptions']);
  assert.deepEqual(state.views[0].rows.map((row) => row.slice(0, 2)), [['producer', 'RUNNING'], ['consumer', 'SUSPENDED']]);
  assert.deepEqual(state.views[2].rows, [['run.rr', 'producer RUNNING, consumer SUSPENDED']]);
  // Both kernels are in one listing: the consumer's code follows the producer's, with its source lines.
  const consumerStart = target.info.instructions.findIndex((i) => i.text.startsWith('[process consumer, kernel 0'));
  assert.ok(consumerStart > 0);
  assert.match(target.info.source ?? '', /; ==== process consumer, kernel 0 \(.*consumer\.exa\) ====/);
  const line = target.info.instructions[consumerStart].line;
  assert.ok(line !== null);
  assert.match((target.info.source ?? '').split('\n')[line - 1], /:chan\.receive "jobs" -> @item/);
  assert.ok(target.focus('consumer'));
  assert.equal(target.location().pc, consumerStart);
  assert.equal(target.focus('nobody'), false);
});

test('producer-consumer runs to its end through the session; a breakpoint in the consumer stops it', async () => {
  const target = await applicationTargetOf(PRODUCER_CONSUMER, '');
  const session = new DebugSession(target);
  const client = record(session);
  // The consumer's `:com.print "consumed" @item` line, in the combined source.
  const line = (target.info.source ?? '').split('\n').findIndex((text) => text.includes(':com.print "consumed"')) + 1;
  const print = target.info.instructions.find((i) => i.line === line)?.pc ?? -1;
  assert.ok(print > 0);
  assert.equal(client.send({ type: 'focus', context: 'consumer' }), undefined);
  assert.equal(client.send({ type: 'lineBreakpoint', line, enabled: true }), undefined);
  assert.equal(client.send({ type: 'continue' }), undefined);
  let state = await settled(session);
  assert.equal(state.reason, `breakpoint at pc ${print}`);
  assert.equal(state.focus, 'consumer');
  assert.match(state.console, /^produced 1\n/);
  assert.doesNotMatch(state.console, /consumed/);
  assert.equal(client.send({ type: 'breakpoint', pc: print, enabled: false }), undefined);
  assert.equal(client.send({ type: 'continue' }), undefined);
  state = await settled(session);
  assert.equal(state.mode, 'ended');
  assert.equal(state.reason, 'every process ended: producer ZOMBIE, consumer ZOMBIE');
  assert.match(state.console, /consumed 25\n/);
  assert.match(state.console, /total 55\n/);
  // Step back is refused once a WAITING instruction has run, and nothing changes.
  const before = state.time;
  assert.equal(state.canStepBack, false);
  assert.match(client.send({ type: 'stepBack' }) ?? '', /^step back is not available for this application since time \d+: process producer ran a WAITING instruction/);
  assert.equal(session.state().time, before);
  assert.match(client.send({ type: 'continueBack' }) ?? '', /^step back is not available/);
  // A refusal is an answer, not an internal error: the state (and its reason) stays as it was.
  assert.equal(session.state().mode, 'ended');
  assert.equal(session.state().reason, 'every process ended: producer ZOMBIE, consumer ZOMBIE');
  assert.equal(session.state().canStepBack, false);
  // Restart goes back to the start.
  assert.equal(client.send({ type: 'restart' }), undefined);
  assert.equal(session.state().time, 0);
  assert.equal(session.state().console, '');
  session.close();
});

test('step back in an application without WAITING instructions returns to exactly the earlier state', async () => {
  const target = await applicationTargetOf(BATCH, '');
  const session = new DebugSession(target, { checkpointInterval: 8 });
  const client = record(session);
  for (let i = 0; i < 30; i++) assert.equal(client.send({ type: 'step' }), undefined);
  const at30 = session.state();
  for (let i = 0; i < 5; i++) assert.equal(client.send({ type: 'step' }), undefined);
  for (let i = 0; i < 5; i++) assert.equal(client.send({ type: 'stepBack' }), undefined);
  assert.deepEqual(session.state(), { ...at30, reason: 'step back' });
  session.close();
});

test('run.sleep waits on the simulated clock under the debugger as under exvm run; a wait nothing completes stops the run with a reason', async () => {
  const channel = repoPath('examples/apps/producer-consumer/channel.mjs');
  const dir = scratch({
    'app.toml': `[plugins.com]\n[plugins.run]\n[plugins.chan]\npath = ${JSON.stringify(channel)}\n\n[[process]]\nname = "sleeper"\ncode = "sleeper.exa"\n\n[[process]]\nname = "stuck"\ncode = "stuck.exa"\n`,
    'sleeper.exa': ':com.print "before"\n:run.sleep 50\n:com.print "after"\npush 0\nhalt\n',
    'stuck.exa': '.value item INT 0\n:chan.receive "nobody" -> @item\npush 0\nhalt\n',
  });
  const session = new DebugSession(await applicationTargetOf(join(dir, 'app.toml'), ''));
  assert.equal(session.dispatch({ type: 'continue' }), undefined);
  let state = await settled(session);
  assert.equal(state.mode, 'paused');
  assert.equal(state.reason, 'waiting: stuck wait for WAITING instructions that have not completed (continue tries again)');
  assert.equal(state.console, 'before\nafter\n');
  assert.deepEqual(state.views[0].rows.map((row) => row.slice(0, 2)), [['sleeper', 'ZOMBIE'], ['stuck', 'WAITING']]);
  assert.equal(session.dispatch({ type: 'continue' }), undefined);
  state = await settled(session);
  assert.match(state.reason, /^waiting: stuck/);
  session.close();
});
