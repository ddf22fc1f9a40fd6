import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CallKind, LoaderErrorCode, Revision, SetOptionResult, StatusCode } from '../../src/vmc/constants.js';
import { LoaderError } from '../../src/vmc/loader-error.js';
import { BUILTIN_VMS, createVm, loadAndCreate } from '../../src/vmc/loader.js';
import type { VmModule } from '../../src/vmc/loader.js';
import { MockedHost, address, word } from '../../src/vmc/mocked-host.js';
import { repoPath } from '../helpers/paths.js';
import { sampleMessage } from './fixtures/recording.js';

/** A fixture's path relative to the current directory, as a user would type it. */
const fixture = (name: string): string => relative(process.cwd(), repoPath('test', 'vmc', 'fixtures', name));

/** Asserts that loading `config` fails with `code` and a message matching every pattern. */
async function rejectsWith(config: string, code: LoaderErrorCode, patterns: readonly (string | RegExp)[], importModule?: (path: string) => Promise<VmModule>): Promise<void> {
  await assert.rejects(loadAndCreate(config, { importModule }), (error: unknown) => {
    assert.ok(error instanceof LoaderError, `expected a LoaderError, got ${String(error)}`);
    assert.equal(error.loaderCode, code, error.message);
    assert.equal(error.code, 'EXVM_LOADER');
    for (const pattern of patterns) assert.match(error.message, typeof pattern === 'string' ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : pattern);
    return true;
  });
}

const GAS = 1000;
const execute = (vm: Awaited<ReturnType<typeof loadAndCreate>>, host: MockedHost, code: number[], options: { input?: number[]; kind?: CallKind; revision?: Revision } = {}) =>
  vm.execute(host, 'ctx', options.revision ?? Revision.Shanghai, { ...sampleMessage(options.kind), gas: GAS, input: Uint8Array.from(options.input ?? []) }, Uint8Array.from(code));

describe('loading plain-JS VM modules by path', () => {
  test('a ZVMC module written against the C guide loads, is configured and runs against a core host', async () => {
    const vm = await loadAndCreate(fixture('example_vm.mjs'));
    assert.deepEqual([vm.abiVersion, vm.name, vm.version, vm.getCapabilities()], [10, 'example_vm', '1.0', 1]);
    const host = new MockedHost();
    const result = execute(vm, host, [0x03, 0x04, 0x01], { input: [7, 8, 9] });
    assert.equal(result.statusCode, StatusCode.Success);
    assert.equal(result.gasLeft, GAS - 3);
    assert.deepEqual(result.output, Uint8Array.of(7, 8, 9));
    assert.deepEqual(host.getStorage(null, sampleMessage().recipient, word(0)), word(3));
    assert.deepEqual(host.recordedLogs, [{ creator: sampleMessage().recipient, data: Uint8Array.of(7, 8, 9), topics: [word(3)] }]);

    host.txContext = { ...host.txContext, blockNumber: 99 };
    assert.deepEqual(execute(vm, host, [0x05]).output, word(99));
    const call = execute(vm, host, [0x06], { input: [1] });
    assert.equal(call.statusCode, StatusCode.Success);
    assert.equal(host.recordedCalls.length, 1);
    assert.deepEqual([host.recordedCalls[0].kind, host.recordedCalls[0].recipient, host.recordedCalls[0].depth], [CallKind.Call, sampleMessage().sender, 4]);
    assert.equal(execute(vm, host, [0x02], { input: [5] }).statusCode, StatusCode.Revert);
    assert.equal(execute(vm, host, [0xff]).statusCode, StatusCode.UndefinedInstruction);

    assert.equal(execute(vm, host, [0x00], { kind: CallKind.CallCode }).statusCode, StatusCode.Rejected, 'ZVMC has no CALLCODE');
    assert.equal(execute(vm, host, [0x00], { revision: Revision.London }).statusCode, StatusCode.Rejected, 'ZVMC knows only Shanghai');
    vm.destroy();

    const costly = await loadAndCreate(`${fixture('example_vm.mjs')},cost=2`);
    assert.equal(execute(costly, host, [0x03, 0x01]).gasLeft, GAS - 4, 'the option was applied');
  });

  test('a DVMC module is found by its lib-prefixed, dotted file name and runs with DVMC rules', async () => {
    const vm = await loadAndCreate(fixture('libtrans_log-vm.1.mjs'));
    assert.equal(vm.name, 'trans_log_vm');
    const host = new MockedHost();
    host.txContext = { ...host.txContext, gasLimit: 777 };
    const result = execute(vm, host, [0x02]);
    assert.deepEqual([result.statusCode, result.gasLeft, result.output], [StatusCode.Success, GAS - 2, word(777)]);
    assert.equal(execute(vm, host, [0x03, 0x00], { kind: CallKind.CallCode, revision: Revision.London }).statusCode, StatusCode.Success);
    assert.deepEqual(host.recordedSelfdestructs, [{ address: sampleMessage().recipient, beneficiary: sampleMessage().sender }]);
    assert.equal(vm.setOption, undefined);
  });

  test('the generic create function is the fallback, and its prefix picks the dialect', async () => {
    const vm = await loadAndCreate(fixture('fallback.mjs'));
    assert.equal(vm.name, 'fallback_vm');
    const result = execute(vm, new MockedHost(), [], { revision: Revision.London });
    assert.equal(result.statusCode, StatusCode.Success, 'DVMC knows London');
    assert.equal(result.gasLeft, GAS);
  });

  test('an absolute path works too', async () => {
    assert.equal((await loadAndCreate(repoPath('test', 'vmc', 'fixtures', 'example_vm.mjs'))).name, 'example_vm');
  });
});

