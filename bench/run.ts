/**
 * `npm run bench`: fib, a tight loop and a sieve on exvm, plain JS, QuickJS (wasm) and fengari
 * (Lua), timed side by side in this process, then the connector's overhead per `execute` (see
 * connector.ts). Flags: `--quick` (smaller sizes, fewer runs) and `--json` (print the report as
 * JSON). Exits 1 when an engine fails or the results differ.
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { ErrorCode, ExvmError } from '../src/errors.js';
import { formatConnectorReport, runConnectorBench } from './connector.js';
import { formatCompileReport, runCompileBench } from './compile.js';
import { exvmCompiledEngine } from './engines/exvm.js';
import { createFengariEngine } from './engines/fengari.js';
import { createQuickJsEngine } from './engines/quickjs.js';
import { FULL_PLAN, QUICK_PLAN } from './measure.js';
import { formatReport } from './report.js';
import { formatVmmReport, runVmmBench } from './vmm.js';
import { runSuite } from './suite.js';

/** Executions per timed batch of the connector benchmark (one execute is below the clock's resolution). */
const CONNECTOR_BATCH = 1000;
const CONNECTOR_BATCH_QUICK = 100;

const USAGE = 'usage: npm run bench -- [--quick] [--json]';

function parseFlags(): { quick: boolean; json: boolean } {
  try {
    const { values } = parseArgs({
      options: { quick: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
      strict: true,
    });
    return { quick: values.quick, json: values.json };
  } catch (error) {
    throw new ExvmError(ErrorCode.Usage, `bench: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

const progress = (label: string): void => {
  process.stderr.write(`measuring ${label}\n`);
};

async function main(): Promise<number> {
  const { quick, json } = parseFlags();
  const engines = [exvmCompiledEngine, await createQuickJsEngine(), createFengariEngine()];
  try {
    const report = runSuite({
      engines,
      plan: quick ? QUICK_PLAN : FULL_PLAN,
      sizeOf: (program) => (quick ? program.sizes.quick : program.sizes.full),
      quick,
      node: process.version,
      cpu: cpus()[0]?.model ?? 'unknown CPU',
      progress,
    });
    const connector = runConnectorBench(quick ? QUICK_PLAN : FULL_PLAN, quick ? CONNECTOR_BATCH_QUICK : CONNECTOR_BATCH, progress);
    progress('compiling a 10,000-instruction image');
    const compile = runCompileBench(quick ? QUICK_PLAN : FULL_PLAN);
    const vmm = await runVmmBench(quick, progress);
    const text = [formatReport(report), formatConnectorReport(connector), formatCompileReport(compile), formatVmmReport(vmm)].join('\n\n');
    process.stdout.write(`${json ? JSON.stringify({ ...report, connector, compile, vmm }, null, 2) : text}\n`);
    const failures = [...report.failures, ...connector.failures, ...compile.failures, ...vmm.failures];
    for (const failure of failures) process.stderr.write(`error: ${failure}\n`);
    return failures.length === 0 ? 0 : 1;
  } finally {
    for (const engine of engines) engine.dispose();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  if (!(error instanceof ExvmError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 2;
}
