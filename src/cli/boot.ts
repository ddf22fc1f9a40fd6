/**
 * `exvm boot VM.toml [VM2.toml ...]`: creates every VM, boots it, runs all vCPUs (one thread,
 * round-robin: deterministic; or with `--threads` one worker thread per vCPU, in parallel) until
 * every VM has ended, and says how they ended in the exit code.
 * Consoles are multiplexed on stdout, each line prefixed with its VM's name.
 */
import { HostMemory } from '../vmm/host-memory.js';
import { createNodeHal } from '../vmm/node/hal.js';
import { runVmsThreaded } from '../vmm/node/threaded-run.js';
import { createVmFromConfig, hostMemoryFor, loadVmConfigs } from '../vmm/node/vm-files.js';
import type { VmOutcome } from '../vmm/run-vms.js';
import { runVms } from '../vmm/run-vms.js';
import { Vmm } from '../vmm/vmm.js';
import type { ConsoleSink } from '../vmm/devices/uart.js';
import { stderr, stdout } from './node-io.js';

/** The exit codes of `exvm boot`. */
export const BootExit = {
  /** Every VM shut down cleanly: SystemDown, or every vCPU down with code 0. */
  Clean: 0,
  /** A bad config, image or disk (one line naming the file and key). */
  BadInput: 1,
  /** A vCPU went down with a non-zero code (`halt N`, CPU_DOWN N). */
  GuestCode: 3,
  /** A VM's guest faulted (a fault exit: no device, unmapped memory, a machine fault). */
  GuestFault: 70,
  /** Every vCPU of a VM waited for an interrupt that nothing could raise. */
  Deadlock: 72,
  /** `--timeout` ran out before every VM had ended (as timeout(1) does). */
  Timeout: 124,
} as const;

/** `exvm boot --help`'s description of the exit codes. */
export const BOOT_HELP = [
  'Exit codes:',
  '  0   every VM shut down cleanly (SystemDown, or all its vCPUs down with code 0)',
  '  1   bad input: a config, image or disk file (one line naming the file and key)',
  '  2   usage error',
  '  3   a vCPU went down with a non-zero code (halt N, or the CPU_DOWN hypercall)',
  '  70  a guest faulted (reported as exvm: VM: vCPU N: exit)',
  '  72  every vCPU of a VM waited for an interrupt and no timer was armed (deadlock)',
  '  124 --timeout ran out: the VMs still running were stopped and shut down (disks flushed)',
  '  130 stopped with Ctrl-C (SIGINT; a guest that never ends runs until then): console output',
  '      written so far is on stdout, disk writes are in the file but not flushed',
  'Console output goes to stdout, each line prefixed with [VM name].',
].join('\n');

/** Options of `exvm boot`. */
export interface BootOptions {
  /** Run each vCPU on its own worker thread (in parallel) instead of round-robin on one thread. */
  readonly threads?: boolean;
  /** Seconds after which the VMs still running are stopped (exit code 124). */
  readonly timeout?: number;
}

/** Boots the VMs of `files` and runs them to their end; returns the exit code. */
export async function bootCommand(files: readonly string[], options: BootOptions = {}): Promise<number> {
  const configs = await loadVmConfigs(files);
  const threads = options.threads === true;
  const hal = createNodeHal({ memory: new HostMemory(hostMemoryFor(configs), { shared: threads }) });
  const vmm = new Vmm(hal);
  try {
    for (const config of configs) createVmFromConfig(vmm, config, prefixedConsole(config.base.name)).boot();
  } catch (error) {
    for (const vm of vmm.vms) vm.shutdown();
    throw error;
  }
  const limitMs = options.timeout === undefined ? undefined : options.timeout * 1000;
  const deadline = performance.now() + (limitMs ?? Infinity);
  const outcomes = threads
    ? await runVmsThreaded(vmm, limitMs === undefined ? {} : { timeoutMs: limitMs })
    : runVms(vmm, { sleep: sleepNanos, expired: () => performance.now() >= deadline });
  stdout.flush();
  for (const outcome of outcomes) if (outcome.end !== 'SystemDown' && !(outcome.end === 'CpuDown' && outcome.code === 0)) stderr.writeText(`exvm: ${outcome.vm}: ${outcome.detail}\n`);
  return exitCode(outcomes);
}

/** The exit code for how the VMs ended (the worst outcome wins). */
export function exitCode(outcomes: readonly VmOutcome[]): number {
  if (outcomes.some((outcome) => outcome.end === 'Fault')) return BootExit.GuestFault;
  if (outcomes.some((outcome) => outcome.end === 'Deadlock')) return BootExit.Deadlock;
  if (outcomes.some((outcome) => outcome.end === 'Timeout')) return BootExit.Timeout;
  if (outcomes.some((outcome) => outcome.code !== 0)) return BootExit.GuestCode;
  return BootExit.Clean;
}

/** A console that writes each line to stdout prefixed with `[name] `, at once (VMs may run for long). */
function prefixedConsole(name: string): ConsoleSink {
  const decoder = new TextDecoder();
  let atLineStart = true;
  return {
    write(bytes: Uint8Array): void {
      const text = decoder.decode(bytes);
      let out = '';
      for (const char of text) {
        if (atLineStart) out += `[${name}] `;
        out += char;
        atLineStart = char === '\n';
      }
      stdout.writeText(out);
      stdout.flush();
    },
  };
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread for up to `nanos` (at most 50 ms at a time, so timers are polled again soon). */
function sleepNanos(nanos: bigint): void {
  const millis = Math.min(50, Number(nanos / 1_000_000n));
  if (millis > 0) Atomics.wait(sleeper, 0, 0, millis);
}
