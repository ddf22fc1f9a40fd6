/**
 * The hypervisor's numbers: MMIO exits handled per second (a guest polling a device register, on
 * one thread and from a vCPU worker), interrupt delivery latency across threads (the VMM thread
 * raises an interrupt into a vCPU blocked in wfi on its worker, until the guest's handler reports
 * back), and the speed-up of 2 vCPUs over 1 on a parallel guest workload (the same total work split
 * over two worker threads).
 */
import { assemble } from '../src/asm/index.js';
import { encodeImage } from '../src/image/index.js';
import { parseVmConfig } from '../src/vmm/config.js';
import { DefaultHal } from '../src/vmm/hal.js';
import { HostMemory } from '../src/vmm/host-memory.js';
import { runVmsThreaded } from '../src/vmm/node/threaded-run.js';
import { runVms } from '../src/vmm/run-vms.js';
import type { VmOutcome } from '../src/vmm/run-vms.js';
import type { Vm } from '../src/vmm/vm.js';
import { Vmm } from '../src/vmm/vmm.js';
import { median } from './measure.js';

/** What the hypervisor benchmark measured. */
export interface VmmReport {
  /** MMIO accesses handled by a device per second, on one thread. */
  readonly mmioPerSecond: number;
  /** The same from a vCPU worker (each access is a call to the VMM's thread). */
  readonly mmioPerSecondThreaded: number;
  /** Median microseconds from raising an interrupt to the guest's handler reporting back. */
  readonly irqLatencyMicros: number;
  readonly irqSamples: number;
  /** Milliseconds of the workload on 1 vCPU and on 2. */
  readonly oneVcpuMs: number;
  readonly twoVcpuMs: number;
  readonly speedup: number;
  readonly failures: readonly string[];
}

function config(cpus: number): string {
  return `[base]
id = 1
name = "bench"
vm_type = 1
cpu_num = ${cpus}
[kernel]
entry_point = 0
image_location = "memory"
kernel_path = "bench.exb"
kernel_load_addr = 0x8000_0000
memory_regions = [[0x0, 0x1_0000, 0x3, 0], [0x8000_0000, 0x1_0000, 0x5, 0]]
[devices]
emu_devices = [["uart0", 0x1000_0000, 0x1000, 1, 0x2, []]]
passthrough_devices = []
`;
}

function vmmWith(source: string, cpus: number, shared: boolean): { vmm: Vmm; vm: Vm } {
  const vmm = new Vmm(new DefaultHal({ memory: new HostMemory(0x40_0000, { shared }), clock: () => process.hrtime.bigint() }));
  const vm = vmm.createVm(parseVmConfig(config(cpus), 'bench.toml'), { images: { kernel: encodeImage(assemble(source)) }, sliceSteps: 1_000_000 });
  vm.boot();
  return { vmm, vm };
}

/** `count` reads of the UART STATUS register. */
const mmioGuest = (count: number): string => `
    push 0
loop: dup
    push ${count}
    lts
    jz out
    push 0x10000000
    ld32 4
    pop
    addi 1
    jmp loop
out: pop
    push 0
    halt
`;

/** Waits for interrupt 5 `count` times; its handler reports each with hypercall 0x42. A far timer keeps the VMM from calling it a deadlock. */
const irqGuest = (count: number): string => `
.data
n: .word 0
.text
    push h
    setvec 5
    push 4
    push 3600000000
    push 2
    hcall 0x113
    pop
    ei
w:  wfi
    push n
    ld32 0
    push ${count}
    lts
    jnz w
    push 0
    halt
h:  push n
    push n
    ld32 0
    addi 1
    st32 0
    push 0
    hcall 0x42
    pop
    iret
`;

/** Each vCPU runs \`iterations\` of integer arithmetic; vCPU 0 starts the others (cpus - 1 of them) and waits for them. */
const parallelGuest = (cpus: number, iterations: number): string => `
.data
done: .word 0
.text
    cpuid
    jnz second
    push 1
start: dup
    push ${cpus}
    lts
    jz started
    dup
    push second
    push 0
    push 3
    hcall 0x101
    pop
    addi 1
    jmp start
started: pop
    call work
wait: push done
    aload 0
    push ${cpus - 1}
    lts
    jnz wait
    push 0
    halt
second: pop
    call work
    push done
    push 1
    aadd 0
    pop
    push 0
    halt
work: enter 0, 2
loop: lget 0
    push ${iterations}
    lts
    jz out
    lget 1
    lget 0
    mul
    addi 7
    push 1000003
    remu
    lset 1
    lget 0
    addi 1
    lset 0
    jmp loop
out: ret 0
`;

