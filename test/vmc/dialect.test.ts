import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CallKind, Revision, StatusCode } from '../../src/vmc/constants.js';
import { CONSTANT_NAMES, HOST_NAMES, MESSAGE_NAMES, RESULT_NAMES, TX_CONTEXT_NAMES, VM_NAMES, dvmc, zvmc } from '../../src/vmc/dialect/index.js';
import type { DialectAdapters, DialectId, DialectSpec, ZvmcHostInterface, ZvmcVm } from '../../src/vmc/dialect/index.js';
import { address, word } from '../../src/vmc/host/bytes.js';
import { makeResult, resultViolations } from '../../src/vmc/result.js';
import type { HostInterface } from '../../src/vmc/types.js';
import { RecordingHost, recordingVm, sampleMessage, sampleResult, sampleTxContext } from './fixtures/recording.js';

type Dialect<D extends DialectId> = DialectAdapters<D> & { readonly spec: DialectSpec<D> };
/** Defines the same tests for both dialects. */
function forEachDialect(define: <D extends DialectId>(dialect: Dialect<D>) => void): void {
  define(zvmc);
  define(dvmc);
}
const sorted = (keys: Iterable<string>): string[] => [...keys].sort();
const HOST_METHODS = sorted(Object.getOwnPropertyNames(RecordingHost.prototype).filter((name) => name !== 'constructor' && name !== 'record'));

describe('the name table', () => {
  test('has a row for every member of every core object', () => {
    const { result } = sampleResult();
    assert.deepEqual(sorted(Object.keys(MESSAGE_NAMES)), sorted(Object.keys(sampleMessage())));
    assert.deepEqual(sorted(Object.keys(TX_CONTEXT_NAMES)), sorted(Object.keys(sampleTxContext())));
    assert.deepEqual(sorted(Object.keys(RESULT_NAMES)), sorted(Object.keys(result)));
    assert.deepEqual(sorted(Object.keys(HOST_NAMES)), HOST_METHODS);
    const vm = recordingVm(() => result);
    assert.deepEqual(sorted(Object.keys(VM_NAMES)), sorted(Object.keys(vm).filter((key) => !['executions', 'options', 'destroyed', 'tracer'].includes(key))));
  });

  test('names every core constant in at least one dialect', () => {
    for (const [group, { values, names }] of Object.entries(CONSTANT_NAMES)) {
      assert.deepEqual(sorted(Object.keys(names)), sorted(Object.keys(values)), group);
    }
  });

  test('gives the C names of the guides', () => {
    assert.deepEqual(sorted(Object.keys(zvmc.toMessage(sampleMessage()))), sorted(['kind', 'flags', 'depth', 'gas', 'recipient', 'sender', 'input_data', 'input_size', 'value', 'create2_salt', 'code_address']));
    assert.deepEqual(sorted(Object.keys(dvmc.toMessage(sampleMessage()))), sorted(['kind', 'flags', 'depth', 'track', 'recipient', 'sender', 'input_data', 'input_size', 'value', 'create2_salt', 'code_address']));
    const { result } = sampleResult();
    assert.deepEqual(sorted(Object.keys(zvmc.toResult(result))), sorted(['status_code', 'gas_left', 'gas_refund', 'output_data', 'output_size', 'create_address', 'release']));
    assert.deepEqual(sorted(Object.keys(dvmc.toResult(result))), sorted(['status_code', 'track_left', 'track_refund', 'output_data', 'output_size', 'create_address', 'release']));
    assert.deepEqual(
      sorted(Object.keys(zvmc.toTxContext(sampleTxContext()))),
      sorted(['tx_gas_price', 'tx_origin', 'block_coinbase', 'block_number', 'block_timestamp', 'block_gas_limit', 'block_prev_randao', 'chain_id', 'block_base_fee']),
    );
    assert.ok('block_track_limit' in dvmc.toTxContext(sampleTxContext()));
    const vm = recordingVm(() => result);
    assert.deepEqual(sorted(Object.keys(zvmc.toZvmc(vm))), sorted(['abi_version', 'name', 'version', 'get_capabilities', 'set_option', 'execute', 'destroy', 'set_tracer']));
    assert.deepEqual(sorted(Object.keys(dvmc.toDvmc(vm))), sorted(['abi_version', 'name', 'version', 'get_capabilities', 'set_option', 'retrieve_desc_vx', 'destroy', 'set_tracer']));
    const zvmcCallbacks = ['account_exists', 'get_storage', 'set_storage', 'get_balance', 'get_code_size', 'get_code_hash', 'copy_code', 'call', 'get_tx_context', 'get_block_hash', 'emit_log', 'access_account', 'access_storage'];
    assert.deepEqual(sorted(Object.keys(zvmc.toHost(new RecordingHost()))), sorted(zvmcCallbacks));
    assert.deepEqual(sorted(Object.keys(dvmc.toHost(new RecordingHost()))), sorted([...zvmcCallbacks, 'selfdestruct']));
  });
});

