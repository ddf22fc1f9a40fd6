/** The block device: registers, commands, DMA, statuses; a host file disk that keeps flushed writes across a VM's shutdown and re-creation. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { BLOCK_BUFFER, BLOCK_CAPACITY, BLOCK_COMMAND, BLOCK_SECTOR, BLOCK_STATUS, BlockCommand, BlockDevice, BlockStatus, MemoryBlockBackend, SECTOR_SIZE } from '../../src/vmm/devices/block.js';
import { FileDisk } from '../../src/vmm/node/file-disk.js';
import { assertAxError } from './helpers.js';
import { guestToml, guestVm, testHal, kernelOf } from './vm-helpers.js';
import { Vmm } from '../../src/vmm/vmm.js';
import { parseVmConfig } from '../../src/vmm/config.js';
import { runVms } from '../../src/vmm/run-vms.js';
import { HostMemory } from '../../src/vmm/host-memory.js';
import { createNodeHal } from '../../src/vmm/node/hal.js';
import { loadVmConfig } from '../../src/vmm/node/load-config.js';
import { Vm } from '../../src/vmm/vm.js';
import { repoPath } from '../helpers/paths.js';

const DISK = '["disk0", 0x1000_1000, 0x1000, 3, 0xE1, [8]]';

/** A device over a memory disk and a 4 KiB guest buffer (offset = gpa). */
function device(sectors = 4): { dev: BlockDevice; disk: MemoryBlockBackend; ram: Uint8Array } {
  const disk = new MemoryBlockBackend(sectors);
  const ram = new Uint8Array(0x1000);
  const dma = {
    read: (gpa: number, length: number) => {
      if (gpa + length > ram.length) throw new Error('outside');
      return ram.slice(gpa, gpa + length);
    },
    write: (gpa: number, bytes: Uint8Array) => {
      if (gpa + bytes.length > ram.length) throw new Error('outside');
      ram.set(bytes, gpa);
    },
    checkWritable: (gpa: number, length: number) => {
      if (gpa + length > ram.length) throw new Error('outside');
    },
  };
  return { dev: new BlockDevice({ name: 'disk', range: { base: 0, length: 0x1000 }, backend: disk, dma }), disk, ram };
}

describe('block device registers', () => {
  test('WRITE moves the buffer to the sector, READ back, FLUSH; CAPACITY', () => {
    const { dev, disk, ram } = device();
    assert.equal(dev.handleRead(BLOCK_CAPACITY), 4);
    ram.fill(0xab, 0x200, 0x400);
    dev.handleWrite(BLOCK_SECTOR, 4, 2);
    dev.handleWrite(BLOCK_BUFFER, 4, 0x200);
    dev.handleWrite(BLOCK_COMMAND, 4, BlockCommand.Write);
    assert.equal(dev.handleRead(BLOCK_STATUS), BlockStatus.Done);
    assert.equal(disk.bytes[2 * SECTOR_SIZE], 0xab);
    dev.handleWrite(BLOCK_BUFFER, 4, 0x800);
    dev.handleWrite(BLOCK_COMMAND, 4, BlockCommand.Read);
    assert.deepEqual(ram.subarray(0x800, 0xa00), ram.subarray(0x200, 0x400));
    dev.handleWrite(BLOCK_COMMAND, 4, BlockCommand.Flush);
    assert.equal(dev.handleRead(BLOCK_STATUS), BlockStatus.Done);
    assert.deepEqual([dev.handleRead(BLOCK_SECTOR), dev.handleRead(BLOCK_BUFFER)], [2, 0x800]);
  });

  test('statuses: sector out of range, bad buffer, unknown command, I/O error', () => {
    const { dev, disk } = device();
    dev.handleWrite(BLOCK_SECTOR, 4, 4);
    dev.handleWrite(BLOCK_COMMAND, 4, BlockCommand.Read);
    assert.equal(dev.handleRead(BLOCK_STATUS), BlockStatus.OutOfRange);
    dev.handleWrite(BLOCK_SECTOR, 4, 0);
    dev.handleWrite(BLOCK_BUFFER, 4, 0xf00);
    dev.handleWrite(BLOCK_COMMAND, 4, BlockCommand.Write);
    assert.equal(dev.handleRead(BLOCK_STATUS), BlockStatus.BadBuffer);
    dev.handleWrite(BLOCK_COMMAND, 4, BlockCommand.Read);
    assert.equal(dev.handleRead(BLOCK_STATUS), BlockStatus.BadBuffer);
    dev.handleWrite(BLOCK_COMMAND, 4, 9);
    assert.equal(dev.handleRead(BLOCK_STATUS), BlockStatus.UnknownCommand);
    disk.flush = () => {
      throw new Error('EIO');
    };
    dev.handleWrite(BLOCK_COMMAND, 4, BlockCommand.Flush);
    assert.equal(dev.handleRead(BLOCK_STATUS), BlockStatus.IoError);
    dev.reset();
    assert.equal(dev.handleRead(BLOCK_STATUS), BlockStatus.Done);
  });
});

