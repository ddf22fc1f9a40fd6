/**
 * Inter-VM communication channels (axvisor's IVC): a publisher VM publishes a channel under a key;
 * the VMM allocates host memory for it, maps it into the publisher's IVC range and writes the
 * channel header {publisher_id, key} (two little-endian u64) at its start. Subscribers map the same
 * host memory into their own IVC ranges. The host memory is freed when the publisher has unpublished
 * and every subscriber has unsubscribed (or their VMs shut down): nothing leaks.
 */
import { AxError } from './errors.js';
import { channelSize } from './ivc-window.js';
import { MappingFlags } from './mapping-flags.js';
import type { Vm, VmHal } from './vm.js';

/** Bytes of the channel header: publisher_id (u64) then key (u64). */
export const IVC_HEADER_SIZE = 16;

/** Where a channel is mapped in one VM. */
export interface ChannelMapping {
  /** The guest physical address in that VM. */
  readonly gpa: number;
  /** The channel's size (whole pages). */
  readonly size: number;
}

interface Channel {
  readonly publisherId: number;
  readonly key: number;
  readonly hpa: number;
  readonly size: number;
  /** The VMs that map it (the publisher included while it has not unpublished): vm id → gpa. */
  readonly mappedBy: Map<number, { vm: Vm; gpa: number }>;
}

/** The IVC channels of every VM of a HAL. */
export class IvcChannels {
  /** Published channels by `publisher:key`. */
  readonly #published = new Map<string, Channel>();
  /** Channels still mapped somewhere (published or not). */
  readonly #live = new Set<Channel>();

  /** Creates the registry; channel memory comes from `hal`. */
  constructor(private readonly hal: VmHal) {}

  /** Host bytes held by channels now. */
  get hostBytes(): number {
    let bytes = 0;
    for (const channel of this.#live) bytes += channel.size;
    return bytes;
  }

  /**
   * Publishes a channel of `size` bytes (rounded to 4 KiB) under `key`. InvalidInput for size 0 or a
   * VM without an IVC device, NoMemory when its range or host memory is exhausted, AlreadyExists
   * when the VM has published `key` already.
   */
  publish(vm: Vm, key: number, size: number): ChannelMapping {
    const id = channelId(vm.id, key);
    if (this.#published.has(id)) throw new AxError('AlreadyExists', `the VM has published IVC key ${key} already`, { vm: vm.name, field: 'ivc.publish' });
    const gpa = vm.allocIvcChannel(size);
    const rounded = channelSize(size);
    let hpa: number;
    try {
      hpa = this.hal.allocMemoryRegion(rounded);
    } catch (error) {
      vm.releaseIvcChannel(gpa, rounded);
      throw error;
    }
    vm.addressSpace.mapLinear(gpa, hpa, rounded, MappingFlags.READ | MappingFlags.WRITE);
    const view = this.hal.memory.view;
    view.setBigUint64(hpa, BigInt(vm.id), true);
    view.setBigUint64(hpa + 8, BigInt(key >>> 0), true);
    const channel: Channel = { publisherId: vm.id, key, hpa, size: rounded, mappedBy: new Map([[vm.id, { vm, gpa }]]) };
    this.#published.set(id, channel);
    this.#live.add(channel);
    return { gpa, size: rounded };
  }

  /**
   * Maps the channel VM `publisherId` published under `key` into `vm`'s IVC range. NotFound when
   * there is none; AlreadyExists when `vm` maps it already; InvalidInput or NoMemory as `publish`.
   */
  subscribe(vm: Vm, publisherId: number, key: number): ChannelMapping {
    const channel = this.#channel(vm, publisherId, key, 'ivc.subscribe');
    if (channel.mappedBy.has(vm.id)) throw new AxError('AlreadyExists', `the VM maps IVC channel ${key} of VM ${publisherId} already`, { vm: vm.name, field: 'ivc.subscribe' });
    const gpa = vm.allocIvcChannel(channel.size);
    try {
      vm.addressSpace.mapLinear(gpa, channel.hpa, channel.size, MappingFlags.READ | MappingFlags.WRITE);
    } catch (error) {
      vm.releaseIvcChannel(gpa, channel.size);
      throw error;
    }
    channel.mappedBy.set(vm.id, { vm, gpa });
    return { gpa, size: channel.size };
  }

  /** Withdraws `vm`'s channel `key`: unmapped from the publisher; NotFound when it has not published it. */
  unpublish(vm: Vm, key: number): void {
    const channel = this.#channel(vm, vm.id, key, 'ivc.unpublish');
    this.#published.delete(channelId(vm.id, key));
    this.#unmap(channel, vm);
  }

  /** Unmaps channel `key` of `publisherId` from `vm`; NotFound when `vm` does not map it. */
  unsubscribe(vm: Vm, publisherId: number, key: number): void {
    const channel = [...this.#live].find((candidate) => candidate.publisherId === publisherId && candidate.key === key && candidate.mappedBy.has(vm.id) && vm.id !== publisherId);
    if (channel === undefined) throw new AxError('NotFound', `the VM is not subscribed to IVC channel ${key} of VM ${publisherId}`, { vm: vm.name, field: 'ivc.unsubscribe' });
    this.#unmap(channel, vm);
  }

  /** Releases everything `vm` publishes or maps (it shuts down). */
  releaseVm(vm: Vm): void {
    for (const channel of [...this.#live]) {
      if (!channel.mappedBy.has(vm.id)) continue;
      if (channel.publisherId === vm.id) this.#published.delete(channelId(vm.id, channel.key));
      this.#unmap(channel, vm);
    }
  }

  #channel(vm: Vm, publisherId: number, key: number, field: string): Channel {
    const channel = this.#published.get(channelId(publisherId, key));
    if (channel === undefined) throw new AxError('NotFound', `VM ${publisherId} has not published IVC key ${key}`, { vm: vm.name, field });
    return channel;
  }

  #unmap(channel: Channel, vm: Vm): void {
    const mapping = channel.mappedBy.get(vm.id);
    if (mapping === undefined) return;
    channel.mappedBy.delete(vm.id);
    vm.addressSpace.unmap(mapping.gpa, channel.size);
    vm.releaseIvcChannel(mapping.gpa, channel.size);
    if (channel.mappedBy.size === 0 && !this.#published.has(channelId(channel.publisherId, channel.key))) {
      this.#live.delete(channel);
      this.hal.deallocMemoryRegion(channel.hpa, channel.size);
    }
  }
}

function channelId(publisherId: number, key: number): string {
  return `${publisherId}:${key}`;
}
