/** The VM tester against a well-behaved VM and against VMs broken in one way each. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Capability, SetOptionResult, StatusCode } from '../../src/vmc/constants.js';
import { MockedHost } from '../../src/vmc/mocked-host.js';
import { makeResult } from '../../src/vmc/result.js';
import type { HostInterface, Message, Result, VM } from '../../src/vmc/types.js';
import type { CheckReport, VmTesterOptions } from '../../src/vmc/vmtester.js';
import { runVmTester } from '../../src/vmc/vmtester.js';

/** A small VM that keeps every rule: knows `verbose` (0..9), returns SUCCESS with some gas left. */
function goodVm(overrides: Partial<VM> = {}): VM {
  return {
    abiVersion: 10,
    name: 'good_vm',
    version: '1.0.0',
    getCapabilities: () => Capability.Vm1,
    setOption: (name, value) => {
      if (name !== 'verbose') return SetOptionResult.InvalidName;
      return value !== null && /^[0-9]$/.test(value) ? SetOptionResult.Success : SetOptionResult.InvalidValue;
    },
    execute: (_host, _context, _revision, message) => makeResult({ statusCode: StatusCode.Success, gasLeft: message.gas - 1 }),
    destroy: () => undefined,
    ...overrides,
  };
}

/** A result object built by hand, bypassing makeResult's rules (with a release that works once). */
function rawResult(fields: Partial<Result>): Result {
  let released = false;
  return {
    statusCode: StatusCode.Success,
    gasLeft: 0,
    gasRefund: 0,
    output: new Uint8Array(0),
    createAddress: new Uint8Array(20),
    release: () => {
      if (released) throw new Error('released twice');
      released = true;
    },
    ...fields,
  };
}

function report(reports: readonly CheckReport[], name: string): CheckReport {
  const found = reports.find((r) => r.name === name);
  assert.ok(found, `no check named '${name}' among ${reports.map((r) => r.name).join(', ')}`);
  return found;
}

/** Asserts that exactly the named checks failed, each with a detail matching its pattern. */
function assertFailures(vm: VM, expected: Readonly<Record<string, RegExp>>, options: VmTesterOptions = {}): CheckReport[] {
  const reports = runVmTester(vm, options);
  const failed = reports.filter((r) => !r.passed).map((r) => r.name);
  assert.deepEqual(failed.sort(), Object.keys(expected).sort(), JSON.stringify(reports, null, 1));
  for (const [name, detail] of Object.entries(expected)) assert.match(report(reports, name).detail, detail);
  return reports;
}

const BASIC_CHECKS = [
  'abi version',
  'name',
  'version',
  'capabilities',
  'set_option unknown name',
  'set_option unknown name, null value',
  'set_option bad value verbose=GjNOONsbUl',
  'execute call (empty code)',
  'execute create (empty code)',
  'release',
];

describe('runVmTester on a well-behaved VM', () => {
  it('runs every basic check, and all pass', () => {
    const reports = assertFailures(goodVm(), {});
    assert.deepEqual(reports.map((r) => r.name), BASIC_CHECKS);
    assert.equal(report(reports, 'name').detail, 'good_vm');
    assert.equal(report(reports, 'execute call (empty code)').detail, 'success (0)');
  });

  it('executes the sample code as a call and as a create, against a MockedHost by default', () => {
    const seen: { host: HostInterface | null; kind: number; code: string }[] = [];
    const vm = goodVm({
      execute: (host, _context, _revision, message, code) => {
        seen.push({ host, kind: message.kind, code: Buffer.from(code).toString('hex') });
        return makeResult({ statusCode: StatusCode.Revert, gasLeft: 3, output: Uint8Array.of(1) });
      },
    });
    const reports = assertFailures(vm, {}, { sampleCode: Uint8Array.of(0xab, 0xcd) });
    assert.ok(report(reports, 'execute call (sample code)').passed);
    assert.ok(report(reports, 'execute create (sample code)').passed);
    assert.ok(seen.every((s) => s.host instanceof MockedHost));
    assert.deepEqual(seen.filter((s) => s.code === 'abcd').map((s) => s.kind), [0, 3]);
  });

  it('a VM without setOption answers INVALID_NAME to everything, which passes', () => {
    const vm = goodVm();
    delete vm.setOption;
    const reports = assertFailures(vm, {});
    assert.match(report(reports, 'set_option unknown name').detail, /no setOption/);
    assert.ok(!reports.some((r) => r.name.startsWith('set_option bad value')), 'no verbose option to probe');
  });

  it('a VM without a verbose option gets no verbose check', () => {
    const reports = assertFailures(goodVm({ setOption: () => SetOptionResult.InvalidName }), {});
    assert.ok(!reports.some((r) => r.name.includes('verbose')));
  });

  it('uses the given host, revision and ABI versions', () => {
    const host = new MockedHost();
    const revisions = new Set<number>();
    const vm = goodVm({
      abiVersion: 7,
      execute: (given, _context, revision) => {
        assert.equal(given, host);
        revisions.add(revision);
        return makeResult({ statusCode: StatusCode.Success });
      },
    });
    assertFailures(vm, {}, { host, revision: 9, abiVersions: [7] });
    assert.deepEqual([...revisions], [9]);
  });
});

