/**
 * A VM (AxVM's `AxVM`): created from a validated config, booted, its vCPUs run until an exit the
 * VMM must handle, and shut down once. States: Created → Running (boot) → ShuttingDown (shutdown,
 * final). A shut-down VM has released everything (guest memory, devices, its id), so a new VM can
 * be created from the same config.
 */
import { decodeImage } from '../image/index.js';
import type { Program } from '../image/program.js';
import { VECTOR_COUNT } from '../isa/limits.js';
import { AddressSpace } from './address-space.js';
import type { GuestSegment } from './address-space.js';
import { EmuType, MapType } from './config-types.js';
import type { VmConfig } from './config-types.js';
import type { BlockBackend, GuestDma } from './devices/block.js';
import { BlockDevice } from './devices/block.js';
import type { DeviceSet } from './devices/device-set.js';
import { createDeviceSet } from './devices/factory.js';
import { Timer, TIMER_IRQ } from './devices/timer.js';
import type { ConsoleSink } from './devices/uart.js';
import { Uart } from './devices/uart.js';
import { AxError } from './errors.js';
import type { AxErrorKind } from './errors.js';
import type { VcpuExit } from './exits.js';
import type { AxVmHal, HalContext } from './hal.js';
import type { GuestValue, GuestValueType } from './guest-values.js';
import type { HostMemory } from './host-memory.js';
import { IvcWindow } from './ivc-window.js';
import type { VmImages } from './kernel-image.js';
import { checkMappingFlags } from './mapping-flags.js';
import { Vcpu } from './vcpu.js';
import { exitForStop } from './vcpu-exits.js';
import { liveVms, registerVm, unregisterVm } from './vm-registry.js';
import { errorReason } from '../messages.js';

/** A VM's state. */
export type VmState = 'Created' | 'Running' | 'ShuttingDown';

/**
 * The HAL a VM runs on: AxVM's HAL, plus the host memory it allocates from and the ids it keeps.
 * A host with files (the Node HAL) can also load a config's images and open its disk, so that
 * `Vm.create(config, hal)` needs nothing else.
 */
export interface VmHal extends AxVmHal {
  readonly memory: HostMemory;
  readonly context: HalContext;
  /** The images `config` names (image_location "fs"), checked; undefined when the host has no files. */
  loadImages?(config: VmConfig): VmImages | undefined;
  /** The disk of `config`'s block device (`kernel.disk_path`), if it has one and the host has files. */
  openDisk?(config: VmConfig): BlockBackend | undefined;
}

/** What a VM is created with besides its config. */
export interface VmOptions {
  /** The images to load (`loadVmImages` on Node, or the embedder's for `image_location = "memory"`). */
  readonly images: VmImages;
  /** Where its consoles write; default nowhere. */
  readonly console?: ConsoleSink;
  /** The block device's disk; default an in-memory disk. */
  readonly disk?: BlockBackend;
  /** Instructions a vCPU runs before `runVcpu` returns Nothing (a scheduling point). Default 100,000. */
  readonly sliceSteps?: number;
}

/** Default instructions per run slice. */
export const DEFAULT_SLICE_STEPS = 100_000;

const DISCARD: ConsoleSink = { write: () => undefined };

/** A virtual machine. */
export class Vm {
  /** `base.id`. */
  readonly id: number;
  /** `base.name`. */
  readonly name: string;
  /** The validated config it was created from. */
  readonly config: VmConfig;
  /** Its guest physical address space. */
  readonly addressSpace: AddressSpace;
  /** The kernel program every vCPU runs. */
  readonly program: Program;
  readonly #hal: VmHal;
  readonly #devices: DeviceSet;
  readonly #timer: Timer;
  readonly #ivc: IvcWindow[];
  readonly #vcpus: Vcpu[];
  /** Host regions of identical mappings, freed at shutdown. */
  readonly #regions: { hpa: number; size: number }[] = [];
  readonly #slice: number;
  readonly #releaseHooks: (() => void)[] = [];
  #state: VmState = 'Created';

