/**
 * The VM tester: conformance checks any VM must pass, carried over from the EVMC VM tester and
 * extended with the result rules of result.ts. Each check reports pass or fail with a reason; a VM
 * that throws never stops the tester, it fails the check it threw in.
 *
 * Checks, in order: ABI version, name, version, capabilities; set_option with an unknown name (two
 * values, then null), a probe of the conventional `verbose` option and every known option given
 * with a bad value; execute as a CALL and as a CREATE (empty code, then the sample code if given),
 * each result obeying the result rules with an all-zero create address (the host, not the VM,
 * assigns created addresses); release, when the result has one (it is optional, as in EVMC),
 * working once and refusing a second call (the core's rule); for VMs with the
 * PRECOMPILES capability, a sweep of code addresses without a host; last, when asked (the caller
 * created the VM and hands it over), destroy, which must exist and not throw. A dialect VM's results are judged as the
 * VM returned them (result-check.ts), not as the adapter made them.
 */
import { ADDRESS_SIZE, CallKind, Capability, Revision, SetOptionResult, StatusCode, statusCodeName } from './constants.js';
import { dialectResultOf } from './dialect/raw-result.js';
import { DVMC_SPEC, ZVMC_SPEC } from './dialect/spec.js';
import { errorReason } from '../messages.js';
import { toolMessage } from './messages.js';
import { MockedHost } from './mocked-host.js';
import { executionViolations } from './result-check.js';
import type { Address, HostContext, HostInterface, Message, Result, VM } from './types.js';

/** The outcome of one check. */
export interface CheckReport {
  /** What was checked, e.g. `execute call (empty code)`. */
  readonly name: string;
  readonly passed: boolean;
  /** Why it failed, or what was seen when it passed. */
  readonly detail: string;
}

/** A known option and a value it must reject with INVALID_VALUE. */
export interface BadOptionValue {
  readonly name: string;
  readonly badValue: string;
}

/** How to test a VM; every field is optional. */
export interface VmTesterOptions {
  /** The ABI versions the VM may report: its dialect's. Default: any dialect's. */
  readonly abiVersions?: readonly number[];
  /** The revision to execute in. Default: Shanghai, the one revision every dialect knows. */
  readonly revision?: Revision;
  /** A small code the VM accepts, executed besides the empty code. */
  readonly sampleCode?: Uint8Array;
  /** Known options with values each must reject (the tester cannot guess a VM's options). */
  readonly badOptionValues?: readonly BadOptionValue[];
  /** The host for the executions, and its context. Default: a fresh MockedHost. */
  readonly host?: HostInterface;
  readonly hostContext?: HostContext;
  /** End with the `destroy` check, which destroys the VM. Default: false (the VM stays the caller's). */
  readonly destroy?: boolean;
}

/** The ABI versions of the dialects (ZVMC and DVMC, both 10: see src/vmc/dialect/spec.ts). */
const KNOWN_ABI_VERSIONS: readonly number[] = [...new Set([ZVMC_SPEC.abiVersion, DVMC_SPEC.abiVersion])];

/** An option name no VM knows (the EVMC tester's). */
const UNKNOWN_OPTION = 'unknown_option_csk9twq';
/** The conventional debugging option; a VM that knows it must reject a nonsense value and null. */
const VERBOSE = 'verbose';
const VERBOSE_PROBE = '0';
const NONSENSE_VALUE = 'GjNOONsbUl';
/** Gas for the test executions (the EVMC tester's). */
const TEST_GAS = 65536;
/** Precompile addresses swept: all of EIP-1352's reserved range 0x0000..0xffff. */
const PRECOMPILE_RANGE = 0x10000;
/** Statuses a precompile may answer (EIP-2003, plus PRECOMPILE_FAILURE, which evmc.h defines for precompiles). */
const PRECOMPILE_STATUSES: readonly StatusCode[] = [
  StatusCode.Success,
  StatusCode.Failure,
  StatusCode.Revert,
  StatusCode.OutOfGas,
  StatusCode.PrecompileFailure,
  StatusCode.Rejected,
];
const ALL_CAPABILITIES = Capability.Vm1 | Capability.Wasm | Capability.Precompiles;

/** A check's body returns its problems (none means it passed) and what it saw. */
type Outcome = { readonly problems: readonly string[]; readonly seen?: string };

function check(name: string, body: () => Outcome): CheckReport {
  try {
    const { problems, seen = '' } = body();
    return { name, passed: problems.length === 0, detail: problems.length === 0 ? seen : problems.join('; ') };
  } catch (error) {
    return { name, passed: false, detail: `threw: ${errorReason(error)}` };
  }
}

/** `failure (1)`: a status code with its name. */
const statusLabel = (code: number): string => `${statusCodeName(code)} (${code})`;

