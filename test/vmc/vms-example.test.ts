/** The example VM: every method, every opcode, every host callback, the verbose and precompiles options. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ErrorCode, ExvmError } from '../../src/errors.js';
import { AccessStatus, CallKind, Capability, MessageFlags, Revision, SetOptionResult, StatusCode } from '../../src/vmc/constants.js';
import { MockedHost, address, hex, word } from '../../src/vmc/mocked-host.js';
import { loadAndCreate } from '../../src/vmc/loader.js';
import { resultViolations } from '../../src/vmc/result.js';
import type { HostInterface, Result } from '../../src/vmc/types.js';
import { createExampleVm, EXAMPLE_VM_NAME } from '../../src/vmc/vms/example.js';
import { COLD_ACCOUNT_EXTRA_GAS, COLD_SLOT_EXTRA_GAS, MEMORY_LIMIT, STACK_LIMIT } from '../../src/vmc/vms/example-execution.js';
import { DEFINED_OPCODES, MAX_DEPTH } from '../../src/vmc/vms/example-instructions.js';
import { IDENTITY_PRECOMPILE } from '../../src/vmc/vms/example-precompiles.js';
import { RETURN_TOP, SELF, SENDER, evm, execute, hostFor, message, outputNumber, outputText, txHost } from './vms-harness.js';

const MAX = (1n << 256n) - 1n;

/** Runs `source` (mnemonics) on a fresh example VM; returns the result and the host. */
function run(source: string, fields: Parameters<typeof message>[0] = {}, revision: Revision = Revision.Shanghai, host?: MockedHost): { result: Result; host: MockedHost } {
  const vm = createExampleVm();
  const used = host ?? hostFor(vm, revision);
  const result = execute(vm, used, evm(source), fields, revision);
  assert.deepEqual(resultViolations(result), []);
  return { result, host: used };
}

/** The top of the stack after `source`, returned as a word. */
function top(source: string, fields: Parameters<typeof message>[0] = {}, host?: MockedHost): bigint {
  const { result } = run(`${source} ${RETURN_TOP}`, fields, Revision.Shanghai, host);
  assert.equal(result.statusCode, StatusCode.Success);
  return outputNumber(result);
}


describe('example VM: methods', () => {
  test('reports its ABI version, name, version and VM1 capability', () => {
    const vm = createExampleVm();
    assert.equal(vm.abiVersion, 10);
    assert.equal(vm.name, EXAMPLE_VM_NAME);
    assert.equal(vm.name, 'example_vm');
    assert.ok(vm.version.length > 0);
    assert.equal(vm.getCapabilities(), Capability.Vm1);
  });

  test('can report another name (for the DVMC trans_log_vm)', () => {
    assert.equal(createExampleVm({ name: 'trans_log_vm' }).name, 'trans_log_vm');
  });

  test('setOption: verbose takes one digit; other values are INVALID_VALUE, other names INVALID_NAME', () => {
    const vm = createExampleVm();
    for (const digit of '0123456789') assert.equal(vm.setOption?.('verbose', digit), SetOptionResult.Success);
    for (const bad of ['10', '-1', 'x', '', ' 1', null]) assert.equal(vm.setOption?.('verbose', bad), SetOptionResult.InvalidValue, String(bad));
    assert.equal(vm.setOption?.('verbosity', '1'), SetOptionResult.InvalidName);
    assert.equal(vm.setOption?.('', null), SetOptionResult.InvalidName);
  });

  test('setOption: precompiles on adds the PRECOMPILES capability, off removes it', () => {
    const vm = createExampleVm();
    assert.equal(vm.setOption?.('precompiles', 'on'), SetOptionResult.Success);
    assert.equal(vm.getCapabilities(), Capability.Vm1 | Capability.Precompiles);
    assert.equal(vm.setOption?.('precompiles', 'off'), SetOptionResult.Success);
    assert.equal(vm.getCapabilities(), Capability.Vm1);
    assert.equal(vm.setOption?.('precompiles', 'yes'), SetOptionResult.InvalidValue);
    assert.equal(vm.setOption?.('precompiles', null), SetOptionResult.InvalidValue);
  });

  test('results obey the rules and release exactly once', () => {
    const { result } = run('PUSH1 0x01 PUSH1 0x00 SSTORE');
    assert.equal(result.statusCode, StatusCode.Success);
    result.release?.();
    assert.throws(() => result.release?.(), ExvmError);
  });

  test('execute after destroy is a Connector error', () => {
    const vm = createExampleVm();
    vm.destroy();
    assert.throws(() => vm.execute(new MockedHost(), undefined, Revision.Shanghai, message(), new Uint8Array(0)), (error: unknown) => error instanceof ExvmError && error.code === ErrorCode.Connector && /after destroy/.test(error.message));
  });

  test('without a host and without precompiles the execution is REJECTED', () => {
    const result = createExampleVm().execute(null, undefined, Revision.Shanghai, message(), evm('STOP'));
    assert.equal(result.statusCode, StatusCode.Rejected);
    assert.deepEqual(resultViolations(result), []);
  });
});

