/**
 * Parses and validates a VM's TOML config following AxVM's schema (axvmconfig's
 * `AxVMCrateConfig`): `[base]`, `[kernel]` with `memory_regions`, `[devices]` with `emu_devices`,
 * pass-through devices and `interrupt_mode`. Every problem is an AxError InvalidInput naming the
 * source and the key path; the result is a deeply frozen `VmConfig`.
 */
import { TomlError, parse } from 'smol-toml';
import { VECTOR_COUNT } from '../isa/limits.js';
import { checkMappingFlags } from './mapping-flags.js';
import { ConfigReader } from './config-reader.js';
import type { TomlNode, TomlTable } from './config-reader.js';
import { checkDisjoint, checkImages, checkRangeShape } from './config-layout.js';
import type { NamedRange } from './config-layout.js';
import { EmuType, MAX_DISK_SECTORS, MapType, VmType } from './config-types.js';
import type {
  EmuDeviceConfig, ImageConfig, ImageLocation, ImageSizes, InterruptMode, MemoryRegionConfig, PassthroughAddressConfig,
  PassthroughDeviceConfig, VmBaseConfig, VmConfig, VmDevicesConfig, VmKernelConfig,
} from './config-types.js';
import { AxError } from './errors.js';
import { hex } from './page.js';

/** Most vCPUs a VM may have (a vCPU mask is a 32-bit value). */
export const MAX_VCPUS = 32;

/** What `parseVmConfig` may also check. */
export interface ParseVmConfigOptions {
  /** The sizes of the images, to check that each fits the memory it is loaded into. */
  readonly imageSizes?: ImageSizes;
}

/** The `interrupt_mode` spellings AxVM accepts (serde names and aliases), normalised. */
const INTERRUPT_MODES: Readonly<Record<string, InterruptMode>> = {
  none: 'none', no_irq: 'none', no: 'none',
  emulated: 'emulated', emu: 'emulated',
  passthrough: 'passthrough', pt: 'passthrough',
};

/** Kernel image file extensions: a binary image or assembly source. */
const KERNEL_EXTENSIONS = ['.exb', '.exa'];

/**
 * Parses the TOML config `text` (named `source` in errors) into a validated, frozen VmConfig.
 * Throws AxError InvalidInput for a syntax error (with its line and column) or any invalid value.
 */
export function parseVmConfig(text: string, source: string, options: ParseVmConfigOptions = {}): VmConfig {
  const reader = new ConfigReader(source);
  const root = reader.table(parseToml(text, source), '');
  reader.onlyKeys(root, '', ['base', 'kernel', 'devices']);
  const base = reader.required(root, '', 'base', (value, path) => readBase(reader, reader.table(value, path)));
  const kernel = reader.required(root, '', 'kernel', (value, path) => readKernel(reader, reader.table(value, path)));
  const devices = reader.required(root, '', 'devices', (value, path) => readDevices(reader, reader.table(value, path)));
  const config: VmConfig = { source, base, kernel, devices };
  checkLayout(reader, config);
  checkImages(reader, config, options.imageSizes);
  return deepFreeze(config);
}

/**
 * Checks that images of the given sizes fit where `config` loads them (for embedders that learn
 * the sizes after parsing). Throws AxError InvalidInput naming the image's key.
 */
export function checkImageSizes(config: VmConfig, sizes: ImageSizes): void {
  checkImages(new ConfigReader(config.source), config, sizes);
}

function parseToml(text: string, source: string): TomlNode {
  try {
    return parse(text, { integersAsBigInt: true, unsafeKeyBehaviour: 'throw' });
  } catch (error) {
    if (error instanceof TomlError) {
      const what = error.message.split('\n')[0].replace(/^Invalid TOML document: /, '');
      throw new AxError('InvalidInput', `invalid TOML: ${what}`, { vm: `${source}:${error.line}:${error.column}` });
    }
    // The parser can fail in other ways on pathological input (e.g. the engine's stack limit).
    throw new AxError('InvalidInput', `invalid TOML: ${error instanceof Error ? error.message : String(error)}`, { vm: source });
  }
}

