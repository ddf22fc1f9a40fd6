/**
 * The hypervisor's hardware abstraction layer (AxVM's `AxVMHal`), adapted to exvm: "physical"
 * memory is a `HostMemory`, host virtual and physical addresses are the same byte offsets, CPU ids
 * come from a context the VMM updates as it runs vCPUs, and interrupt delivery is a callback the VMM
 * registers (it needs the VMs' vCPUs, which the HAL does not own). The default implementation is
 * isomorphic; `vmm/node/hal.ts` gives it a nanosecond clock.
 */
import { AxError } from './errors.js';
import type { AxErrorKind } from './errors.js';
import type { HostMemory } from './host-memory.js';
import { PAGE_SIZE, hex, isPageAligned } from './page.js';
import { VECTOR_COUNT } from '../isa/limits.js';
import { counted } from '../messages.js';

/** What the VMM needs from its host. */
export interface AxVmHal {
  /**
   * Allocates `size` bytes (whole pages) of zeroed host memory, at host physical address `at` when
   * given (AxVM's `alloc_memory_region_at`), and returns its hpa. NoMemory when no run is free;
   * AlreadyExists when memory at `at` is in use.
   */
  allocMemoryRegion(size: number, at?: number): number;
  /** Frees a region from `allocMemoryRegion`. */
  deallocMemoryRegion(hpa: number, size: number): void;
  /** The host physical address of a host virtual address. */
  virtToPhys(vaddr: number): number;
  /** Monotonic time in nanoseconds (the origin is unspecified). */
  currentTimeNanos(): bigint;
  /** The VM whose vCPU runs on the calling thread; BadState outside a vCPU. */
  currentVmId(): number;
  /** The vCPU running on the calling thread; BadState outside a vCPU. */
  currentVcpuId(): number;
  /** The physical CPU of the calling thread; BadState outside a vCPU. */
  currentPcpuId(): number;
  /** The physical CPU vCPU `vcpuId` of VM `vmId` is bound to; NotFound when it is not bound. */
  vcpuResidesOn(vmId: number, vcpuId: number): number;
  /** Delivers interrupt `irq` to a vCPU, wherever it runs. */
  injectIrqToVcpu(vmId: number, vcpuId: number, irq: number): void;
}

/** The ids of a running vCPU. */
export interface CpuIds {
  readonly vmId: number;
  readonly vcpuId: number;
  readonly pcpuId: number;
}

/** How the VMM delivers an interrupt to a vCPU. */
export type IrqInjector = (vmId: number, vcpuId: number, irq: number) => void;

/**
 * The ids the HAL reports: which vCPU runs now (`within`), where each vCPU is bound (`place`), and
 * how interrupts are delivered (`setIrqInjector`). One per thread: a worker has its own.
 */
export class HalContext {
  #current: CpuIds | undefined;
  readonly #placements = new Map<string, number>();
  #injector: IrqInjector | undefined;

  /** The vCPU running now, if any. */
  get current(): CpuIds | undefined {
    return this.#current;
  }

  /** Runs `action` with `ids` as the current vCPU, restoring the previous ids afterwards (even on a throw). */
  within<T>(ids: CpuIds, action: () => T): T {
    const previous = this.#current;
    this.#current = { vmId: ids.vmId, vcpuId: ids.vcpuId, pcpuId: ids.pcpuId };
    try {
      return action();
    } finally {
      this.#current = previous;
    }
  }

  /** Records that vCPU `vcpuId` of VM `vmId` is bound to physical CPU `pcpuId`. */
  place(vmId: number, vcpuId: number, pcpuId: number): void {
    this.#placements.set(key(vmId, vcpuId), pcpuId);
  }

  /** Forgets a vCPU's binding (it was unbound, or its VM shut down). */
  unplace(vmId: number, vcpuId: number): void {
    this.#placements.delete(key(vmId, vcpuId));
  }

  /** The physical CPU a vCPU is bound to, if it is. */
  placement(vmId: number, vcpuId: number): number | undefined {
    return this.#placements.get(key(vmId, vcpuId));
  }

  /** Sets (or, with undefined, removes) the VMM's interrupt delivery. */
  setIrqInjector(injector: IrqInjector | undefined): void {
    this.#injector = injector;
  }

  /** The VMM's interrupt delivery, if registered. */
  get irqInjector(): IrqInjector | undefined {
    return this.#injector;
  }
}