describe('example VM: precompiles (EIP-2003)', () => {
  const vm = createExampleVm();
  vm.setOption?.('precompiles', 'on');

  test('the identity precompile at 0x04 returns its input and charges 15 + 3 per word', () => {
    const input = Uint8Array.from({ length: 40 }, (_, i) => i);
    const result = vm.execute(null, undefined, Revision.Shanghai, message({ codeAddress: address(IDENTITY_PRECOMPILE), input, gas: 100 }), new Uint8Array(0));
    assert.equal(result.statusCode, StatusCode.Success);
    assert.deepEqual(result.output, input);
    assert.equal(result.gasLeft, 100 - 15 - 2 * 3);
  });

  test('identity without enough gas runs out of gas', () => {
    const result = vm.execute(null, undefined, Revision.Shanghai, message({ codeAddress: address(IDENTITY_PRECOMPILE), gas: 14 }), new Uint8Array(0));
    assert.equal(result.statusCode, StatusCode.OutOfGas);
    assert.equal(result.gasLeft, 0);
  });

  test('every other address is REJECTED, with a well-formed result', () => {
    for (const at of [0, 1, 3, 5, 0x100, 0xffff]) {
      const result = vm.execute(null, undefined, Revision.Shanghai, message({ codeAddress: address(at) }), new Uint8Array(0));
      assert.equal(result.statusCode, StatusCode.Rejected, `address ${at}`);
      assert.deepEqual(resultViolations(result), []);
    }
  });

  test('with a host, precompile mode still interprets the code', () => {
    assert.equal(execute(vm, hostFor(vm), evm(`PUSH1 0x07 ${RETURN_TOP}`)).output[31], 7);
  });
});

describe('example VM: verbose', () => {
  function logged(level: string, code: string): string[] {
    const lines: string[] = [];
    const vm = createExampleVm({ log: (line) => lines.push(line) });
    vm.setOption?.('verbose', level);
    execute(vm, hostFor(vm), evm(code));
    return lines;
  }

  test('level 0 (the default) reports nothing', () => {
    assert.deepEqual(logged('0', 'PUSH1 0x01 STOP'), []);
  });

  test('level 1 reports the start and the end of each execution', () => {
    const lines = logged('1', 'PUSH1 0x01 STOP');
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^example_vm: execution started: 3 bytes of code, gas 1000000, depth 0$/);
    assert.match(lines[1], /^example_vm: execution ended: success, gas left 999997, 0 bytes of output$/);
  });

  test('level 2 also reports every instruction', () => {
    const lines = logged('2', 'PUSH1 0x01 STOP');
    assert.equal(lines.length, 4);
    assert.match(lines[1], /0: PUSH1 \(gas left 1000000, stack 0\)/);
    assert.match(lines[2], /2: STOP \(gas left 999997, stack 1\)/);
  });

  test('the end names the status as EVMC does', () => {
    assert.match(logged('1', 'PUSH1 0x01 PUSH1 0x00 MSTORE PUSH1 0x20 PUSH1 0x00 REVERT')[1], /execution ended: revert, gas left \d+, 32 bytes of output$/);
    assert.match(logged('1', 'INVALID')[1], /execution ended: invalid instruction, gas left 0/);
  });

  test('without a logger, verbose writes to console.error, also when loaded with the option', async (t) => {
    const lines: unknown[] = [];
    t.mock.method(console, 'error', (line: unknown) => lines.push(line));
    const vm = createExampleVm();
    assert.equal(execute(vm, hostFor(vm), evm('STOP')).statusCode, StatusCode.Success);
    assert.deepEqual(lines, [], 'verbose 0 is silent');
    vm.setOption?.('verbose', '9');
    assert.equal(execute(vm, hostFor(vm), evm('STOP')).statusCode, StatusCode.Success);
    assert.equal(lines.length, 3);
    const loaded = await loadAndCreate('example_vm,verbose=2');
    execute(loaded, hostFor(loaded), evm('PUSH1 0x01 STOP'));
    assert.equal(lines.length, 3 + 4);
    assert.match(String(lines[3]), /^example_vm: execution started: 3 bytes of code/);
    assert.match(String(lines[4]), /0: PUSH1/);
  });
});

