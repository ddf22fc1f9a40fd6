/** Vm.runVcpu runs at most one slice per call, even across a stop it handles itself (a debugger steps with slices of 1). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { guestVm } from './vm-helpers.js';

test('with sliceSteps 1, every runVcpu executes at most one instruction, also when a wfi finds the timer due', () => {
  // A periodic timer (vector 30) wakes `w: wfi` (pc 8) three times; the handler counts.
  const source = '.data\nn: .word 0\n.text\npush h\nsetvec 30\npush 8\npush 100\npush 2\nhcall 0x113\npop\nei\nw: wfi\npush n\nld32 0\npush 3\nlts\njnz w\npush 0\nhalt\nh: push n\npush n\nld32 0\naddi 1\nst32 0\niret\n';
  const { vm, clock } = guestVm(source, undefined, { sliceSteps: 1 });
  vm.boot();
  let handled = 0;
  for (let call = 0; call < 1000; call++) {
    const machine = vm.vcpu(0).machine;
    assert.ok(machine);
    // Right before the wfi, time passes: the wfi waits, the VM then finds the timer due and lets the guest take it.
    if (machine.pc === 8) {
      clock.now += 1_000_000n;
      handled++;
    }
    const before = machine.instructionsExecuted;
    const exit = vm.runVcpu(0);
    assert.ok(machine.instructionsExecuted - before <= 1, `call ${call} (${exit.kind}) executed ${machine.instructionsExecuted - before} instructions`);
    if (exit.kind === 'CpuDown') {
      assert.equal(exit.state, 0);
      assert.ok(handled >= 3);
      return;
    }
  }
  assert.fail('the guest did not end');
});
