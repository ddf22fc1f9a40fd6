/**
 * A vCPU worker thread: runs one vCPU's machine over shared host memory, slice after slice, and
 * reports every stop to the VMM's thread, which answers (go on with a hypercall result, wait for an
 * interrupt, or exit). See worker-protocol.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Machine } from '../../machine/machine.js';
import type { AccessKind, BusFault, MemoryBus } from '../../machine/memory.js';
import { RecordingBus, runSlice } from '../vcpu-engine.js';
import type { WorkerMessage, WorkerSetup } from './worker-protocol.js';
import { ACCESS_KINDS, Flag, MESSAGE_OFFSET, Op, Slot, VALUE_INDEX } from './worker-protocol.js';

const setup = workerData as WorkerSetup;
const port = parentPort!;
const control = new Int32Array(setup.control, 0, 16);
const value = new Float64Array(setup.control, 0, 8);
const message = new Uint8Array(setup.control, MESSAGE_OFFSET);
const decoder = new TextDecoder();

/** Posts `note` and blocks until the VMM's thread answers. */
function call(note: WorkerMessage): void {
  Atomics.store(control, Slot.Flag, Flag.Request);
  port.postMessage(note);
  while (Atomics.load(control, Slot.Flag) === Flag.Request) Atomics.wait(control, Slot.Flag, Flag.Request);
  Atomics.store(control, Slot.Flag, Flag.Idle);
}

/** Accesses outside the flat window go to the VMM's thread. */
class RemoteBus implements MemoryBus {
  readonly flat = new Uint8Array(setup.host, setup.windowHpa, setup.windowSize);
  readonly size = setup.busSize;

  load(address: number, kind: AccessKind): number | BusFault {
    return this.#access(Op.Load, address, kind, 0) ?? value[VALUE_INDEX];
  }

  store(address: number, kind: AccessKind, stored: number): BusFault | undefined {
    return this.#access(Op.Store, address, kind, stored);
  }

  #access(op: number, address: number, kind: AccessKind, stored: number): BusFault | undefined {
    control[Slot.Op] = op;
    control[Slot.Address] = address | 0;
    control[Slot.Kind] = ACCESS_KINDS.indexOf(kind);
    value[VALUE_INDEX] = stored;
    call({ kind: 'call' });
    if (control[Slot.Ok] === 1) return undefined;
    const fault = decoder.decode(message.slice(0, control[Slot.MessageLength]));
    // The VMM needs to tell MMIO from page faults: an MMIO refusal carries `space`, like a DeviceFault.
    return control[Slot.Mmio] === 1 ? { fault, space: 'mmio' } as BusFault : { fault };
  }
}

/** Where the guest starts: from the setup, or (a secondary vCPU) from START; undefined on EXIT. */
function startingPoint(): { entry: number; arg: number } | undefined {
  if (setup.start !== undefined) return setup.start;
  while (Atomics.load(control, Slot.Flag) !== Flag.Answer) Atomics.wait(control, Slot.Flag, Flag.Idle);
  Atomics.store(control, Slot.Flag, Flag.Idle);
  return control[Slot.Op] === Op.Start ? { entry: control[Slot.Address], arg: control[Slot.Result] } : undefined;
}

const start = startingPoint();
const bus = new RecordingBus(new RemoteBus());
const machine = start === undefined ? undefined : new Machine({ ...setup.program, entry: start.entry }, { memory: bus, cpuId: setup.cpuId, interrupts: setup.pending });
machine?.push(start?.arg ?? 0);
// Building the machine cleared the pending word: what was raised before (while this thread started up) is raised again.
Atomics.or(setup.pending, 0, Atomics.exchange(setup.latched, 0, 0));
let result: number | undefined;
while (machine !== undefined) {
  const stop = runSlice(machine, bus, setup.sliceSteps, result);
  call({ kind: 'stop', stop });
  const op = control[Slot.Op];
  if (op === Op.Exit) break;
  result = control[Slot.Ok] === 1 ? control[Slot.Result] : undefined;
  if (op === Op.Wait) {
    // Blocked in wfi until an interrupt is raised into the shared pending word (Vm.deliverIrq notifies).
    Atomics.store(control, Slot.Waiting, 1);
    while (Atomics.load(setup.pending, 0) === 0) Atomics.wait(setup.pending, 0, 0);
    Atomics.store(control, Slot.Waiting, 0);
  }
}
port.close();
