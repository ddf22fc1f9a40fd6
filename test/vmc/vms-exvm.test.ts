/** The exvm connector VM: its methods, every host native, every status mapping, re-entrancy. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assemble, mergeDescriptions } from '../../src/asm/index.js';
import { ErrorCode, ExvmError } from '../../src/errors.js';
import { encodeImage } from '../../src/image/index.js';
import { STATUSES, Status } from '../../src/isa/status.js';
import { AccessStatus, CallKind, Capability, MessageFlags, Revision, StatusCode, StorageStatus } from '../../src/vmc/constants.js';
import { MockedHost, address, hex, word } from '../../src/vmc/mocked-host.js';
import { loadAndCreate } from '../../src/vmc/loader.js';
import { makeResult, resultViolations } from '../../src/vmc/result.js';
import type { HostInterface, Message, Result } from '../../src/vmc/types.js';
import { EXVM_VM_NAME, GUEST_MAX_MEMORY, createExvmVm, exvmHostDescription } from '../../src/vmc/vms/exvm.js';
import { HOST_FUNCTIONS, MAX_MESSAGE_DEPTH, STATIC_CALL_BIT } from '../../src/vmc/vms/exvm-host-library.js';
import { MACHINE_STATUS_CODES, statusCodeOf } from '../../src/vmc/vms/exvm-status.js';
import { SELF, SENDER, execute, exvmImage, hostFor, message, outputText, txHost } from './vms-harness.js';

const GAS = 1_000_000;

/** Appended to test programs: `call ret_int` returns the number on the stack as 4 little-endian bytes. */
const RET_INT = `
ret_int:
    enter 1, 0
    push 0xff00
    lget 0
    st32 0
    push 0xff00
    push 4
    ncall host.return
`;

/** `source`, followed by RET_INT when it uses it. */
function withRetInt(source: string): string {
  return source.includes('ret_int') ? source + RET_INT : source;
}

/** Runs assembly on a fresh exvm VM whose host executes nested calls on the same VM. */
function run(source: string, fields: Partial<Message> = {}, host?: MockedHost): { result: Result; host: MockedHost } {
  const vm = createExvmVm();
  const used = host ?? hostFor(vm);
  const result = execute(vm, used, exvmImage(withRetInt(source)), fields);
  assert.deepEqual(resultViolations(result), []);
  return { result, host: used };
}

/** The int32 a program returned with `ret_int`. */
function returnedInt(result: Result): number {
  assert.equal(result.statusCode, StatusCode.Success, `status ${result.statusCode}`);
  assert.equal(result.output.length, 4);
  return new DataView(result.output.buffer, result.output.byteOffset).getInt32(0, true);
}

/** The status a program ended with. */
function statusOf(source: string, fields: Partial<Message> = {}, host?: MockedHost): StatusCode {
  return run(source, fields, host).result.statusCode;
}

/** A host with an account SELF whose code is `source`, and whose calls run on `vm`. */
function selfHost(vm: ReturnType<typeof createExvmVm>, source: string): MockedHost {
  const host = hostFor(vm);
  host.setAccount(SELF, { code: exvmImage(withRetInt(source)) });
  return host;
}

describe('exvm VM: methods', () => {
  test('ABI version, name, version, VM1, no options', () => {
    const vm = createExvmVm();
    assert.equal(vm.abiVersion, 10);
    assert.equal(vm.name, EXVM_VM_NAME);
    assert.equal(vm.name, 'exvm');
    assert.ok(vm.version.length > 0);
    assert.equal(vm.getCapabilities(), Capability.Vm1);
    assert.equal(vm.setOption, undefined);
  });

  test('execute after destroy is a Connector error; a null host is REJECTED', () => {
    const vm = createExvmVm();
    assert.equal(vm.execute(null, undefined, Revision.Shanghai, message(), new Uint8Array(0)).statusCode, StatusCode.Rejected);
    vm.destroy();
    assert.throws(() => execute(vm, new MockedHost(), new Uint8Array(0)), (error: unknown) => error instanceof ExvmError && error.code === ErrorCode.Connector);
  });

  test('a message gas that is not a whole number >= 0 is the host\'s error', () => {
    const vm = createExvmVm();
    for (const gas of [-1, 1.5, Number.NaN]) assert.throws(() => execute(vm, new MockedHost(), exvmImage('push 0\nhalt'), { gas }), ExvmError);
  });

  test('results release exactly once', () => {
    const { result } = run('push 0\nhalt');
    result.release?.();
    assert.throws(() => result.release?.(), ExvmError);
  });

  test('the host description names host (0), str (1) and math (2), host with every function', () => {
    assert.deepEqual(exvmHostDescription.libraries.map((library) => library.name), ['host', 'str', 'math']);
    assert.deepEqual(exvmHostDescription.libraries[0].functions, HOST_FUNCTIONS.map((fn) => fn.name));
    for (const fn of HOST_FUNCTIONS) assert.match(fn.doc, /->/, fn.name);
  });
});

