/**
 * The live VMs of each HAL, by id: how the HAL's interrupt delivery (`injectIrqToVcpu`) finds a
 * vCPU, from the VMM, a device or a vCPU of any VM, and why two live VMs cannot share an id while a
 * shut-down VM's id is free again.
 */
import { AxError } from './errors.js';
import type { HalContext } from './hal.js';

/** What the registry needs from a VM. */
export interface RegisteredVm {
  readonly id: number;
  readonly name: string;
  /** Raises `irq` in vCPU `vcpuId` (Atomics: the vCPU may run on another thread). */
  deliverIrq(vcpuId: number, irq: number): void;
}

const registries = new WeakMap<HalContext, Map<number, RegisteredVm>>();

/** The live VMs of a HAL context. */
export function liveVms(context: HalContext): ReadonlyMap<number, RegisteredVm> {
  return registries.get(context) ?? new Map();
}

/**
 * Registers a VM with its HAL's context (AlreadyExists when a live VM has its id) and, the first
 * time, makes the context's interrupt delivery route to the registered VMs.
 */
export function registerVm(context: HalContext, vm: RegisteredVm): void {
  let vms = registries.get(context);
  if (vms === undefined) {
    vms = new Map();
    registries.set(context, vms);
  }
  const other = vms.get(vm.id);
  if (other !== undefined) throw new AxError('AlreadyExists', `VM id ${vm.id} is taken by the running VM ${other.name}`, { vm: vm.name, field: 'base.id' });
  vms.set(vm.id, vm);
  if (context.irqInjector === undefined) {
    const routes = vms;
    context.setIrqInjector((vmId, vcpuId, irq) => {
      const target = routes.get(vmId);
      if (target === undefined) throw new AxError('NotFound', `no running VM has id ${vmId}`, { field: 'hal.injectIrqToVcpu' });
      target.deliverIrq(vcpuId, irq);
    });
  }
}

/** Forgets a VM (it shut down): its id is free again. */
export function unregisterVm(context: HalContext, vm: RegisteredVm): void {
  const vms = registries.get(context);
  if (vms?.get(vm.id) === vm) vms.delete(vm.id);
}
