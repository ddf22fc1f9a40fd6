/**
 * Guests doing wrong things never crash the host: random hypercalls (numbers, counts, arguments)
 * and random memory accesses always end in an exit of a known kind, the vCPU is never left bound
 * or running, and the single-threaded run loop always ends every VM.
 */
import './../helpers/property.js';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { EXIT_KINDS } from '../../src/vmm/exits.js';
import { runVms } from '../../src/vmm/run-vms.js';
import { guestToml, guestVm } from './vm-helpers.js';

const word = fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 });
const interesting = fc.oneof(word, fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 7, 0x100, 0x101, 0x102, 0x103, 0x110, 0x111, 0x112, 0x113, 0x1000_0000, 0x2000_0000, 0x0800_0000));

/** A random guest step: a hypercall with random values, or a load or store at a random address. */
const step = fc.oneof(
  fc.record({ kind: fc.constant('hcall' as const), nr: interesting, values: fc.array(interesting, { maxLength: 8 }) }),
  fc.record({ kind: fc.constantFrom('ld8u' as const, 'ld16s' as const, 'ld32' as const, 'ldf64' as const), address: interesting }),
  fc.record({ kind: fc.constantFrom('st8' as const, 'st32' as const, 'stf64' as const), address: interesting, value: interesting }),
);

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

function source(steps: readonly Step[]): string {
  const lines: string[] = [];
  for (const s of steps) {
    if (s.kind === 'hcall') {
      for (const value of s.values) lines.push(`push ${value | 0}`);
      lines.push(`hcall ${s.nr >>> 0}`, 'pop');
    } else if (s.kind.startsWith('ld')) lines.push(`push ${s.address | 0}`, `${s.kind} 0`, 'pop');
    else if ('value' in s) lines.push(`push ${s.address | 0}`, `push ${s.value | 0}`, `${s.kind} 0`);
  }
  lines.push('push 0', 'halt');
  return lines.join('\n');
}

describe('guest fuzz', () => {
  test('runVcpu always returns a known exit and never leaves the vCPU bound', () => {
    fc.assert(fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
      const { vm } = guestVm(source(steps), guestToml({ cpus: 2 }), { sliceSteps: 1000 });
      vm.boot();
      for (let round = 0; round < 20; round++) {
        const exit = vm.runVcpu(0);
        assert.ok((EXIT_KINDS as readonly string[]).includes(exit.kind), exit.kind);
        assert.ok(['Free', 'Blocked'].includes(vm.vcpu(0).state), vm.vcpu(0).state);
        if (exit.kind === 'CpuDown' || exit.kind === 'SystemDown' || exit.kind === 'FailEntry' || exit.kind === 'Halt') break;
      }
      vm.shutdown();
    }), { numRuns: 150 });
  });

  test('the run loop ends every VM whatever its guest does, and releases its memory', () => {
    fc.assert(fc.property(fc.array(step, { maxLength: 10 }), (steps) => {
      const { vm, vmm, hal } = guestVm(source(steps), guestToml({ cpus: 2 }), { sliceSteps: 1000 });
      vm.boot();
      const outcomes = runVms(vmm);
      assert.equal(outcomes.length, 1);
      assert.equal(vm.state, 'ShuttingDown');
      assert.equal(hal.memory.usedFrames, 0);
    }), { numRuns: 100 });
  });
});
