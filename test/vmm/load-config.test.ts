/** Loading a config and its images from files: only regular files, no larger than where they go, never a hang. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadVmConfig } from '../../src/vmm/node/load-config.js';
import { BASE_CONFIG, assertAxErrorAsync, withLine } from './helpers.js';
import { kernelOf } from './vm-helpers.js';

describe('loadVmConfig reads bounded regular files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exvm-load-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  /** Writes a config whose kernel is `kernel` (a path in `dir`) and returns its path. */
  const configFor = (name: string, kernel: string): string => {
    const path = join(dir, `${name}.toml`);
    writeFileSync(path, withLine('kernel_path', `kernel_path = "${kernel}"`, BASE_CONFIG));
    return path;
  };

  test('a kernel image that fits its region loads', async () => {
    writeFileSync(join(dir, 'ok.exb'), kernelOf('push 0\nhalt\n'));
    assert.equal((await loadVmConfig(configFor('ok', 'ok.exb'))).kernel.kernelPath, 'ok.exb');
  });

  test('an image larger than the memory it is loaded into is InvalidInput before it is read', async () => {
    // The kernel region is 64 KiB (0x8000_0000 + 0x1_0000).
    writeFileSync(join(dir, 'big.exb'), new Uint8Array(0x1_0000 + 1));
    await assertAxErrorAsync(() => loadVmConfig(configFor('big', 'big.exb')), 'InvalidInput', 'kernel.kernel_path: the 65537-byte file', 'does not fit', 'at most 65536 bytes');
  });

  test('a device (a link to /dev/zero) or a FIFO is InvalidInput, never an endless read or a blocked open', async () => {
    symlinkSync('/dev/zero', join(dir, 'zero.exb'));
    await assertAxErrorAsync(() => loadVmConfig(configFor('zero', 'zero.exb')), 'InvalidInput', 'kernel.kernel_path', 'not a regular file');
    execFileSync('mkfifo', [join(dir, 'fifo.exa')]);
    await assertAxErrorAsync(() => loadVmConfig(configFor('fifo', 'fifo.exa')), 'InvalidInput', 'kernel.kernel_path', 'not a regular file');
    await assertAxErrorAsync(() => loadVmConfig(join(dir, 'fifo.exa')), 'InvalidInput', 'fifo.exa', 'not a regular file');
  });
});
