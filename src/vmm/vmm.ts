/**
 * The VM monitor (axvisor's role around AxVM): creates VMs (ids unique among live VMs, reusable
 * after shutdown), finds them by id, and handles the exits `runVcpu` returns that need more than
 * one vCPU or VM: CpuUp (starts a secondary vCPU), SendIPI (delivers the interrupt), the IVC
 * hypercalls (channels between VMs), and device-less port or system-register accesses.
 */
import { AX_ERROR_NUMBERS, AxError } from './errors.js';
import type { VcpuExit } from './exits.js';
import { HyperCallCode, failureResult } from './hypercall-abi.js';
import { IvcChannels } from './ivc.js';
import type { ChannelMapping } from './ivc.js';
import { Vm } from './vm.js';
import type { VmHal, VmOptions } from './vm.js';
import type { VmConfig } from './config-types.js';

/**
 * What a run loop does after `handleExit`: run the vCPU again, treat it as waiting for an
 * interrupt, stop it (its guest is down), shut the VM down, or stop the VM because its guest
 * faulted.
 */
export type ExitAction = 'continue' | 'wait' | 'vcpu-down' | 'vm-down' | 'fault';

/** The VMs of one HAL and the channels between them. */
export class Vmm {
  /** IVC channels between this VMM's VMs. */
  readonly ivc: IvcChannels;
  readonly #vms = new Map<number, Vm>();
  /** Messages of HyperVisorDebug hypercalls, for the embedder. */
  readonly debugLog: string[] = [];

  /** Creates a VMM over `hal`. */
  constructor(readonly hal: VmHal) {
    this.ivc = new IvcChannels(hal);
  }

  /** Creates a VM (see `Vm.create`); AlreadyExists when a live VM has the config's id. */
  createVm(config: VmConfig, options: Partial<VmOptions> = {}): Vm {
    const vm = Vm.create(config, this.hal, options);
    this.#vms.set(vm.id, vm);
    vm.onShutdown(() => {
      this.#vms.delete(vm.id);
      this.ivc.releaseVm(vm);
    });
    return vm;
  }

  /** The live VM with id `id`; NotFound when there is none. */
  vm(id: number): Vm {
    const vm = this.#vms.get(id);
    if (vm === undefined) throw new AxError('NotFound', `no live VM has id ${id}`, { field: 'vmm.vm' });
    return vm;
  }

  /** The live VMs, by creation order. */
  get vms(): readonly Vm[] {
    return [...this.#vms.values()];
  }

  /**
   * Does what `exit` of vCPU `vcpuId` of `vm` asks, where it is the VMM's job, and says how the run
   * loop goes on. A hypercall's result goes to the guest (negated AxErrorKind number on failure).
   */
  handleExit(vm: Vm, vcpuId: number, exit: VcpuExit): ExitAction {
    switch (exit.kind) {
      case 'Nothing': case 'ExternalInterrupt': return 'continue';
      case 'Halt': return 'wait';
      case 'CpuDown': return 'vcpu-down';
      case 'SystemDown': return 'vm-down';
      case 'MmioRead': case 'MmioWrite': case 'NestedPageFault': case 'FailEntry': return 'fault';
      case 'IoRead': case 'IoWrite': case 'SysRegRead': case 'SysRegWrite':
        vm.setReturnValue(vcpuId, -AX_ERROR_NUMBERS.NotFound);
        return 'continue';
      case 'CpuUp':
        this.#answer(vm, vcpuId, () => {
          vm.startVcpu(exit.targetCpu, exit.entry, exit.arg);
          return 0;
        });
        return 'continue';
      case 'SendIPI':
        this.#answer(vm, vcpuId, () => {
          const mask = exit.toAll ? -1 >>> (32 - vm.vcpuNum) : exit.toSelf ? 1 << vcpuId : exit.targetCpu < 32 ? 1 << exit.targetCpu : 0;
          vm.injectInterruptToVcpu(mask >>> 0, exit.vector);
          return 0;
        });
        return 'continue';
      case 'Hypercall':
        this.#answer(vm, vcpuId, () => this.#hypercall(vm, exit.nr, exit.args));
        return 'continue';
    }
  }

  #hypercall(vm: Vm, nr: number, args: readonly number[]): number {
    const [a0, a1, a2, a3] = args;
    switch (nr) {
      case HyperCallCode.HyperVisorDebug:
        this.debugLog.push(`${vm.name}: debug ${args.join(' ')}`);
        return 0;
      case HyperCallCode.HIVCPublishChannel: {
        const size = vm.readFromGuestOf(a2, 'u32');
        return this.#tell(vm, a1, a2, this.ivc.publish(vm, a0, size), () => this.ivc.unpublish(vm, a0));
      }
      case HyperCallCode.HIVCSubscribChannel: return this.#tell(vm, a2, a3, this.ivc.subscribe(vm, a0, a1), () => this.ivc.unsubscribe(vm, a0, a1));
      case HyperCallCode.HIVCUnPublishChannel:
        this.ivc.unpublish(vm, a0);
        return 0;
      case HyperCallCode.HIVCUnSubscribChannel:
        this.ivc.unsubscribe(vm, a0, a1);
        return 0;
      default:
        throw new AxError('Unsupported', `hypercall ${nr} is not one exvm handles`, { vm: vm.name, field: 'hypercall' });
    }
  }

  /**
   * Writes a channel's gpa and size to the guest's pointers. When the guest cannot be told (a bad
   * pointer), `undo` takes the publish or subscribe back, so the failed hypercall leaves nothing behind.
   */
  #tell(vm: Vm, gpaPointer: number, sizePointer: number, mapping: ChannelMapping, undo: () => void): number {
    try {
      vm.writeToGuestOf(gpaPointer, 'u32', mapping.gpa);
      vm.writeToGuestOf(sizePointer, 'u32', mapping.size);
    } catch (error) {
      undo();
      throw error;
    }
    return 0;
  }

  #answer(vm: Vm, vcpuId: number, action: () => number): void {
    let result: number;
    try {
      result = action();
    } catch (error) {
      result = failureResult(error);
    }
    vm.setReturnValue(vcpuId, result);
  }
}
