/** `exvm boot`: the examples through the command line, console prefixes, exit codes, one-line config errors. */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { repoPath } from '../helpers/paths.js';

const CLI = repoPath('dist/src/cli/main.js');

function boot(...files: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, 'boot', ...files], { encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const example = (name: string): string => repoPath('examples/vmm', name);

describe('exvm boot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exvm-boot-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('uart.toml prints its greeting with the VM-name prefix and exits 0', () => {
    assert.deepEqual(boot(example('uart.toml')), { code: 0, stdout: '[uart-guest] Hello from an exvm guest!\n', stderr: '' });
  });

  test('smp-ivc.toml: prints, takes timer interrupts, starts a second vCPU and shuts down', () => {
    const run = boot(example('smp-ivc.toml'));
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, ['cpu 0 up', 'tick', 'tick', 'tick', 'cpu 1 up', 'all vCPUs checked in, shutting down'].map((line) => `[smp-guest] ${line}\n`).join(''));
  });

  test('two VMs talk over IVC; consoles are multiplexed', () => {
    const run = boot(example('ivc-publisher.toml'), example('ivc-subscriber.toml'));
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '[subscriber] message: hello over IVC\n[publisher] reply: thanks, got it\n');
  });

  test('the block guest reads back after a reboot what it wrote before', () => {
    for (const file of ['block.toml', 'block-guest.exa']) copyFileSync(example(file), join(dir, file));
    const first = boot(join(dir, 'block.toml'));
    assert.deepEqual([first.code, first.stdout], [0, '[block-guest] first boot: the disk is empty, writing a note\n']);
    const second = boot(join(dir, 'block.toml'));
    assert.deepEqual([second.code, second.stdout], [0, '[block-guest] after a reboot, the disk says: written before the reboot\n']);
  });

  test('a bad config: one line naming the file and the key, exit 1, no stack trace', () => {
    const path = join(dir, 'bad.toml');
    writeFileSync(path, '[base]\nid = 1\nname = "x"\nvm_type = 1\ncpu_num = "two"\n');
    const run = boot(example('uart.toml'), path);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '', 'no VM ran');
    const lines = run.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0], /^exvm: .*bad\.toml: base\.cpu_num: .*\(InvalidInput\)$/);
    const missing = boot(join(dir, 'absent.toml'));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^exvm: .*absent\.toml.*\(NotFound\)\n$/);
  });

  test('exit codes: a guest fault is 70, a deadlock 72, a non-zero vCPU code 3', () => {
    const write = (name: string, source: string): string => {
      writeFileSync(join(dir, `${name}.exa`), source);
      const config = [
        '[base]', 'id = 1', `name = "${name}"`, 'vm_type = 1', 'cpu_num = 1', '',
        '[kernel]', 'entry_point = 0', `kernel_path = "${name}.exa"`, 'kernel_load_addr = 0x8000_0000',
        'memory_regions = [[0x0, 0x1_0000, 0x3, 0], [0x8000_0000, 0x1_0000, 0x5, 0]]', '',
        '[devices]', 'emu_devices = []', 'passthrough_devices = []', '',
      ].join('\n');
      writeFileSync(join(dir, `${name}.toml`), config);
      return join(dir, `${name}.toml`);
    };
    const fault = boot(write('fault', 'push 0x30000000\nld32 0\nhalt\n'));
    assert.equal(fault.code, 70);
    assert.match(fault.stderr, /^exvm: fault: vCPU 0: MmioRead addr=0x30000000/);
    assert.equal(boot(write('deadlock', 'ei\nwfi\nhalt\n')).code, 72);
    assert.equal(boot(write('code', 'push 5\nhalt\n')).code, 3);
  });

  test('a guest that never ends: its console lines arrive at once; Ctrl-C (SIGINT) stops it (the shell reports 130)', async () => {
    writeFileSync(join(dir, 'spin.exa'), 'push 0x10000000\npush 104\nst8 0\npush 0x10000000\npush 10\nst8 0\nloop: jmp loop\n');
    writeFileSync(join(dir, 'spin.toml'), readFileSync(example('uart.toml'), 'utf8').replace(/^kernel_path = .*$/m, 'kernel_path = "spin.exa"'));
    for (const flags of [[], ['--threads']]) {
      const child = spawn(process.execPath, [CLI, 'boot', ...flags, join(dir, 'spin.toml')], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      const ended = new Promise<[number | null, string | null]>((resolve) => child.on('close', (code, signal) => resolve([code, signal])));
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.endsWith('\n')) child.kill('SIGINT');
      });
      const [code, signal] = await ended;
      assert.equal(stdout, '[uart-guest] h\n', `${flags.join(' ')}: the line reached stdout while the guest ran`);
      assert.ok(signal === 'SIGINT' || code === 130, `${flags.join(' ')}: ended by SIGINT (${code}, ${signal})`);
    }
  });

  test('--timeout N stops a never-ending guest after N seconds: shut down, exit 124, single-threaded and --threads', () => {
    // spin.toml is written by the test above: it prints a line, then loops forever.
    for (const flags of [[], ['--threads']]) {
      const run = spawnSync(process.execPath, [CLI, 'boot', ...flags, '--timeout', '1', join(dir, 'spin.toml')], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(run.status, 124, run.stderr);
      assert.equal(run.stdout, '[uart-guest] h\n');
      assert.equal(run.stderr, 'exvm: uart-guest: stopped: the time limit ran out\n');
    }
    const bad = spawnSync(process.execPath, [CLI, 'boot', '--timeout', '0', example('uart.toml')], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--timeout/);
  });

  test('--threads runs the examples on worker threads with the same output', () => {
    const run = spawnSync(process.execPath, [CLI, 'boot', '--threads', example('ivc-publisher.toml'), example('ivc-subscriber.toml')], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, '[subscriber] message: hello over IVC\n[publisher] reply: thanks, got it\n');
    const smp = spawnSync(process.execPath, [CLI, 'boot', '--threads', example('smp-ivc.toml')], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(smp.status, 0, smp.stderr);
    assert.match(smp.stdout, /cpu 1 up\n.*shutting down\n$/s);
  });

  test('--help documents the exit codes', () => {
    const help = spawnSync(process.execPath, [CLI, 'boot', '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    for (const code of ['0 ', '1 ', '3 ', '70', '72', '124', '130']) assert.match(help.stdout, new RegExp(`\\n  ${code}`));
  });
});