describe('example VM: arithmetic, stack and flow', () => {
  test('STOP and running off the end succeed with all gas but what ran', () => {
    assert.equal(run('STOP').result.gasLeft, 1_000_000);
    assert.equal(run('').result.statusCode, StatusCode.Success);
    assert.equal(run('PUSH1 0x01').result.gasLeft, 1_000_000 - 3);
  });

  test('ADD, SUB, LT, EQ, ISZERO (top of stack first), modulo 2^256', () => {
    assert.equal(top('PUSH1 0x03 PUSH1 0x05 ADD'), 8n);
    assert.equal(top('PUSH1 0x03 PUSH1 0x05 SUB'), 2n);
    assert.equal(top('PUSH1 0x05 PUSH1 0x03 SUB'), MAX - 1n);
    assert.equal(top(`PUSH32 0x${'ff'.repeat(32)} PUSH1 0x02 ADD`), 1n);
    assert.equal(top('PUSH1 0x05 PUSH1 0x03 LT'), 1n);
    assert.equal(top('PUSH1 0x03 PUSH1 0x05 LT'), 0n);
    assert.equal(top('PUSH1 0x05 PUSH1 0x05 EQ'), 1n);
    assert.equal(top('PUSH1 0x05 PUSH1 0x06 EQ'), 0n);
    assert.equal(top('PUSH1 0x00 ISZERO'), 1n);
    assert.equal(top('PUSH1 0x09 ISZERO'), 0n);
  });

  test('gas is the table\'s: 7 instructions at 3, one word of memory at 3, RETURN free', () => {
    assert.equal(run(`PUSH1 0x03 PUSH1 0x05 ADD ${RETURN_TOP}`).result.gasLeft, 1_000_000 - 7 * 3 - 3);
  });

  test('PUSH1..PUSH32 push their immediates; one cut off by the end reads zeros', () => {
    for (let n = 1; n <= 32; n++) {
      const value = BigInt(`0x${'ab'.repeat(n)}`);
      assert.equal(top(`PUSH${n} 0x${'ab'.repeat(n)}`), value, `PUSH${n}`);
    }
    const cut = execute(createExampleVm(), new MockedHost(), Uint8Array.of(0x61, 0xab)); // PUSH2 with one byte left
    assert.equal(cut.statusCode, StatusCode.Success);
    assert.equal(cut.gasLeft, 1_000_000 - 3);
  });

  test('POP, DUP1..DUP16 and SWAP1..SWAP16', () => {
    assert.equal(top('PUSH1 0x01 PUSH1 0x02 POP'), 1n);
    const sixteen = Array.from({ length: 16 }, (_, i) => `PUSH1 0x${(i + 1).toString(16).padStart(2, '0')}`).join(' ');
    for (let n = 1; n <= 16; n++) {
      assert.equal(top(`${sixteen} DUP${n}`), BigInt(17 - n), `DUP${n}`);
      assert.equal(top(`${sixteen} PUSH1 0x63 SWAP${n}`), BigInt(17 - n), `SWAP${n}`);
    }
  });

  test('stack underflow and overflow', () => {
    assert.equal(run('ADD').result.statusCode, StatusCode.StackUnderflow);
    assert.equal(run('POP').result.statusCode, StatusCode.StackUnderflow);
    assert.equal(run('PUSH1 0x01 DUP2').result.statusCode, StatusCode.StackUnderflow);
    assert.equal(run('PUSH1 0x01 SWAP1').result.statusCode, StatusCode.StackUnderflow);
    assert.equal(run('PUSH1 0x01 '.repeat(STACK_LIMIT)).result.statusCode, StatusCode.Success);
    const overflow = run('PUSH1 0x01 '.repeat(STACK_LIMIT + 1)).result;
    assert.equal(overflow.statusCode, StatusCode.StackOverflow);
    assert.equal(overflow.gasLeft, 0);
  });

  test('JUMP, JUMPI and JUMPDEST: a loop counting to 5', () => {
    // counter := 0; loop: counter += 1; if counter != 5 goto loop
    const code = 'PUSH1 0x00 JUMPDEST PUSH1 0x01 ADD DUP1 PUSH1 0x05 EQ ISZERO PUSH1 0x02 JUMPI';
    assert.equal(top(code), 5n);
  });

  test('a jump to a non-JUMPDEST, into PUSH data or past the end is BAD_JUMP_DESTINATION', () => {
    assert.equal(run('PUSH1 0x00 JUMP').result.statusCode, StatusCode.BadJumpDestination);
    assert.equal(run('PUSH1 0x01 PUSH1 0x06 JUMPI PUSH1 0x5b').result.statusCode, StatusCode.BadJumpDestination); // byte 6 is 0x5b, but PUSH data
    assert.equal(run('PUSH2 0xffff JUMP').result.statusCode, StatusCode.BadJumpDestination);
    assert.equal(run('PUSH1 0x00 PUSH1 0x00 JUMPI').result.statusCode, StatusCode.Success); // condition 0: no jump
  });

  test('GAS pushes the gas left after it', () => {
    assert.equal(top('GAS', { gas: 100 }), 98n);
  });

  test('INVALID is INVALID_INSTRUCTION and an undefined opcode UNDEFINED_INSTRUCTION, both with no gas left', () => {
    const invalid = run('INVALID').result;
    assert.equal(invalid.statusCode, StatusCode.InvalidInstruction);
    assert.equal(invalid.gasLeft, 0);
    for (const opcode of [0x02, 0x0c, 0x20, 0x37, 0xf0, 0xf5]) {
      assert.ok(!DEFINED_OPCODES.includes(opcode));
      assert.equal(execute(createExampleVm(), new MockedHost(), Uint8Array.of(opcode)).statusCode, StatusCode.UndefinedInstruction, `0x${opcode.toString(16)}`);
    }
  });

  test('OUT_OF_GAS when an instruction costs more than is left', () => {
    const result = run('PUSH1 0x01 PUSH1 0x01 ADD', { gas: 8 }).result;
    assert.equal(result.statusCode, StatusCode.OutOfGas);
    assert.equal(result.gasLeft, 0);
  });
});

