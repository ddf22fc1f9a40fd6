/**
 * `exvm vmc run`: executes code on a connector VM against a MockedHost and prints the outcome the
 * way EVMC's `evmc run` does:
 *
 *     Executing on Shanghai with 1000000 gas limit
 *
 *     Result:   success
 *     Gas used: 21
 *     Output:   0000…2a
 *
 * (`Output:` only for SUCCESS and REVERT; with --bench, the warning and `Time:` lines come before
 * `Result:`). With --create the code is first executed as a CREATE for the account
 * 0xc9ea7ed000000000000000000000000000000001 with 10,000,000 gas; its output becomes that
 * account's code, which is then called with the input. Host calls execute nested messages on the
 * same VM. The exit code is 0 once the result is printed, whatever the status; a failed creation
 * prints `Contract creation failed: <status>` and exits with the status code (& 0xff). A result
 * REJECTED by the dialect adapter, because the VM's dialect lacks the revision (ZVMC knows only
 * Shanghai) or the call kind, is followed by a `note: ` line on stderr saying so.
 *
 * A VM that breaks the connector's rules ends the command with exit code 1 and one `exvm: ` line
 * on stderr: its execute or release threw (`the VM's execute threw: ...`), its result is invalid
 * (`the VM's result is invalid: ...`, checked before anything of it is printed), or it could not
 * be destroyed after the result was printed (`the VM could not be destroyed: ...`).
 */
import { CallKind, StatusCode, statusCodeName } from '../vmc/constants.js';
import type { Revision } from '../vmc/constants.js';
import { dialectRefusalOf } from '../vmc/dialect/raw-result.js';
import { errorReason } from '../messages.js';
import { toolMessage } from '../vmc/messages.js';
import { MockedHost, address, hex } from '../vmc/mocked-host.js';
import { executionViolations } from '../vmc/result-check.js';
import type { Message, Result, VM } from '../vmc/types.js';
import { destroyVm } from '../vmc/vmtester.js';
import { exvmHostDescription } from '../vmc/vms/exvm.js';
import { OutputClosed, stderr, stdout } from './node-io.js';
import { CliFailure, ExitCode, describeError, toolLines } from './report.js';
import { benchLines } from './vmc-bench.js';
import { ErrorCode, ExvmError } from '../errors.js';
import { bytesArgument, codeArgument } from './vmc-code.js';
import { loadVm } from './vmc-load.js';
import { refusalNote, revisionName } from './vmc-names.js';
import { writeTraceLine } from './trace-json.js';

/** Options of `exvm vmc run`. */
export interface VmcRunOptions {
  /** The VM config (`path(,name[=value])*`). */
  readonly vm: string;
  readonly rev: Revision;
  readonly gas: number;
  /** Hex or `@FILE`. */
  readonly input?: string;
  readonly create?: boolean;
  readonly bench?: boolean;
  /** Write one JSON line per guest instruction to stderr (VMs with a tracing hook). */
  readonly trace?: boolean;
}

/** The account --create creates (EVMC's tool's). */
const CREATE_ADDRESS = address('0xc9ea7ed000000000000000000000000000000001');
/** Gas for the --create execution (EVMC's tool's). */
const CREATE_GAS = 10_000_000;
/** The exit code when the VM broke the connector's rules: the VM module is bad input. */
const VM_FAULT_EXIT = ExitCode.BadInput;

const print = (line: string): void => stdout.writeText(`${line}\n`);

const vmFault = (problem: string): CliFailure => new CliFailure(VM_FAULT_EXIT, toolLines(problem));

/** Calls into the VM; anything it throws (but a closed output or a failure already described) is its fault. */
function vmCall<T>(what: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof CliFailure || error instanceof OutputClosed) throw error;
    throw vmFault(`the VM's ${what} threw: ${errorReason(error)}`);
  }
}

