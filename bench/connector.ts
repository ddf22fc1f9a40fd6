/**
 * The connector's overhead: the mean time of one `execute` through the connector, for empty code
 * and for a small program, on the example VM (EVM bytecode) and on the exvm connector VM (a tiny
 * program image), next to the same image run on a bare Machine. Executions are timed in batches
 * (one is far below the clock's resolution); the reported figure is the median batch's mean.
 */
import { assemble } from '../src/asm/index.js';
import { encodeImage } from '../src/image/index.js';
import { Machine } from '../src/machine/machine.js';
import { Status } from '../src/isa/status.js';
import { CallKind, Revision, StatusCode, WORD_SIZE } from '../src/vmc/constants.js';
import { MockedHost, address } from '../src/vmc/mocked-host.js';
import type { Message, VM } from '../src/vmc/types.js';
import { createExampleVm } from '../src/vmc/vms/example.js';
import { createExvmVm, exvmHostDescription } from '../src/vmc/vms/exvm.js';
import type { Runner } from './engines/types.js';
import { BenchFailure } from './failure.js';
import type { TimingPlan } from './measure.js';
import { measure } from './measure.js';

/** One measured way of executing. */
export interface ConnectorRow {
  readonly label: string;
  /** Mean microseconds per execution, or null when it failed. */
  readonly microseconds: number | null;
  readonly error?: string;
}

/** What the connector benchmark measured. */
export interface ConnectorReport {
  /** Executions per timed batch. */
  readonly batch: number;
  readonly rows: readonly ConnectorRow[];
  readonly failures: readonly string[];
}

/** EVM bytecode: 2 + 3, stored in memory and returned as one word. */
const EVM_ADD = Uint8Array.of(0x60, 0x02, 0x60, 0x03, 0x01, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3);
/** A tiny exvm program: 2 + 3, dropped, then halt 0 (SUCCESS on the exvm VM). 256 bytes of memory, as a tiny contract needs. */
const EXVM_ADD = '.memory 256\npush 2\npush 3\nadd\npop\npush 0\nhalt\n';
const GAS = 1_000_000;

function message(): Message {
  const zero = address(0);
  return { kind: CallKind.Call, flags: 0, depth: 0, gas: GAS, recipient: zero, sender: zero, input: new Uint8Array(0), value: new Uint8Array(WORD_SIZE), create2Salt: new Uint8Array(WORD_SIZE), codeAddress: zero };
}

/** Runs `batch` executes of `code` on `vm`; the run's result is the gas the batch used (it must not vary). */
function connectorRunner(vm: VM, code: Uint8Array, batch: number, label: string): Runner {
  const host = new MockedHost();
  const msg = message();
  return {
    run() {
      let gasUsed = 0;
      for (let i = 0; i < batch; i++) {
        const result = vm.execute(host, undefined, Revision.Shanghai, msg, code);
        if (result.statusCode !== StatusCode.Success) throw new BenchFailure(`${label}: status ${result.statusCode}`);
        gasUsed += GAS - result.gasLeft;
        result.release?.();
      }
      return gasUsed;
    },
  };
}

/** Runs `batch` runs of the same program on one bare Machine, reset each time: the baseline without the connector. */
function machineRunner(batch: number, label: string): Runner {
  const machine = new Machine(assemble(EXVM_ADD), { gas: GAS });
  return {
    run() {
      let sum = 0; // the gas the batch used, as for the connector runners
      for (let i = 0; i < batch; i++) {
        machine.reset();
        if (machine.run() !== Status.Halted) throw new BenchFailure(`${label}: the machine stopped with status ${machine.status}`);
        sum += machine.gasUsed;
      }
      return sum;
    },
  };
}

/** The executions to measure, each made into a runner of `batch` executions. */
function cases(batch: number): [string, () => Runner][] {
  const example = createExampleVm();
  const exvm = createExvmVm();
  const image = encodeImage(assemble(EXVM_ADD, { libraries: exvmHostDescription }));
  const onVm = (label: string, vm: VM, code: Uint8Array): [string, () => Runner] => [label, () => connectorRunner(vm, code, batch, label)];
  return [
    onVm('example VM, empty code', example, new Uint8Array(0)),
    onVm('example VM, 2 + 3 (13 bytes of EVM code)', example, EVM_ADD),
    onVm('exvm VM, empty code', exvm, new Uint8Array(0)),
    onVm('exvm VM, 2 + 3 (a 6-instruction image)', exvm, image),
    ['exvm Machine, 2 + 3 without the connector (reset + run)', () => machineRunner(batch, 'exvm Machine')],
  ];
}

/** Measures every case with `plan`, `batch` executions per timed run. */
export function runConnectorBench(plan: TimingPlan, batch: number, progress?: (label: string) => void): ConnectorReport {
  const failures: string[] = [];
  const rows = cases(batch).map(([label, load]): ConnectorRow => {
    progress?.(label);
    try {
      const timing = measure(load(), plan, label);
      return { label, microseconds: (timing.medianMs * 1000) / batch };
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      failures.push(error.message);
      return { label, microseconds: null, error: error.message };
    }
  });
  return { batch, rows, failures };
}

/** The connector section of the text report. */
export function formatConnectorReport(report: ConnectorReport): string {
  const lines = [
    `connector overhead: mean µs per execute (median over timed batches of ${report.batch} executions)`,
    '',
    '| execution | µs per execute |',
    '| --- | ---: |',
    ...report.rows.map((row) => `| ${row.label} | ${row.microseconds === null ? 'error' : row.microseconds.toFixed(2)} |`),
  ];
  return lines.join('\n');
}