describe('example VM: memory, RETURN and REVERT', () => {
  test('MSTORE, MSTORE8 and MLOAD; memory grows in words at 3 gas each', () => {
    assert.equal(top('PUSH2 0x1234 PUSH1 0x40 MSTORE PUSH1 0x40 MLOAD'), 0x1234n);
    assert.equal(top('PUSH1 0xff PUSH1 0x1f MSTORE8 PUSH1 0x00 MLOAD'), 0xffn);
    // Touching byte 0x40..0x5f grows memory to 3 words: 9 gas.
    assert.equal(run('PUSH1 0x00 PUSH1 0x40 MSTORE').result.gasLeft, 1_000_000 - 3 * 3 - 3 * 3);
  });

  test('memory beyond the limit runs out of gas', () => {
    assert.equal(run(`PUSH1 0x00 PUSH4 0x${MEMORY_LIMIT.toString(16).padStart(8, '0')} MSTORE`).result.statusCode, StatusCode.OutOfGas);
    assert.equal(run(`PUSH32 0x${'ff'.repeat(32)} MLOAD`).result.statusCode, StatusCode.OutOfGas);
  });

  test('RETURN outputs memory and keeps the gas left', () => {
    const { result } = run('PUSH3 0x616263 PUSH1 0x00 MSTORE PUSH1 0x03 PUSH1 0x1d RETURN');
    assert.equal(result.statusCode, StatusCode.Success);
    assert.equal(outputText(result), 'abc');
    assert.equal(result.gasLeft, 1_000_000 - 5 * 3 - 3);
  });

  test('REVERT outputs memory, keeps the gas left and refunds nothing', () => {
    const { result } = run('PUSH1 0x00 PUSH1 0x00 SSTORE PUSH2 0x6e6f PUSH1 0x00 MSTORE PUSH1 0x02 PUSH1 0x1e REVERT', {}, Revision.Shanghai, withSlot(1));
    assert.equal(result.statusCode, StatusCode.Revert);
    assert.equal(outputText(result), 'no');
    assert.ok(result.gasLeft > 0);
    assert.equal(result.gasRefund, 0);
  });
});

