/** The program target keeps the contract every debug target must keep. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sourceTarget } from '../../src/debug/playground.js';
import { ECHO, FIB, open } from './fixtures.js';
import { checkTargetContract } from './target-contract.js';

test('the program target keeps the target contract (fib)', () => {
  checkTargetContract(() => sourceTarget(FIB), 120);
});

test('the program target keeps the target contract with input and the clock (echo)', () => {
  checkTargetContract(() => sourceTarget(ECHO, 'one\ntwo\n'));
});

test('the program target keeps the target contract through a fault', () => {
  checkTargetContract(() => sourceTarget('push 1\npush 0\ndivs\nhalt\n'));
});

test('the state and checkpoints read the registers only, never a copy of the whole memory', () => {
  const { session, target, send } = open(FIB, { checkpointInterval: 1 });
  target.machine.snapshot = () => assert.fail('snapshot() copies the memory');
  for (let i = 0; i < 20; i++) assert.equal(send({ type: 'step' }), undefined);
  const state = session.state();
  assert.equal(state.time, 20);
  assert.deepEqual(state.registers.map((r) => r.name), ['pc', 'fp', 'sp', 'depth', 'gas left', 'interrupts', 'exit code', 'hcall']);
  assert.equal(state.registers.find((r) => r.name === 'gas left')?.value, 'unlimited');
  assert.equal(send({ type: 'stepBack' }), undefined);
  assert.equal(session.state().time, 19);
});
