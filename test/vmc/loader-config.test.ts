import '../helpers/property.js';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { LoaderErrorCode } from '../../src/vmc/constants.js';
import { LoaderError } from '../../src/vmc/loader-error.js';
import { MAX_PATH_LENGTH, createFunctionNames, parseVmConfig, vmCodename } from '../../src/vmc/loader.js';
import type { VmOption } from '../../src/vmc/loader.js';

function throwsInvalidArgument(config: string, message: RegExp): void {
  assert.throws(
    () => parseVmConfig(config),
    (error: unknown) => error instanceof LoaderError && error.loaderCode === LoaderErrorCode.InvalidArgument && message.test(error.message),
  );
}

describe('parseVmConfig', () => {
  test('reads the path and the options in order', () => {
    assert.deepEqual(parseVmConfig('./vm.mjs'), { path: './vm.mjs', options: [] });
    assert.deepEqual(parseVmConfig('vm.mjs,verbose=1,flag,empty=,eq=a=b,verbose=2'), {
      path: 'vm.mjs',
      options: [
        { name: 'verbose', value: '1' },
        { name: 'flag', value: null },
        { name: 'empty', value: '' },
        { name: 'eq', value: 'a=b' },
        { name: 'verbose', value: '2' },
      ],
    });
    assert.deepEqual(parseVmConfig(' vm , a = b'), { path: ' vm ', options: [{ name: ' a ', value: ' b' }] }, 'nothing is trimmed');
  });

  test('allows one trailing comma, as EVMC does', () => {
    assert.deepEqual(parseVmConfig('example_vm,'), { path: 'example_vm', options: [] });
    assert.deepEqual(parseVmConfig('vm.mjs,a=1,'), { path: 'vm.mjs', options: [{ name: 'a', value: '1' }] });
    assert.deepEqual(parseVmConfig('vm.mjs,a=1,b='), { path: 'vm.mjs', options: [{ name: 'a', value: '1' }, { name: 'b', value: '' }] }, 'an empty value is not a trailing comma');
  });

  test('caps the path at 4096 characters', () => {
    const longest = `${'d/'.repeat(2047)}vm`;
    assert.equal(longest.length, MAX_PATH_LENGTH);
    assert.equal(parseVmConfig(`${longest},a`).path, longest);
    throwsInvalidArgument(`${longest}x,a`, /the path is 4097 characters long, more than 4096 \(it starts "d\/d\/d/);
  });

  test('rejects empty paths, empty option names and NUL as INVALID_ARGUMENT, naming the config', () => {
    throwsInvalidArgument('', /invalid VM config '': the path is empty/);
    throwsInvalidArgument(',verbose=1', /',verbose=1': the path is empty/);
    throwsInvalidArgument('vm.mjs,,', /'vm\.mjs,,': option 1 of vm\.mjs has an empty name/);
    throwsInvalidArgument('vm.mjs,a,,b', /option 2 of vm\.mjs has an empty name/);
    throwsInvalidArgument('vm.mjs,=1', /option 1 of vm\.mjs has an empty name/);
    throwsInvalidArgument('vm\0.mjs', /NUL character/);
    throwsInvalidArgument(42 as unknown as string, /expected a string, got number/);
  });

  test('never throws anything but a LoaderError (INVALID_ARGUMENT), whatever the string', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(',', '=', '\0', 'a', '/', '.', ' ', 'é') }), fc.string(), (structured, random) => {
        for (const config of [structured, random]) {
          try {
            const { path, options } = parseVmConfig(config);
            assert.ok(path.length > 0 && options.every((o) => o.name.length > 0));
          } catch (error) {
            assert.ok(error instanceof LoaderError, String(error));
            assert.equal(error.loaderCode, LoaderErrorCode.InvalidArgument);
          }
        }
      }),
    );
  });

  test('reads back every config it could have been given', () => {
    const text = (exclude: string): fc.Arbitrary<string> => fc.string({ minLength: 1 }).filter((s) => ![...exclude].some((c) => s.includes(c)));
    const option: fc.Arbitrary<VmOption> = fc.record({ name: text(',=\0'), value: fc.option(fc.string().filter((s) => !/[,\0]/.test(s)), { nil: null }) });
    fc.assert(
      fc.property(text(',\0'), fc.array(option, { maxLength: 5 }), (path, options) => {
        const config = [path, ...options.map(({ name, value }) => (value === null ? name : `${name}=${value}`))].join(',');
        assert.deepEqual(parseVmConfig(config), { path, options: options.map(({ name, value }) => ({ name, value })) });
      }),
    );
  });
});

describe('create function names', () => {
  test('derive the codename as EVMC does', () => {
    assert.equal(vmCodename('example_vm'), 'example_vm');
    assert.equal(vmCodename('./test/fixtures/example_vm.mjs'), 'example_vm');
    assert.equal(vmCodename('/opt/vms/libtrans_log-vm.1.mjs'), 'trans_log_vm');
    assert.equal(vmCodename('C:\\vms\\libfoo-bar.so.2'), 'foo_bar');
    assert.equal(vmCodename('liblib.mjs'), 'lib', 'only one leading lib is stripped');
    assert.equal(vmCodename('vms/library-x.mjs'), 'rary_x');
    assert.equal(vmCodename('dir/.hidden.mjs'), '');
  });

  test('are tried ZVMC first, codename before the generic name', () => {
    assert.deepEqual(createFunctionNames('libexvm.mjs'), ['zvmc_create_exvm', 'zvmc_create', 'dvmc_create_exvm', 'dvmc_create']);
  });
});