describe('the dialect constants', () => {
  test('ZVMC: ABI 10, Shanghai only, no CALLCODE', () => {
    assert.equal(zvmc.ZVMC_ABI_VERSION, 10);
    assert.equal(zvmc.ZVMC_SHANGHAI, 11);
    assert.equal(zvmc.ZVMC_MAX_REVISION, 11);
    assert.equal(zvmc.ZVMC_LATEST_STABLE_REVISION, 11);
    assert.deepEqual([zvmc.ZVMC_CALL, zvmc.ZVMC_DELEGATECALL, zvmc.ZVMC_CREATE, zvmc.ZVMC_CREATE2, zvmc.ZVMC_STATIC], [0, 1, 3, 4, 1]);
    assert.equal('ZVMC_CALLCODE' in zvmc, false);
    assert.equal('ZVMC_LONDON' in zvmc, false);
    assert.deepEqual([zvmc.ZVMC_CAPABILITY_ZVM1, zvmc.ZVMC_CAPABILITY_ZWASM, zvmc.ZVMC_CAPABILITY_PRECOMPILES], [1, 2, 4]);
    assert.deepEqual([zvmc.ZVMC_SUCCESS, zvmc.ZVMC_OUT_OF_GAS, zvmc.ZVMC_INSUFFICIENT_BALANCE, zvmc.ZVMC_REJECTED, zvmc.ZVMC_OUT_OF_MEMORY], [0, 3, 17, -2, -3]);
    assert.deepEqual([zvmc.ZVMC_STORAGE_ASSIGNED, zvmc.ZVMC_STORAGE_MODIFIED_RESTORED, zvmc.ZVMC_ACCESS_COLD, zvmc.ZVMC_ACCESS_WARM], [0, 8, 0, 1]);
    assert.deepEqual([zvmc.ZVMC_SET_OPTION_SUCCESS, zvmc.ZVMC_SET_OPTION_INVALID_NAME, zvmc.ZVMC_SET_OPTION_INVALID_VALUE], [0, 1, 2]);
    assert.deepEqual([zvmc.ZVMC_LOADER_CANNOT_OPEN, zvmc.ZVMC_LOADER_ABI_VERSION_MISMATCH, zvmc.ZVMC_LOADER_INVALID_OPTION_VALUE, zvmc.ZVMC_LOADER_UNSPECIFIED], [1, 5, 7, -1]);
  });

  test('DVMC: ABI 10, Frontier to Cancun, CALLCODE, track', () => {
    assert.equal(dvmc.DVMC_ABI_VERSION, 10);
    assert.deepEqual([dvmc.DVMC_FRONTIER, dvmc.DVMC_LONDON, dvmc.DVMC_CANCUN, dvmc.DVMC_MAX_REVISION, dvmc.DVMC_LATEST_STABLE_REVISION], [0, 9, 12, 12, 9]);
    assert.equal('DVMC_PRAGUE' in dvmc, false);
    assert.equal(dvmc.DVMC_CALLCODE, 2);
    assert.equal(dvmc.DVMC_OUT_OF_TRACK, 3);
    assert.equal('DVMC_OUT_OF_GAS' in dvmc, false);
    assert.deepEqual([dvmc.DVMC_CAPABILITY_DVM1, dvmc.DVMC_CAPABILITY_EWASM, dvmc.DVMC_CAPABILITY_PRECOMPILES], [1, 2, 4]);
  });
});