describe('runVmTester catches broken VMs with the right check', () => {
  it('a wrong ABI version', () => {
    assertFailures(goodVm({ abiVersion: 9 }), { 'abi version': /ABI version is 9, expected 10/ });
    assertFailures(goodVm(), { 'abi version': /ABI version is 10, expected 11/ }, { abiVersions: [11] });
  });

  it('an empty name or version, or one that is not a string', () => {
    assertFailures(goodVm({ name: '' }), { name: /^name is empty$/ });
    assertFailures(goodVm({ version: '' }), { version: /^version is empty$/ });
    assertFailures(goodVm({ name: undefined as unknown as string }), { name: /not a string/ });
  });

  it('no capabilities, unknown capability bits, or a throwing getCapabilities', () => {
    assertFailures(goodVm({ getCapabilities: () => 0 }), { capabilities: /name none of/ });
    assertFailures(goodVm({ getCapabilities: () => Capability.Vm1 | 8 }), { capabilities: /unknown bits 8/ });
    assertFailures(goodVm({ getCapabilities: () => { throw new Error('no idea'); } }), { capabilities: /^threw: no idea$/ });
  });

  it('gas left on FAILURE', () => {
    const vm = goodVm({ execute: () => rawResult({ statusCode: StatusCode.Failure, gasLeft: 10 }) });
    assertFailures(vm, {
      'execute call (empty code)': /gas left is 10 with status 1/,
      'execute create (empty code)': /gas left is 10 with status 1/,
    });
  });

  it('a refund on REVERT', () => {
    const vm = goodVm({ execute: () => rawResult({ statusCode: StatusCode.Revert, gasLeft: 5, gasRefund: 2 }) });
    assertFailures(vm, {
      'execute call (empty code)': /gas refund is 2 with status 2/,
      'execute create (empty code)': /gas refund is 2 with status 2/,
    });
  });

  it('a create address set by the VM, and an undefined status code', () => {
    const vm = goodVm({ execute: () => rawResult({ statusCode: 99 as StatusCode, createAddress: new Uint8Array(20).fill(1) }) });
    const failure = /status code 99 is not defined.*create address is not zero/;
    assertFailures(vm, { 'execute call (empty code)': failure, 'execute create (empty code)': failure });
  });

  it('a release that throws', () => {
    const vm = goodVm({ execute: () => rawResult({ release: () => { throw new Error('double free'); } }) });
    assertFailures(vm, { release: /^the first release\(\) threw: double free$/ });
  });

  it('a release that is not a function; a missing one is allowed (optional, as in EVMC)', () => {
    const notFunction = goodVm({ execute: () => ({ ...rawResult({}), release: 'free' as unknown as () => void }) });
    assertFailures(notFunction, { release: /^release is string, not a function$/ });
    const missing = assertFailures(goodVm({ execute: () => ({ ...rawResult({}), release: undefined }) }), {});
    assert.equal(report(missing, 'release').detail, 'no release(): nothing to free');
  });

  it('a release that lets itself be called twice', () => {
    const vm = goodVm({ execute: () => rawResult({ release: () => undefined }) });
    assertFailures(vm, { release: /second release\(\) did not throw/ });
  });

  it('execute throwing, or returning something that is not a result', () => {
    const throwing = goodVm({ execute: () => { throw new TypeError('oops'); } });
    assertFailures(throwing, { 'execute call (empty code)': /^threw: oops$/, 'execute create (empty code)': /^threw: oops$/, release: /^threw: oops$/ });
    const nothing = goodVm({ execute: () => undefined as unknown as Result });
    const notResult = /^threw: execute returned undefined, not a result$/;
    assertFailures(nothing, { 'execute call (empty code)': notResult, 'execute create (empty code)': notResult, release: notResult });
  });

  it('set_option answering SUCCESS for an unknown name', () => {
    assertFailures(goodVm({ setOption: (name) => (name === 'verbose' ? SetOptionResult.InvalidValue : SetOptionResult.Success) }), {
      'set_option unknown name': /setOption\('unknown_option_csk9twq', 'v'\) answered 0, expected INVALID_NAME \(1\)/,
      'set_option unknown name, null value': /setOption\('unknown_option_csk9twq', null\) answered 0/,
    });
  });

  it('set_option answering INVALID_VALUE for an unknown name with a null value', () => {
    const vm = goodVm({ setOption: (name, value) => (value === null ? SetOptionResult.InvalidValue : SetOptionResult.InvalidName) });
    assertFailures(vm, { 'set_option unknown name, null value': /answered 2, expected INVALID_NAME/ });
  });

  it('a known option accepting a bad value (the verbose probe, and given options)', () => {
    const lax = goodVm({ setOption: (name) => (name === 'verbose' || name === 'level' ? SetOptionResult.Success : SetOptionResult.InvalidName) });
    assertFailures(lax, {
      'set_option bad value verbose=GjNOONsbUl': /setOption\('verbose', 'GjNOONsbUl'\) answered 0, expected INVALID_VALUE \(2\); setOption\('verbose', null\) answered 0/,
      'set_option bad value level=high': /setOption\('level', 'high'\) answered 0/,
    }, { badOptionValues: [{ name: 'level', badValue: 'high' }] });
  });

  it('given bad values replace the verbose probe', () => {
    const reports = assertFailures(goodVm(), {}, { badOptionValues: [{ name: 'verbose', badValue: 'x' }] });
    assert.deepEqual(reports.filter((r) => r.name.startsWith('set_option bad')).map((r) => r.name), ['set_option bad value verbose=x']);
  });

  it('a setOption that throws fails its checks without stopping the tester', () => {
    const reports = assertFailures(goodVm({ setOption: () => { throw new Error('bad option'); } }), {
      'set_option unknown name': /^threw: bad option$/,
      'set_option unknown name, null value': /^threw: bad option$/,
      'set_option bad value verbose=GjNOONsbUl': /^threw: bad option$/,
    });
    assert.equal(reports.length, BASIC_CHECKS.length);
  });
});

