/**
 * The multi-threaded run loop (Node): every started vCPU runs on its own worker thread, truly in
 * parallel, over the VMs' shared host memory; the VMM's thread answers the workers' bus calls
 * (MMIO, lazy pages), handles their exits exactly as the single-threaded loop does, polls the
 * timers, and ends each VM as `runVms` does. A worker that dies ends its VM as a fault (a FailEntry
 * exit), never a hang. Needs host memory in a SharedArrayBuffer (`HostMemory(size, { shared: true })`).
 */
import { Worker } from 'node:worker_threads';
import { AxError } from '../errors.js';
import { describeExit } from '../exits.js';
import type { VcpuExit } from '../exits.js';
import type { VmEnd, VmOutcome } from '../run-vms.js';
import { TIMEOUT_DETAIL } from '../run-vms.js';
import type { GuestMemoryBus } from '../guest-bus.js';
import { isMmioFault } from '../vcpu-engine.js';
import type { RawStop } from '../vcpu-engine.js';
import { exitForStop } from '../vcpu-exits.js';
import type { Vm } from '../vm.js';
import type { Vmm } from '../vmm.js';
import type { WorkerMessage, WorkerSetup } from './worker-protocol.js';
import { ACCESS_KINDS, CONTROL_BYTES, Flag, MESSAGE_OFFSET, Op, Slot, VALUE_INDEX } from './worker-protocol.js';
import { errorReason } from '../../messages.js';

/** Options of `runVmsThreaded`. */
export interface ThreadedRunOptions {
  /** Sees every exit (tracing, benchmarks). */
  readonly onExit?: (vm: Vm, vcpuId: number, exit: VcpuExit) => void;
  /** Instructions a worker runs between reports. Default 1,000,000. */
  readonly sliceSteps?: number;
  /** Milliseconds after which every VM still running ends (and is shut down) as a Timeout; default none. */
  readonly timeoutMs?: number;
  /** The worker script (tests substitute one that dies); default `vcpu-worker.js` next to this module. */
  readonly workerScript?: URL;
}

const TIMER_POLL_MS = 1;
const encoder = new TextEncoder();

interface VcpuThread {
  readonly vm: Vm;
  readonly vcpuId: number;
  readonly worker: Worker;
  readonly control: Int32Array;
  readonly value: Float64Array;
  readonly message: Uint8Array;
}

interface VmRun {
  readonly vm: Vm;
  readonly bus: GuestMemoryBus;
  readonly threads: Map<number, VcpuThread>;
  /** vCPUs whose guest runs (booted, or started by CpuUp). */
  readonly started: Set<number>;
  readonly down: Set<number>;
  code: number;
}

