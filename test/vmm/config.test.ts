/** VM config parsing: one test per validation rule, each checking the key path the error names. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EmuType, MAX_DISK_SECTORS, MapType, VmType } from '../../src/vmm/config-types.js';
import { parseVmConfig } from '../../src/vmm/config.js';
import { BASE_CONFIG, assertAxError, withExtra, withLine } from './helpers.js';

const SOURCE = 'test.toml';
const parse = (text: string) => parseVmConfig(text, SOURCE);
const invalid = (text: string, ...parts: string[]) => assertAxError(() => parse(text), 'InvalidInput', SOURCE, ...parts);
const regions = (list: string) => withLine('memory_regions', `memory_regions = ${list}`);
const emu = (list: string) => withLine('emu_devices', `emu_devices = ${list}`);

describe('a valid config', () => {
  test('parses into a typed config', () => {
    const config = parse(BASE_CONFIG);
    assert.equal(config.source, SOURCE);
    assert.deepEqual(config.base, { id: 7, name: 'test-vm', vmType: VmType.Rtos, cpuNum: 2, physCpuIds: [0, 1] });
    assert.equal(config.kernel.entryPoint, 0);
    assert.equal(config.kernel.imageLocation, 'fs');
    assert.equal(config.kernel.kernelPath, 'kernel.exb');
    assert.equal(config.kernel.kernelLoadAddr, 0x8000_0000);
    assert.deepEqual(config.kernel.memoryRegions, [
      { gpa: 0, size: 0x10_0000, flags: 3, mapType: MapType.Alloc },
      { gpa: 0x8000_0000, size: 0x1_0000, flags: 5, mapType: MapType.Alloc },
    ]);
    assert.deepEqual(config.devices, {
      emuDevices: [{ name: 'uart0', baseGpa: 0x1000_0000, length: 0x1000, irqId: 1, emuType: EmuType.Console, cfgList: [] }],
      passthroughDevices: [],
      passthroughAddresses: [],
      excludedDevices: [],
      interruptMode: 'emulated',
    });
  });

  test('is deeply frozen', () => {
    const config = parse(BASE_CONFIG);
    assert.ok(Object.isFrozen(config) && Object.isFrozen(config.kernel.memoryRegions) && Object.isFrozen(config.kernel.memoryRegions[0]));
    assert.throws(() => ((config.base as { cpuNum: number }).cpuNum = 9), TypeError);
  });

  test('accepts records as inline tables and optional keys with their defaults', () => {
    const config = parse(withExtra('kernel', 'dtb_path = "guest.dtb"\ndtb_load_addr = 0x1000\ncmdline = "quiet"\ndisk_path = "disk.img"',
      withLine('memory_regions', 'memory_regions = [{ gpa = 0x0, size = 0x10_0000, flags = 0x3, map_type = 0 }, [0x8000_0000, 0x1_0000, 0x5, 1]]',
        withLine('passthrough_devices', 'passthrough_devices = [{ name = "timer", base_gpa = 0x3000_0000, length = 0x1000 }]',
          withLine('image_location', '')))));
    assert.equal(config.kernel.imageLocation, 'fs');
    assert.deepEqual(config.kernel.dtb, { path: 'guest.dtb', loadAddr: 0x1000 });
    assert.equal(config.kernel.cmdline, 'quiet');
    assert.equal(config.kernel.diskPath, 'disk.img');
    assert.equal(config.kernel.memoryRegions[1].mapType, MapType.Identical);
    assert.deepEqual(config.devices.passthroughDevices, [{ name: 'timer', baseGpa: 0x3000_0000, baseHpa: 0, length: 0x1000, irqId: 0 }]);
  });

  test('normalises the interrupt_mode aliases AxVM accepts, and defaults it to none', () => {
    for (const [spelled, mode] of [['no_irq', 'none'], ['no', 'none'], ['none', 'none'], ['emu', 'emulated'], ['pt', 'passthrough'], ['passthrough', 'passthrough']]) {
      assert.equal(parse(withLine('interrupt_mode', `interrupt_mode = "${spelled}"`)).devices.interruptMode, mode);
    }
    assert.equal(parse(withLine('interrupt_mode', '')).devices.interruptMode, 'none');
  });

  test('accepts an .exa kernel and adjacent regions an image spans', () => {
    const text = withLine('kernel_path', 'kernel_path = "kernel.EXA"', regions('[[0x8000_0000, 0x1000, 0x5, 0], [0x8000_1000, 0x1000, 0x1, 1]]'));
    const config = parseVmConfig(text, SOURCE, { imageSizes: { kernel: 0x2000 } });
    assert.equal(config.kernel.kernelPath, 'kernel.EXA');
  });
});

describe('every invalid config is InvalidInput naming the key', () => {
  test('TOML syntax error, with its line and column', () => {
    invalid(withLine('cpu_num', 'cpu_num = = 2'), 'test.toml:5:', 'invalid TOML');
  });

  test('an unsafe key (__proto__)', () => {
    invalid(withExtra('base', '__proto__ = 1'), 'invalid TOML');
  });

  test('missing key', () => {
    invalid(withLine('cpu_num', ''), 'base.cpu_num: missing required key');
    invalid(withLine('kernel_path', ''), 'kernel.kernel_path: missing required key');
    invalid(withLine('emu_devices', ''), 'devices.emu_devices: missing required key');
  });

  test('missing table', () => {
    invalid(BASE_CONFIG.slice(0, BASE_CONFIG.indexOf('[devices]')), 'devices: missing required key');
  });

  test('unknown key or table', () => {
    invalid(withExtra('base', 'cpu_nums = 2'), 'base.cpu_nums: unknown key');
    invalid(`${BASE_CONFIG}\n[network]\nx = 1\n`, 'network: unknown key');
    invalid(regions('[{ gpa = 0x0, size = 0x1000, flags = 3, map_type = 0, colour = 1 }]'), 'kernel.memory_regions[0].colour: unknown key');
  });

  test('wrong type', () => {
    invalid(withLine('name', 'name = 5'), 'base.name: expected a string, got the integer 5');
    invalid(withLine('cpu_num', 'cpu_num = 2.0'), 'base.cpu_num: expected an unsigned integer, got the float 2');
    invalid(withLine('phys_cpu_ids', 'phys_cpu_ids = "0,1"'), 'base.phys_cpu_ids: expected an array');
    invalid(`base = 5\n${BASE_CONFIG.slice(BASE_CONFIG.indexOf('[kernel]'))}`, 'base: expected a table, got the integer 5');
    invalid(withExtra('devices', 'excluded_devices = [[1]]'), 'devices.excluded_devices[0][0]: expected a string');
  });

  test('negative number', () => {
    invalid(withLine('entry_point', 'entry_point = -1'), 'kernel.entry_point: -1 is negative');
  });

  test('overflowing number', () => {
    invalid(withLine('kernel_load_addr', 'kernel_load_addr = 0x1_0000_0000'), 'kernel.kernel_load_addr: 0x100000000 does not fit in 32 bits');
    invalid(withLine('id', 'id = 99999999999999999999'), 'base.id:', 'does not fit in 32 bits');
  });

  test('empty name', () => {
    invalid(withLine('name', 'name = "  "'), 'base.name: must not be empty');
  });

  test('unknown vm_type', () => {
    invalid(withLine('vm_type', 'vm_type = 3'), 'base.vm_type: unknown VM type 3');
  });

  test('cpu_num 0 or above the vCPU limit', () => {
    invalid(withLine('cpu_num', 'cpu_num = 0'), 'base.cpu_num: 0 vCPUs');
    invalid(withLine('phys_cpu_ids', '', withLine('cpu_num', 'cpu_num = 33')), 'base.cpu_num: 33 vCPUs');
  });

  test('phys_cpu_ids length mismatch or a duplicate id', () => {
    invalid(withLine('phys_cpu_ids', 'phys_cpu_ids = [0]'), 'base.phys_cpu_ids: has 1 entry but base.cpu_num is 2');
    invalid(withLine('phys_cpu_ids', 'phys_cpu_ids = [3, 3]'), 'base.phys_cpu_ids[1]: physical CPU id 3 is given to two vCPUs');
  });

  test('phys_cpu_sets length mismatch or an empty mask', () => {
    invalid(withExtra('base', 'phys_cpu_sets = [1, 2, 4]'), 'base.phys_cpu_sets: has 3 entries');
    invalid(withExtra('base', 'phys_cpu_sets = [1, 0]'), 'base.phys_cpu_sets[1]: an empty CPU mask');
  });

  test('unknown image_location', () => {
    invalid(withLine('image_location', 'image_location = "net"'), 'kernel.image_location: unknown image location "net"');
  });

  test('a kernel that is not an exvm image or assembly source', () => {
    invalid(withLine('kernel_path', 'kernel_path = "linux.bin"'), 'kernel.kernel_path: "linux.bin" is not an exvm kernel');
  });

  test('an optional image with a path but no load address (or the reverse)', () => {
    invalid(withExtra('kernel', 'bios_path = "bios.bin"'), 'kernel.bios_load_addr: missing');
    invalid(withExtra('kernel', 'ramdisk_load_addr = 0x1000'), 'kernel.ramdisk_path: missing');
  });

  test('no memory regions', () => {
    invalid(regions('[]'), 'kernel.memory_regions: a VM needs at least one memory region');
  });

  test('a memory region of the wrong shape', () => {
    invalid(regions('[[0x0, 0x1000, 0x3]]'), 'kernel.memory_regions[0]: expected 4 fields [gpa, size, flags, map_type], got 3');
    invalid(regions('[5]'), 'kernel.memory_regions[0]: expected an array [gpa, size, flags, map_type] or an inline table');
    invalid(regions('[{ gpa = 0x0, size = 0x1000, flags = 3 }]'), 'kernel.memory_regions[0].map_type: missing required key');
  });

  test('unaligned region address or size', () => {
    invalid(regions('[[0x800, 0x10_0000, 0x3, 0], [0x8000_0000, 0x1_0000, 0x5, 0]]'), 'kernel.memory_regions[0].gpa: 0x800 is not aligned to the 4 KiB page size');
    invalid(regions('[[0x0, 0x10_0000, 0x3, 0], [0x8000_0000, 0x1_0010, 0x5, 0]]'), 'kernel.memory_regions[1].size: 0x10010 is not a multiple of the 4 KiB page size');
  });

  test('a zero-size region', () => {
    invalid(regions('[[0x0, 0x0, 0x3, 0]]'), 'kernel.memory_regions[0].size: must not be 0');
  });

  test('a region beyond 4 GiB', () => {
    invalid(regions('[[0xffff_f000, 0x2000, 0x3, 0]]'), 'kernel.memory_regions[0]: 0xfffff000..0x100001000 ends beyond the 4 GiB');
  });

  test('unknown mapping-flag bits', () => {
    invalid(regions('[[0x0, 0x1000, 0x43, 0]]'), 'kernel.memory_regions[0].flags: unknown mapping flag bits 0x40 in 0x43');
  });

  test('unknown map_type', () => {
    invalid(regions('[[0x0, 0x1000, 0x3, 3]]'), 'kernel.memory_regions[0].map_type: unknown map_type 3');
  });

  test('overlapping memory regions', () => {
    invalid(regions('[[0x8000_0000, 0x1_0000, 0x5, 0], [0x7fff_0000, 0x2_0000, 0x3, 0]]'), 'kernel.memory_regions[1]: overlaps memory_regions[0] at 0x80000000');
  });

  test('a load address outside loadable memory (unmapped or reserved)', () => {
    invalid(withLine('kernel_load_addr', 'kernel_load_addr = 0x4000_0000'), 'kernel.kernel_load_addr: 0x40000000 is not inside an alloc or identical memory region');
    invalid(regions('[[0x0, 0x10_0000, 0x3, 0], [0x8000_0000, 0x1_0000, 0x5, 2]]'), 'kernel.kernel_load_addr: 0x80000000 is not inside');
    invalid(withExtra('kernel', 'dtb_path = "a.dtb"\ndtb_load_addr = 0x20_0000'), 'kernel.dtb_load_addr: 0x200000 is not inside');
  });

  test('an image that does not fit the regions where it is loaded', () => {
    assertAxError(() => parseVmConfig(BASE_CONFIG, SOURCE, { imageSizes: { kernel: 0x1_0001 } }), 'InvalidInput',
      'kernel.kernel_path: the 65537-byte image loaded at 0x80000000 does not fit: 0x80010000..0x80010001 is outside loadable memory');
  });

  test('images that overlap each other', () => {
    const text = withExtra('kernel', 'dtb_path = "a.dtb"\ndtb_load_addr = 0x8000_0100');
    assert.doesNotThrow(() => parseVmConfig(text, SOURCE, { imageSizes: { kernel: 0x100, dtb: 0x10 } }));
    assertAxError(() => parseVmConfig(text, SOURCE, { imageSizes: { kernel: 0x101, dtb: 0x10 } }), 'InvalidInput',
      'kernel.dtb_path: the image at 0x80000100..0x80000110 overlaps the kernel.kernel_path image');
  });

  test('unknown emu_type', () => {
    invalid(emu('[["x", 0x1000_0000, 0x1000, 1, 0x3, []]]'), 'devices.emu_devices[0].emu_type: unknown emu_type 0x3');
    invalid(emu('[["gicr", 0x1000_0000, 0x1000, 1, 0x20, []]]'), 'devices.emu_devices[0].emu_type: unknown emu_type 0x20');
  });

  test('a device of the wrong shape', () => {
    invalid(emu('[["x", 0x1000_0000, 0x1000, 1]]'), 'devices.emu_devices[0]: expected 5 to 6 fields');
  });

  test('an unaligned or empty device range', () => {
    invalid(emu('[["x", 0x1000_0100, 0x1000, 1, 0x2, []]]'), 'devices.emu_devices[0].base_gpa: 0x10000100 is not aligned');
    invalid(emu('[["x", 0x1000_0000, 0x0, 1, 0x2, []]]'), 'devices.emu_devices[0].length: must not be 0');
    invalid(emu('[["x", 0x1000_0000, 0x100, 1, 0x2, []]]'), 'devices.emu_devices[0].length: 0x100 is not a multiple');
  });

  test('a device range overlapping memory', () => {
    invalid(emu('[["x", 0x8000_0000, 0x1000, 1, 0x2, []]]'), 'devices.emu_devices[0]: overlaps kernel.memory_regions[1] at 0x80000000');
  });

  test('device ranges overlapping each other', () => {
    invalid(emu('[["a", 0x1000_0000, 0x2000, 1, 0x2, []], ["b", 0x1000_1000, 0x1000, 2, 0xA, []]]'), 'devices.emu_devices[1]: overlaps emu_devices[0] at 0x10001000');
    invalid(withLine('passthrough_devices', 'passthrough_devices = [["pt", 0x1000_0000, 0x0, 0x1000, 3]]'),
      'devices.passthrough_devices[0]: overlaps devices.emu_devices[0] at 0x10000000');
    invalid(withExtra('devices', 'passthrough_addresses = [[0x0, 0x1000]]'), 'devices.passthrough_addresses[0]: overlaps kernel.memory_regions[0] at 0x0');
  });

  test('an irq that is not an interrupt vector', () => {
    invalid(emu('[["x", 0x1000_0000, 0x1000, 32, 0x2, []]]'), 'devices.emu_devices[0].irq_id: irq 32 is not an interrupt vector');
  });

  test('two devices with one name', () => {
    invalid(emu('[["a", 0x1000_0000, 0x1000, 1, 0x2, []], ["a", 0x2000_0000, 0x1000, 2, 0xA, []]]'), 'devices.emu_devices[1].name: "a" is also the name of devices.emu_devices[0]');
  });

  test('a block device\'s sector count (cfg_list[0]) of 0 or above MAX_DISK_SECTORS', () => {
    for (const sectors of ['0', '4294967295', `${MAX_DISK_SECTORS + 1}`]) {
      invalid(emu(`[["uart0", 0x1000_0000, 0x1000, 1, 0x2, []], ["disk0", 0x1000_1000, 0x1000, 3, 0xE1, [${sectors}]]]`), 'devices.emu_devices[1].cfg_list[0]', `${sectors} sectors`);
    }
    assert.deepEqual(parse(emu(`[["disk0", 0x1000_1000, 0x1000, 3, 0xE1, [${MAX_DISK_SECTORS}]]]`)).devices.emuDevices[0].cfgList, [MAX_DISK_SECTORS]);
  });

  test('a bad cfg_list', () => {
    invalid(emu('[["x", 0x1000_0000, 0x1000, 1, 0x2, [-1]]]'), 'devices.emu_devices[0].cfg_list[0]: -1 is negative');
  });

  test('unknown interrupt_mode', () => {
    invalid(withLine('interrupt_mode', 'interrupt_mode = "msi"'), 'devices.interrupt_mode: unknown interrupt mode "msi"');
  });
});
