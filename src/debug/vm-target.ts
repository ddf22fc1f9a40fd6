/**
 * The VM target: one VM of the hypervisor, its vCPUs stepped one instruction at a time in the
 * round-robin order of `runVms` (each vCPU runs until an exit or a turn of `turnSteps`
 * instructions, then the next). Time counts every vCPU's instructions and drives the VM's clock
 * (a fixed number of nanoseconds per instruction; when every vCPU waits, the clock jumps to the
 * next timer), so runs are deterministic: a checkpoint is a time, and going back builds the VM
 * again from its config and re-executes. The focused vCPU is what the pc, the stack, step over/out
 * and breakpoints are about.
 */
import type { VmConfig } from '../vmm/config-types.js';
import { describeExit } from '../vmm/exits.js';
import type { VcpuExit } from '../vmm/exits.js';
import { DefaultHal } from '../vmm/hal.js';
import { HostMemory } from '../vmm/host-memory.js';
import type { VmImages } from '../vmm/kernel-image.js';
import type { Vcpu } from '../vmm/vcpu.js';
import type { Vm } from '../vmm/vm.js';
import { Vmm } from '../vmm/vmm.js';
import { listing } from './listing.js';
import { machineView } from './machine-view.js';
import type { TargetInfo } from './protocol.js';
import { MAX_CONSOLE_CHARS, MAX_SOURCE_CHARS } from './protocol.js';
import type { DebugTarget, Location, StepOutcome, TargetState } from './target.js';

/** What a VM target is made of. */
export interface VmTargetOptions {
  /** The name shown (the config file). */
  readonly name: string;
  /** The validated config. */
  readonly config: VmConfig;
  /** Its images. */
  readonly images: VmImages;
  /** Bytes of host memory for the VM (at least its regions). */
  readonly hostMemory: number;
  /** The kernel's assembly source, when known. */
  readonly source?: string | null;
  /** Instructions a vCPU runs before the next one's turn. Default 100,000 (as `runVms`). */
  readonly turnSteps?: number;
}

/** A moment of a VM target: its time (re-executed from the start). */
export interface VmCheckpoint {
  readonly time: number;
}

/** The VM clock: nanoseconds per instruction executed. */
const NANOS_PER_INSTRUCTION = 1000n;

/** A HAL whose clock is the target's and which logs every interrupt delivered. */
class DebugHal extends DefaultHal {
  constructor(memory: HostMemory, clock: () => bigint, readonly log: (vcpuId: number, irq: number) => void) {
    super({ memory, clock });
  }

  override injectIrqToVcpu(vmId: number, vcpuId: number, irq: number): void {
    this.log(vcpuId, irq);
    super.injectIrqToVcpu(vmId, vcpuId, irq);
  }
}

/** A VM being debugged. */
export class VmTarget implements DebugTarget<VmCheckpoint> {
  readonly info: TargetInfo;
  readonly #options: VmTargetOptions;
  readonly #turnSteps: number;
  #vmm!: Vmm;
  #vm!: Vm;
  #console = '';
  #interrupts: string[][] = [];
  #lastExits: string[] = [];
  #down = new Set<number>();
  /** The vCPU whose turn it is, and how many instructions of its turn it has used. */
  #turn = { vcpu: 0, used: 0 };
  /** Nanoseconds the clock jumped while every vCPU waited. */
  #skipped = 0n;
  #end: string | undefined;
  #focus = 0;

