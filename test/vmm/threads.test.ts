/** vCPUs on worker threads: shared guest memory with atomics, interrupts across threads, a dying worker is a fault, never a hang. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import { parseVmConfig } from '../../src/vmm/config.js';
import { DefaultHal } from '../../src/vmm/hal.js';
import { HostMemory } from '../../src/vmm/host-memory.js';
import { runVmsThreaded } from '../../src/vmm/node/threaded-run.js';
import { Vmm } from '../../src/vmm/vmm.js';
import { assertAxError } from './helpers.js';
import { guestToml, kernelOf } from './vm-helpers.js';

function sharedVmm(): Vmm {
  return new Vmm(new DefaultHal({ memory: new HostMemory(4 * 1024 * 1024, { shared: true }) }));
}

/** Both vCPUs add 1 to a shared counter 20,000 times with `aadd`; vCPU 0 starts vCPU 1, waits for it, and halts with the total. */
const COUNTERS = `
.data
count: .word 0
done:  .word 0
.text
    cpuid
    jnz second
    push 1
    push work
    push 0
    push 3
    hcall 0x101
    pop
    call add_many
wait: push done
    aload 0
    jz wait
    push count
    aload 0
    halt
second:
    pop
    call add_many
    push done
    push 1
    astore 0
    push 0
    halt
work: jmp second
add_many:
    enter 0, 1
loop: lget 0
    push 20000
    lts
    jz out
    push count
    push 1
    aadd 0
    pop
    lget 0
    addi 1
    lset 0
    jmp loop
out: ret 0
`;