describe('built-in VMs', () => {
  test('are loaded by name, synchronously or not, each in its dialect', async (t) => {
    assert.deepEqual(Object.keys(BUILTIN_VMS), ['example_vm', 'trans_log_vm', 'exvm']);
    const logged = t.mock.method(console, 'error', () => {});
    const example = createVm('example_vm,verbose=1');
    assert.equal(example.name, 'example_vm');
    const ok = example.execute(new MockedHost(), null, Revision.Shanghai, { ...sampleMessage(), gas: GAS }, new Uint8Array(0));
    assert.deepEqual([ok.statusCode, ok.gasLeft], [StatusCode.Success, GAS]);
    assert.equal(logged.mock.callCount(), 2, 'verbose=1 reports the start and the end');
    assert.equal(example.execute(new MockedHost(), null, Revision.Shanghai, sampleMessage(CallKind.CallCode), new Uint8Array(0)).statusCode, StatusCode.Rejected);

    const transLog = await loadAndCreate('trans_log_vm');
    assert.equal(transLog.name, 'trans_log_vm');
    assert.equal(transLog.execute(new MockedHost(), null, Revision.London, sampleMessage(CallKind.CallCode), new Uint8Array(0)).statusCode, StatusCode.Success);
    assert.equal((await loadAndCreate('exvm')).name, 'exvm');
    assert.equal((await loadAndCreate('exvm,')).name, 'exvm', 'a trailing comma is no option');
  });

  test('createVm refuses module files', () => {
    assert.throws(
      () => createVm('./vm.mjs'),
      (error: unknown) => error instanceof LoaderError && error.loaderCode === LoaderErrorCode.CannotOpen && error.message.includes('./vm.mjs is not a built-in VM'),
    );
  });
});