describe('exvm VM: before running', () => {
  test('empty code succeeds with all its gas', () => {
    const result = execute(createExvmVm(), new MockedHost(), new Uint8Array(0));
    assert.equal(result.statusCode, StatusCode.Success);
    assert.equal(result.gasLeft, GAS);
  });

  test('code that is not an image is a CONTRACT_VALIDATION_FAILURE with no gas left', () => {
    const image = exvmImage('push 0\nhalt');
    for (const code of [Uint8Array.of(0x60, 0x01), image.subarray(0, image.length - 1), new TextEncoder().encode('push 0\nhalt')]) {
      const result = execute(createExvmVm(), new MockedHost(), code);
      assert.equal(result.statusCode, StatusCode.ContractValidationFailure);
      assert.equal(result.gasLeft, 0);
    }
  });

  test('an image importing a library the VM does not offer is a CONTRACT_VALIDATION_FAILURE', () => {
    const withIo = mergeDescriptions(exvmHostDescription, { libraries: [{ name: 'io', functions: ['print_int'] }] });
    const code = encodeImage(assemble('push 1\nncall io.print_int\npush 0\nhalt', { libraries: withIo }));
    assert.equal(execute(createExvmVm(), new MockedHost(), code).statusCode, StatusCode.ContractValidationFailure);
  });

  test('an image declaring more than 16 MiB of memory is a CONTRACT_VALIDATION_FAILURE', () => {
    assert.equal(execute(createExvmVm(), new MockedHost(), exvmImage(`.memory ${GUEST_MAX_MEMORY + 1}\npush 0\nhalt`)).statusCode, StatusCode.ContractValidationFailure);
    assert.equal(execute(createExvmVm(), new MockedHost(), exvmImage(`.memory ${GUEST_MAX_MEMORY}\npush 0\nhalt`)).statusCode, StatusCode.Success);
  });

  test('a message deeper than 1024 is CALL_DEPTH_EXCEEDED without running', () => {
    const host = new MockedHost();
    const code = exvmImage('push 1\npush 2\nncall host.log\npush 0\nhalt'); // would fail if it ran
    assert.equal(execute(createExvmVm(), host, code, { depth: MAX_MESSAGE_DEPTH + 1 }).statusCode, StatusCode.CallDepthExceeded);
    assert.equal(statusOf('push 0\nhalt', { depth: MAX_MESSAGE_DEPTH }), StatusCode.Success);
  });
});

