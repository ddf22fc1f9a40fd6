/** The program target keeps the contract every debug target must keep. */
import { test } from 'node:test';
import { sourceTarget } from '../../src/debug/playground.js';
import { ECHO, FIB } from './fixtures.js';
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