describe('vCPUs on worker threads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exvm-threads-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('two vCPUs update shared guest memory with atomics in parallel; no update is lost', async () => {
    const vmm = sharedVmm();
    vmm.createVm(parseVmConfig(guestToml({ cpus: 2 }), 'vm.toml'), { images: { kernel: kernelOf(COUNTERS) } }).boot();
    const outcomes = await runVmsThreaded(vmm, { sliceSteps: 5000 });
    assert.deepEqual(outcomes.map((o) => [o.end, o.code]), [['CpuDown', 40000]]);
  });

  test('MMIO and lazy pages from a worker go through the VMM thread (UART output, a lazy page)', async () => {
    const vmm = sharedVmm();
    const chunks: string[] = [];
    const toml = guestToml({ regions: ['[0x4000_0000, 0x1000, 0x3, 0]'] });
    const source = 'push 0x40000000\npush 72\nst8 0\npush 0x10000000\npush 0x40000000\nld8u 0\nst8 0\npush 0x10000000\npush 10\nst8 0\npush 0\nhalt\n';
    vmm.createVm(parseVmConfig(toml, 'vm.toml'), { images: { kernel: kernelOf(source) }, console: { write: (bytes) => chunks.push(new TextDecoder().decode(bytes)) } }).boot();
    assert.deepEqual((await runVmsThreaded(vmm)).map((o) => o.end), ['CpuDown']);
    assert.equal(chunks.join(''), 'H\n');
  });

  test('an interrupt raised on the VMM thread (its timer) wakes a vCPU blocked in wfi on its worker', async () => {
    const vmm = sharedVmm();
    const source = 'push h\nsetvec 30\npush 4\npush 50000\npush 2\nhcall 0x113\npop\nei\nwfi\npush 0\nhalt\nh: push 30\nhalt\n';
    vmm.createVm(parseVmConfig(guestToml(), 'vm.toml'), { images: { kernel: kernelOf(source) } }).boot();
    const exits: string[] = [];
    const outcomes = await runVmsThreaded(vmm, { onExit: (_vm, _id, exit) => exits.push(exit.kind) });
    assert.deepEqual(outcomes.map((o) => [o.end, o.code]), [['CpuDown', 30]]);
    assert.deepEqual(exits, ['Halt', 'CpuDown'], 'it waited, then ran the handler');
  });

  test('an interrupt injected by the embedder while the vCPU waits is taken', async () => {
    const vmm = sharedVmm();
    const vm = vmm.createVm(parseVmConfig(guestToml(), 'vm.toml'), { images: { kernel: kernelOf('push h\nsetvec 5\nei\nwfi\npush 0\nhalt\nh: push 5\nhalt\n') } });
    vm.boot();
    const outcomes = await runVmsThreaded(vmm, {
      onExit: (_vm, _id, exit) => {
        if (exit.kind === 'Halt') vm.injectInterruptToVcpu(1, 5);
      },
    });
    assert.deepEqual(outcomes.map((o) => [o.end, o.code]), [['CpuDown', 5]]);
  });

  test('an interrupt injected while the vCPU runs on its worker is taken at its next interrupt point', async () => {
    const vmm = sharedVmm();
    const vm = vmm.createVm(parseVmConfig(guestToml(), 'vm.toml'), { images: { kernel: kernelOf('push h\nsetvec 6\nei\nspin: jmp spin\nh: push 6\nhalt\n') } });
    vm.boot();
    const running = runVmsThreaded(vmm, { sliceSteps: 100_000_000 });
    setTimeout(() => vm.injectInterruptToVcpu(1, 6), 20);
    assert.deepEqual((await running).map((o) => [o.end, o.code]), [['CpuDown', 6]]);
  });

  test('guest faults, deadlocks and SystemDown end their VMs as in the single-threaded loop', async () => {
    const vmm = sharedVmm();
    const make = (id: number, source: string) => vmm.createVm(parseVmConfig(guestToml({ id, name: `vm${id}` }), `vm${id}.toml`), { images: { kernel: kernelOf(source) } }).boot();
    make(1, 'push 0x30000000\nld32 0\nhalt\n');
    make(2, 'ei\nwfi\nhalt\n');
    make(3, 'push 0\nhcall 0x100\nhalt\n');
    const outcomes = await runVmsThreaded(vmm);
    assert.deepEqual(outcomes.map((o) => [o.vm, o.end]).sort(), [['vm1', 'Fault'], ['vm2', 'Deadlock'], ['vm3', 'SystemDown']]);
    assert.deepEqual(vmm.vms, [], 'every VM was shut down');
  });

  test('an IPI sent right after CPU_UP reaches the secondary vCPU whose worker builds its machine later', async () => {
    // vCPU 0: CPU_UP(1), SEND_IPI(1, vector 5), halt. vCPU 1: handler for 5, ei, wfi. A lost IPI is a deadlock.
    const source = 'push 1\npush second\npush 0\npush 3\nhcall 0x101\npop\npush 1\npush 5\npush 0\npush 0\npush 4\nhcall 0x103\npop\npush 0\nhalt\n'
      + 'second: pop\npush handler\nsetvec 5\nei\nw: wfi\njmp w\nhandler: push 0\nhalt\n';
    for (let round = 0; round < 3; round++) {
      const vmm = sharedVmm();
      vmm.createVm(parseVmConfig(guestToml({ cpus: 2 }), 'ipi.toml'), { images: { kernel: kernelOf(source) } }).boot();
      const outcomes = await runVmsThreaded(vmm);
      assert.deepEqual(outcomes.map((o) => [o.end, o.code]), [['CpuDown', 0]], `round ${round}`);
    }
  });

  test('CPU_UP of a vCPU that does not exist: the guest gets -InvalidInput, as in the single-threaded loop', async () => {
    const vmm = sharedVmm();
    vmm.createVm(parseVmConfig(guestToml(), 'bad.toml'), { images: { kernel: kernelOf('push 99\npush 0\npush 0\npush 3\nhcall 0x101\nhalt\n') } }).boot();
    const outcomes = await runVmsThreaded(vmm);
    assert.deepEqual(outcomes.map((o) => [o.end, o.code]), [['CpuDown', -19]]);
  });

  test('a worker that dies is a FailEntry: the VM ends as a fault, the loop does not hang', async () => {
    const script = join(dir, 'dying-worker.mjs');
    writeFileSync(script, 'throw new Error("worker crashed");\n');
    const vmm = sharedVmm();
    vmm.createVm(parseVmConfig(guestToml(), 'vm.toml'), { images: { kernel: kernelOf('push 0\nhalt\n') } }).boot();
    const exits: string[] = [];
    const outcomes = await runVmsThreaded(vmm, { workerScript: pathToFileURL(script), onExit: (_vm, _id, exit) => exits.push(exit.kind) });
    assert.equal(outcomes[0].end, 'Fault');
    assert.match(outcomes[0].detail, /FailEntry.*thread died.*worker crashed/);
    assert.deepEqual(exits, ['FailEntry']);
  });

  test('threads need shared host memory (Unsupported otherwise)', () => {
    const vmm = new Vmm(new DefaultHal({ memory: new HostMemory(0x10_0000) }));
    assertAxError(() => runVmsThreaded(vmm), 'Unsupported', 'SharedArrayBuffer');
  });
});