describe('exvm VM: machine statuses', () => {
  test('the table maps every machine status', () => {
    assert.deepEqual(Object.keys(MACHINE_STATUS_CODES).map(Number).sort((a, b) => a - b), STATUSES.map((row) => row.code).sort((a, b) => a - b));
    assert.deepEqual(MACHINE_STATUS_CODES, {
      [Status.Ok]: StatusCode.InternalError,
      [Status.Halted]: StatusCode.Success,
      [Status.Waiting]: StatusCode.Failure,
      [Status.Hypercall]: StatusCode.Failure,
      [Status.Breakpoint]: StatusCode.Failure,
      [Status.StackOverflow]: StatusCode.StackOverflow,
      [Status.StackUnderflow]: StatusCode.StackUnderflow,
      [Status.CallDepthExceeded]: StatusCode.CallDepthExceeded,
      [Status.InvalidInstruction]: StatusCode.InvalidInstruction,
      [Status.BadJump]: StatusCode.BadJumpDestination,
      [Status.MemoryFault]: StatusCode.InvalidMemoryAccess,
      [Status.DivisionByZero]: StatusCode.Failure,
      [Status.UnknownNative]: StatusCode.UndefinedInstruction,
      [Status.NativeFailure]: StatusCode.Failure,
      [Status.OutOfGas]: StatusCode.OutOfGas,
      [Status.BadReturn]: StatusCode.BadJumpDestination,
      [Status.UnhandledInterrupt]: StatusCode.Failure,
      [Status.HostStackExhausted]: StatusCode.InternalError,
    });
    assert.equal(statusCodeOf(Status.Halted, 0), StatusCode.Success);
    assert.equal(statusCodeOf(Status.Halted, 1), StatusCode.Failure);
    assert.equal(statusCodeOf(Status.Halted, -1), StatusCode.Failure);
  });

  test('halt 0 is SUCCESS with empty output and the machine\'s gas left', () => {
    const { result } = run('push 0\nhalt');
    assert.equal(result.statusCode, StatusCode.Success);
    assert.equal(result.output.length, 0);
    assert.equal(result.gasLeft, GAS - 2);
  });

  test('a nonzero exit code is FAILURE with no gas left', () => {
    const { result } = run('push 3\nhalt');
    assert.equal(result.statusCode, StatusCode.Failure);
    assert.equal(result.gasLeft, 0);
  });

  test('each reachable fault maps as the table says', () => {
    const cases: [string, string, StatusCode][] = [
      ['OutOfGas', 'spin: jmp spin', StatusCode.OutOfGas],
      ['StackOverflow', 'grow: push 1\njmp grow', StatusCode.StackOverflow],
      ['StackUnderflow', 'pop', StatusCode.StackUnderflow],
      ['CallDepthExceeded', 'deeper: call deeper', StatusCode.CallDepthExceeded],
      ['BadJump (ran off the end)', 'push 1', StatusCode.BadJumpDestination],
      ['MemoryFault', 'push -4\nld32 0', StatusCode.InvalidMemoryAccess],
      ['DivisionByZero', 'push 1\npush 0\ndivs', StatusCode.Failure],
      ['BadReturn', 'ret 0', StatusCode.BadJumpDestination],
      ['Breakpoint', 'brk\npush 0\nhalt', StatusCode.Failure],
      ['Hypercall', 'hcall 1\npush 0\nhalt', StatusCode.Failure],
      ['Waiting', 'wfi\npush 0\nhalt', StatusCode.Failure],
      ['UnhandledInterrupt', 'ei\nint 3\npush 0\nhalt', StatusCode.Failure],
    ];
    for (const [name, source, expected] of cases) {
      const { result } = run(source, { gas: 100_000 });
      assert.equal(result.statusCode, expected, name);
      assert.equal(result.gasLeft, 0, name);
    }
  });
});

describe('exvm VM: the message', () => {
  test('input_size and input_copy (zeros past the end of the input)', () => {
    const input = Uint8Array.of(1, 2, 3, 4, 5, 6);
    assert.equal(returnedInt(run('ncall host.input_size\ncall ret_int', { input }).result), 6);
    // copy 4 bytes from input offset 4 to 0x100: 05 06 00 00 -> 0x0605 little-endian
    const copy = 'push 0x100\npush 4\npush 4\nncall host.input_copy\npush 0x100\nld32 0\ncall ret_int';
    assert.equal(returnedInt(run(copy, { input }).result), 0x0605);
  });

  test('input_copy with a negative length is ARGUMENT_OUT_OF_RANGE, outside memory INVALID_MEMORY_ACCESS', () => {
    assert.equal(statusOf('push 0\npush 0\npush -1\nncall host.input_copy'), StatusCode.ArgumentOutOfRange);
    assert.equal(statusOf('push 0\npush -1\npush 1\nncall host.input_copy'), StatusCode.ArgumentOutOfRange);
    assert.equal(statusOf('push 65535\npush 0\npush 2\nncall host.input_copy'), StatusCode.InvalidMemoryAccess);
    assert.equal(statusOf('push 0\npush 0\npush 0x7fffffff\nncall host.input_copy'), StatusCode.InvalidMemoryAccess);
  });

  test('caller, address, code_address and value write the message\'s bytes', () => {
    const fields = { codeAddress: address(0xc0de), value: word(0x1234) };
    const copy = (fn: string, size: number): Uint8Array => run(`push 0x200\nncall host.${fn}\npush 0x200\npush ${size}\nncall host.return`, fields).result.output;
    assert.equal(hex(copy('caller', 20)), hex(SENDER));
    assert.equal(hex(copy('address', 20)), hex(SELF));
    assert.equal(hex(copy('code_address', 20)), hex(address(0xc0de)));
    assert.equal(hex(copy('value', 32)), hex(word(0x1234)));
  });

  test('depth and is_static', () => {
    assert.equal(returnedInt(run('ncall host.depth\ncall ret_int', { depth: 17 }).result), 17);
    assert.equal(returnedInt(run('ncall host.is_static\ncall ret_int').result), 0);
    assert.equal(returnedInt(run('ncall host.is_static\ncall ret_int', { flags: MessageFlags.Static }).result), 1);
  });
});