describe('a disk file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exvm-disk-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('created whole (no temporary file left), written, flushed, read back after reopening', () => {
    const path = join(dir, 'a.img');
    const disk = FileDisk.open(path, 8, 'vm.toml');
    assert.equal(disk.sectors, 8);
    assert.equal(readFileSync(path).length, 8 * SECTOR_SIZE);
    assert.deepEqual(readdirSync(dir), ['a.img']);
    disk.write(3, new Uint8Array(SECTOR_SIZE).fill(7));
    disk.flush();
    disk.close();
    disk.close();
    const again = FileDisk.open(path, 99, 'vm.toml');
    assert.equal(again.sectors, 8, 'an existing disk keeps its size');
    const sector = new Uint8Array(SECTOR_SIZE);
    again.read(3, sector);
    assert.ok(sector.every((byte) => byte === 7));
    again.close();
    assert.throws(() => again.read(0, sector), /closed/);
  });

  test('a file smaller than a sector is InvalidInput; an unopenable path is Io, both naming kernel.disk_path', () => {
    writeFileSync(join(dir, 'tiny.img'), 'x');
    assertAxError(() => FileDisk.open(join(dir, 'tiny.img'), 8, 'vm.toml'), 'InvalidInput', 'vm.toml', 'kernel.disk_path');
    assertAxError(() => FileDisk.open(join(dir, 'no', 'such', 'dir.img'), 8, 'vm.toml'), 'Io', 'kernel.disk_path');
    assert.equal(existsSync(join(dir, 'no')), false);
  });

  test('a guest writes and flushes, the VM shuts down, a re-created VM reads it back', () => {
    const path = join(dir, 'guest.img');
    const writer = '.data\nbuf: .zero 512\n.text\npush buf\npush 0xbeef\nst32 0\npush 0x10001000\npush buf\nst32 4\npush 0x10001000\npush 2\nst32 8\npush 0x10001000\npush 3\nst32 8\npush 0x10001000\nld32 12\nhalt\n';
    const reader = '.data\nbuf: .zero 512\n.text\npush 0x10001000\npush buf\nst32 4\npush 0x10001000\npush 1\nst32 8\npush buf\nld32 0\nhalt\n';
    const { hal } = testHal();
    for (const [source, expected] of [[writer, 0], [reader, 0xbeef]] as const) {
      const vmm = new Vmm(hal);
      const vm = vmm.createVm(parseVmConfig(guestToml({ devices: [DISK] }), 'vm.toml'), { images: { kernel: kernelOf(source) }, disk: FileDisk.open(path, 8, 'vm.toml') });
      vm.boot();
      assert.deepEqual(runVms(vmm).map((o) => o.code), [expected]);
    }
    assert.equal(readFileSync(path).readUInt32LE(0), 0xbeef);
  });

  test('DMA has the guest\'s rights: READ into a read-only page or WRITE from a write-only page is BadBuffer', () => {
    // One 4 KiB write-only page at 0x30000 (flags WRITE); the kernel region at 0x80000000 is READ|EXECUTE.
    const toml = guestToml({ devices: [DISK], regions: ['[0x3_0000, 0x1000, 0x2, 0]'] });
    const command = (buffer: number, op: number): string => `push 0x10001000\npush ${buffer}\nst32 4\npush 0x10001000\npush ${op}\nst32 8\npush 0x10001000\nld32 12\nhalt\n`;
    const run = (buffer: number, op: number): { status: number; vm: Vm } => {
      const disk = new MemoryBlockBackend(8);
      disk.bytes.fill(0xab, 0, SECTOR_SIZE);
      const { vm } = guestVm(command(buffer, op), toml, { disk });
      vm.boot();
      const exit = vm.runVcpu(0);
      assert.equal(exit.kind, 'CpuDown');
      return { status: exit.kind === 'CpuDown' ? exit.state : -1, vm };
    };
    const kernel = run(0x8000_0000, BlockCommand.Read);
    assert.equal(kernel.status, BlockStatus.BadBuffer);
    assert.notEqual(kernel.vm.readFromGuestOf(0x8000_0000, 'u32'), 0xabababab, 'the read-only kernel is intact');
    const writeOnly = run(0x3_0000, BlockCommand.Read);
    assert.equal(writeOnly.status, BlockStatus.Done);
    assert.deepEqual([...writeOnly.vm.addressSpace.translatedByteBuffer(0x3_0000 + SECTOR_SIZE - 2, 2)[0].bytes], [0xab, 0xab], 'READ into a write-only page');
    assert.equal(run(0x3_0000, BlockCommand.Write).status, BlockStatus.BadBuffer);
    assert.equal(run(0xff00, BlockCommand.Write).status, BlockStatus.BadBuffer, 'a buffer reaching past RAM');
  });

  test('without a disk the block device has an in-memory disk of cfg_list[0] sectors', () => {
    const { vm } = guestVm('push 0x10001000\nld32 16\nhalt\n', guestToml({ devices: [DISK] }));
    vm.boot();
    assert.deepEqual(vm.runVcpu(0), { kind: 'CpuDown', state: 8 });
  });
});

describe('the Node HAL loads what the config names', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exvm-nodehal-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('Vm.create(config, hal) with just the two: images and the disk come from the files', async () => {
    for (const file of ['block.toml', 'block-guest.exa']) writeFileSync(join(dir, file), readFileSync(repoPath('examples/vmm', file)));
    const config = await loadVmConfig(join(dir, 'block.toml'));
    const hal = createNodeHal({ memory: new HostMemory(0x40_0000) });
    for (const expected of ['first boot', 'after a reboot']) {
      const vmm = new Vmm(hal);
      const text: string[] = [];
      const vm = vmm.createVm(config, { console: { write: (bytes) => text.push(new TextDecoder().decode(bytes)) } });
      vm.boot();
      assert.deepEqual(runVms(vmm).map((o) => o.end), ['SystemDown']);
      assert.match(text.join(''), new RegExp(expected));
    }
    assert.ok(existsSync(join(dir, 'block-disk.img')));
    const plain = Vm.create(await loadVmConfig(repoPath('examples/vmm/uart.toml')), hal);
    plain.boot();
    assert.deepEqual(plain.runVcpu(0), { kind: 'CpuDown', state: 0 });
    plain.shutdown();
  });
});