/** A host whose SELF slot 0 holds `value`. */
function withSlot(value: number): MockedHost {
  const host = new MockedHost();
  host.setSlot(SELF, 0, value);
  return host;
}

describe('example VM: the message and the transaction', () => {
  test('ADDRESS, CALLER, CALLVALUE, CALLDATASIZE', () => {
    assert.equal(top('ADDRESS'), 0xaan);
    assert.equal(top('CALLER'), 0x5en);
    assert.equal(top('CALLVALUE', { value: word(1234) }), 1234n);
    assert.equal(top('CALLDATASIZE', { input: new Uint8Array(37) }), 37n);
  });

  test('CALLDATALOAD reads 32 bytes, zeros past the end', () => {
    const input = Uint8Array.from({ length: 34 }, (_, i) => i + 1);
    assert.equal(top('PUSH1 0x00 CALLDATALOAD', { input }), BigInt(hex(input.subarray(0, 32))));
    assert.equal(top('PUSH1 0x20 CALLDATALOAD', { input }), 0x2122n << 240n);
    assert.equal(top('PUSH1 0x40 CALLDATALOAD', { input }), 0n);
    assert.equal(top(`PUSH32 0x${'ff'.repeat(32)} CALLDATALOAD`, { input }), 0n);
  });

  test('every transaction-context field', () => {
    const host = txHost();
    assert.equal(top('ORIGIN', {}, host), 0x0123n);
    assert.equal(top('GASPRICE', {}, host), 7n);
    assert.equal(top('COINBASE', {}, host), 0xc0n);
    assert.equal(top('TIMESTAMP', {}, host), 1_700_000_000n);
    assert.equal(top('NUMBER', {}, host), 1000n);
    assert.equal(top('PREVRANDAO', {}, host), 0x5a5an);
    assert.equal(top('GASLIMIT', {}, host), 30_000_000n);
    assert.equal(top('CHAINID', {}, host), 1n);
    assert.equal(top('BASEFEE', {}, host), 9n);
  });

  test('BLOCKHASH asks the host for the 256 most recent blocks only', () => {
    const host = txHost();
    host.blockHashes.set(999, word(0xbeef));
    host.blockHashes.set(744, word(0xdead));
    assert.equal(top('PUSH2 0x03e7 BLOCKHASH', {}, host), 0xbeefn);
    assert.equal(top('PUSH2 0x02e8 BLOCKHASH', {}, host), 0xdeadn); // 1000 - 256
    assert.deepEqual(host.recordedBlockHashes, [999, 744]);
    assert.equal(top('PUSH2 0x02e7 BLOCKHASH', {}, host), 0n); // 1000 - 257: too old
    assert.equal(top('PUSH2 0x03e8 BLOCKHASH', {}, host), 0n); // the current block
    assert.deepEqual(host.recordedBlockHashes, [999, 744]);
  });
});

