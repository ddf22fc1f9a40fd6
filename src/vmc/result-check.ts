/**
 * Whether what a VM's execute returned is a valid result for the message: the one check the VM
 * tester and `exvm vmc run` apply. It sees through the dialect adapters (raw-result.ts), so a
 * dialect VM's result is judged as the VM returned it.
 */
import { dialectResultOf, dialectResultViolations } from './dialect/raw-result.js';
import { resultViolations } from './result.js';
import type { Result } from './types.js';

/** `the number 42`, `null`, `a function`: a returned value that is not a result, in words. */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'string') return `the string '${value}'`;
  if (typeof value === 'object' || typeof value === 'function') return `a ${typeof value}`;
  return `the ${typeof value} ${String(value)}`;
}

const isThenable = (value: object): boolean => typeof (value as { readonly then?: unknown }).then === 'function';

/** Why `value`, returned by execute for a message with `gas`, is not a valid result; empty when it is. */
export function executionViolations(value: unknown, gas: number): string[] {
  const origin = dialectResultOf(value);
  const returned = origin === undefined ? value : origin.result;
  if (typeof returned !== 'object' || returned === null) return [`execute returned ${describeValue(returned)}, not a result`];
  if (isThenable(returned)) return ['execute returned a Promise: it must return its result synchronously'];
  const hidden = origin === undefined ? [] : dialectResultViolations(origin);
  return [...hidden, ...resultViolations(value as Result, gas)];
}
