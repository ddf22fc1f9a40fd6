/**
 * `exvm vmtester CONFIG`: loads a VM and runs the conformance checks of src/vmc/vmtester.ts on it,
 * printing `[PASS] check` or `[FAIL] check: why` per check (the last, destroy, destroys the VM)
 * and a summary line. Every report is printed whatever the VM does. Exits 0 only if
 * every check passed, 1 otherwise, and with the loader's error code when the VM cannot be loaded.
 */
import type { Revision } from '../vmc/constants.js';
import { parseVmConfig } from '../vmc/loader.js';
import type { BadOptionValue, CheckReport } from '../vmc/vmtester.js';
import { runVmTester } from '../vmc/vmtester.js';
import { ErrorCode, ExvmError } from '../errors.js';
import { stdout } from './node-io.js';
import { ExitCode } from './report.js';
import { bytesArgument } from './vmc-code.js';
import { builtInProfile } from './vmc-profiles.js';
import { loadVm } from './vmc-load.js';

/** Options of `exvm vmtester`. */
export interface VmtesterOptions {
  /** `NAME=VALUE` pairs: known options and a value each must reject. */
  readonly badValue: readonly string[];
  /** A small code the VM accepts (hex or `@FILE`). */
  readonly code?: string;
  readonly rev?: Revision;
}

function badOptionValue(pair: string): BadOptionValue {
  const at = pair.indexOf('=');
  if (at <= 0) throw new ExvmError(ErrorCode.Usage, `--bad-value ${pair}: expected NAME=VALUE`);
  return { name: pair.slice(0, at), badValue: pair.slice(at + 1) };
}

/** `[PASS] name` or `[FAIL] name: detail`. */
function checkLine(report: CheckReport): string {
  return report.passed ? `[PASS] ${report.name}` : `[FAIL] ${report.name}: ${report.detail}`;
}

/** Tests the VM `config` names; returns the exit code. */
export async function vmtesterCommand(config: string, options: VmtesterOptions): Promise<number> {
  const given = options.badValue.map(badOptionValue);
  const sampleCode = options.code === undefined ? undefined : bytesArgument(options.code, '--code');
  const vm = await loadVm(config);
  const profile = builtInProfile(parseVmConfig(config).path); // the config is valid: the VM loaded
  const reports = runVmTester(vm, {
    destroy: true,
    badOptionValues: [...(profile?.badOptionValues ?? []), ...given],
    sampleCode: sampleCode ?? profile?.sampleCode,
    ...(options.rev === undefined ? {} : { revision: options.rev }),
  });
  for (const report of reports) stdout.writeText(`${checkLine(report)}\n`);
  const failed = reports.filter((r) => !r.passed).length;
  stdout.writeText(`${reports.length - failed} passed, ${failed} failed\n`);
  return failed === 0 ? ExitCode.Ok : ExitCode.ChecksFailed;
}