describe('records round trip core -> dialect -> core', () => {
  forEachDialect((dialect) => {
    test(`${dialect.spec.id}: message, tx context and result keep every field`, () => {
      for (const kind of Object.values(CallKind).filter((k) => dialect.spec.callKinds.has(k))) {
        const message = sampleMessage(kind);
        assert.deepEqual(dialect.fromMessage(dialect.toMessage(message)), message);
      }
      const txContext = sampleTxContext();
      assert.deepEqual(dialect.fromTxContext(dialect.toTxContext(txContext)), txContext);

      const { result, released } = sampleResult();
      const back = dialect.fromResult(dialect.toResult(result));
      const { release, ...fields } = back;
      const { release: originalRelease, ...originalFields } = result;
      assert.deepEqual(fields, originalFields);
      assert.equal(typeof release, 'function');
      assert.equal(typeof originalRelease, 'function');
      release?.();
      assert.equal(released(), 1, 'the round-tripped release calls the original');
      assert.throws(() => release?.(), /released twice/);
    });
  });

  test('byte strings become data + size, sharing memory', () => {
    const message = sampleMessage();
    const c = zvmc.toMessage(message);
    assert.equal(c.input_data, message.input);
    assert.equal(c.input_size, 4);
    // C's size wins over the array's length.
    assert.deepEqual(zvmc.fromMessage({ ...c, input_size: 2 }).input, Uint8Array.of(1, 2));
    const { result } = sampleResult();
    const r = dvmc.toResult(result);
    assert.equal(r.output_data, result.output);
    assert.equal(r.output_size, 3);
  });

  test('a result without release stays without release', () => {
    const c = { status_code: zvmc.ZVMC_SUCCESS, gas_left: 1, gas_refund: 0, output_data: new Uint8Array(0), output_size: 0, create_address: address(0), release: null };
    assert.equal(zvmc.fromResult(c).release, undefined);
  });
});

describe('host interfaces', () => {
  /** Calls every core callback of `host` once. */
  function callEverything(host: HostInterface): unknown[] {
    const ctx = { tag: 'context' };
    const at = address(0x42);
    const buffer = new Uint8Array(3);
    return [
      host.accountExists(ctx, at),
      host.getStorage(ctx, at, word(1)),
      host.setStorage(ctx, at, word(1), word(2)),
      host.getBalance(ctx, at),
      host.getCodeSize(ctx, at),
      host.getCodeHash(ctx, at),
      [host.copyCode(ctx, at, 1, buffer), buffer],
      host.selfdestruct?.(ctx, at, address(0x43)),
      host.call(ctx, sampleMessage()),
      host.getTxContext(ctx),
      host.getBlockHash(ctx, 77),
      host.emitLog(ctx, at, Uint8Array.of(5, 6), [word(1), word(2)]),
      host.accessAccount(ctx, at),
      host.accessStorage(ctx, at, word(1)),
    ];
  }

  forEachDialect((dialect) => {
    test(`${dialect.spec.id}: a core host round-tripped through the dialect answers and records the same`, () => {
      const direct = new RecordingHost();
      const original = new RecordingHost();
      const roundTripped = dialect.fromHost(dialect.toHost(original));
      const expected = callEverything(direct);
      const actual = callEverything(roundTripped);
      const withoutRelease = (values: unknown[]): unknown[] => values.map((v) => (v !== null && typeof v === 'object' && 'release' in v ? { ...v, release: undefined } : v));
      const hasSelfdestruct = dialect.spec.id === 'dvmc';
      if (!hasSelfdestruct) {
        expected[7] = undefined;
        direct.calls.splice(direct.calls.findIndex((c) => c.name === 'selfdestruct'), 1);
      }
      assert.deepEqual(withoutRelease(actual), withoutRelease(expected));
      assert.deepEqual(original.calls, direct.calls);
    });
  });

  test('a ZVMC host written in C style gets C arguments from a core VM', () => {
    const seen: unknown[][] = [];
    const zhost = {
      emit_log: (...args: unknown[]) => void seen.push(['emit_log', ...args]),
      copy_code: (ctx: unknown, at: Uint8Array, offset: number, data: Uint8Array, size: number) => {
        seen.push(['copy_code', ctx, at, offset, size]);
        data.fill(0xee, 0, size);
        return size;
      },
      get_tx_context: () => zvmc.toTxContext(sampleTxContext()),
    } as unknown as ZvmcHostInterface;
    const buffer = new Uint8Array(2);
    let blockNumber = 0;
    const vm = recordingVm(
      () => makeResult({ statusCode: StatusCode.Success }),
      (host, ctx) => {
        host.emitLog(ctx, address(1), Uint8Array.of(9), [word(3)]);
        host.copyCode(ctx, address(2), 5, buffer);
        blockNumber = host.getTxContext(ctx).blockNumber;
      },
    );
    const zvm = zvmc.toZvmc(vm);
    const result = zvm.execute(zhost, 'ctx', zvmc.ZVMC_SHANGHAI, zvmc.toMessage(sampleMessage()), Uint8Array.of(0));
    assert.equal(result.status_code, zvmc.ZVMC_SUCCESS);
    assert.deepEqual(seen, [
      ['emit_log', 'ctx', address(1), Uint8Array.of(9), 1, [word(3)], 1],
      ['copy_code', 'ctx', address(2), 5, 2],
    ]);
    assert.deepEqual(buffer, Uint8Array.of(0xee, 0xee), 'the host wrote into the core VM buffer');
    assert.equal(blockNumber, 1234);
  });
});