describe('example VM: accounts and storage', () => {
  const other = address(0xbb);

  function accountsHost(): MockedHost {
    const host = new MockedHost();
    host.setAccount(other, { balance: 5000, code: Uint8Array.of(1, 2, 3, 4, 5) });
    return host;
  }

  test('BALANCE, EXTCODESIZE, EXTCODEHASH', () => {
    const host = accountsHost();
    assert.equal(top('PUSH1 0xbb BALANCE', {}, host), 5000n);
    assert.equal(top('PUSH1 0xbb EXTCODESIZE', {}, host), 5n);
    assert.equal(top('PUSH1 0xbb EXTCODEHASH', {}, host), BigInt(hex(host.getCodeHash(undefined, other))));
    assert.equal(top('PUSH1 0xcc EXTCODEHASH', {}, host), 0n);
  });

  test('an address operand is the low 160 bits of the value', () => {
    assert.equal(top(`PUSH32 0x${'ff'.repeat(12)}${'00'.repeat(19)}bb BALANCE`, {}, accountsHost()), 5000n);
  });

  test('EXTCODECOPY copies code, zeros past its end, and charges per word', () => {
    // copy 8 bytes from code offset 1 to memory 0: 02 03 04 05 00 00 00 00
    assert.equal(top('PUSH1 0x08 PUSH1 0x01 PUSH1 0x00 PUSH1 0xbb EXTCODECOPY PUSH1 0x00 MLOAD', {}, accountsHost()), 0x0203040500000000n << 192n);
    assert.equal(top(`PUSH1 0x08 PUSH32 0x${'ff'.repeat(32)} PUSH1 0x00 PUSH1 0xbb EXTCODECOPY PUSH1 0x00 MLOAD`, {}, accountsHost()), 0n);
  });

  test('SSTORE then SLOAD; EIP-2200 statuses drive gas and the refund', () => {
    const added = run('PUSH1 0x2a PUSH1 0x07 SSTORE PUSH1 0x07 SLOAD PUSH1 0x00 MSTORE PUSH1 0x20 PUSH1 0x00 RETURN');
    assert.equal(outputNumber(added.result), 42n);
    assert.equal(hex(added.host.getStorage(undefined, SELF, word(7))), hex(word(42)));
    assert.equal(added.result.gasRefund, 0);
    const deleted = run('PUSH1 0x00 PUSH1 0x00 SSTORE', {}, Revision.Shanghai, withSlot(1)).result;
    assert.equal(deleted.gasRefund, 4800);
    // Shanghai is after Berlin: both slots were cold. Added: 2 pushes, 100, cold 2000, set 20000.
    assert.equal(run('PUSH1 0x01 PUSH1 0x00 SSTORE').result.gasLeft, 1_000_000 - 6 - 100 - COLD_SLOT_EXTRA_GAS - 20000);
    assert.equal(deleted.gasLeft, 1_000_000 - 6 - 100 - COLD_SLOT_EXTRA_GAS - 2900);
  });

  test('from Berlin on, cold accesses cost more and are reported to the host; before, the host is not asked', () => {
    const host = accountsHost();
    host.setSlot(SELF, 3, 1, { accessStatus: AccessStatus.Warm });
    const berlin = run('PUSH1 0xbb BALANCE PUSH1 0xbb BALANCE PUSH1 0x03 SLOAD PUSH1 0x04 SLOAD', {}, Revision.Berlin, host).result;
    assert.equal(berlin.gasLeft, 1_000_000 - 4 * 3 - 4 * 100 - COLD_ACCOUNT_EXTRA_GAS - COLD_SLOT_EXTRA_GAS);
    assert.equal(host.accessStorage(undefined, SELF, word(4)), AccessStatus.Warm);
    const istanbulHost = accountsHost();
    const istanbul = run('PUSH1 0xbb BALANCE PUSH1 0x04 SLOAD', {}, Revision.Istanbul, istanbulHost).result;
    assert.equal(istanbul.gasLeft, 1_000_000 - 2 * 3 - 2 * 100);
    assert.equal(istanbulHost.accessStorage(undefined, SELF, word(4)), AccessStatus.Cold);
  });

  test('SSTORE in a static message is a STATIC_MODE_VIOLATION', () => {
    const { result, host } = run('PUSH1 0x01 PUSH1 0x00 SSTORE', { flags: MessageFlags.Static });
    assert.equal(result.statusCode, StatusCode.StaticModeViolation);
    assert.equal(result.gasLeft, 0);
    assert.equal(host.getAccount(SELF), undefined);
  });
});

describe('example VM: logs', () => {
  test('LOG0..LOG4 emit data and topics for the recipient; each topic costs 375, each byte 8', () => {
    for (let n = 0; n <= 4; n++) {
      const topics = Array.from({ length: n }, (_, i) => `PUSH1 0x${(i + 1).toString(16).padStart(2, '0')}`).reverse().join(' ');
      const { result, host } = run(`PUSH2 0x6869 PUSH1 0x00 MSTORE ${topics} PUSH1 0x02 PUSH1 0x1e LOG${n}`);
      assert.equal(result.statusCode, StatusCode.Success);
      assert.equal(host.recordedLogs.length, 1);
      const [log] = host.recordedLogs;
      assert.equal(hex(log.creator), hex(SELF));
      assert.equal(new TextDecoder().decode(log.data), 'hi');
      assert.deepEqual(log.topics.map((topic) => hex(topic)), Array.from({ length: n }, (_, i) => hex(word(i + 1))));
      assert.equal(result.gasLeft, 1_000_000 - (n + 5) * 3 - 3 - 375 - n * 375 - 2 * 8);
    }
  });

  test('a log in a static message is a STATIC_MODE_VIOLATION', () => {
    const { result, host } = run('PUSH1 0x00 PUSH1 0x00 LOG0', { flags: MessageFlags.Static });
    assert.equal(result.statusCode, StatusCode.StaticModeViolation);
    assert.equal(host.recordedLogs.length, 0);
  });
});

