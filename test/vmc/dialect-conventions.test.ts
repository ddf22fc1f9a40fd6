/**
 * The calling conventions of dialect VMs: methods taking the VM as `this` or C-style as their first
 * argument, both ways; converted results keeping the dialect result and the core's release-once
 * rule; an adapter's own REJECTED saying why.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CallKind, Capability, Revision, SetOptionResult, StatusCode } from '../../src/vmc/constants.js';
import { fromDvmc, fromZvmc, toDvmc, toZvmc, ZVMC_SPEC } from '../../src/vmc/dialect/index.js';
import { DIALECT_RESULT, dialectRefusalOf, dialectResultOf } from '../../src/vmc/dialect/raw-result.js';
import { loadAndCreate } from '../../src/vmc/loader.js';
import { toolMessage } from '../../src/vmc/messages.js';
import { MockedHost } from '../../src/vmc/mocked-host.js';
import { makeResult } from '../../src/vmc/result.js';
import type { VM } from '../../src/vmc/types.js';
import { runVmTester } from '../../src/vmc/vmtester.js';
import { repoPath } from '../helpers/paths.js';

const CALL = toolMessage({ kind: CallKind.Call, gas: 100 });
const rawResult = (gas: number): Record<string, unknown> => ({ status_code: 0, gas_left: gas, gas_refund: 0, output_data: null, output_size: 0, create_address: new Uint8Array(20) });

/** A ZVMC VM written C-style that records the first argument each method got. */
function cStyleZvmc(seen: unknown[]): Record<string, unknown> {
  return {
    abi_version: 10,
    name: 'c',
    version: '1',
    get_capabilities(vm: unknown) { seen.push(vm); return Capability.Vm1; },
    set_option(vm: unknown, name: string, value: string | null) { seen.push(vm); return name === 'x' && value === '1' ? SetOptionResult.Success : SetOptionResult.InvalidName; },
    destroy(vm: unknown) { seen.push(vm); },
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    execute(vm: unknown, _host: unknown, _context: unknown, _rev: number, msg: { gas: number }, _code: Uint8Array, _size: number) { seen.push(vm); return rawResult(msg.gas - 1); },
  };
}