describe('VMs', () => {
  forEachDialect((dialect) => {
    test(`${dialect.spec.id}: a core VM round-tripped through the dialect behaves the same`, () => {
      const { result, released } = sampleResult();
      const host = new RecordingHost();
      const vm = recordingVm(
        () => result,
        (h, ctx) => void h.getStorage(ctx, address(1), word(2)),
      );
      const back = dialect.fromVm(dialect.toVm(vm));
      assert.deepEqual([back.abiVersion, back.name, back.version, back.getCapabilities()], [10, 'recording_vm', '0.0.1', vm.getCapabilities()]);
      assert.equal(back.setOption?.('known', 'x'), 0);
      assert.equal(back.setOption?.('other', null), 1);
      assert.deepEqual(vm.options, [['known', 'x'], ['other', null]]);

      const message = sampleMessage();
      const code = Uint8Array.of(1, 2, 3);
      const answer = back.execute(host, 'the context', Revision.Shanghai, message, code);
      const [execution] = vm.executions;
      assert.deepEqual(execution.message, message);
      assert.equal(execution.code, code);
      assert.equal(execution.context, 'the context');
      assert.equal(execution.revision, Revision.Shanghai);
      assert.deepEqual(host.calls, [{ name: 'getStorage', args: ['the context', address(1), word(2)] }], 'the VM reached the host through both adapters');
      assert.deepEqual({ ...answer, release: undefined }, { ...result, release: undefined });
      answer.release?.();
      assert.equal(released(), 1);

      back.destroy();
      assert.equal(vm.destroyed, 1);
    });

    test(`${dialect.spec.id}: a null host passes as null (precompiles)`, () => {
      const vm = recordingVm(() => makeResult({ statusCode: StatusCode.Success }));
      dialect.fromVm(dialect.toVm(vm)).execute(null, null, Revision.Shanghai, sampleMessage(), new Uint8Array(0));
      assert.equal(vm.executions[0].host, null);
    });
  });

  test('a VM without set_option stays without setOption', () => {
    const vm = recordingVm(() => makeResult({ statusCode: StatusCode.Success }));
    const { set_option: _dropped, ...zvm } = zvmc.toZvmc(vm);
    assert.equal(typeof _dropped, 'function');
    assert.equal(zvmc.fromZvmc(zvm).setOption, undefined);
  });

  test('results of a dialect VM are converted, never normalised', () => {
    const broken = {
      abi_version: 10,
      name: 'broken',
      version: '1',
      get_capabilities: () => 1,
      execute: () => ({ status_code: zvmc.ZVMC_FAILURE, gas_left: 5, gas_refund: 2, output_data: new Uint8Array(0), output_size: 0, create_address: address(0) }),
      destroy: () => {},
    } satisfies ZvmcVm;
    const result = zvmc.fromZvmc(broken).execute(new RecordingHost(), null, Revision.Shanghai, sampleMessage(), new Uint8Array(0));
    assert.equal(result.gasLeft, 5);
    assert.equal(result.gasRefund, 2);
    assert.equal(resultViolations(result).length, 2);
  });
});