describe('example VM: calls', () => {
  const callee = address(0xcc);
  // The callee returns CALLER, ADDRESS and CALLVALUE... as one word: its CALLVALUE + 1.
  const calleeCode = evm(`CALLVALUE PUSH1 0x01 ADD ${RETURN_TOP}`);

  function callHost(): { vm: ReturnType<typeof createExampleVm>; host: MockedHost } {
    const vm = createExampleVm();
    const host = hostFor(vm);
    host.setAccount(callee, { code: calleeCode });
    host.setAccount(SELF, { balance: 1000 });
    return { vm, host };
  }

  // CALL: gas address value inOffset inSize outOffset outSize, pushed in reverse.
  const callWith = (value: string, op = 'CALL'): string =>
    `PUSH1 0x20 PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 ${op === 'CALL' ? `PUSH1 ${value} ` : ''}PUSH1 0xcc PUSH2 0xffff ${op} PUSH1 0x20 MSTORE PUSH1 0x40 PUSH1 0x00 RETURN`;

  test('CALL runs the callee (on the same VM through the host), copies its output and pushes 1', () => {
    const { vm, host } = callHost();
    const result = execute(vm, host, evm(callWith('0x05')));
    assert.equal(result.statusCode, StatusCode.Success);
    assert.equal(outputNumber(result), (6n << 256n) | 1n);
    const [sent] = host.recordedCalls;
    assert.equal(sent.kind, CallKind.Call);
    assert.equal(sent.depth, 1);
    assert.equal(sent.gas, 0xffff);
    assert.equal(hex(sent.recipient), hex(callee));
    assert.equal(hex(sent.sender), hex(SELF));
    assert.equal(hex(sent.codeAddress), hex(callee));
    assert.equal(hex(sent.value), hex(word(5)));
    // 7 pushes, CALL, a word of output memory, the cold callee, the value transfer, the callee's
    // own 23 gas, then 4 instructions and a word of memory to return.
    assert.equal(result.gasLeft, 1_000_000 - 7 * 3 - 100 - 3 - COLD_ACCOUNT_EXTRA_GAS - 9000 - 23 - 4 * 3 - 3);
  });

  test('CALL with value to a missing account costs 25,000 more (accountExists)', () => {
    const { vm, host } = callHost();
    const code = 'PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 PUSH1 0x01 PUSH1 0xdd PUSH1 0x00 CALL';
    const toMissing = execute(vm, host, evm(code));
    const toExisting = execute(vm, host, evm(code.replace('0xdd', '0xcc')));
    // Both callees were cold and got no gas: only the new account makes a difference.
    assert.equal(toExisting.gasLeft - toMissing.gasLeft, 25000);
  });

  test('DELEGATECALL keeps the recipient, sender and value; STATICCALL sets the static flag', () => {
    const { vm, host } = callHost();
    const delegate = execute(vm, host, evm(callWith('', 'DELEGATECALL')), { value: word(41) });
    assert.equal(outputNumber(delegate), (42n << 256n) | 1n);
    const sent = host.recordedCalls[0];
    assert.equal(sent.kind, CallKind.DelegateCall);
    assert.equal(hex(sent.recipient), hex(SELF));
    assert.equal(hex(sent.sender), hex(SENDER));
    assert.equal(hex(sent.codeAddress), hex(callee));
    execute(vm, host, evm(callWith('', 'STATICCALL')));
    assert.equal(host.recordedCalls[1].kind, CallKind.Call);
    assert.equal(host.recordedCalls[1].flags, MessageFlags.Static);
  });

  test('a failing callee makes the call push 0; the callee cannot write in a static call', () => {
    const { vm, host } = callHost();
    host.setAccount(callee, { code: evm('PUSH1 0x01 PUSH1 0x00 SSTORE') });
    const result = execute(vm, host, evm(callWith('', 'STATICCALL')));
    assert.equal(outputNumber(result) & 1n, 0n);
    assert.equal(host.getAccount(callee)?.storage.size, 0);
  });

  test('CALL with value in a static message is a STATIC_MODE_VIOLATION; without value it is fine', () => {
    const { vm, host } = callHost();
    assert.equal(execute(vm, host, evm(callWith('0x01')), { flags: MessageFlags.Static }).statusCode, StatusCode.StaticModeViolation);
    assert.equal(execute(vm, host, evm(callWith('0x00')), { flags: MessageFlags.Static }).statusCode, StatusCode.Success);
  });

  test('a call from the maximum depth pushes 0 without reaching the host', () => {
    const { vm, host } = callHost();
    const result = execute(vm, host, evm(callWith('0x00')), { depth: MAX_DEPTH });
    assert.equal(result.statusCode, StatusCode.Success);
    assert.equal(outputNumber(result), 0n);
    assert.equal(host.recordedCalls.length, 0);
  });

  test('re-entrancy: code that calls itself, nested on one VM instance, counts the depth down', () => {
    const vm = createExampleVm();
    const host = hostFor(vm);
    // With no input, return memory word 0 (zero). Otherwise call this account with one byte less
    // input, its answer landing in word 0, add one to it, and return word 0.
    const code = evm(
      'CALLDATASIZE ISZERO PUSH1 0x1e JUMPI ' + // bytes 0..4
        'PUSH1 0x20 PUSH1 0x00 PUSH1 0x01 CALLDATASIZE SUB PUSH1 0x00 PUSH1 0x00 ADDRESS GAS CALL POP ' + // 5..20
        'PUSH1 0x00 MLOAD PUSH1 0x01 ADD PUSH1 0x00 MSTORE ' + // 21..29
        'JUMPDEST PUSH1 0x20 PUSH1 0x00 RETURN', // 30 = 0x1e
    );
    host.setAccount(SELF, { code });
    const result = execute(vm, host, code, { input: new Uint8Array(6) });
    assert.equal(result.statusCode, StatusCode.Success);
    assert.equal(outputNumber(result), 6n);
    assert.deepEqual(host.recordedCalls.map((call) => call.depth), [1, 2, 3, 4, 5, 6]);
  });
});