function readBase(reader: ConfigReader, table: TomlTable): VmBaseConfig {
  reader.onlyKeys(table, 'base', ['id', 'name', 'vm_type', 'cpu_num', 'phys_cpu_ids', 'phys_cpu_sets']);
  const u32 = reader.u32.bind(reader);
  const cpuNum = reader.required(table, 'base', 'cpu_num', u32);
  if (cpuNum < 1 || cpuNum > MAX_VCPUS) throw reader.error('base.cpu_num', `${cpuNum} vCPUs; a VM has 1 to ${MAX_VCPUS}`);
  const vmType = reader.required(table, 'base', 'vm_type', u32);
  if (!Object.values(VmType).includes(vmType as VmType)) throw reader.error('base.vm_type', `unknown VM type ${vmType} (0 host VM, 1 RTOS, 2 Linux)`);
  const perVcpu = (key: string, check: (ids: number[], path: string) => void) =>
    reader.optional(table, 'base', key, (value, path) => {
      const ids = reader.u32Array(value, path);
      if (ids.length !== cpuNum) throw reader.error(path, `has ${ids.length} ${ids.length === 1 ? 'entry' : 'entries'} but base.cpu_num is ${cpuNum}; give one per vCPU`);
      check(ids, path);
      return ids;
    });
  const physCpuIds = perVcpu('phys_cpu_ids', (ids, path) => {
    const duplicate = ids.findIndex((id, index) => ids.indexOf(id) !== index);
    if (duplicate !== -1) throw reader.error(`${path}[${duplicate}]`, `physical CPU id ${ids[duplicate]} is given to two vCPUs`);
  });
  const physCpuSets = perVcpu('phys_cpu_sets', (masks, path) => {
    const empty = masks.indexOf(0);
    if (empty !== -1) throw reader.error(`${path}[${empty}]`, 'an empty CPU mask leaves the vCPU nowhere to run');
  });
  return {
    id: reader.required(table, 'base', 'id', u32),
    name: reader.required(table, 'base', 'name', (value, path) => reader.string(value, path, true)),
    vmType: vmType as VmType,
    cpuNum,
    ...(physCpuIds === undefined ? {} : { physCpuIds }),
    ...(physCpuSets === undefined ? {} : { physCpuSets }),
  };
}

function readKernel(reader: ConfigReader, table: TomlTable): VmKernelConfig {
  const images = ['bios', 'dtb', 'ramdisk'] as const;
  reader.onlyKeys(table, 'kernel', [
    'entry_point', 'image_location', 'kernel_path', 'kernel_load_addr', ...images.flatMap((name) => [`${name}_path`, `${name}_load_addr`]),
    'cmdline', 'disk_path', 'memory_regions',
  ]);
  const u32 = reader.u32.bind(reader);
  const text = (value: TomlNode, path: string) => reader.string(value, path, true);
  const kernelPath = reader.required(table, 'kernel', 'kernel_path', text);
  if (!KERNEL_EXTENSIONS.some((extension) => kernelPath.toLowerCase().endsWith(extension))) {
    throw reader.error('kernel.kernel_path', `"${kernelPath}" is not an exvm kernel: expected a .exb image or .exa assembly source`);
  }
  const imageLocation = reader.optional(table, 'kernel', 'image_location', (value, path) => {
    const location = reader.string(value, path);
    if (location !== 'fs' && location !== 'memory') throw reader.error(path, `unknown image location "${location}" (expected "fs" or "memory")`);
    return location;
  }) ?? 'fs';
  const optionalImages: { bios?: ImageConfig; dtb?: ImageConfig; ramdisk?: ImageConfig } = {};
  for (const name of images) {
    const path = reader.optional(table, 'kernel', `${name}_path`, text);
    const loadAddr = reader.optional(table, 'kernel', `${name}_load_addr`, u32);
    if ((path === undefined) !== (loadAddr === undefined)) {
      const [given, missing] = path === undefined ? [`${name}_load_addr`, `${name}_path`] : [`${name}_path`, `${name}_load_addr`];
      throw reader.error(`kernel.${missing}`, `missing: kernel.${given} is given, so kernel.${missing} is required too`);
    }
    if (path !== undefined && loadAddr !== undefined) optionalImages[name] = { path, loadAddr };
  }
  const cmdline = reader.optional(table, 'kernel', 'cmdline', (value, path) => reader.string(value, path));
  const diskPath = reader.optional(table, 'kernel', 'disk_path', text);
  const memoryRegions = reader.required(table, 'kernel', 'memory_regions', (value, path) => {
    const regions = reader.array(value, path).map((entry, index) => readMemoryRegion(reader, entry, `${path}[${index}]`));
    if (regions.length === 0) throw reader.error(path, 'a VM needs at least one memory region');
    return regions;
  });
  return {
    entryPoint: reader.required(table, 'kernel', 'entry_point', u32),
    imageLocation: imageLocation as ImageLocation,
    kernelPath,
    kernelLoadAddr: reader.required(table, 'kernel', 'kernel_load_addr', u32),
    ...optionalImages,
    ...(cmdline === undefined ? {} : { cmdline }),
    ...(diskPath === undefined ? {} : { diskPath }),
    memoryRegions,
  };
}