describe('runVmTester on precompiles', () => {
  /** A precompile VM: identity at address 4, everything else REJECTED; `misbehave` may change an answer. */
  function precompileVm(misbehave: (low: number) => Result | undefined = () => undefined): VM {
    return goodVm({
      getCapabilities: () => Capability.Precompiles,
      execute: (host, _context, _revision, message: Message) => {
        if (host !== null) return makeResult({ statusCode: StatusCode.Success });
        const low = (message.codeAddress[18] << 8) | message.codeAddress[19];
        return misbehave(low) ?? makeResult({ statusCode: low === 4 ? StatusCode.Success : StatusCode.Rejected, gasLeft: 100 });
      },
    });
  }

  it('sweeps all 65536 addresses of a PRECOMPILES VM without a host', () => {
    const reports = assertFailures(precompileVm(), {});
    assert.equal(report(reports, 'precompiles without a host').detail, '65536 addresses');
  });

  it('reports statuses a precompile may not answer, and throws, with the addresses', () => {
    const vm = precompileVm((low) => {
      if (low === 7 || low === 0xfffe) return makeResult({ statusCode: StatusCode.StackOverflow });
      if (low === 0x100) throw new Error('no host');
      return undefined;
    });
    assertFailures(vm, {
      'precompiles without a host': /^3 of 65536 addresses misbehaved, e\.g\. address 0x0007: status stack overflow \(6\) is not one a precompile may answer; address 0x0100: threw: no host; address 0xfffe: /,
    });
  });

  it('accepts PRECOMPILE_FAILURE and OUT_OF_GAS', () => {
    const vm = precompileVm((low) => (low === 1 ? makeResult({ statusCode: StatusCode.PrecompileFailure }) : low === 2 ? makeResult({ statusCode: StatusCode.OutOfGas }) : undefined));
    assertFailures(vm, {});
  });
});

describe('runVmTester and destroy', () => {
  it('leaves the VM to its caller by default, and ends with the destroy check when asked', () => {
    let destroyed = 0;
    const vm = goodVm({ destroy: () => { destroyed++; } });
    assert.ok(!runVmTester(vm).some((r) => r.name === 'destroy'));
    assert.equal(destroyed, 0);
    const reports = runVmTester(vm, { destroy: true });
    assert.deepEqual(reports.at(-1), { name: 'destroy', passed: true, detail: 'destroyed' });
    assert.equal(destroyed, 1);
  });

  it('a destroy that throws fails only that check', () => {
    assertFailures(goodVm({ destroy: () => { throw new Error('leak'); } }), { destroy: /^destroy\(\) threw: leak$/ }, { destroy: true });
  });
});