/** Data words for the storage tests: a key, a value and a scratch word. */
const WORDS = `
.data
key:   .zero 31
       .byte 7
value: .zero 30
       .byte 0x12, 0x34
other: .zero 32
.text
`;

describe('exvm VM: storage and accounts', () => {
  test('sstore pushes the EIP-2200 status and sload reads the value back', () => {
    const { result, host } = run(`${WORDS}
    push key
    push value
    ncall host.sstore
    push key
    push other
    ncall host.sload
    push other
    ld16u 30        ; the last two bytes, 0x12 0x34 little-endian
    push 16
    shl
    or
    call ret_int`);
    assert.equal(returnedInt(result), (0x3412 << 16) | StorageStatus.Added);
    assert.equal(hex(host.getStorage(undefined, SELF, word(7))), hex(word(0x1234)));
  });

  test('sstore in a static message is a STATIC_MODE_VIOLATION and stores nothing', () => {
    const { result, host } = run(`${WORDS}\npush key\npush value\nncall host.sstore\npush 0\nhalt`, { flags: MessageFlags.Static });
    assert.equal(result.statusCode, StatusCode.StaticModeViolation);
    assert.equal(result.gasLeft, 0);
    assert.equal(host.getAccount(SELF), undefined);
  });

  const other = address(0xbb);
  const ACCOUNT = `
.data
account: .zero 19
         .byte 0xbb
missing: .zero 19
         .byte 0xcc
buffer:  .zero 32
.text
`;

  function accountsHost(): MockedHost {
    const host = new MockedHost();
    host.setAccount(other, { balance: 0x0102, code: Uint8Array.of(9, 8, 7, 6, 5) });
    return host;
  }

  test('balance, account_exists and code_size', () => {
    const balance = run(`${ACCOUNT}push account\npush buffer\nncall host.balance\npush buffer\npush 32\nncall host.return`, {}, accountsHost()).result;
    assert.equal(hex(balance.output), hex(word(0x0102)));
    assert.equal(returnedInt(run(`${ACCOUNT}push account\nncall host.account_exists\ncall ret_int`, {}, accountsHost()).result), 1);
    assert.equal(returnedInt(run(`${ACCOUNT}push missing\nncall host.account_exists\ncall ret_int`, {}, accountsHost()).result), 0);
    assert.equal(returnedInt(run(`${ACCOUNT}push account\nncall host.code_size\ncall ret_int`, {}, accountsHost()).result), 5);
  });

  test('code_hash and code_copy', () => {
    const host = accountsHost();
    const hash = run(`${ACCOUNT}push account\npush buffer\nncall host.code_hash\npush buffer\npush 32\nncall host.return`, {}, host).result;
    assert.equal(hex(hash.output), hex(host.getCodeHash(undefined, other)));
    // copy up to 8 bytes from offset 2: 7 6 5, and push 3
    const copy = run(`${ACCOUNT}push account\npush 2\npush buffer\npush 8\nncall host.code_copy\npush buffer\nld32 0\npush 8\nshl\nor\ncall ret_int`, {}, host).result;
    assert.equal(returnedInt(copy), (0x050607 << 8) | 3);
    assert.equal(statusOf(`${ACCOUNT}push account\npush -1\npush buffer\npush 8\nncall host.code_copy`, {}, host), StatusCode.ArgumentOutOfRange);
    assert.equal(statusOf(`${ACCOUNT}push account\npush 0\npush buffer\npush -8\nncall host.code_copy`, {}, host), StatusCode.ArgumentOutOfRange);
  });

  test('an address outside memory is an INVALID_MEMORY_ACCESS', () => {
    assert.equal(statusOf('push 65530\nncall host.code_size'), StatusCode.InvalidMemoryAccess);
  });

  test('selfdestruct: 1 the first time, 0 after; static violation; undefined on a host without it', () => {
    const source = `${ACCOUNT}push account\nncall host.selfdestruct\npush account\nncall host.selfdestruct\nswap\npush 8\nshl\nor\ncall ret_int`;
    const { result, host } = run(source);
    assert.equal(returnedInt(result), 1 << 8);
    assert.equal(host.recordedSelfdestructs.length, 2);
    assert.equal(hex(host.recordedSelfdestructs[0].beneficiary), hex(other));
    assert.equal(statusOf(source, { flags: MessageFlags.Static }), StatusCode.StaticModeViolation);
    const full = new MockedHost();
    const withoutSelfdestruct: HostInterface = Object.create(full, { selfdestruct: { value: undefined } }) as HostInterface;
    const zond = createExvmVm().execute(withoutSelfdestruct, undefined, Revision.Shanghai, message(), exvmImage(withRetInt(source)));
    assert.equal(zond.statusCode, StatusCode.UndefinedInstruction);
  });
});