describe('loader errors', () => {
  test('CANNOT_OPEN (1): missing file, directory, unknown name, module failing to load, not a module', async () => {
    const missing = fixture('missing_vm.mjs');
    await rejectsWith(missing, LoaderErrorCode.CannotOpen, [missing, 'no such file']);
    await rejectsWith(fixture(''), LoaderErrorCode.CannotOpen, ['not a file']);
    await rejectsWith('nosuchvm', LoaderErrorCode.CannotOpen, ['nosuchvm', 'no such file', 'the built-in VMs are example_vm, trans_log_vm, exvm']);
    await rejectsWith(fixture('throws_on_load.mjs'), LoaderErrorCode.CannotOpen, [fixture('throws_on_load.mjs'), 'this module refuses to load']);
    await rejectsWith(fixture('not_a_module.txt'), LoaderErrorCode.CannotOpen, [fixture('not_a_module.txt')]);
    await rejectsWith('mem/vm.mjs', LoaderErrorCode.CannotOpen, ['mem/vm.mjs', 'disk on fire'], () => Promise.reject(new Error('disk on fire')));
    const library = fixture('libexample-vm.so.1');
    await rejectsWith(library, LoaderErrorCode.CannotOpen, [library, 'VM modules must be ES module files (.js or .mjs), not ".1"', 'libexample-vm.1.mjs -> zvmc_create_example_vm']);

    const dir = mkdtempSync(join(tmpdir(), 'exvm-loader-'));
    try {
      const broken = join(dir, 'broken_vm.mjs');
      writeFileSync(broken, 'export function zvmc_create( {');
      await rejectsWith(broken, LoaderErrorCode.CannotOpen, [broken]);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  test('SYMBOL_NOT_FOUND (2): no create function (a non-function export does not count)', async () => {
    const path = fixture('no_create.mjs');
    await rejectsWith(path, LoaderErrorCode.SymbolNotFound, [path, 'tried zvmc_create_no_create, zvmc_create, dvmc_create_no_create, dvmc_create']);
  });

  test('INVALID_ARGUMENT (3): a malformed config', async () => {
    await rejectsWith('', LoaderErrorCode.InvalidArgument, ['the path is empty']);
    await rejectsWith(`${'x'.repeat(5000)}.mjs`, LoaderErrorCode.InvalidArgument, ['the path is 5004 characters long, more than 4096']);
    await rejectsWith('example_vm,,verbose=1', LoaderErrorCode.InvalidArgument, ['option 1 of example_vm has an empty name']);
  });

  test('VM_CREATION_FAILURE (4): the create function returns null or throws', async () => {
    await rejectsWith(fixture('returns_null.mjs'), LoaderErrorCode.VmCreationFailure, [fixture('returns_null.mjs'), 'zvmc_create_returns_null() returned null']);
    await rejectsWith(fixture('throws_on_create.mjs'), LoaderErrorCode.VmCreationFailure, [fixture('throws_on_create.mjs'), 'zvmc_create() threw: out of licences']);
    await rejectsWith('mem/vm.mjs', LoaderErrorCode.VmCreationFailure, ['returned 42'], () => Promise.resolve({ dvmc_create: () => 42 }));
    await rejectsWith('mem/vm.mjs', LoaderErrorCode.VmCreationFailure, ['dvmc_create() returned "42"'], () => Promise.resolve({ dvmc_create: () => '42' }));
  });

  test('VM_CREATION_FAILURE (4): an async create function says that it must return the VM itself', async () => {
    const asyncCreate = () => Promise.resolve({ zvmc_create: () => Promise.reject(new Error('not awaited')) });
    await rejectsWith('mem/vm.mjs', LoaderErrorCode.VmCreationFailure, ['zvmc_create() returned a Promise; the create function must return the VM'], asyncCreate);
  });

  test('UNSPECIFIED (-1): an unforeseen exception, such as an export whose getter throws', async () => {
    const module = Object.defineProperty({}, 'zvmc_create', {
      enumerable: true,
      get() {
        throw new Error('lazy export failed');
      },
    }) as VmModule;
    await rejectsWith('mem/vm.mjs', LoaderErrorCode.Unspecified, ['loading the VM of mem/vm.mjs failed: lazy export failed'], () => Promise.resolve(module));
    const vm = Object.defineProperty({}, 'abi_version', {
      get() {
        throw new TypeError('no ABI here');
      },
    });
    await rejectsWith('mem/vm.mjs', LoaderErrorCode.Unspecified, ['no ABI here'], () => Promise.resolve({ zvmc_create: () => vm }));
  });

  test('ABI_VERSION_MISMATCH (5): the VM is destroyed', async () => {
    const path = fixture('wrong_abi.mjs');
    const module = (await import(pathToFileURL(repoPath('test', 'vmc', 'fixtures', 'wrong_abi.mjs')).href)) as { destroyCount(): number };
    const before = module.destroyCount();
    await rejectsWith(path, LoaderErrorCode.AbiVersionMismatch, [`ZVMC ABI version 9 of ${path} mismatches the expected version 10`]);
    assert.equal(module.destroyCount(), before + 1);
    // A string is not the number, and the message shows it.
    const stringAbi = () => Promise.resolve({ zvmc_create: () => ({ abi_version: '10', destroy: () => {} }) });
    await rejectsWith('mem/vm.mjs', LoaderErrorCode.AbiVersionMismatch, ['ZVMC ABI version "10" of mem/vm.mjs mismatches the expected version 10'], stringAbi);
    const noAbi = () => Promise.resolve({ zvmc_create: () => ({}) });
    await rejectsWith('mem/vm.mjs', LoaderErrorCode.AbiVersionMismatch, ['ZVMC ABI version undefined of mem/vm.mjs'], noAbi);
  });

  test('INVALID_OPTION_NAME (6) and INVALID_OPTION_VALUE (7) name the path, the option and the value', async () => {
    const path = fixture('example_vm.mjs');
    await rejectsWith(`${path},colour=red`, LoaderErrorCode.InvalidOptionName, [`example_vm (${path})`, "unknown option 'colour'", "'red'"]);
    await rejectsWith(`${path},cost=0`, LoaderErrorCode.InvalidOptionValue, [`example_vm (${path})`, "unsupported value '0' for option 'cost'"]);
    await rejectsWith(`${path},cost`, LoaderErrorCode.InvalidOptionValue, ["unsupported value (no value) for option 'cost'"]);
    const dvmcPath = fixture('libtrans_log-vm.1.mjs');
    await rejectsWith(`${dvmcPath},verbose=1`, LoaderErrorCode.InvalidOptionName, [`trans_log_vm (${dvmcPath}) does not support any options`, "'verbose'", "'1'"]);
    await rejectsWith('exvm,anything', LoaderErrorCode.InvalidOptionName, ['exvm (exvm)', "'anything'"]);
  });
});

describe('options', () => {
  /** An in-memory ZVMC module whose VM records the options it is given and answers from `answers` (default SUCCESS). */
  function spyModule(answers: Readonly<Record<string, number | Error>>) {
    const seen = { options: [] as [string, string | null][], destroyed: 0 };
    const module: VmModule = {
      zvmc_create_spy: () => ({
        abi_version: 10,
        name: 'spy',
        version: '1',
        get_capabilities: () => 1,
        execute: () => null,
        set_option(name: string, value: string | null) {
          seen.options.push([name, value]);
          const answer = answers[name] ?? SetOptionResult.Success;
          if (answer instanceof Error) throw answer;
          return answer;
        },
        destroy() {
          seen.destroyed++;
        },
      }),
    };
    return { seen, importModule: () => Promise.resolve(module) };
  }

  test('are applied left to right', async () => {
    const { seen, importModule } = spyModule({});
    await loadAndCreate('mem/spy.mjs,b=2,a=1,b,c=', { importModule });
    assert.deepEqual(seen.options, [['b', '2'], ['a', '1'], ['b', null], ['c', '']]);
    assert.equal(seen.destroyed, 0);
  });

  test('the first refused option stops, and the VM is destroyed', async () => {
    const { seen, importModule } = spyModule({ c: SetOptionResult.InvalidValue, d: SetOptionResult.InvalidName });
    await rejectsWith('mem/spy.mjs,a=1,b,c=3,d=4', LoaderErrorCode.InvalidOptionValue, ["spy (mem/spy.mjs): unsupported value '3' for option 'c'"], importModule);
    assert.deepEqual(seen.options, [['a', '1'], ['b', null], ['c', '3']]);
    assert.equal(seen.destroyed, 1);
  });

  test('a set_option that throws or answers nonsense fails as INVALID_OPTION_VALUE', async () => {
    const throwing = spyModule({ x: new Error('boom') });
    await rejectsWith('mem/spy.mjs,x=1', LoaderErrorCode.InvalidOptionValue, ["setting option 'x' to '1': boom"], throwing.importModule);
    assert.equal(throwing.seen.destroyed, 1);
    const odd = spyModule({ x: 5 });
    await rejectsWith('mem/spy.mjs,x=1', LoaderErrorCode.InvalidOptionValue, ["unknown set_option answer 5 for value '1' for option 'x'"], odd.importModule);
  });

  test('the loaded VM is a core VM whatever the dialect', async () => {
    const vm = await loadAndCreate(fixture('example_vm.mjs'));
    const result = vm.execute(new MockedHost(), null, Revision.Shanghai, { ...sampleMessage(), gas: 10, recipient: address(5) }, Uint8Array.of(0x01));
    assert.equal(result.gasLeft, 9);
    assert.equal(typeof vm.execute, 'function');
    assert.equal('retrieve_desc_vx' in vm, false);
  });
});