describe('example VM: selfdestruct', () => {
  test('SELFDESTRUCT asks the host and stops', () => {
    const { result, host } = run('PUSH1 0xbe SELFDESTRUCT PUSH1 0x01');
    assert.equal(result.statusCode, StatusCode.Success);
    assert.equal(host.recordedSelfdestructs.length, 1);
    assert.equal(hex(host.recordedSelfdestructs[0].beneficiary), hex(address(0xbe)));
    assert.equal(hex(host.recordedSelfdestructs[0].address), hex(SELF));
  });

  test('SELFDESTRUCT is a STATIC_MODE_VIOLATION in a static message', () => {
    assert.equal(run('PUSH1 0xbe SELFDESTRUCT', { flags: MessageFlags.Static }).result.statusCode, StatusCode.StaticModeViolation);
  });

  test('SELFDESTRUCT is undefined on a host without selfdestruct (ZVMC)', () => {
    const full = new MockedHost();
    const zond: HostInterface = {
      accountExists: full.accountExists.bind(full),
      getStorage: full.getStorage.bind(full),
      setStorage: full.setStorage.bind(full),
      getBalance: full.getBalance.bind(full),
      getCodeSize: full.getCodeSize.bind(full),
      getCodeHash: full.getCodeHash.bind(full),
      copyCode: full.copyCode.bind(full),
      call: full.call.bind(full),
      getTxContext: full.getTxContext.bind(full),
      getBlockHash: full.getBlockHash.bind(full),
      emitLog: full.emitLog.bind(full),
      accessAccount: full.accessAccount.bind(full),
      accessStorage: full.accessStorage.bind(full),
    };
    const result = createExampleVm().execute(zond, undefined, Revision.Shanghai, message(), evm('PUSH1 0xbe SELFDESTRUCT'));
    assert.equal(result.statusCode, StatusCode.UndefinedInstruction);
  });
});
