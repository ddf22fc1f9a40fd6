/** The example VM configs parse, and `loadVmConfig` loads their images and checks the files. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { assemble } from '../../src/asm/index.js';
import { encodeImage } from '../../src/image/index.js';
import { EmuType, MapType } from '../../src/vmm/config-types.js';
import { parseVmConfig } from '../../src/vmm/config.js';
import { loadVmConfig, loadVmImages } from '../../src/vmm/node/load-config.js';
import { repoPath } from '../helpers/paths.js';
import { BASE_CONFIG, assertAxErrorAsync, withLine } from './helpers.js';

describe('example configs', () => {
  test('uart.toml: one vCPU, RAM from 0, a read-only kernel region, a console', async () => {
    const config = await loadVmConfig(repoPath('examples/vmm/uart.toml'));
    assert.equal(config.base.name, 'uart-guest');
    assert.equal(config.base.cpuNum, 1);
    assert.equal(config.kernel.kernelPath, 'uart-guest.exa');
    assert.deepEqual(config.kernel.memoryRegions.map((r) => [r.gpa, r.flags]), [[0, 0x3], [0x8000_0000, 0x5]]);
    assert.deepEqual(config.devices.emuDevices.map((d) => [d.name, d.emuType]), [['uart0', EmuType.Console]]);
    const images = await loadVmImages(config);
    assert.ok(images.kernel.length > 0 && images.kernel.length <= 0x1_0000);
  });

  test('smp-ivc.toml: two vCPUs, an interrupt controller, a console, an IVC range and reserved memory', async () => {
    const config = await loadVmConfig(repoPath('examples/vmm/smp-ivc.toml'));
    assert.equal(config.base.cpuNum, 2);
    assert.deepEqual(config.base.physCpuSets, [1, 2]);
    assert.deepEqual(config.devices.emuDevices.map((d) => d.emuType), [EmuType.InterruptController, EmuType.Console, EmuType.IvcChannel]);
    assert.equal(config.kernel.memoryRegions[3].mapType, MapType.Reserved);
    assert.equal(config.devices.interruptMode, 'emulated');
  });

  test('smp-guest.exa keeps its shared counter in the flat window, where atomics work', async () => {
    const config = await loadVmConfig(repoPath('examples/vmm/smp-ivc.toml'));
    const ram = config.kernel.memoryRegions[0];
    assert.deepEqual([ram.gpa, ram.flags & 0x3, ram.mapType], [0, 0x3, MapType.Alloc], 'read-write RAM from address 0');
    const program = assemble(readFileSync(repoPath('examples/vmm/smp-guest.exa'), 'utf8'));
    assert.ok(program.data.length > 0);
    for (const segment of program.data) assert.ok(segment.address + segment.bytes.length <= ram.size, 'every data byte (the counter included) is in the window');
  });

  test('parse from text too (the isomorphic path)', () => {
    for (const file of ['uart.toml', 'smp-ivc.toml']) {
      const text = readFileSync(repoPath('examples/vmm', file), 'utf8');
      assert.equal(parseVmConfig(text, file).source, file);
    }
  });
});

describe('loadVmConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exvm-vmm-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string | Uint8Array) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const kernel = encodeImage(assemble('push 0\nhalt\n'));

  test('loads a binary kernel image relative to the config file', async () => {
    write('kernel.exb', kernel);
    const config = await loadVmConfig(write('ok.toml', BASE_CONFIG));
    assert.equal(config.kernel.kernelPath, 'kernel.exb');
    assert.deepEqual((await loadVmImages(config)).kernel, kernel);
  });

  test('a missing config file or image is NotFound naming it', async () => {
    await assertAxErrorAsync(() => loadVmConfig(join(dir, 'absent.toml')), 'NotFound', 'absent.toml');
    const path = write('missing-kernel.toml', withLine('kernel_path', 'kernel_path = "nowhere.exb"'));
    await assertAxErrorAsync(() => loadVmConfig(path), 'NotFound', 'kernel.kernel_path', 'nowhere.exb');
  });

  test('an image too large for its region is InvalidInput naming the image key', async () => {
    write('big.exb', encodeImage(assemble(`.data\n.zero 0x10000\n.text\npush 0\nhalt\n`)));
    const path = write('big.toml', withLine('kernel_path', 'kernel_path = "big.exb"'));
    await assertAxErrorAsync(() => loadVmConfig(path), 'InvalidInput', 'kernel.kernel_path: the', 'does not fit');
  });

  test('a malformed image or source that does not assemble is InvalidInput naming kernel_path', async () => {
    write('junk.exb', Uint8Array.of(1, 2, 3));
    await assertAxErrorAsync(() => loadVmConfig(write('junk.toml', withLine('kernel_path', 'kernel_path = "junk.exb"'))), 'InvalidInput', 'kernel.kernel_path', 'junk.exb');
    write('bad.exa', 'frobnicate 3\n');
    await assertAxErrorAsync(() => loadVmConfig(write('bad.toml', withLine('kernel_path', 'kernel_path = "bad.exa"'))), 'InvalidInput', 'kernel.kernel_path', 'bad.exa');
  });

  test('an entry point beyond the kernel\'s instructions is InvalidInput naming kernel.entry_point', async () => {
    write('kernel.exb', kernel);
    const last = await loadVmConfig(write('entry-last.toml', withLine('entry_point', 'entry_point = 1')));
    assert.equal(last.kernel.entryPoint, 1);
    const path = write('entry-past.toml', withLine('entry_point', 'entry_point = 2'));
    await assertAxErrorAsync(() => loadVmConfig(path), 'InvalidInput', 'kernel.entry_point', 'entry point 2', 'which has 2 instructions');
  });

  test('image_location "memory" reads no image files', async () => {
    const path = write('memory.toml', withLine('image_location', 'image_location = "memory"', withLine('kernel_path', 'kernel_path = "embedded.exb"')));
    assert.equal((await loadVmConfig(path)).kernel.imageLocation, 'memory');
  });
});
