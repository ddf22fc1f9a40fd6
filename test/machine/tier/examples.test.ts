/**
 * Every example program (examples/**\/*.exa) on every tier: the interpreter, the compiled tier and
 * the auto tier (compiling after two entries) must agree on status, exit code, pc, fault, gas,
 * instruction count, stack, memory, output and device traffic. The hypervisor guests run on a bus
 * with a console device outside the flat window, so their MMIO goes through the bus from compiled
 * code too. The connector guests run inside the connector's exvm VM, built for each tier, and
 * their results, storage and calls are compared. An example left out of the comparison needs a
 * written reason in EXCLUDED.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { assemble, describeLibraries } from '../../../src/asm/index.js';
import type { Program } from '../../../src/image/program.js';
import { Status } from '../../../src/isa/status.js';
import type { TierName } from '../../../src/machine/compiled/tier.js';
import type { MachineOptions } from '../../../src/machine/machine.js';
import { Machine } from '../../../src/machine/machine.js';
import { bufferedEnvironment, standardLibraries } from '../../../src/stdlib/index.js';
import { address, hex, word } from '../../../src/vmc/mocked-host.js';
import { createExvmVm } from '../../../src/vmc/vms/exvm.js';
import { SELF, exampleImage, execute, hostFor } from '../../vmc/vms-harness.js';
import { ROOT, repoPath } from '../../helpers/paths.js';
import { ConsoleBus } from './console-bus.js';

/** Examples not compared, and why. */
/** Why application kernels are left out. */
const APPLICATION_KERNEL = 'an application kernel: its plugin calls (:p.name, @cell, .value) assemble only against its application\'s plugins; test/apps/tiers.test.ts compares its application on every tier';

const EXCLUDED: Readonly<Record<string, string>> = {
  'examples/apps/batch/first.exa': APPLICATION_KERNEL,
  'examples/apps/batch/second.exa': APPLICATION_KERNEL,
  'examples/apps/batch/third.exa': APPLICATION_KERNEL,
  'examples/apps/bigint/factorial.exa': APPLICATION_KERNEL,
  'examples/apps/producer-consumer/consumer.exa': APPLICATION_KERNEL,
  'examples/apps/producer-consumer/producer.exa': APPLICATION_KERNEL,
};

/** Input, arguments and sizes that make each example do real work (the benchmarks run smaller than in `npm run bench`). */
const INPUT: Readonly<Record<string, string>> = { 'examples/input.exa': 'Ada\n1\n2\nforty\n3\n' };
const ARGS: Readonly<Record<string, readonly string[]>> = { 'examples/args.exa': ['one', 'two words', 'three'] };
const BENCH_SIZE: Readonly<Record<string, number>> = { 'examples/bench/fib.exa': 18, 'examples/bench/loop.exa': 20000, 'examples/bench/sieve.exa': 20000 };

function exampleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return exampleFiles(path);
    return entry.name.endsWith('.exa') ? [relative(ROOT, path).split('\\').join('/')] : [];
  });
}

const ECHO = address(0xec);

/**
 * What a connector example does on `tier` inside the connector's exvm VM (its natives exist only
 * there): the results of two executions (counter.exa counts), for an input that caller.exa reads
 * as the address of echo.exa, and the storage and calls they leave on the mocked host.
 */
function connectorOutcome(file: string, tier: TierName): unknown {
  const vm = createExvmVm({ tier });
  const host = hostFor(vm);
  host.setAccount(ECHO, { code: exampleImage('echo.exa') });
  const code = exampleImage(basename(file));
  const input = new Uint8Array([...ECHO, ...new TextEncoder().encode('hi')]);
  const results = [0, 1].map(() => {
    const { statusCode, gasLeft, gasRefund, output } = execute(vm, host, code, { input });
    return { statusCode, gasLeft, gasRefund, output: hex(output) };
  });
  const storage = [0, 1, 2].map((slot) => hex(host.getStorage(undefined, SELF, word(slot))));
  return { results, storage, calls: host.recordedCalls.length };
}

/** Everything observable after running `file` to its end on `tier`. */
function outcome(file: string, tier: TierName): unknown {
  if (file.startsWith('examples/connector/')) return connectorOutcome(file, tier);
  const environment = bufferedEnvironment(INPUT[file] ?? '', ARGS[file] ?? []);
  const libraries = standardLibraries(environment);
  const program: Program = assemble(readFileSync(repoPath(file), 'utf8'), { file, libraries: describeLibraries(libraries) });
  const guest = file.startsWith('examples/vmm/');
  const bus = guest ? new ConsoleBus(Math.max(program.memorySize, 4096)) : undefined;
  if (bus) for (const segment of program.data) bus.flat.set(segment.bytes, segment.address);
  const options: MachineOptions = { tier, hotThreshold: 2, libraries, ...(bus ? { memory: bus } : {}) };
  // A hypervisor guest runs once per vCPU on the shared bus (the SMP guest counts its vCPUs there).
  const machines = guest ? [0, 1].map((cpuId) => new Machine(program, { ...options, cpuId })) : [new Machine(program, options)];
  return machines.map((machine) => {
    const size = BENCH_SIZE[file];
    if (size !== undefined) new DataView(machine.memory.buffer, machine.memory.byteOffset).setInt32(0, size, true);
    let status = machine.run();
    for (let resumes = 0; status === Status.Breakpoint && resumes < 100; resumes++) status = machine.run();
    assert.notEqual(machine.tier === 'interpreter' && tier !== 'interpreter', true, `${file}: the ${tier} tier fell back: ${machine.tierStats.fallback}`);
    return {
      status, exitCode: machine.exitCode, pc: machine.pc, fault: machine.fault, gas: machine.gasUsed,
      executed: machine.instructionsExecuted, stack: machine.stackValues(), memory: Buffer.from(machine.memory).toString('base64'),
      output: environment.output(), device: bus?.log.join(' '),
    };
  });
}

const files = exampleFiles(repoPath('examples'));
const compared = files.filter((file) => EXCLUDED[file] === undefined);

describe('every example on every tier', () => {
  test('each exclusion names an existing example and gives a reason', () => {
    for (const [file, reason] of Object.entries(EXCLUDED)) {
      assert.ok(files.includes(file), `${file} is excluded but is not an example`);
      assert.ok(reason.length > 20, `${file} is excluded without a real reason`);
    }
    assert.equal(compared.length + Object.keys(EXCLUDED).length, files.length);
    assert.ok(compared.length >= 12, `only ${compared.length} examples compared`);
  });

  for (const file of compared) {
    test(`${file}: interpreter, compiled and auto agree`, () => {
      const reference = outcome(file, 'interpreter');
      assert.deepStrictEqual(outcome(file, 'compiled'), reference);
      assert.deepStrictEqual(outcome(file, 'auto'), reference);
    });
  }
});
