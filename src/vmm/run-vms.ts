/**
 * The single-threaded run loop: runs every started vCPU of every VM round-robin, one run slice at a
 * time, until every VM has ended — deterministic for a given guest and clock, for tests and
 * browsers. A VM ends when it asks (SystemDown), when all of its started vCPUs are down, when its
 * guest faults, or when every vCPU waits for an interrupt that nothing can raise (no armed timer):
 * the loop never hangs on a guest that waits forever.
 */
import { describeExit } from './exits.js';
import type { VcpuExit } from './exits.js';
import type { Vm } from './vm.js';
import type { Vmm } from './vmm.js';

/** How a VM ended. */
export type VmEnd = 'SystemDown' | 'CpuDown' | 'Fault' | 'Deadlock' | 'Timeout';

/** How a VM ended, with its guest's code (the first non-zero CpuDown state, else 0) and what happened. */
export interface VmOutcome {
  readonly vm: string;
  readonly end: VmEnd;
  readonly code: number;
  readonly detail: string;
}

/** Options of `runVms`. */
export interface RunVmsOptions {
  /** Waits up to `nanos` nanoseconds for a timer (every vCPU waits); default: returns at once (the loop polls). */
  readonly sleep?: (nanos: bigint) => void;
  /** Sees every exit (tracing, tests). */
  readonly onExit?: (vm: Vm, vcpuId: number, exit: VcpuExit) => void;
  /** Asked between rounds: true ends (and shuts down) every VM still running, as a Timeout. */
  readonly expired?: () => boolean;
}

/** The detail of a VM stopped by a time limit. */
export const TIMEOUT_DETAIL = 'stopped: the time limit ran out';

interface VmRun {
  readonly vm: Vm;
  readonly down: Set<number>;
  code: number;
}

/** Boots nothing: runs the booted `vms` (default all of `vmm`'s) to their end and shuts each down. */
export function runVms(vmm: Vmm, options: RunVmsOptions = {}, vms: readonly Vm[] = vmm.vms): VmOutcome[] {
  const outcomes: VmOutcome[] = [];
  let runs: VmRun[] = vms.map((vm) => ({ vm, down: new Set<number>(), code: 0 }));
  const finish = (run: VmRun, end: VmEnd, detail: string): void => {
    if (!run.vm.shuttingDown) run.vm.shutdown();
    outcomes.push({ vm: run.vm.name, end, code: run.code, detail });
  };
  while (runs.length > 0) {
    if (options.expired?.() === true) {
      for (const run of runs) finish(run, 'Timeout', TIMEOUT_DETAIL);
      break;
    }
    let progressed = false;
    for (const run of runs) {
      const ended = runRound(vmm, run, options, finish);
      progressed ||= ended || run.vm.shuttingDown || ended === undefined;
    }
    runs = runs.filter((run) => !run.vm.shuttingDown);
    if (!progressed && runs.length > 0) waitForTimers(runs, options, finish);
    runs = runs.filter((run) => !run.vm.shuttingDown);
  }
  return outcomes;
}

/**
 * Runs each runnable vCPU of a VM for one slice. Returns true when a vCPU made progress, false
 * when all wait, undefined when the VM ended.
 */
function runRound(vmm: Vmm, run: VmRun, options: RunVmsOptions, finish: (run: VmRun, end: VmEnd, detail: string) => void): boolean | undefined {
  const { vm } = run;
  let progressed = false;
  for (let vcpuId = 0; vcpuId < vm.vcpuNum; vcpuId++) {
    if (run.down.has(vcpuId) || vm.vcpu(vcpuId).state === 'Created') continue;
    const exit = vm.runVcpu(vcpuId);
    options.onExit?.(vm, vcpuId, exit);
    switch (vmm.handleExit(vm, vcpuId, exit)) {
      case 'continue': progressed = true; break;
      case 'wait': break;
      case 'vcpu-down':
        progressed = true;
        run.down.add(vcpuId);
        if (exit.kind === 'CpuDown' && run.code === 0) run.code = exit.state;
        break;
      case 'vm-down':
        finish(run, 'SystemDown', `vCPU ${vcpuId} shut the VM down`);
        return undefined;
      case 'fault':
        finish(run, 'Fault', `vCPU ${vcpuId}: ${describeExit(exit)}`);
        return undefined;
    }
  }
  const started = Array.from({ length: vm.vcpuNum }, (_, id) => id).filter((id) => vm.vcpu(id).state !== 'Created');
  if (started.every((id) => run.down.has(id))) {
    finish(run, 'CpuDown', `every vCPU is down (exit code ${run.code})`);
    return undefined;
  }
  return progressed;
}

/** Every vCPU waits: sleeps until the earliest timer, or ends the VMs no timer can wake. */
function waitForTimers(runs: readonly VmRun[], options: RunVmsOptions, finish: (run: VmRun, end: VmEnd, detail: string) => void): void {
  let earliest: bigint | undefined;
  for (const run of runs) {
    const deadline = run.vm.nextTimerDeadline();
    if (deadline === undefined) finish(run, 'Deadlock', 'every vCPU waits for an interrupt and no timer is armed');
    else if (earliest === undefined || deadline < earliest) earliest = deadline;
  }
  if (earliest === undefined) return;
  const now = runs[0].vm.hal.currentTimeNanos();
  if (earliest > now) options.sleep?.(earliest - now);
}