describe('exvm VM: logs, the transaction, access lists', () => {
  const LOG = `
.data
data:   .string "hello"
topics: .zero 31
        .byte 1
        .zero 31
        .byte 2
        .zero 160
.text
`;

  test('log emits data and up to 4 topics for the recipient; gas 375 + 375 per topic + 8 per byte', () => {
    for (let n = 0; n <= 4; n++) {
      const { result, host } = run(`${LOG}push data\npush sizeof(data)\npush topics\npush ${n}\nncall host.log\npush 0\nhalt`);
      assert.equal(result.statusCode, StatusCode.Success);
      const [log] = host.recordedLogs;
      assert.equal(new TextDecoder().decode(log.data), 'hello');
      assert.equal(hex(log.creator), hex(SELF));
      assert.deepEqual(log.topics.map(hex), [word(1), word(2), word(0), word(0)].slice(0, n).map(hex));
      // 4 pushes, the ncall, the log's own gas, 1 per 32 bytes read (data and each topic), push and halt.
      assert.equal(result.gasLeft, GAS - 4 - 5 - 375 - 375 * n - 8 * 5 - (1 + n) - 2);
    }
  });

  test('more than 4 topics is ARGUMENT_OUT_OF_RANGE; a log in a static message a STATIC_MODE_VIOLATION', () => {
    assert.equal(statusOf(`${LOG}push data\npush 5\npush topics\npush 5\nncall host.log`), StatusCode.ArgumentOutOfRange);
    assert.equal(statusOf(`${LOG}push data\npush 5\npush topics\npush -1\nncall host.log`), StatusCode.ArgumentOutOfRange);
    const { result, host } = run(`${LOG}push data\npush 5\npush topics\npush 0\nncall host.log`, { flags: MessageFlags.Static });
    assert.equal(result.statusCode, StatusCode.StaticModeViolation);
    assert.equal(host.recordedLogs.length, 0);
  });

  test('every transaction-context field', () => {
    const host = txHost();
    const bytes = (fn: string, size: number): string => hex(run(`push 0x200\nncall host.${fn}\npush 0x200\npush ${size}\nncall host.return`, {}, host).result.output);
    const number = (fn: string): number => returnedInt(run(`ncall host.${fn}\ncall ret_int`, {}, host).result);
    assert.equal(bytes('gas_price', 32), hex(word(7)));
    assert.equal(bytes('origin', 20), hex(address(0x0123)));
    assert.equal(bytes('coinbase', 20), hex(address(0xc0)));
    assert.equal(bytes('prev_randao', 32), hex(word(0x5a5a)));
    assert.equal(bytes('chain_id', 32), hex(word(1)));
    assert.equal(bytes('base_fee', 32), hex(word(9)));
    assert.equal(number('block_number'), 1000);
    assert.equal(number('timestamp'), 1_700_000_000);
    assert.equal(number('gas_limit'), 30_000_000);
  });

  test('block_hash copies the host\'s hash (zero when unknown)', () => {
    const host = new MockedHost();
    host.blockHashes.set(99, word(0xbeef));
    const hash = (n: number): string => hex(run(`push ${n}\npush 0x200\nncall host.block_hash\npush 0x200\npush 32\nncall host.return`, {}, host).result.output);
    assert.equal(hash(99), hex(word(0xbeef)));
    assert.equal(hash(98), hex(word(0)));
    assert.deepEqual(host.recordedBlockHashes, [99, 98]);
  });

  test('access_account and access_storage: cold (0) first, warm (1) after', () => {
    const source = `${WORDS}
    push key
    ncall host.access_storage
    push key
    ncall host.access_storage
    push 1
    shl
    or
    push 0x300              ; an address: 20 zero bytes
    ncall host.access_account
    push 0x300
    ncall host.access_account
    push 1
    shl
    or
    push 2
    shl
    or
    call ret_int`;
    const { result, host } = run(source);
    assert.equal(returnedInt(result), 0b1010);
    assert.equal(host.accessStorage(undefined, SELF, word(7)), AccessStatus.Warm);
  });
});