describe('dialect rules', () => {
  const success = (): ReturnType<typeof makeResult> => makeResult({ statusCode: StatusCode.Success, gasLeft: 1 });

  test('ZVMC rejects CALLCODE and every revision but Shanghai, in both directions, without calling the VM', () => {
    const vm = recordingVm(success);
    const zvm = zvmc.toZvmc(vm);
    const zhost = zvmc.toHost(new RecordingHost());
    const callcode = zvmc.toMessage(sampleMessage(CallKind.CallCode));
    assert.equal(zvm.execute(zhost, null, zvmc.ZVMC_SHANGHAI, callcode, new Uint8Array(0)).status_code, zvmc.ZVMC_REJECTED);
    for (const revision of Object.values(Revision).filter((r) => r !== Revision.Shanghai)) {
      assert.equal(zvm.execute(zhost, null, revision, zvmc.toMessage(sampleMessage()), new Uint8Array(0)).status_code, zvmc.ZVMC_REJECTED, `revision ${revision}`);
    }
    assert.equal(vm.executions.length, 0);
    assert.equal(zvm.execute(zhost, null, zvmc.ZVMC_SHANGHAI, zvmc.toMessage(sampleMessage()), new Uint8Array(0)).status_code, zvmc.ZVMC_SUCCESS);

    const inner = recordingVm(success);
    const core = zvmc.fromZvmc(zvmc.toZvmc(inner));
    const rejected = core.execute(new RecordingHost(), null, Revision.Shanghai, sampleMessage(CallKind.CallCode), new Uint8Array(0));
    assert.equal(rejected.statusCode, StatusCode.Rejected);
    assert.equal(rejected.gasLeft, 0);
    assert.equal(core.execute(new RecordingHost(), null, Revision.London, sampleMessage(), new Uint8Array(0)).statusCode, StatusCode.Rejected);
    assert.equal(inner.executions.length, 0);
  });

  test('ZVMC refuses to forward a CALLCODE host call', () => {
    const host = new RecordingHost();
    let answer = -100;
    const vm = recordingVm(success, (h, ctx) => {
      answer = h.call(ctx, sampleMessage(CallKind.CallCode)).statusCode;
    });
    zvmc.toZvmc(vm).execute(zvmc.toHost(host), null, zvmc.ZVMC_SHANGHAI, zvmc.toMessage(sampleMessage()), new Uint8Array(0));
    assert.equal(answer, StatusCode.Rejected);
    assert.deepEqual(host.calls, []);
  });

  test('DVMC takes CALLCODE and Frontier to Cancun, and rejects Prague', () => {
    const vm = recordingVm(success);
    const dvm = dvmc.toDvmc(vm);
    const dhost = dvmc.toHost(new RecordingHost());
    assert.equal(dvm.retrieve_desc_vx(dhost, null, dvmc.DVMC_LONDON, dvmc.toMessage(sampleMessage(CallKind.CallCode)), new Uint8Array(0)).status_code, dvmc.DVMC_SUCCESS);
    assert.equal(dvm.retrieve_desc_vx(dhost, null, dvmc.DVMC_FRONTIER, dvmc.toMessage(sampleMessage()), new Uint8Array(0)).status_code, dvmc.DVMC_SUCCESS);
    assert.equal(dvm.retrieve_desc_vx(dhost, null, Revision.Prague, dvmc.toMessage(sampleMessage()), new Uint8Array(0)).status_code, dvmc.DVMC_REJECTED);
    assert.equal(vm.executions.length, 2);
  });

  test('a malformed message (no kind) is rejected, not crashed on', () => {
    const vm = recordingVm(success);
    const zvm = zvmc.toZvmc(vm);
    assert.equal(zvm.execute(null, null, zvmc.ZVMC_SHANGHAI, null as never, new Uint8Array(0)).status_code, zvmc.ZVMC_REJECTED);
  });
});