function checkClean(outcomes: readonly VmOutcome[], what: string, failures: string[]): void {
  for (const outcome of outcomes) if (outcome.end !== 'CpuDown' || outcome.code !== 0) failures.push(`${what}: ${outcome.vm} ended ${outcome.end}: ${outcome.detail}`);
}

/** Runs the hypervisor benchmark (`quick` keeps it short). */
export async function runVmmBench(quick: boolean, progress: (label: string) => void): Promise<VmmReport> {
  const failures: string[] = [];

  progress('vmm: MMIO exits per second');
  const mmioCount = quick ? 200_000 : 1_000_000;
  let { vmm } = vmmWith(mmioGuest(mmioCount), 1, false);
  let began = process.hrtime.bigint();
  checkClean(runVms(vmm), 'mmio', failures);
  const mmioPerSecond = mmioCount / (Number(process.hrtime.bigint() - began) / 1e9);
  const threadedCount = quick ? 20_000 : 100_000;
  ({ vmm } = vmmWith(mmioGuest(threadedCount), 1, true));
  began = process.hrtime.bigint();
  checkClean(await runVmsThreaded(vmm), 'mmio threaded', failures);
  const mmioPerSecondThreaded = threadedCount / (Number(process.hrtime.bigint() - began) / 1e9);

  progress('vmm: interrupt delivery latency across threads');
  const samples = quick ? 50 : 300;
  const irq = vmmWith(irqGuest(samples), 1, true);
  const latencies: number[] = [];
  let raisedAt = 0n;
  checkClean(await runVmsThreaded(irq.vmm, {
    onExit: (vm, _id, exit) => {
      if (exit.kind === 'Hypercall') latencies.push(Number(process.hrtime.bigint() - raisedAt) / 1000);
      if (exit.kind === 'Halt') {
        // After the VMM has told the worker to wait: the worker is (about to be) blocked in Atomics.wait.
        setImmediate(() => {
          raisedAt = process.hrtime.bigint();
          vm.injectInterruptToVcpu(1, 5);
        });
      }
    },
  }), 'irq', failures);

  progress('vmm: 2 vCPUs over 1 on a parallel workload');
  const total = quick ? 4_000_000 : 20_000_000;
  const timeOf = async (cpus: number): Promise<number> => {
    const run = vmmWith(parallelGuest(cpus, total / cpus), cpus, true);
    const start = process.hrtime.bigint();
    checkClean(await runVmsThreaded(run.vmm), `${cpus} vCPU workload`, failures);
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const oneVcpuMs = Math.min(await timeOf(1), await timeOf(1));
  const twoVcpuMs = Math.min(await timeOf(2), await timeOf(2));
  return {
    mmioPerSecond, mmioPerSecondThreaded,
    irqLatencyMicros: latencies.length === 0 ? Number.NaN : median(latencies), irqSamples: latencies.length,
    oneVcpuMs, twoVcpuMs, speedup: oneVcpuMs / twoVcpuMs, failures,
  };
}

/** The report as text. */
export function formatVmmReport(report: VmmReport): string {
  const rate = (value: number): string => `${Math.round(value).toLocaleString('en-US')}/s`;
  return [
    'Hypervisor (exvm boot machinery):',
    `  MMIO exits handled (device register reads), one thread:   ${rate(report.mmioPerSecond)}`,
    `  MMIO exits handled from a vCPU worker thread:             ${rate(report.mmioPerSecondThreaded)}`,
    `  interrupt delivery latency across threads (median of ${report.irqSamples}): ${report.irqLatencyMicros.toFixed(1)} us`,
    `  parallel workload: 1 vCPU ${report.oneVcpuMs.toFixed(0)} ms, 2 vCPUs ${report.twoVcpuMs.toFixed(0)} ms: speed-up ${report.speedup.toFixed(2)}x`,
  ].join('\n');
}