function address(low: number): Address {
  const bytes = new Uint8Array(ADDRESS_SIZE);
  bytes[ADDRESS_SIZE - 2] = low >> 8;
  bytes[ADDRESS_SIZE - 1] = low & 0xff;
  return bytes;
}

/** A test message: TEST_GAS, for the zero address, running the code of `codeAddress`. */
const message = (kind: CallKind, codeAddress: Address): Message => toolMessage({ kind, gas: TEST_GAS, recipient: address(0), codeAddress });

/** What one execution gave: the result, and why it is not a valid one (empty when it is). */
type Execution = { readonly result: Result; readonly problems: string[] };

/** Frees a result whose release is judged by the release check, not by the check that produced it. */
function releaseQuietly(result: Result): void {
  try {
    if (typeof result.release === 'function') result.release();
  } catch {
    // Reported by the `release` check, which runs the same kind of execution.
  }
}

/** Destroys `vm`; says why that failed (no destroy, one that is not a function, or a throw), or undefined. */
export function destroyVm(vm: VM): string | undefined {
  const destroy: unknown = vm.destroy;
  if (destroy === undefined || destroy === null) return 'no destroy() method';
  if (typeof destroy !== 'function') return `destroy is ${typeof destroy}, not a function`;
  try {
    vm.destroy();
  } catch (error) {
    return `destroy() threw: ${errorReason(error)}`;
  }
  return undefined;
}

/** The tester's state for one VM: the options with their defaults applied. */
class Tester {
  readonly host: HostInterface;
  readonly context: HostContext;
  readonly revision: Revision;

  constructor(
    readonly vm: VM,
    readonly options: VmTesterOptions,
  ) {
    this.host = options.host ?? new MockedHost();
    this.context = options.hostContext;
    this.revision = options.revision ?? Revision.Shanghai;
  }

  /** Executes with TEST_GAS; a returned value that is no result at all is thrown as its violation. */
  execute(kind: CallKind, code: Uint8Array, codeAddress = address(0), host: HostInterface | null = this.host): Execution {
    const value: unknown = this.vm.execute(host, this.context, this.revision, message(kind, codeAddress), code);
    const problems = executionViolations(value, TEST_GAS);
    if (typeof value !== 'object' || value === null) throw new TypeError(problems.join('; '));
    return { result: value as Result, problems };
  }

  abiVersion(): Outcome {
    const expected = this.options.abiVersions ?? KNOWN_ABI_VERSIONS;
    const actual = this.vm.abiVersion;
    const problems = expected.includes(actual) ? [] : [`ABI version is ${String(actual)}, expected ${expected.join(' or ')}`];
    return { problems, seen: String(actual) };
  }

  text(field: 'name' | 'version'): Outcome {
    const value: unknown = this.vm[field];
    if (typeof value !== 'string') return { problems: [`${field} is ${typeof value}, not a string`] };
    return { problems: value === '' ? [`${field} is empty`] : [], seen: value };
  }

  capabilities(): Outcome {
    const flags: unknown = this.vm.getCapabilities();
    if (typeof flags !== 'number' || !Number.isInteger(flags)) return { problems: [`getCapabilities() returned ${String(flags)}, not a bit set`] };
    const problems: string[] = [];
    if ((flags & ALL_CAPABILITIES) === 0) problems.push(`capabilities ${flags} name none of VM1 (1), WASM (2), PRECOMPILES (4)`);
    if ((flags & ~ALL_CAPABILITIES) !== 0) problems.push(`capabilities ${flags} have unknown bits ${flags & ~ALL_CAPABILITIES}`);
    return { problems, seen: String(flags) };
  }

  /** What setOption answers; a VM without setOption answers INVALID_NAME to everything. */
  setOption(name: string, value: string | null): number {
    return this.vm.setOption === undefined ? SetOptionResult.InvalidName : this.vm.setOption(name, value);
  }

  expectOption(name: string, values: readonly (string | null)[], expected: SetOptionResult, label: string): Outcome {
    const problems = values.flatMap((value) => {
      const answer = this.setOption(name, value);
      const shown = value === null ? 'null' : `'${value}'`;
      return answer === expected ? [] : [`setOption('${name}', ${shown}) answered ${String(answer)}, expected ${label} (${expected})`];
    });
    return { problems, seen: this.vm.setOption === undefined ? 'no setOption: every name is INVALID_NAME' : '' };
  }

  /** The known options to try bad values on: the given ones, and `verbose` if the VM knows it. */
  badOptionValues(): BadOptionValue[] {
    const given = this.options.badOptionValues ?? [];
    if (given.some((option) => option.name === VERBOSE)) return [...given];
    let knowsVerbose: boolean;
    try {
      knowsVerbose = this.setOption(VERBOSE, VERBOSE_PROBE) !== SetOptionResult.InvalidName;
    } catch {
      knowsVerbose = true; // let the bad-value check run and report the throw
    }
    return knowsVerbose ? [...given, { name: VERBOSE, badValue: NONSENSE_VALUE }] : [...given];
  }

