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
 * prints `Contract creation failed: <status>` and exits with the status code (& 0xff).
 */
import { CallKind, StatusCode, WORD_SIZE } from '../vmc/constants.js';
import type { Revision } from '../vmc/constants.js';
import { MockedHost, address, hex } from '../vmc/mocked-host.js';
import type { Address, Message, Result, VM } from '../vmc/types.js';
import { exvmHostDescription } from '../vmc/vms/exvm.js';
import { stdout } from './node-io.js';
import { benchLines } from './vmc-bench.js';
import { ErrorCode, ExvmError } from '../errors.js';
import { bytesArgument, codeArgument } from './vmc-code.js';
import { withVm } from './vmc-load.js';
import { revisionName, statusCodeName } from './vmc-names.js';
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
export const CREATE_ADDRESS: Address = address('0xc9ea7ed000000000000000000000000000000001');
/** Gas for the --create execution (EVMC's tool's). */
export const CREATE_GAS = 10_000_000;

function message(kind: CallKind, gas: number, input: Uint8Array, recipient: Address): Message {
  return {
    kind,
    flags: 0,
    depth: 0,
    gas,
    recipient,
    sender: address(0),
    input,
    value: new Uint8Array(WORD_SIZE),
    create2Salt: new Uint8Array(WORD_SIZE),
    codeAddress: recipient,
  };
}

const print = (line: string): void => stdout.writeText(`${line}\n`);

/** Executes `code` as a CREATE: the code it returned, or the status it failed with. */
function create(vm: VM, host: MockedHost, revision: Revision, code: Uint8Array): { code: Uint8Array } | { failed: StatusCode } {
  const result = vm.execute(host, undefined, revision, message(CallKind.Create, CREATE_GAS, new Uint8Array(0), CREATE_ADDRESS), code);
  const outcome = result.statusCode === StatusCode.Success ? { code: result.output.slice() } : { failed: result.statusCode };
  result.release?.();
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
  const msg = message(CallKind.Call, options.gas, input, recipient);
  const execute = (): Result => vm.execute(host, undefined, options.rev, msg, code);
  const result = execute();
  try {
    if (options.bench) benchLines(execute, result, options.gas).forEach(print);
    print(`Result:   ${statusCodeName(result.statusCode)}`);
    print(`Gas used: ${options.gas - result.gasLeft}`);
    if (result.statusCode === StatusCode.Success || result.statusCode === StatusCode.Revert) print(`Output:   ${hex(result.output).slice(2)}`);
  } finally {
    result.release?.();
  }
  return 0;
}

/** Runs `code` (hex, `@FILE`, .exa or .exb) as `options` say; returns the exit code. */
export async function vmcRunCommand(code: string, options: VmcRunOptions): Promise<number> {
  const input = options.input === undefined ? new Uint8Array(0) : bytesArgument(options.input, '--input');
  const bytes = codeArgument(code, exvmHostDescription);
  return withVm(options.vm, (vm) => {
    if (options.trace) {
      if (vm.setTracer === undefined) throw new ExvmError(ErrorCode.Usage, `--trace: the VM ${vm.name} has no tracing hook`);
      vm.setTracer(writeTraceLine);
    }
    return run(vm, bytes, input, options);
  });
}