  private constructor(config: VmConfig, hal: VmHal, options: VmOptions) {
    this.id = config.base.id;
    this.name = config.base.name;
    this.config = config;
    this.#hal = hal;
    this.#slice = options.sliceSteps ?? DEFAULT_SLICE_STEPS;
    if (!Number.isInteger(this.#slice) || this.#slice < 1) throw this.#error('InvalidInput', 'sliceSteps', `${this.#slice} is not a whole number of instructions above 0`);
    this.program = this.#decodeKernel(options.images.kernel);
    this.addressSpace = new AddressSpace(hal.memory, { name: this.name });
    try {
      this.#mapMemory();
      this.#devices = createDeviceSet(config, {
        console: options.console ?? DISCARD,
        inject: (mask, irq) => this.#deviceIrq(mask, irq),
        dma: this.#dma(),
        ...(options.disk === undefined ? {} : { disk: options.disk }),
      });
      this.#timer = new Timer({
        now: () => hal.currentTimeNanos(),
        currentVcpu: () => hal.currentVcpuId(),
        fire: (vcpuId) => this.injectInterruptToVcpu(1 << vcpuId, TIMER_IRQ),
      });
      this.#devices.register(this.#timer);
      this.addressSpace.attachDevices(this.#devices);
      this.#ivc = config.devices.emuDevices.filter((device) => device.emuType === EmuType.IvcChannel).map((device) => new IvcWindow(device.baseGpa, device.length, this.name));
      this.#loadImages(options.images);
      // Two words per vCPU: the machine's pending word and the latch that keeps raises for a machine built later.
      const bytes = 8 * config.base.cpuNum;
      const words = new Int32Array(hal.memory.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
      const bus = this.addressSpace.bus();
      this.#vcpus = Array.from({ length: config.base.cpuNum }, (_, id) => new Vcpu({
        id, vm: this.name, program: this.program, bus, pending: words.subarray(2 * id, 2 * id + 1), latched: words.subarray(2 * id + 1, 2 * id + 2),
      }));
    } catch (error) {
      // Nothing of a VM that failed to be created may stay allocated.
      this.addressSpace.unmapAll();
      for (const region of this.#regions.splice(0)) hal.deallocMemoryRegion(region.hpa, region.size);
      throw error;
    }
  }

  /**
   * Creates a VM: validates what the config cannot say alone (the kernel image, host memory for
   * its regions), builds its address space, devices and vCPUs (all Created) and loads its images.
   * InvalidInput for a bad image or option, NoMemory when host memory runs out, AlreadyExists when
   * a live VM of the same HAL has its id or an identical region's host memory is taken. On failure
   * everything allocated so far is released. The images and the disk come from `options`, else
   * from the HAL (the Node HAL reads the files the config names; an isomorphic HAL cannot, and
   * creating a VM without images is then InvalidInput).
   */
  static create(config: VmConfig, hal: VmHal, options: Partial<VmOptions> = {}): Vm {
    const other = liveVms(hal.context).get(config.base.id);
    if (other !== undefined) throw new AxError('AlreadyExists', `VM id ${config.base.id} is taken by the running VM ${other.name}`, { vm: config.base.name, field: 'base.id' });
    const images = options.images ?? (config.kernel.imageLocation === 'fs' ? hal.loadImages?.(config) : undefined);
    if (images?.kernel === undefined) {
      throw new AxError('InvalidInput', 'no kernel image: pass options.images (the embedder\'s bytes, or loadVmImages(config)), or use a HAL that loads files (createNodeHal)', { vm: config.base.name, field: 'kernel.kernel_path' });
    }
    const disk = options.disk ?? hal.openDisk?.(config);
    let vm: Vm;
    try {
      vm = new Vm(config, hal, { ...options, images, ...(disk === undefined ? {} : { disk }) });
    } catch (error) {
      if (options.disk === undefined) disk?.close();
      throw error;
    }
    registerVm(hal.context, vm);
    return vm;
  }

  /** Created, Running or ShuttingDown. */
  get state(): VmState {
    return this.#state;
  }

  /** Whether the VM is booted and not shutting down. */
  get running(): boolean {
    return this.#state === 'Running';
  }

  /** Whether the VM is shutting down (or shut down). */
  get shuttingDown(): boolean {
    return this.#state === 'ShuttingDown';
  }

  /** Number of vCPUs. */
  get vcpuNum(): number {
    return this.#vcpus.length;
  }

  /** The VM's devices (AxVM `get_devices`). */
  get devices(): DeviceSet {
    return this.#devices;
  }

  /** The VM's devices (AxVM `get_devices`), as a method. */
  getDevices(): DeviceSet {
    return this.#devices;
  }

  /** The HAL it runs on. */
  get hal(): VmHal {
    return this.#hal;
  }

  /** vCPU `id`; InvalidInput when there is no such vCPU. */
  vcpu(id: number): Vcpu {
    const vcpu = Number.isInteger(id) ? this.#vcpus[id] : undefined;
    if (vcpu === undefined) throw this.#error('InvalidInput', 'vcpu', `vCPU id ${id} is not one of the VM's ${this.#vcpus.length} vCPUs (0 to ${this.#vcpus.length - 1})`);
    return vcpu;
  }

  /**
   * Created → Running: sets up vCPU 0 at `kernel.entry_point` (the others wait for CpuUp).
   * BadState when already running or shutting down; Unsupported when the config passes host
   * devices through (exvm has none).
   */
  boot(): void {
    if (this.#state !== 'Created') throw this.#error('BadState', 'boot', this.#state === 'Running' ? 'the VM is already running' : 'the VM is shutting down: a VM cannot be booted again (create a new one)');
    if (this.config.devices.passthroughDevices.length > 0) {
      throw this.#error('Unsupported', 'boot', `passthrough devices (${this.config.devices.passthroughDevices.map((device) => device.name).join(', ')}) need host devices, which exvm does not have`);
    }
    this.#vcpus[0].setup(this.config.kernel.entryPoint, 0);
    this.#state = 'Running';
  }

  /**
   * Starts vCPU `target` at instruction `entry` with `arg` on its stack (the VMM's answer to a
   * CpuUp exit). InvalidInput for a bad id or entry; BadState unless the VM runs and the vCPU has
   * not been started.
   */
  startVcpu(target: number, entry: number, arg: number): void {
    this.#checkRunning('startVcpu');
    const vcpu = this.vcpu(target);
    if (vcpu.state !== 'Created') throw this.#error('BadState', 'startVcpu', `vCPU ${target} has been started already (it is ${vcpu.state})`);
    vcpu.setup(entry, arg);
  }

  /**
   * Runs vCPU `vcpuId` until an exit the VMM must handle (AxVM `run_vcpu`): binds it to its physical
   * CPU, runs it, handling MMIO, port I/O, system registers and lazy pages itself, and unbinds it,
   * always (a device error or a guest fault is an exit, never a stuck vCPU). A vCPU blocked in wfi
   * with no interrupt pending returns Halt at once. InvalidInput for a bad id; BadState unless the
   * VM is running and the vCPU has been started and is not running already.
   */
  runVcpu(vcpuId: number): VcpuExit {
    const vcpu = this.vcpu(vcpuId);
    this.#checkRunning('runVcpu');
    if (vcpu.state === 'Created') throw this.#error('BadState', 'runVcpu', `vCPU ${vcpuId} has not been started (a secondary vCPU starts on CpuUp)`);
    if (vcpu.state === 'Blocked') {
      this.pollTimers();
      if (!vcpu.interruptPending) return { kind: 'Halt' };
      vcpu.wake();
    }
    const pcpuId = this.config.base.physCpuIds?.[vcpuId] ?? vcpuId;
    vcpu.bind(pcpuId);
    const context = this.#hal.context;
    context.place(this.id, vcpuId, pcpuId);
    try {
      return context.within({ vmId: this.id, vcpuId, pcpuId }, () => {
        // At most one slice per call, even across stops handled here (a wfi with an interrupt pending).
        for (let budget = this.#slice; ;) {
          const before = vcpu.machine?.instructionsExecuted ?? 0;
          const exit = exitForStop(vcpu, vcpu.run(budget), this);
          if (exit !== undefined) return exit;
          budget -= (vcpu.machine?.instructionsExecuted ?? 0) - before;
          if (budget <= 0) return { kind: 'Nothing' };
        }
      });
    } finally {
      context.unplace(this.id, vcpuId);
      vcpu.unbind();
    }
  }

  /** Sets the result vCPU `vcpuId`'s guest gets for the hypercall it stopped at. */
  setReturnValue(vcpuId: number, value: number): void {
    this.vcpu(vcpuId).setReturnValue(value);
  }

  /**
   * Raises `irq` in every vCPU of `cpuMask` (bit n = vCPU n), through the HAL, wherever the vCPU
   * runs; it is taken at the guest's next interrupt point. InvalidInput for an empty mask, a bit
   * beyond the VM's vCPUs or an irq outside 0–31; BadState once the VM is shutting down.
   */
  injectInterruptToVcpu(cpuMask: number, irq: number): void {
    if (this.#state === 'ShuttingDown') throw this.#error('BadState', 'injectInterruptToVcpu', 'the VM is shutting down');
    const all = this.#allVcpus();
    if (!Number.isInteger(cpuMask) || cpuMask <= 0 || cpuMask > 0xffff_ffff || (cpuMask & ~all) !== 0) {
      throw this.#error('InvalidInput', 'injectInterruptToVcpu', `CPU mask ${cpuMask} must name some of the VM's vCPUs (mask ${all.toString(2)} in binary)`);
    }
    if (!Number.isInteger(irq) || irq < 0 || irq >= VECTOR_COUNT) throw this.#error('InvalidInput', 'injectInterruptToVcpu', `irq ${irq} is not an interrupt vector (0 to ${VECTOR_COUNT - 1})`);
    for (let vcpuId = 0; vcpuId < this.#vcpus.length; vcpuId++) {
      if ((cpuMask >>> vcpuId) & 1) this.#hal.injectIrqToVcpu(this.id, vcpuId, irq);
    }
  }

  /** Raises `irq` in vCPU `vcpuId` (the HAL's delivery lands here). */
  deliverIrq(vcpuId: number, irq: number): void {
    this.vcpu(vcpuId).raise(irq);
  }

  /** Fires expired timers; returns the vCPUs that got a timer interrupt. */
  pollTimers(): readonly number[] {
    return this.#state === 'Running' ? this.#timer.poll() : [];
  }

  /** The earliest armed timer deadline (the HAL's nanoseconds), if any. */
  nextTimerDeadline(): bigint | undefined {
    return this.#timer.nextDeadline();
  }

  /** Maps host memory `[hpa, hpa + size)` at guest `gpa` (AxVM `map_region`). */
  mapRegion(gpa: number, hpa: number, size: number, flags: number): void {
    this.#checkLive('mapRegion');
    this.addressSpace.mapLinear(gpa, hpa, size, checkMappingFlags(flags, { vm: this.name, field: 'mapRegion' }));
  }

  /** Unmaps guest `[gpa, gpa + size)` (AxVM `unmap_region`). */
  unmapRegion(gpa: number, size: number): void {
    this.#checkLive('unmapRegion');
    this.addressSpace.unmap(gpa, size);
  }

  /** Reads a typed value from guest memory, alignment checked (AxVM `read_from_guest_of`). */
  readFromGuestOf<T extends GuestValueType>(gpa: number, type: T): GuestValue<T> {
    return this.addressSpace.readFromGuest(gpa, type);
  }

  /** Writes a typed value to guest memory, alignment checked (AxVM `write_to_guest_of`). */
  writeToGuestOf<T extends GuestValueType>(gpa: number, type: T, value: GuestValue<T>): void {
    this.addressSpace.writeToGuest(gpa, type, value);
  }

  /** The buffers an image of `size` bytes at `gpa` is loaded into (AxVM `get_image_load_region`). */
  getImageLoadRegion(gpa: number, size: number): GuestSegment[] {
    return this.addressSpace.imageLoadRegion(gpa, size);
  }

  /**
   * Reserves `size` bytes (rounded up to 4 KiB) of the VM's IVC channel range and returns the gpa
   * (AxVM `alloc_ivc_channel`). InvalidInput for a size of 0 or a VM without an IVC device; NoMemory
   * when the range is exhausted.
   */
  allocIvcChannel(size: number): number {
    this.#checkLive('allocIvcChannel');
    if (this.#ivc.length === 0) throw this.#error('InvalidInput', 'allocIvcChannel', 'the VM has no IVC channel device (emu_type 0xA)');
    let exhausted: unknown;
    for (const window of this.#ivc) {
      try {
        return window.alloc(size);
      } catch (error) {
        if (!(error instanceof AxError && error.kind === 'NoMemory')) throw error;
        exhausted = error;
      }
    }
    throw exhausted;
  }

  /** Gives back an IVC channel's addresses (AxVM `release_ivc_channel`); NotFound for one that was not allocated. */
  releaseIvcChannel(gpa: number, size: number): void {
    const window = this.#ivc.find((candidate) => gpa >= candidate.base && gpa < candidate.base + candidate.length);
    if (window === undefined) throw this.#error('NotFound', 'releaseIvcChannel', `${gpa} is not in the VM's IVC channel range`);
    window.release(gpa, size);
  }

  /** Bytes of the IVC ranges allocated now. */
  get ivcAllocated(): number {
    return this.#ivc.reduce((sum, window) => sum + window.allocated, 0);
  }

  /** Runs `hook` when the VM shuts down, before its memory is released (the Vmm releases IVC channels). */
  onShutdown(hook: () => void): void {
    this.#releaseHooks.push(hook);
  }

  /**
   * Running (or Created) → ShuttingDown, once: flushes consoles and disks, releases IVC channels,
   * guest memory and the VM's id. BadState when already shutting down.
   */
  shutdown(): void {
    if (this.#state === 'ShuttingDown') throw this.#error('BadState', 'shutdown', 'the VM is already shutting down (shutdown is one-way)');
    this.#state = 'ShuttingDown';
    this.#release();
  }

  #release(): void {
    const problems: string[] = [];
    const attempt = (action: () => void): void => {
      try {
        action();
      } catch (error) {
        problems.push(errorReason(error));
      }
    };
    for (const hook of this.#releaseHooks.splice(0)) attempt(hook);
    for (const device of this.#devices.devices()) {
      if (device instanceof Uart) attempt(() => device.flush());
      if (device instanceof BlockDevice) attempt(() => device.close());
    }
    this.#timer.reset();
    attempt(() => this.addressSpace.unmapAll());
    for (const region of this.#regions.splice(0)) attempt(() => this.#hal.deallocMemoryRegion(region.hpa, region.size));
    for (const vcpu of this.#vcpus) vcpu.invalidate();
    unregisterVm(this.#hal.context, this);
    if (problems.length > 0) throw this.#error('Io', 'shutdown', `releasing the VM's resources failed: ${problems.join('; ')}`);
  }

  #decodeKernel(kernel: Uint8Array): Program {
    try {
      return decodeImage(kernel);
    } catch (error) {
      throw this.#error('InvalidInput', 'kernel.kernel_path', `the kernel image cannot be decoded: ${errorReason(error)}`);
    }
  }

  #mapMemory(): void {
    for (const region of this.config.kernel.memoryRegions) {
      if (region.mapType === MapType.Reserved) this.addressSpace.mapReserved(region.gpa, region.size, region.flags);
      else if (region.mapType === MapType.Alloc) this.addressSpace.mapAlloc(region.gpa, region.size, region.flags, region.gpa === 0);
      else {
        // Identical: the host memory at the guest address, claimed so nothing else takes it.
        this.#hal.allocMemoryRegion(region.size, region.gpa);
        this.#regions.push({ hpa: region.gpa, size: region.size });
        this.addressSpace.mapLinear(region.gpa, region.gpa, region.size, region.flags);
      }
    }
  }

  #loadImages(images: VmImages): void {
    const kernel = this.config.kernel;
    this.addressSpace.loadImage(kernel.kernelLoadAddr, images.kernel);
    for (const name of ['bios', 'dtb', 'ramdisk'] as const) {
      const image = kernel[name];
      const bytes = images[name];
      if (image !== undefined && bytes !== undefined) this.addressSpace.loadImage(image.loadAddr, bytes);
    }
    for (const segment of this.program.data) this.addressSpace.loadImage(segment.address, segment.bytes);
  }

  #dma(): GuestDma {
    return {
      read: (gpa, length) => {
        const bytes = new Uint8Array(length);
        let offset = 0;
        for (const segment of this.addressSpace.translatedByteBuffer(gpa, length)) {
          bytes.set(segment.bytes, offset);
          offset += segment.bytes.length;
        }
        return bytes;
      },
      write: (gpa, bytes) => this.addressSpace.loadImage(gpa, bytes),
    };
  }

  /** A device interrupt: dropped when `interrupt_mode` is "none". */
  #deviceIrq(mask: number, irq: number): void {
    const targets = mask & this.#allVcpus();
    if (this.config.devices.interruptMode === 'none' || targets === 0) return;
    this.injectInterruptToVcpu(targets >>> 0, irq);
  }

  /** The mask of every vCPU. */
  #allVcpus(): number {
    return this.#vcpus.length === 32 ? 0xffff_ffff : (1 << this.#vcpus.length) - 1;
  }

  #checkRunning(operation: string): void {
    if (this.#state !== 'Running') throw this.#error('BadState', operation, this.#state === 'Created' ? 'the VM has not been booted' : 'the VM is shutting down');
  }

  #checkLive(operation: string): void {
    if (this.#state === 'ShuttingDown') throw this.#error('BadState', operation, 'the VM is shutting down');
  }

  #error(kind: AxErrorKind, field: string, detail: string): AxError {
    return new AxError(kind, detail, { vm: this.name, field });
  }
}