describe('exvm VM: return and revert', () => {
  const TEXT = '.data\ntext: .string "bye"\n.text\n';

  test('return ends with SUCCESS, its output and the machine\'s gas left', () => {
    const { result } = run(`${TEXT}push text\npush 3\nncall host.return\npush 9\nhalt`);
    assert.equal(result.statusCode, StatusCode.Success);
    assert.equal(outputText(result), 'bye');
    assert.equal(result.gasLeft, GAS - 2 - 5 - 1); // two pushes, the ncall, one 32-byte chunk read
  });

  test('revert ends with REVERT, its output and the gas left; no refund', () => {
    const { result } = run(`${TEXT}push text\npush 3\nncall host.revert`);
    assert.equal(result.statusCode, StatusCode.Revert);
    assert.equal(outputText(result), 'bye');
    assert.equal(result.gasLeft, GAS - 8);
    assert.equal(result.gasRefund, 0);
  });

  test('a return of a range outside memory is an INVALID_MEMORY_ACCESS; a negative length ARGUMENT_OUT_OF_RANGE', () => {
    assert.equal(statusOf('push 65000\npush 1000\nncall host.return'), StatusCode.InvalidMemoryAccess);
    assert.equal(statusOf('push 0\npush -1\nncall host.revert'), StatusCode.ArgumentOutOfRange);
  });

  test('the standard str and math libraries are there', () => {
    const { result } = run('push 12345\npush 0x400\nncall str.format_int\npush 0x400\nswap\nncall host.return');
    assert.equal(outputText(result), '12345');
  });

  test('an exception from the host is rethrown, not turned into a guest failure', () => {
    const host = new MockedHost();
    const broken: HostInterface = Object.create(host, {
      getStorage: {
        value: () => {
          throw new Error('database offline');
        },
      },
    }) as HostInterface;
    const code = exvmImage(`${WORDS}push key\npush other\nncall host.sload\npush 0\nhalt`);
    assert.throws(() => createExvmVm().execute(broken, undefined, Revision.Shanghai, message(), code), /database offline/);
  });
});