function readMemoryRegion(reader: ConfigReader, entry: TomlNode, path: string): MemoryRegionConfig {
  const u32 = reader.u32.bind(reader);
  const region = reader.record(entry, path, {
    gpa: { read: u32 },
    size: { read: u32 },
    flags: { read: (value, at) => checkMappingFlags(u32(value, at), { vm: reader.source, field: at }) },
    map_type: {
      read: (value, at) => {
        const type = u32(value, at);
        if (!Object.values(MapType).includes(type as MapType)) throw reader.error(at, `unknown map_type ${type} (0 alloc, 1 identical, 2 reserved)`);
        return type as MapType;
      },
    },
  });
  return { gpa: region.gpa, size: region.size, flags: region.flags, mapType: region.map_type };
}

function readDevices(reader: ConfigReader, table: TomlTable): VmDevicesConfig {
  reader.onlyKeys(table, 'devices', ['emu_devices', 'passthrough_devices', 'interrupt_mode', 'excluded_devices', 'passthrough_addresses']);
  const u32 = reader.u32.bind(reader);
  const irq = (value: TomlNode, path: string) => {
    const id = u32(value, path);
    if (id >= VECTOR_COUNT) throw reader.error(path, `irq ${id} is not an interrupt vector (0 to ${VECTOR_COUNT - 1})`);
    return id;
  };
  const name = (value: TomlNode, path: string) => reader.string(value, path, true);
  const list = <T>(key: string, read: (entry: TomlNode, path: string) => T, fallback?: T[]) => {
    const readList = (value: TomlNode, path: string) => reader.array(value, path).map((entry, index) => read(entry, `${path}[${index}]`));
    return fallback === undefined ? reader.required(table, 'devices', key, readList) : reader.optional(table, 'devices', key, readList) ?? fallback;
  };
  const emuDevices = list('emu_devices', (entry, path): EmuDeviceConfig => {
    const device = reader.record(entry, path, {
      name: { read: name },
      base_gpa: { read: u32 },
      length: { read: u32 },
      irq_id: { read: irq },
      emu_type: { read: (value: TomlNode, at: string) => emuType(reader, value, at) },
      cfg_list: { read: (value: TomlNode, at: string) => reader.u32Array(value, at), fallback: [] as number[] },
    });
    const sectors = device.cfg_list[0];
    if (device.emu_type === EmuType.VirtioBlk && sectors !== undefined && (sectors < 1 || sectors > MAX_DISK_SECTORS)) {
      throw reader.error(`${path}.cfg_list[0]`, `a block device of ${sectors} sectors; it has 1 to ${MAX_DISK_SECTORS} (1 GiB)`);
    }
    return { name: device.name, baseGpa: device.base_gpa, length: device.length, irqId: device.irq_id, emuType: device.emu_type, cfgList: device.cfg_list };
  });
  const passthroughDevices = list('passthrough_devices', (entry, path): PassthroughDeviceConfig => {
    const device = reader.record(entry, path, {
      name: { read: name },
      base_gpa: { read: u32, fallback: 0 },
      base_hpa: { read: u32, fallback: 0 },
      length: { read: u32, fallback: 0 },
      irq_id: { read: irq, fallback: 0 },
    });
    return { name: device.name, baseGpa: device.base_gpa, baseHpa: device.base_hpa, length: device.length, irqId: device.irq_id };
  });
  const passthroughAddresses = list('passthrough_addresses', (entry, path): PassthroughAddressConfig => {
    const address = reader.record(entry, path, { base_gpa: { read: u32, fallback: 0 }, length: { read: u32, fallback: 0 } });
    return { baseGpa: address.base_gpa, length: address.length };
  }, []);
  const excludedDevices = list('excluded_devices', (entry, path) => reader.array(entry, path).map((item, index) => reader.string(item, `${path}[${index}]`)), []);
  const mode = reader.optional(table, 'devices', 'interrupt_mode', (value, path) => {
    const spelled = reader.string(value, path);
    const normalised = Object.hasOwn(INTERRUPT_MODES, spelled) ? INTERRUPT_MODES[spelled] : undefined;
    if (normalised === undefined) throw reader.error(path, `unknown interrupt mode "${spelled}" (expected "none", "emulated" or "passthrough")`);
    return normalised;
  });
  for (const [key, devices] of [['emu_devices', emuDevices], ['passthrough_devices', passthroughDevices]] as const) {
    devices.forEach((device, index) => {
      const first = devices.findIndex((other) => other.name === device.name);
      if (first !== index) throw reader.error(`devices.${key}[${index}].name`, `"${device.name}" is also the name of devices.${key}[${first}]`);
    });
  }
  return { emuDevices, passthroughDevices, passthroughAddresses, excludedDevices, interruptMode: mode ?? 'none' };
}

