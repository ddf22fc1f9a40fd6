/** AxError: kinds, the stable code, axerrno numbers and the message naming the VM and the field. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AX_ERROR_CODE, AX_ERROR_NUMBERS, AxError, isAxError } from '../../src/vmm/errors.js';

test('the message names the VM, the field and the kind', () => {
  const error = new AxError('BadState', 'already booted', { vm: 'guest', field: 'boot' });
  assert.equal(error.message, 'guest: boot: already booted (BadState)');
  assert.equal(error.name, 'AxError');
  assert.equal(error.code, AX_ERROR_CODE);
  assert.equal(new AxError('NoMemory', 'exhausted').message, 'exhausted (NoMemory)');
  assert.equal(new AxError('InvalidInput', 'x', { field: 'base.id' }).message, 'base.id: x (InvalidInput)');
});

test('kinds carry their ArceOS axerrno numbers', () => {
  assert.equal(new AxError('InvalidInput', '').number, 19);
  assert.equal(new AxError('Unsupported', '').number, 41);
  assert.equal(new Set(Object.values(AX_ERROR_NUMBERS)).size, Object.keys(AX_ERROR_NUMBERS).length, 'numbers are distinct');
});

test('isAxError checks the class and, optionally, the kind', () => {
  const error = new AxError('AlreadyExists', 'dup');
  assert.ok(isAxError(error));
  assert.ok(isAxError(error, 'AlreadyExists'));
  assert.ok(!isAxError(error, 'NotFound'));
  assert.ok(!isAxError(new Error('plain')));
});