describe('exvm VM: calls', () => {
  const callee = address(0xcc);
  /** Echoes its input after its depth byte, and reports CALLVALUE's last byte and is_static. */
  const CALLEE = `
    ncall host.input_size
    push 0x104
    push 0
    ncall host.input_size
    ncall host.input_copy
    push 0x100
    ncall host.depth
    st8 0
    push 0x101
    ncall host.is_static
    st8 0
    push 0x1e0
    ncall host.value
    push 0x102
    push 0x1ff
    ld8u 0
    st8 0
    push 0x100
    swap
    addi 4
    ncall host.return
  `;
  /** CALL(kind, gas) of the callee with "ping", value byte VALUE; returns status, output length and output. */
  const caller = (kind: number, gas = -1, value = 0, outMax = 64): string => `
.data
target: .zero 19
        .byte 0xcc
value:  .zero 31
        .byte ${value}
ping:   .string "ping"
out:    .zero 64
.text
    push ${kind}
    push ${gas}
    push target
    push value
    push ping
    push 4
    push out
    push ${outMax}
    ncall host.call
    push 0x200
    swap
    st8 1          ; output length
    push 0x200
    swap
    st8 0          ; status
    push 0x202
    push out
    push 64
    mcopy          ; dst src len: the output after those two bytes
    push 0x200
    push ${2 + 8}
    ncall host.return
`;

  function callHost(): { vm: ReturnType<typeof createExvmVm>; host: MockedHost } {
    const vm = createExvmVm();
    const host = hostFor(vm);
    host.setAccount(callee, { code: exvmImage(CALLEE) });
    return { vm, host };
  }

  /** Decodes what `caller` returns. */
  function called(result: Result): { status: number; length: number; depth: number; isStatic: number; value: number; text: string } {
    assert.equal(result.statusCode, StatusCode.Success, `caller status ${result.statusCode}`);
    const [status, length, depth, isStatic, value] = result.output;
    return { status: (status << 24) >> 24, length, depth, isStatic, value, text: new TextDecoder().decode(result.output.subarray(6, 2 + length)) };
  }

  test('CALL sends a nested message and copies the output back', () => {
    const { vm, host } = callHost();
    const out = called(execute(vm, host, exvmImage(caller(CallKind.Call, -1, 3))));
    assert.deepEqual(out, { status: StatusCode.Success, length: 8, depth: 1, isStatic: 0, value: 3, text: 'ping' });
    const [sent] = host.recordedCalls;
    assert.equal(sent.kind, CallKind.Call);
    assert.equal(hex(sent.recipient), hex(callee));
    assert.equal(hex(sent.sender), hex(SELF));
    assert.equal(hex(sent.codeAddress), hex(callee));
    assert.equal(sent.depth, 1);
    assert.equal(sent.flags, 0);
  });

  test('the gas sent is the requested amount, capped at what is left; the caller pays what the callee used', () => {
    const { vm, host } = callHost();
    execute(vm, host, exvmImage(caller(CallKind.Call, 5000)));
    assert.equal(host.recordedCalls[0].gas, 5000);
    execute(vm, host, exvmImage(caller(CallKind.Call, -1)), { gas: 20_000 });
    // 8 pushes, the ncall, call's 100, and three 32-byte reads (input, address, value) came first.
    assert.equal(host.recordedCalls[1].gas, 20_000 - 8 - 5 - 100 - 3);
    // Compare a call of a callee doing nothing with one of CALLEE: the difference is what CALLEE used.
    const calleeAlone = execute(vm, host, exvmImage(CALLEE), { input: new TextEncoder().encode('ping'), depth: 1, value: word(0) });
    const used = GAS - calleeAlone.gasLeft;
    const full = execute(vm, host, exvmImage(caller(CallKind.Call)));
    host.setAccount(callee, { code: new Uint8Array(0) });
    const empty = execute(vm, host, exvmImage(caller(CallKind.Call)));
    // CALLEE's 8 bytes of output also cost the caller 1 gas to copy; the empty callee has none.
    assert.equal(empty.gasLeft - full.gasLeft, used + 1);
  });

  test('DELEGATECALL keeps recipient, sender and value', () => {
    const { vm, host } = callHost();
    const out = called(execute(vm, host, exvmImage(caller(CallKind.DelegateCall, -1, 3)), { value: word(0x42) }));
    assert.equal(out.value, 0x42);
    const delegated = host.recordedCalls[0];
    assert.equal(delegated.kind, CallKind.DelegateCall);
    assert.equal(hex(delegated.recipient), hex(SELF));
    assert.equal(hex(delegated.sender), hex(SENDER));
    assert.equal(hex(delegated.codeAddress), hex(callee));
  });

  test('kind + 256 is a static call; static messages pass the flag on', () => {
    const { vm, host } = callHost();
    assert.equal(called(execute(vm, host, exvmImage(caller(CallKind.Call + STATIC_CALL_BIT)))).isStatic, 1);
    assert.equal(host.recordedCalls[0].flags, MessageFlags.Static);
    assert.equal(called(execute(vm, host, exvmImage(caller(CallKind.Call)), { flags: MessageFlags.Static })).isStatic, 1);
  });

  test('a CALL with value in a static message or as a static call is a STATIC_MODE_VIOLATION', () => {
    const { vm, host } = callHost();
    assert.equal(execute(vm, host, exvmImage(caller(CallKind.Call, -1, 1)), { flags: MessageFlags.Static }).statusCode, StatusCode.StaticModeViolation);
    assert.equal(execute(vm, host, exvmImage(caller(CallKind.Call + STATIC_CALL_BIT, -1, 1))).statusCode, StatusCode.StaticModeViolation);
    assert.equal(host.recordedCalls.length, 0);
  });

  test('an unknown kind (creates included) is ARGUMENT_OUT_OF_RANGE, and so is CALLCODE, which ZVMC lacks', () => {
    const { vm, host } = callHost();
    for (const kind of [CallKind.CallCode, CallKind.CallCode + STATIC_CALL_BIT, CallKind.Create, CallKind.Create2, 7, -1]) {
      assert.equal(execute(vm, host, exvmImage(caller(kind))).statusCode, StatusCode.ArgumentOutOfRange, String(kind));
    }
    assert.equal(host.recordedCalls.length, 0);
  });

  test('CALLCODE through the loader\'s exvm is refused before it reaches the ZVMC adapter', async () => {
    const vm = await loadAndCreate('exvm');
    const host = hostFor(vm);
    host.setAccount(callee, { code: exvmImage(CALLEE) });
    const result = execute(vm, host, exvmImage(caller(CallKind.CallCode, 5000)));
    assert.equal(result.statusCode, StatusCode.ArgumentOutOfRange);
    assert.equal(host.recordedCalls.length, 0);
  });

  test('an internal (negative) status reaches the guest as FAILURE; REJECTED costs none of the gas sent', () => {
    const { vm, host } = callHost();
    const answering = (result: Result): { status: number; gasLeft: number } => {
      host.callHandler = () => result;
      const run = execute(vm, host, exvmImage(caller(CallKind.Call, 5000)));
      return { status: called(run).status, gasLeft: run.gasLeft };
    };
    const unused = answering(makeResult({ statusCode: StatusCode.Success, gasLeft: 5000 }));
    const failed = answering(makeResult({ statusCode: StatusCode.Failure }));
    assert.equal(unused.gasLeft - failed.gasLeft, 5000);
    assert.deepEqual(answering(makeResult({ statusCode: StatusCode.Rejected })), { status: StatusCode.Failure, gasLeft: unused.gasLeft }, 'rejected: nothing ran');
    for (const statusCode of [StatusCode.InternalError, StatusCode.OutOfMemory]) {
      assert.deepEqual(answering(makeResult({ statusCode })), { status: StatusCode.Failure, gasLeft: failed.gasLeft }, String(statusCode));
    }
  });

  test('the output is cut at out_max, and its full length pushed', () => {
    const { vm, host } = callHost();
    const result = execute(vm, host, exvmImage(caller(CallKind.Call, -1, 3, 5)));
    assert.equal(result.output[1], 8);
    assert.deepEqual([...result.output.subarray(2, 10)], [1, 0, 3, 0, 'p'.charCodeAt(0), 0, 0, 0]);
  });

  test('a call from depth 1024 answers CALL_DEPTH_EXCEEDED without reaching the host', () => {
    const { vm, host } = callHost();
    assert.equal(called(execute(vm, host, exvmImage(caller(CallKind.Call)), { depth: MAX_MESSAGE_DEPTH })).status, StatusCode.CallDepthExceeded);
    assert.equal(host.recordedCalls.length, 0);
  });

  test('the callee\'s status reaches the caller (here REVERT)', () => {
    const { vm, host } = callHost();
    host.setAccount(callee, { code: exvmImage('.data\nno: .string "no"\n.text\npush no\npush 2\nncall host.revert') });
    const out = called(execute(vm, host, exvmImage(caller(CallKind.Call))));
    assert.equal(out.status, StatusCode.Revert);
    assert.equal(out.length, 2);
  });
});

