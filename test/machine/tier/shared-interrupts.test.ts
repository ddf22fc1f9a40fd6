/**
 * A compiled loop must notice an interrupt raised by another thread into a shared pending word
 * (the hypervisor's vCPUs): the guest spins until its handler runs, and the handler only runs if
 * the loop polls at its interrupt point.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { Status } from '../../../src/isa/status.js';
import { Machine } from '../../../src/machine/machine.js';
import { ins, program } from '../harness.js';

const SPIN = program([
  ins('push', 8), ins('setvec', 1), ins('ei'),
  // 3: spin while mem[0] == 0 (a block that jumps to its own start)
  ins('push', 0), ins('ld32'), ins('jz', 3),
  ins('push', 7), ins('halt'),
  // 8: handler: mem[0] := 1
  ins('push', 0), ins('push', 1), ins('st32'), ins('iret'),
], { memorySize: 64 });

test('a compiled loop takes an interrupt another thread raises into a shared pending word', async () => {
  const interrupts = new Int32Array(new SharedArrayBuffer(4));
  const machine = new Machine(SPIN, { tier: 'compiled', interrupts });
  const raiser = new Worker(
    `const { workerData } = require('node:worker_threads');
     setTimeout(() => { Atomics.or(workerData, 0, 2); }, 50);`,
    { eval: true, workerData: interrupts },
  );
  try {
    // One long run: the worker raises the interrupt while it is spinning. Without polling, the loop
    // would spin until its int32 share of the gas runs out (about 800 M instructions), or through
    // the whole budget, not stop within a few tens of millions.
    const status = machine.run(1_000_000_000);
    assert.equal(status, Status.Halted);
    assert.ok(machine.instructionsExecuted < 500_000_000, `the interrupt was taken only after ${machine.instructionsExecuted} instructions`);
    assert.equal(machine.exitCode, 7);
    assert.equal(machine.tier, 'compiled');
  } finally {
    await raiser.terminate();
  }
});