  /** Executes once; the result must keep the rules and carry no create address. */
  executeOnce(kind: CallKind, code: Uint8Array): Outcome {
    const { result, problems } = this.execute(kind, code);
    if (result.createAddress instanceof Uint8Array && result.createAddress.some((b) => b !== 0)) {
      problems.push('create address is not zero: the host, not the VM, assigns created addresses');
    }
    releaseQuietly(result);
    return { problems, seen: statusLabel(result.statusCode) };
  }

  release(): Outcome {
    const { result } = this.execute(CallKind.Call, new Uint8Array(0));
    // The adapter leaves out a dialect result's release that is not a function: judge the original's.
    const original = dialectResultOf(result)?.result as { readonly release?: unknown } | undefined;
    const release: unknown = typeof original?.release === 'function' || original === undefined ? result.release : original.release;
    // Optional in EVMC and in the core type: a result without one has nothing to free.
    if (release === undefined || release === null) return { problems: [], seen: 'no release(): nothing to free' };
    if (typeof release !== 'function') return { problems: [`release is ${typeof release}, not a function`] };
    try {
      release();
    } catch (error) {
      return { problems: [`the first release() threw: ${errorReason(error)}`] };
    }
    try {
      release();
    } catch {
      return { problems: [], seen: 'released once; a second release() throws' };
    }
    return { problems: ['a second release() did not throw: a result must refuse to be released twice'] };
  }

  precompiles(): Outcome {
    const failures: string[] = [];
    let failed = 0;
    for (let i = 0; i < PRECOMPILE_RANGE; i++) {
      const problems = this.precompileProblems(i);
      if (problems.length === 0) continue;
      failed++;
      if (failures.length < 3) failures.push(`address 0x${i.toString(16).padStart(4, '0')}: ${problems.join(', ')}`);
    }
    const problems = failed === 0 ? [] : [`${failed} of ${PRECOMPILE_RANGE} addresses misbehaved, e.g. ${failures.join('; ')}`];
    return { problems, seen: `${PRECOMPILE_RANGE} addresses` };
  }

  precompileProblems(low: number): string[] {
    let execution: Execution;
    try {
      execution = this.execute(CallKind.Call, new Uint8Array(0), address(low), null);
    } catch (error) {
      return [`threw: ${errorReason(error)}`];
    }
    const { result, problems } = execution;
    if (!PRECOMPILE_STATUSES.includes(result.statusCode)) problems.push(`status ${statusLabel(result.statusCode)} is not one a precompile may answer`);
    releaseQuietly(result);
    return problems;
  }

  destroy(): Outcome {
    const problem = destroyVm(this.vm);
    return problem === undefined ? { problems: [], seen: 'destroyed' } : { problems: [problem] };
  }

  hasPrecompiles(): boolean {
    try {
      return (this.vm.getCapabilities() & Capability.Precompiles) !== 0;
    } catch {
      return false; // the capabilities check reports it
    }
  }
}

/**
 * Runs every conformance check on `vm` and reports each; with `destroy: true` the last check
 * destroys the VM. Never throws for a misbehaving VM.
 */
export function runVmTester(vm: VM, options: VmTesterOptions = {}): CheckReport[] {
  const t = new Tester(vm, options);
  const empty = new Uint8Array(0);
  const codes: [string, Uint8Array][] = [['empty code', empty]];
  if (options.sampleCode !== undefined) codes.push(['sample code', options.sampleCode]);
  const reports = [
    check('abi version', () => t.abiVersion()),
    check('name', () => t.text('name')),
    check('version', () => t.text('version')),
    check('capabilities', () => t.capabilities()),
    check('set_option unknown name', () => t.expectOption(UNKNOWN_OPTION, ['v', 'x'], SetOptionResult.InvalidName, 'INVALID_NAME')),
    check('set_option unknown name, null value', () => t.expectOption(UNKNOWN_OPTION, [null], SetOptionResult.InvalidName, 'INVALID_NAME')),
    ...t.badOptionValues().map(({ name, badValue }) =>
      check(`set_option bad value ${name}=${badValue}`, () =>
        t.expectOption(name, name === VERBOSE ? [badValue, null] : [badValue], SetOptionResult.InvalidValue, 'INVALID_VALUE'))),
    ...codes.flatMap(([label, code]) => [
      check(`execute call (${label})`, () => t.executeOnce(CallKind.Call, code)),
      check(`execute create (${label})`, () => t.executeOnce(CallKind.Create, code)),
    ]),
    check('release', () => t.release()),
  ];
  if (t.hasPrecompiles()) reports.push(check('precompiles without a host', () => t.precompiles()));
  if (options.destroy === true) reports.push(check('destroy', () => t.destroy()));
  return reports;
}