describe('exvm VM: re-entrancy', () => {
  /** With input n > 0, calls itself with n - 1 and returns its answer * 10 + depth; with 0, returns 0. */
  const RECURSIVE = `
.data
me:    .zero 20
none:  .zero 32
arg:   .zero 4
out:   .zero 4
.text
main:
    ncall host.input_size
    jz leaf
    push arg
    push 0
    push 4
    ncall host.input_copy
    push arg
    push arg
    ld32 0
    addi -1
    st32 0               ; arg := n - 1
    push me
    ncall host.address
    push 0
    push -1
    push me
    push none
    push arg
    push arg
    ld32 0
    jz empty_input
    push 4
    jmp send
empty_input:
    push 0
send:
    push out
    push 4
    ncall host.call
    pop
    pop
    push out
    ld32 0
    push 10
    mul
    ncall host.depth
    add
    call ret_int
leaf:
    push 0
    call ret_int
`;

  const encodeInt = (n: number): Uint8Array => new Uint8Array(Int32Array.of(n).buffer);

  test('a host call that executes on the same VM instance, nested six levels', () => {
    const vm = createExvmVm();
    const host = selfHost(vm, RECURSIVE);
    const result = execute(vm, host, exvmImage(withRetInt(RECURSIVE)), { input: encodeInt(6) });
    // depth 5 returns 0*10+5... the top (depth 0) returns ((((0*10+5)*10+4)*10+3)*10+2)*10+1)*10+0
    assert.equal(returnedInt(result), 543210);
    assert.deepEqual(host.recordedCalls.map((call) => call.depth), [1, 2, 3, 4, 5, 6]);
  });

  test('interleaved executions on one instance give independent results', () => {
    const vm = createExvmVm();
    const counterHost = (): MockedHost => selfHost(vm, RECURSIVE);
    const first = counterHost();
    const second = counterHost();
    const code = exvmImage(withRetInt(RECURSIVE));
    // One host's execution runs while the other's nested calls are in flight: each nested call of
    // `first` starts a whole execution against `second` before it returns.
    const inner: number[] = [];
    const firstCall = first.callHandler;
    first.callHandler = (msg, context) => {
      inner.push(returnedInt(execute(vm, second, code, { input: encodeInt(2) })));
      return firstCall ? firstCall(msg, context) : execute(vm, first, code);
    };
    const outer = execute(vm, first, code, { input: encodeInt(3) });
    assert.equal(returnedInt(outer), 210);
    assert.deepEqual(inner, [10, 10, 10]);
  });
});