/** How to create the default HAL. */
export interface DefaultHalOptions {
  /** The host memory regions are allocated from. */
  readonly memory: HostMemory;
  /** The ids; a new context when not given. */
  readonly context?: HalContext;
  /** The clock in nanoseconds; default `performance.now()` scaled (microsecond resolution or coarser). */
  readonly clock?: () => bigint;
}

/** The default HAL: memory from a HostMemory, ids from a HalContext, time from a clock. */
export class DefaultHal implements AxVmHal {
  /** The host memory. */
  readonly memory: HostMemory;
  /** The ids and interrupt delivery the VMM keeps up to date. */
  readonly context: HalContext;
  readonly #clock: () => bigint;

  /** Creates a HAL over `options.memory`. */
  constructor(options: DefaultHalOptions) {
    this.memory = options.memory;
    this.context = options.context ?? new HalContext();
    this.#clock = options.clock ?? performanceClock;
  }

  /** Allocates zeroed whole pages, anywhere or at `at`. */
  allocMemoryRegion(size: number, at?: number): number {
    const pages = this.#pages(size, 'allocMemoryRegion');
    if (at === undefined) {
      const hpa = this.memory.allocContiguous(pages);
      if (hpa === undefined) throw error('NoMemory', 'allocMemoryRegion', `no run of ${counted(pages, 'free page')} (${hex(size)} bytes) is left in host memory`);
      return hpa;
    }
    this.memory.claim(at, pages);
    this.memory.bytes.fill(0, at, at + size);
    return at;
  }

  /** Frees whole pages. */
  deallocMemoryRegion(hpa: number, size: number): void {
    this.memory.free(hpa, this.#pages(size, 'deallocMemoryRegion'));
  }

  /** The identity: exvm's host addresses are byte offsets into host memory, virtual and physical alike. */
  virtToPhys(vaddr: number): number {
    if (!Number.isInteger(vaddr) || vaddr < 0 || vaddr >= this.memory.size) {
      throw error('InvalidInput', 'virtToPhys', `${vaddr} is not an address in host memory (${hex(this.memory.size)} bytes)`);
    }
    return vaddr;
  }

  /** The clock's time. */
  currentTimeNanos(): bigint {
    return this.#clock();
  }

  /** The current vCPU's VM. */
  currentVmId(): number {
    return this.#current('currentVmId').vmId;
  }

  /** The current vCPU. */
  currentVcpuId(): number {
    return this.#current('currentVcpuId').vcpuId;
  }

  /** The current vCPU's physical CPU. */
  currentPcpuId(): number {
    return this.#current('currentPcpuId').pcpuId;
  }

  /** Where a vCPU is bound. */
  vcpuResidesOn(vmId: number, vcpuId: number): number {
    const pcpu = this.context.placement(vmId, vcpuId);
    if (pcpu === undefined) throw error('NotFound', 'vcpuResidesOn', `vCPU ${vcpuId} of VM ${vmId} is not bound to a physical CPU`);
    return pcpu;
  }

  /**
   * Passes the interrupt to the injector the VMM registered. InvalidInput for an irq outside the
   * machine's vectors; Unsupported while no injector is registered.
   */
  injectIrqToVcpu(vmId: number, vcpuId: number, irq: number): void {
    if (!Number.isInteger(irq) || irq < 0 || irq >= VECTOR_COUNT) {
      throw error('InvalidInput', 'injectIrqToVcpu', `irq ${irq} is not an interrupt vector (0 to ${VECTOR_COUNT - 1})`);
    }
    const injector = this.context.irqInjector;
    if (injector === undefined) throw error('Unsupported', 'injectIrqToVcpu', `no VMM has registered interrupt delivery (irq ${irq} for vCPU ${vcpuId} of VM ${vmId})`);
    injector(vmId, vcpuId, irq);
  }

  #current(operation: string): CpuIds {
    const ids = this.context.current;
    if (ids === undefined) throw error('BadState', operation, 'no vCPU is running on this thread');
    return ids;
  }

  #pages(size: number, operation: string): number {
    if (!Number.isInteger(size) || size <= 0 || !isPageAligned(size)) {
      throw error('InvalidInput', operation, `size ${size} is not a whole number of 4 KiB pages`);
    }
    return size / PAGE_SIZE;
  }
}

/** Monotonic nanoseconds from `performance.now()` (available in browsers and Node). */
function performanceClock(): bigint {
  return BigInt(Math.floor(performance.now() * 1e6));
}

function key(vmId: number, vcpuId: number): string {
  return `${vmId}:${vcpuId}`;
}

function error(kind: AxErrorKind, field: string, detail: string): AxError {
  return new AxError(kind, detail, { field: `hal.${field}` });
}