  /** Creates and boots the VM; throws AxError for a config or image the VM cannot be created from. */
  constructor(options: VmTargetOptions) {
    this.#options = options;
    this.#turnSteps = options.turnSteps ?? 100_000;
    this.#rebuild();
    const source = options.source ?? null;
    this.info = { kind: 'vm', name: options.name.slice(0, 4096), source: source !== null && source.length <= MAX_SOURCE_CHARS ? source : null, instructions: listing(this.#vm.program), diagnostics: [] };
  }

  /** The VM being stepped (for embedders and tests). */
  get vm(): Vm {
    return this.#vm;
  }

  #rebuild(): void {
    if (this.#vm !== undefined && !this.#vm.shuttingDown) this.#vm.shutdown();
    this.#console = '';
    this.#interrupts = [];
    this.#down = new Set();
    this.#turn = { vcpu: 0, used: 0 };
    this.#skipped = 0n;
    this.#end = undefined;
    const decoder = new TextDecoder();
    const hal = new DebugHal(new HostMemory(this.#options.hostMemory), () => BigInt(this.time()) * NANOS_PER_INSTRUCTION + this.#skipped, (vcpuId, irq) => {
      this.#interrupts.push([String(this.time()), String(vcpuId), String(irq)]);
    });
    this.#vmm = new Vmm(hal);
    this.#vm = this.#vmm.createVm(this.#options.config, { images: this.#options.images, console: { write: (bytes) => void (this.#console += decoder.decode(bytes)) }, sliceSteps: 1 });
    this.#lastExits = Array.from({ length: this.#vm.vcpuNum }, () => '');
    this.#vm.boot();
  }

  #vcpus(): Vcpu[] {
    return Array.from({ length: this.#vm.vcpuNum }, (_, id) => this.#vm.vcpu(id));
  }

  time(): number {
    return this.#vcpus().reduce((sum, vcpu) => sum + (vcpu.machine?.instructionsExecuted ?? 0), 0);
  }

  ended(): boolean {
    return this.#end !== undefined;
  }

  location(): Location {
    const machine = this.#vm.vcpu(this.#focus).machine;
    return { pc: machine?.pc ?? 0, depth: machine?.callDepth ?? 0 };
  }

  /** Focuses on `vcpuN`. */
  focus(id: string): boolean {
    const match = /^vcpu(\d+)$/.exec(id);
    if (match === null || Number(match[1]) >= this.#vm.vcpuNum) return false;
    this.#focus = Number(match[1]);
    return true;
  }

  /** Whether vCPU `id` can take a turn (started and not down). */
  #runnable(id: number): boolean {
    return !this.#down.has(id) && this.#vm.vcpu(id).state !== 'Created';
  }

  step(): StepOutcome {
    const before = this.time();
    // Each vCPU in turn, from the current one, until one executes an instruction; a round where every vCPU waits moves the clock to the next timer.
    for (let tried = 0; this.#end === undefined && this.time() === before; tried++) {
      if (tried > this.#vm.vcpuNum) {
        const deadline = this.#vm.nextTimerDeadline();
        const now = this.#vm.hal.currentTimeNanos();
        if (deadline === undefined || deadline <= now) return this.#finish('every vCPU waits for an interrupt and no timer can wake one');
        this.#skipped += deadline - now;
        tried = 0;
      }
      const id = this.#turn.vcpu;
      if (!this.#runnable(id)) {
        this.#nextTurn();
        continue;
      }
      const stop = this.#run(id);
      if (stop !== undefined) return stop;
    }
    return this.#end === undefined ? { ended: false } : { stop: this.#end, ended: true };
  }

  /** Runs vCPU `id` for one instruction (or to its exit) and handles the exit; a stop when the VM ended. */
  #run(id: number): StepOutcome | undefined {
    const exit = this.#vm.runVcpu(id);
    if (exit.kind !== 'Nothing') this.#lastExits[id] = `${describeExit(exit)} at time ${this.time()}`.slice(0, 4096);
    const turnOver = exit.kind !== 'Nothing' || ++this.#turn.used >= this.#turnSteps;
    const action = this.#vmm.handleExit(this.#vm, id, exit);
    if (turnOver) this.#nextTurn();
    switch (action) {
      case 'vcpu-down':
        this.#down.add(id);
        if (this.#vcpus().every((_, other) => !this.#runnable(other))) return this.#finish(`every vCPU is down (${exitCode(exit)})`);
        return undefined;
      case 'vm-down':
        return this.#finish(`vCPU ${id} shut the VM down`);
      case 'fault':
        return this.#finish(`vCPU ${id}: ${describeExit(exit)}`);
      default:
        return undefined;
    }
  }

  #nextTurn(): void {
    this.#turn = { vcpu: (this.#turn.vcpu + 1) % this.#vm.vcpuNum, used: 0 };
  }

  #finish(reason: string): StepOutcome {
    this.#end = reason;
    return { stop: reason, ended: true };
  }

  advance(count: number): void {
    const target = this.time() + count;
    while (this.time() < target && this.#end === undefined) this.step();
  }

  checkpoint(): VmCheckpoint {
    return { time: this.time() };
  }

  /** Builds the VM again and re-executes up to the checkpoint (deterministic: the clock is the time). */
  rewind(checkpoint: VmCheckpoint): void {
    this.#rebuild();
    this.advance(checkpoint.time);
  }

  restart(): void {
    this.#rebuild();
  }

  state(): TargetState {
    const vcpu = this.#vm.vcpu(this.#focus);
    const machine = vcpu.machine ?? this.#vcpus().find((other) => other.machine !== undefined)?.machine;
    const pc = vcpu.machine?.pc ?? 0;
    const view = machine === undefined ? { status: vcpu.state, fault: null, registers: [], stack: [], frames: [] } : machineView(machine, [['vCPU', `${vcpu.id} ${vcpu.state}`]]);
    return {
      ...view,
      contexts: this.#vcpus().map((other) => ({ id: `vcpu${other.id}`, label: `vCPU ${other.id} (${this.#down.has(other.id) ? 'down' : other.state})` })),
      focus: `vcpu${this.#focus}`,
      pc,
      line: this.info.instructions[pc]?.line ?? null,
      time: this.time(),
      gasUsed: vcpu.machine?.gasUsed ?? 0,
      console: this.#console.slice(-MAX_CONSOLE_CHARS),
      views: this.#views(),
    };
  }

  #views(): TargetState['views'] {
    return [
      {
        title: 'vCPUs',
        columns: ['vCPU', 'state', 'pc', 'instructions', 'last exit'],
        rows: this.#vcpus().map((vcpu) => [String(vcpu.id), this.#down.has(vcpu.id) ? 'down' : vcpu.state, String(vcpu.machine?.pc ?? ''), String(vcpu.machine?.instructionsExecuted ?? 0), this.#lastExits[vcpu.id]]),
      },
      {
        title: 'Devices',
        columns: ['device', 'type', 'space', 'base', 'length'],
        rows: this.#vm.devices.devices().map((device) => [device.name, `0x${device.emuType.toString(16)}`, device.space, `0x${device.range.base.toString(16)}`, `0x${device.range.length.toString(16)}`]),
      },
      { title: 'Interrupt log', columns: ['time', 'vCPU', 'irq'], rows: this.#interrupts.slice(-100_000) },
    ];
  }

  readMemory(address: number, length: number): Uint8Array {
    const machine = this.#vm.vcpu(this.#focus).machine ?? this.#vm.vcpu(0).machine;
    return machine === undefined ? new Uint8Array(0) : machine.memory.slice(address, address + length);
  }
}

/** How a vCPU went down, for the end reason. */
function exitCode(exit: VcpuExit): string {
  return exit.kind === 'CpuDown' ? `exit code ${exit.state}` : describeExit(exit);
}