/** Runs the booted VMs of `vmm` to their end with one worker thread per vCPU; resolves with how each ended. */
export function runVmsThreaded(vmm: Vmm, options: ThreadedRunOptions = {}): Promise<VmOutcome[]> {
  if (!vmm.hal.memory.shared) throw new AxError('Unsupported', 'vCPU threads need host memory in a SharedArrayBuffer (HostMemory with { shared: true })', { field: 'runVmsThreaded' });
  const outcomes: VmOutcome[] = [];
  const runs = new Map<Vm, VmRun>();
  return new Promise<VmOutcome[]>((resolve) => {
    const timer = setInterval(() => {
      for (const run of runs.values()) {
        run.vm.pollTimers();
        checkDeadlock(run);
      }
    }, TIMER_POLL_MS);

    const finish = (run: VmRun, end: VmEnd, detail: string): void => {
      if (!runs.delete(run.vm)) return;
      for (const thread of run.threads.values()) {
        void thread.worker.terminate();
        run.vm.hal.context.unplace(run.vm.id, thread.vcpuId);
      }
      try {
        run.vm.shutdown();
      } catch (error) {
        detail += `; shutdown: ${errorReason(error)}`;
      }
      outcomes.push({ vm: run.vm.name, end, code: run.code, detail });
      if (runs.size === 0) {
        clearInterval(timer);
        clearTimeout(limit);
        resolve(outcomes);
      }
    };
    const limit = options.timeoutMs === undefined ? undefined : setTimeout(() => {
      for (const run of [...runs.values()]) finish(run, 'Timeout', TIMEOUT_DETAIL);
    }, options.timeoutMs);

    const checkDeadlock = (run: VmRun): void => {
      const live = [...run.threads.values()].filter((thread) => run.started.has(thread.vcpuId) && !run.down.has(thread.vcpuId));
      if (live.length > 0 && live.every((thread) => Atomics.load(thread.control, Slot.Waiting) === 1 && !run.vm.vcpu(thread.vcpuId).interruptPending) && run.vm.nextTimerDeadline() === undefined) {
        finish(run, 'Deadlock', 'every vCPU waits for an interrupt and no timer is armed');
      }
    };

    /** Starts the worker of every vCPU of a VM; those not started yet wait for START. */
    const spawn = (run: VmRun, vcpuId: number): void => {
      const { vm } = run;
      const vcpu = vm.vcpu(vcpuId);
      const control = new SharedArrayBuffer(CONTROL_BYTES);
      const setup: WorkerSetup = {
        program: vm.program, cpuId: vcpuId, pending: vcpu.pending, latched: vcpu.latched, control, sliceSteps: options.sliceSteps ?? 1_000_000,
        ...(vcpu.state === 'Free' ? { start: vcpu.start } : {}),
        host: vm.addressSpace.host.bytes.buffer as SharedArrayBuffer,
        windowHpa: run.bus.flat.byteOffset, windowSize: run.bus.flat.length, busSize: run.bus.size,
      };
      const worker = new Worker(options.workerScript ?? new URL('./vcpu-worker.js', import.meta.url), { workerData: setup });
      const thread: VcpuThread = { vm, vcpuId, worker, control: new Int32Array(control, 0, 16), value: new Float64Array(control, 0, 8), message: new Uint8Array(control, MESSAGE_OFFSET) };
      run.threads.set(vcpuId, thread);
      const pcpuId = vm.config.base.physCpuIds?.[vcpuId] ?? vcpuId;
      worker.on('message', (note: WorkerMessage) => {
        if (!runs.has(vm)) return;
        try {
          vm.hal.context.within({ vmId: vm.id, vcpuId, pcpuId }, () => (note.kind === 'call' ? answerCall(run, thread) : answerStop(run, thread, note.stop)));
        } catch (error) {
          finish(run, 'Fault', `vCPU ${vcpuId}: the VMM failed handling it: ${errorReason(error)}`);
        }
      });
      const died = (why: string): void => {
        if (!runs.has(vm) || run.down.has(vcpuId)) return;
        const exit: VcpuExit = { kind: 'FailEntry', reason: `the vCPU's thread died: ${why}` };
        options.onExit?.(vm, vcpuId, exit);
        finish(run, 'Fault', `vCPU ${vcpuId}: ${describeExit(exit)}`);
      };
      worker.on('error', (error) => died(errorReason(error)));
      worker.on('exit', (code) => died(`it exited with code ${code}`));
      if (vcpu.state === 'Free') bindRemote(run, vcpuId);
    };

    /** Binds a started vCPU and marks it Running (its worker runs it). */
    const bindRemote = (run: VmRun, vcpuId: number): void => {
      const vcpu = run.vm.vcpu(vcpuId);
      const pcpuId = run.vm.config.base.physCpuIds?.[vcpuId] ?? vcpuId;
      vcpu.bind(pcpuId);
      run.vm.hal.context.place(run.vm.id, vcpuId, pcpuId);
      vcpu.beginRemote();
      run.started.add(vcpuId);
    };

    /** Tells the waiting worker of a vCPU the guest has just started (CpuUp) where to begin. */
    const startRemote = (run: VmRun, vcpuId: number): void => {
      const thread = run.threads.get(vcpuId)!;
      bindRemote(run, vcpuId);
      thread.control[Slot.Address] = run.vm.vcpu(vcpuId).start.entry;
      thread.control[Slot.Result] = run.vm.vcpu(vcpuId).start.arg;
      thread.control[Slot.Op] = Op.Start;
      Atomics.store(thread.control, Slot.Flag, Flag.Answer);
      Atomics.notify(thread.control, Slot.Flag);
    };

    const reply = (thread: VcpuThread, op: number, result?: number): void => {
      thread.control[Slot.Op] = op;
      thread.control[Slot.Ok] = result === undefined ? 0 : 1;
      thread.control[Slot.Result] = result ?? 0;
      Atomics.store(thread.control, Slot.Flag, Flag.Answer);
      Atomics.notify(thread.control, Slot.Flag);
    };

    const answerCall = (run: VmRun, thread: VcpuThread): void => {
      const { control, value } = thread;
      const address = control[Slot.Address] >>> 0;
      const kind = ACCESS_KINDS[control[Slot.Kind]];
      const answer = control[Slot.Op] === Op.Load ? run.bus.load(address, kind) : run.bus.store(address, kind, value[VALUE_INDEX]);
      if (typeof answer === 'number') value[VALUE_INDEX] = answer;
      if (answer === undefined || typeof answer === 'number') control[Slot.Ok] = 1;
      else {
        const bytes = encoder.encode(answer.fault).subarray(0, thread.message.length);
        thread.message.set(bytes);
        control[Slot.MessageLength] = bytes.length;
        control[Slot.Mmio] = isMmioFault(answer) ? 1 : 0;
        control[Slot.Ok] = 0;
      }
      Atomics.store(control, Slot.Flag, Flag.Answer);
      Atomics.notify(control, Slot.Flag);
    };

    const answerStop = (run: VmRun, thread: VcpuThread, stop: RawStop): void => {
      const { vm, vcpuId } = thread;
      const vcpu = vm.vcpu(vcpuId);
      if (vcpu.state === 'Blocked') vcpu.beginRemote(); // woken from wfi by an interrupt, the worker ran on
      vcpu.endRemote(stop);
      const exit = exitForStop(vcpu, stop, vm);
      if (exit === undefined) return continueWith(thread, vcpu.takeResult());
      options.onExit?.(vm, vcpuId, exit);
      switch (vmm.handleExit(vm, vcpuId, exit)) {
        case 'continue':
          // A CpuUp the Vmm refused (no such vCPU, started already) got its error result: nothing to start.
          if (exit.kind === 'CpuUp' && run.threads.get(exit.targetCpu) !== undefined && vm.vcpu(exit.targetCpu).state === 'Free' && !run.started.has(exit.targetCpu)) startRemote(run, exit.targetCpu);
          return continueWith(thread, vcpu.takeResult());
        case 'wait':
          vcpu.blockRemote();
          reply(thread, Op.Wait, vcpu.takeResult());
          return;
        case 'vcpu-down':
          run.down.add(vcpuId);
          if (exit.kind === 'CpuDown' && run.code === 0) run.code = exit.state;
          reply(thread, Op.Exit);
          if ([...run.started].every((id) => run.down.has(id))) finish(run, 'CpuDown', `every vCPU is down (exit code ${run.code})`);
          return;
        case 'vm-down': return finish(run, 'SystemDown', `vCPU ${vcpuId} shut the VM down`);
        case 'fault': return finish(run, 'Fault', `vCPU ${vcpuId}: ${describeExit(exit)}`);
      }
    };

    const continueWith = (thread: VcpuThread, result: number | undefined): void => {
      thread.vm.vcpu(thread.vcpuId).beginRemote();
      reply(thread, Op.Continue, result);
    };

    for (const vm of vmm.vms) {
      if (!vm.running) continue;
      const run: VmRun = { vm, bus: vm.addressSpace.bus(), threads: new Map(), started: new Set(), down: new Set(), code: 0 };
      runs.set(vm, run);
    }
    if (runs.size === 0) {
      clearInterval(timer);
      clearTimeout(limit);
      resolve(outcomes);
      return;
    }
    for (const run of runs.values()) {
      for (let id = 0; id < run.vm.vcpuNum; id++) if (run.vm.vcpu(id).state === 'Free' || run.vm.vcpu(id).state === 'Created') spawn(run, id);
    }
  });
}