describe('dialect VMs written C-style or with this', () => {
  it('a C-style ZVMC VM (declared arities 7, 1, 3, 1) gets the VM object as first argument', () => {
    const seen: unknown[] = [];
    const raw = cStyleZvmc(seen);
    const vm = fromZvmc(raw as never);
    assert.equal(vm.getCapabilities(), Capability.Vm1);
    assert.equal(vm.setOption?.('x', '1'), SetOptionResult.Success);
    assert.equal(vm.execute(null, undefined, Revision.Shanghai, CALL, new Uint8Array(0)).gasLeft, 99);
    vm.destroy();
    assert.equal(seen.length, 4);
    assert.ok(seen.every((v) => v === raw));
  });

  it('a this-style DVMC VM is called with the VM as this and its own arguments only', () => {
    const vm = fromDvmc({
      abi_version: 10, name: 'd', version: '1', cap: Capability.Vm1,
      get_capabilities() { return (this as { cap: number }).cap; },
      destroy() { assert.equal(arguments.length, 0); },
      retrieve_desc_vx(this: unknown, ...args: unknown[]) { assert.equal(args.length, 6); return { ...rawResult(0), gas_left: undefined, track_left: (args[3] as { track: number }).track }; },
    } as never);
    assert.equal(vm.getCapabilities(), Capability.Vm1);
    assert.equal(vm.execute(null, undefined, Revision.London, CALL, new Uint8Array(0)).gasLeft, 100);
    vm.destroy();
  });

  it('VMs made by toZvmc/toDvmc accept the VM object as an optional first argument', () => {
    const core: VM = {
      abiVersion: 10, name: 'core', version: '1', getCapabilities: () => Capability.Vm1,
      setOption: (name, value) => (name === 'x' && value === '1' ? SetOptionResult.Success : SetOptionResult.InvalidName),
      execute: (_host, _context, _revision, message) => makeResult({ statusCode: StatusCode.Success, gasLeft: message.gas }),
      destroy: () => undefined,
    };
    for (const dialectVm of [toZvmc(core), toDvmc(core)] as unknown as Record<string, (...args: unknown[]) => unknown>[]) {
      const execute = dialectVm.execute ?? dialectVm.retrieve_desc_vx;
      const message = { kind: 0, flags: 0, depth: 0, gas: 7, track: 7, recipient: new Uint8Array(20), sender: new Uint8Array(20), input_data: null, input_size: 0, value: new Uint8Array(32), create2_salt: new Uint8Array(32), code_address: new Uint8Array(20) };
      for (const lead of [[], [dialectVm]]) {
        assert.equal(dialectVm.get_capabilities(...lead), Capability.Vm1);
        assert.equal(dialectVm.set_option(...lead, 'x', '1'), SetOptionResult.Success);
        const result = execute(...lead, null, undefined, Revision.Shanghai, message, new Uint8Array(0), 0) as Record<string, unknown>;
        assert.equal(result.status_code, StatusCode.Success);
        assert.equal(result.gas_left ?? result.track_left, 7);
      }
      dialectVm.destroy(dialectVm);
    }
  });

  it('the C-style fixture module loads, passes the VM tester and takes its options', async () => {
    const fixture = repoPath('test', 'vmc', 'c-style', 'c_style_vm.mjs');
    const reports = runVmTester(await loadAndCreate(`${fixture},cost=2`), { badOptionValues: [{ name: 'cost', badValue: '0' }], sampleCode: Uint8Array.of(0x02), destroy: true });
    assert.deepEqual(reports.filter((r) => !r.passed), []);
    const vm = await loadAndCreate(`${fixture},cost=3`);
    const host = new MockedHost();
    const result = vm.execute(host, undefined, Revision.Shanghai, toolMessage({ kind: CallKind.Call, gas: 100, input: Uint8Array.of(9) }), Uint8Array.of(0x01));
    assert.equal(result.gasLeft, 97, 'the cost option was set through set_option(vm, name, value)');
    assert.deepEqual(result.output, Uint8Array.of(9));
    result.release?.();
    vm.destroy();
    assert.throws(() => vm.destroy(), /destroyed twice/, 'destroy(vm) got the VM object');
  });
});

describe('converted results', () => {
  it('keep the dialect result under DIALECT_RESULT, out of enumeration, and release once', () => {
    let releases = 0;
    const raw = { ...rawResult(5), release: () => { releases++; } };
    const vm = fromZvmc({ abi_version: 10, name: 'x', version: '1', get_capabilities: () => 1, destroy: () => undefined, execute: () => raw } as never);
    const result = vm.execute(null, undefined, Revision.Shanghai, CALL, new Uint8Array(0));
    assert.deepEqual(dialectResultOf(result), { dialect: 'zvmc', result: raw });
    assert.ok(DIALECT_RESULT in result);
    assert.ok(!Object.keys(result).includes(String(DIALECT_RESULT)) && Object.getOwnPropertySymbols(result).every((s) => !Object.prototype.propertyIsEnumerable.call(result, s)));
    result.release?.();
    assert.throws(() => result.release?.(), /released twice/);
    assert.equal(releases, 1);
  });

  it('an adapter\'s own REJECTED says which revision or call kind the dialect lacks', () => {
    const vm = fromZvmc({ abi_version: 10, name: 'x', version: '1', get_capabilities: () => 1, destroy: () => undefined, execute: () => rawResult(0) } as never);
    const london = vm.execute(null, undefined, Revision.London, CALL, new Uint8Array(0));
    assert.equal(london.statusCode, StatusCode.Rejected);
    assert.deepEqual(dialectRefusalOf(london), { dialect: ZVMC_SPEC, refused: 'revision', value: Revision.London });
    const callcode = vm.execute(null, undefined, Revision.Shanghai, toolMessage({ kind: CallKind.CallCode, gas: 1 }), new Uint8Array(0));
    assert.deepEqual(dialectRefusalOf(callcode), { dialect: ZVMC_SPEC, refused: 'kind', value: CallKind.CallCode });
    assert.equal(dialectRefusalOf(vm.execute(null, undefined, Revision.Shanghai, CALL, new Uint8Array(0))), undefined);
  });
});