/** Executes `msg`; the result, once it is known to be valid. */
function execute(vm: VM, host: MockedHost, revision: Revision, msg: Message, code: Uint8Array): Result {
  const value: unknown = vmCall('execute', () => vm.execute(host, undefined, revision, msg, code));
  const problems = executionViolations(value, msg.gas);
  if (problems.length > 0) throw vmFault(`the VM's result is invalid: ${problems.join('; ')}`);
  return value as Result;
}

const release = (result: Result): void => vmCall('release', () => result.release?.());

/** Executes `code` as a CREATE: the code it returned, or the status it failed with. */
function create(vm: VM, host: MockedHost, revision: Revision, code: Uint8Array): { code: Uint8Array } | { failed: StatusCode } {
  const result = execute(vm, host, revision, toolMessage({ kind: CallKind.Create, gas: CREATE_GAS, recipient: CREATE_ADDRESS }), code);
  const outcome = result.statusCode === StatusCode.Success ? { code: result.output.slice() } : { failed: result.statusCode };
  release(result);
  return outcome;
}

function run(vm: VM, code: Uint8Array, input: Uint8Array, options: VmcRunOptions): number {
  const host = new MockedHost();
  host.executeCallsOn(vm, options.rev);
  print(`${options.create ? 'Creating and executing on' : 'Executing on'} ${revisionName(options.rev)} with ${options.gas} gas limit`);
  let recipient = address(0);
  if (options.create) {
    const created = create(vm, host, options.rev, code);
    if ('failed' in created) {
      print(`Contract creation failed: ${statusCodeName(created.failed)}`);
      return created.failed & 0xff;
    }
    recipient = CREATE_ADDRESS;
    code = host.setAccount(CREATE_ADDRESS, { code: created.code }).code;
  }
  print('');
  const msg = toolMessage({ kind: CallKind.Call, gas: options.gas, recipient, input });
  const once = (): Result => execute(vm, host, options.rev, msg, code);
  const result = once();
  try {
    if (options.bench) benchLines(once, release, result, options.gas).forEach(print);
    print(`Result:   ${statusCodeName(result.statusCode)}`);
    print(`Gas used: ${options.gas - result.gasLeft}`);
    if (result.statusCode === StatusCode.Success || result.statusCode === StatusCode.Revert) print(`Output:   ${hex(result.output).slice(2)}`);
    const refusal = dialectRefusalOf(result);
    if (refusal !== undefined) stderr.writeText(`note: the VM rejected the execution: ${refusalNote(refusal)}\n`);
  } finally {
    release(result);
  }
  return 0;
}

/** Runs the command on a loaded VM, then destroys it; a failed destroy is reported after everything else. */
function runAndDestroy(vm: VM, code: Uint8Array, input: Uint8Array, options: VmcRunOptions): number {
  let exitCode: number;
  try {
    if (options.trace) {
      if (vm.setTracer === undefined) throw new ExvmError(ErrorCode.Usage, `--trace: the VM ${vm.name} has no tracing hook`);
      vm.setTracer(writeTraceLine);
    }
    exitCode = run(vm, code, input, options);
  } catch (error) {
    const problem = destroyVm(vm);
    if (problem === undefined) throw error;
    const failure = describeError(error);
    throw new CliFailure(failure.exitCode, [...failure.lines, ...toolLines(`the VM could not be destroyed: ${problem}`)]);
  }
  const problem = destroyVm(vm);
  if (problem !== undefined) throw vmFault(`the VM could not be destroyed: ${problem}`);
  return exitCode;
}

/** Runs `code` (hex, `@FILE`, .exa or .exb) as `options` say; returns the exit code. */
export async function vmcRunCommand(code: string, options: VmcRunOptions): Promise<number> {
  const input = options.input === undefined ? new Uint8Array(0) : bytesArgument(options.input, '--input');
  const bytes = codeArgument(code, exvmHostDescription);
  return runAndDestroy(await loadVm(options.vm), bytes, input, options);
}