function emuType(reader: ConfigReader, value: TomlNode, path: string): EmuType {
  const type = reader.u32(value, path);
  if (!Object.values(EmuType).includes(type as EmuType)) {
    throw reader.error(path, `unknown emu_type ${hex(type)} (0x0 dummy, 0x1 interrupt controller, 0x2 console, 0xa IVC channel, 0xe1 virtio-blk, 0xe2 virtio-net, 0xe3 virtio-console)`);
  }
  return type as EmuType;
}

/** Every guest range of the config: shapes first, then overlaps (memory, emulated devices, pass-through). */
function checkLayout(reader: ConfigReader, config: VmConfig): void {
  const ranges: NamedRange[] = [];
  const add = (list: string, entries: readonly { start: number; size: number }[], startKey: string, sizeKey: string) => {
    entries.forEach((entry, index) => {
      const range = { path: `${list}[${index}]`, list, ...entry };
      checkRangeShape(reader, range, startKey, sizeKey);
      ranges.push(range);
    });
  };
  add('kernel.memory_regions', config.kernel.memoryRegions.map((r) => ({ start: r.gpa, size: r.size })), 'gpa', 'size');
  add('devices.emu_devices', config.devices.emuDevices.map((d) => ({ start: d.baseGpa, size: d.length })), 'base_gpa', 'length');
  add('devices.passthrough_devices', config.devices.passthroughDevices.map((d) => ({ start: d.baseGpa, size: d.length })), 'base_gpa', 'length');
  add('devices.passthrough_addresses', config.devices.passthroughAddresses.map((d) => ({ start: d.baseGpa, size: d.length })), 'base_gpa', 'length');
  checkDisjoint(reader, ranges);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
