import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ExvmError, ErrorCode } from '../../src/errors.js';
import { CallKind, Revision, StatusCode } from '../../src/vmc/constants.js';
import { makeResult } from '../../src/vmc/result.js';
import type { HostContext, HostInterface, Message, Result, VM } from '../../src/vmc/types.js';
import { EMPTY_CODE_HASH, MockedHost, address, hex, word } from '../../src/vmc/mocked-host.js';

const ctx = { name: 'the host context' };
const ALICE = address(0xa11ce);
const BOB = address(0xb0b);
const NOBODY = address(0xdead);
const CODE = Uint8Array.from([0x60, 0x01, 0x60, 0x02, 0x01]);

function message(fields: Partial<Message> = {}): Message {
  return {
    kind: CallKind.Call,
    flags: 0,
    depth: 0,
    gas: 1000,
    recipient: BOB,
    sender: ALICE,
    input: Uint8Array.from([1, 2, 3]),
    value: word(0),
    create2Salt: word(0),
    codeAddress: BOB,
    ...fields,
  };
}

/** Asserts that `run` throws an ExvmError (Connector) whose message contains every fragment. */
function throwsConnector(run: () => unknown, ...fragments: string[]): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ExvmError);
    assert.equal(error.code, ErrorCode.Connector);
    for (const fragment of fragments) assert.ok(error.message.includes(fragment), `"${error.message}" mentions "${fragment}"`);
    return true;
  });
}

describe('mocked host: byte helpers', () => {
  it('address and word left-pad hex, numbers and bigints, and copy bytes', () => {
    assert.deepEqual(address(1), Uint8Array.from([...new Array(19).fill(0), 1]));
    assert.deepEqual(address('0x0102'), address(0x102));
    assert.deepEqual(word('abc'), word(0xabc));
    assert.deepEqual(word(2n ** 255n)[0], 0x80);
    const bytes = word(5);
    const copy = word(bytes);
    copy[31] = 6;
    assert.equal(bytes[31], 5);
    assert.equal(hex(address(0xab)), '0x' + '00'.repeat(19) + 'ab');
  });

  it('rejects values that do not fit, are negative, are not hex, or have the wrong size', () => {
    throwsConnector(() => address('0x' + '11'.repeat(21)), 'address', 'does not fit in 20 bytes');
    throwsConnector(() => word(-1), 'word', 'negative');
    throwsConnector(() => word(1.5), 'word', 'not a safe integer');
    throwsConnector(() => word('0xzz'), 'word', 'not hex');
    throwsConnector(() => address(new Uint8Array(32)), 'address', '20 bytes, got 32');
  });
});

describe('mocked host: accounts', () => {
  it('accountExists, getBalance, getCodeSize for existing and missing accounts', () => {
    const host = new MockedHost();
    host.setAccount(ALICE, { balance: 1000, code: CODE, nonce: 3 });
    assert.equal(host.accountExists(ctx, ALICE), true);
    assert.equal(host.accountExists(ctx, NOBODY), false);
    assert.deepEqual(host.getBalance(ctx, ALICE), word(1000));
    assert.deepEqual(host.getBalance(ctx, NOBODY), word(0));
    assert.equal(host.getCodeSize(ctx, ALICE), CODE.length);
    assert.equal(host.getCodeSize(ctx, NOBODY), 0);
    assert.equal(host.getAccount(ALICE)?.nonce, 3);
    assert.equal(host.accounts.get(hex(ALICE)), host.getAccount(ALICE), 'accounts are keyed by lowercase hex');
  });

  it('getStorage answers zero when unset, the current value when set, for missing accounts too', () => {
    const host = new MockedHost();
    host.setAccount(ALICE, { storage: { '0x01': '0xff' } });
    assert.deepEqual(host.getStorage(ctx, ALICE, word(1)), word(0xff));
    assert.deepEqual(host.getStorage(ctx, ALICE, word(2)), word(0));
    assert.deepEqual(host.getStorage(ctx, NOBODY, word(1)), word(0));
  });

  it('getCodeHash: keccak-256 of the code, of empty for no code, zero for a missing account, or the preset hash', () => {
    const host = new MockedHost();
    host.setAccount(ALICE, { code: CODE });
    host.setAccount(BOB);
    host.setAccount(address(3), { code: CODE, codeHash: 0x1234 });
    assert.equal(hex(EMPTY_CODE_HASH), '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
    assert.deepEqual(host.getCodeHash(ctx, BOB), EMPTY_CODE_HASH);
    assert.deepEqual(host.getCodeHash(ctx, NOBODY), word(0));
    assert.deepEqual(host.getCodeHash(ctx, address(3)), word(0x1234));
    // keccak-256("abc"), a published test vector.
    host.setAccount(ALICE, { code: new TextEncoder().encode('abc') });
    assert.equal(hex(host.getCodeHash(ctx, ALICE)), '0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45');
  });

  it('copyCode copies from an offset, clips to the buffer and the code, and copies nothing past the end', () => {
    const host = new MockedHost();
    host.setAccount(ALICE, { code: CODE });
    const buffer = new Uint8Array(8).fill(0xee);
    assert.equal(host.copyCode(ctx, ALICE, 0, buffer), 5);
    assert.deepEqual(buffer, Uint8Array.from([0x60, 0x01, 0x60, 0x02, 0x01, 0xee, 0xee, 0xee]));
    const small = new Uint8Array(2);
    assert.equal(host.copyCode(ctx, ALICE, 2, small), 2);
    assert.deepEqual(small, Uint8Array.from([0x60, 0x02]));
    const tail = new Uint8Array(4).fill(0xee);
    assert.equal(host.copyCode(ctx, ALICE, 4, tail), 1);
    assert.deepEqual(tail, Uint8Array.from([0x01, 0xee, 0xee, 0xee]));
    assert.equal(host.copyCode(ctx, ALICE, 5, tail), 0, 'offset = code size');
    assert.equal(host.copyCode(ctx, ALICE, 1_000_000, tail), 0, 'offset far beyond the code');
    assert.equal(host.copyCode(ctx, ALICE, 0, new Uint8Array(0)), 0, 'empty buffer');
    assert.equal(host.copyCode(ctx, NOBODY, 0, tail), 0, 'missing account');
    assert.deepEqual(tail, Uint8Array.from([0x01, 0xee, 0xee, 0xee]), 'nothing written when nothing is copied');
  });

  it('selfdestruct records address and beneficiary and answers true only the first time per address', () => {
    const host = new MockedHost();
    assert.equal(host.selfdestruct(ctx, ALICE, BOB), true);
    assert.equal(host.selfdestruct(ctx, ALICE, NOBODY), false);
    assert.equal(host.selfdestruct(ctx, BOB, ALICE), true);
    assert.deepEqual(host.recordedSelfdestructs, [
      { address: ALICE, beneficiary: BOB },
      { address: ALICE, beneficiary: NOBODY },
      { address: BOB, beneficiary: ALICE },
    ]);
  });

  it('transient storage is per account and key, zero when unset', () => {
    const host = new MockedHost();
    host.setTransientStorage(ctx, ALICE, word(1), word(9));
    assert.deepEqual(host.getTransientStorage(ctx, ALICE, word(1)), word(9));
    assert.deepEqual(host.getTransientStorage(ctx, ALICE, word(2)), word(0));
    assert.deepEqual(host.getTransientStorage(ctx, BOB, word(1)), word(0));
    assert.deepEqual(host.getStorage(ctx, ALICE, word(1)), word(0), 'persistent storage is separate');
  });
});

describe('mocked host: context, block hashes, logs', () => {
  it('getTxContext is all zero by default and answers what was set', () => {
    const host = new MockedHost();
    const tx = host.getTxContext();
    assert.equal(tx.blockNumber, 0);
    assert.deepEqual(tx.chainId, word(0));
    assert.deepEqual(tx.origin, address(0));
    host.txContext = { ...host.txContext, blockNumber: 42, chainId: word(1), origin: ALICE };
    assert.equal(host.getTxContext().blockNumber, 42);
    assert.deepEqual(host.getTxContext().chainId, word(1));
    assert.deepEqual(host.getTxContext().origin, ALICE);
  });

  it('getBlockHash answers known hashes, zero for unknown ones, and records every number', () => {
    const host = new MockedHost();
    host.blockHashes.set(7, word(0x77));
    assert.deepEqual(host.getBlockHash(ctx, 7), word(0x77));
    assert.deepEqual(host.getBlockHash(ctx, 8), word(0));
    assert.deepEqual(host.recordedBlockHashes, [7, 8]);
  });

  it('emitLog records copies of creator, data and 0..4 topics', () => {
    const host = new MockedHost();
    const data = Uint8Array.from([1, 2]);
    const topic = word(3);
    host.emitLog(ctx, ALICE, data, []);
    host.emitLog(ctx, BOB, data, [topic, topic, topic, topic]);
    data[0] = 9;
    topic[0] = 9;
    assert.deepEqual(host.recordedLogs, [
      { creator: ALICE, data: Uint8Array.from([1, 2]), topics: [] },
      { creator: BOB, data: Uint8Array.from([1, 2]), topics: [word(3), word(3), word(3), word(3)] },
    ]);
  });

  it('emitLog with more than 4 topics is a VM bug: a Connector error, nothing recorded', () => {
    const host = new MockedHost();
    throwsConnector(() => host.emitLog(ctx, ALICE, new Uint8Array(0), [1, 2, 3, 4, 5].map((n) => word(n))), 'emitLog', '5 topics', 'at most 4');
    assert.equal(host.recordedLogs.length, 0);
  });
});

describe('mocked host: call', () => {
  it('records a copy of the message and its recipient, and answers the default Success result', () => {
    const host = new MockedHost();
    const sent = message();
    const result = host.call(ctx, sent);
    assert.equal(result.statusCode, StatusCode.Success);
    assert.equal(result.output.length, 0);
    result.release?.();
    sent.input[0] = 99;
    assert.equal(host.recordedCalls.length, 1);
    assert.deepEqual(host.recordedCalls[0], { ...message(), input: Uint8Array.from([1, 2, 3]) });
    assert.notEqual(host.recordedCalls[0].input, sent.input);
    assert.deepEqual(host.recordedAccountAccesses, [BOB]);
  });

  it('answers a fresh copy of the configured result each time (each released once)', () => {
    const host = new MockedHost();
    host.callResult = { statusCode: StatusCode.Revert, gasLeft: 10, output: Uint8Array.from([7]) };
    const first = host.call(ctx, message());
    const second = host.call(ctx, message());
    assert.equal(first.statusCode, StatusCode.Revert);
    assert.equal(first.gasLeft, 10);
    first.output[0] = 0;
    assert.deepEqual(second.output, Uint8Array.from([7]));
    first.release?.();
    second.release?.();
  });

  it('delegates to callHandler with the message and the context', () => {
    const host = new MockedHost();
    const seen: [Message, HostContext][] = [];
    host.callHandler = (msg, context) => {
      seen.push([msg, context]);
      return makeResult({ statusCode: StatusCode.Failure });
    };
    assert.equal(host.call(ctx, message({ depth: 3 })).statusCode, StatusCode.Failure);
    assert.equal(seen.length, 1);
    assert.equal(seen[0][0].depth, 3);
    assert.equal(seen[0][1], ctx);
    assert.equal(host.recordedCalls.length, 1, 'the message is recorded before delegating');
  });

  it('executeCallsOn runs nested messages on a VM against the same host', () => {
    // A tiny VM: code [1] stores the input's first byte (0xee without input) in slot 0 of the recipient and calls the
    // account named by the input's second byte (if any) with the rest of the input.
    const vm: VM = {
      abiVersion: 10,
      name: 'nested-test',
      version: '1',
      getCapabilities: () => 1,
      destroy: () => undefined,
      execute(host: HostInterface | null, context: HostContext, _revision: Revision, msg: Message, code: Uint8Array): Result {
        if (!host || code[0] !== 1) return makeResult({ statusCode: StatusCode.UndefinedInstruction });
        host.setStorage(context, msg.recipient, word(0), word(msg.input[0] ?? 0xee));
        if (msg.input.length > 1) {
          const callee = address(msg.input[1]);
          const inner = host.call(context, { ...msg, depth: msg.depth + 1, sender: msg.recipient, recipient: callee, codeAddress: callee, input: msg.input.subarray(2) });
          inner.release?.();
          if (inner.statusCode !== StatusCode.Success) return makeResult({ statusCode: StatusCode.Revert, gasLeft: 1 });
        }
        return makeResult({ statusCode: StatusCode.Success, gasLeft: msg.gas, output: Uint8Array.from([msg.depth]) });
      },
    };
    const host = new MockedHost();
    host.setAccount(address(1), { code: Uint8Array.from([1]) });
    host.setAccount(address(2), { code: Uint8Array.from([1]) });
    host.executeCallsOn(vm, Revision.Shanghai);
    const top = message({ recipient: address(1), codeAddress: address(1), input: Uint8Array.from([0x11, 2, 0x22]) });
    const result = vm.execute(host, ctx, Revision.Shanghai, top, Uint8Array.from([1]));
    assert.equal(result.statusCode, StatusCode.Success);
    assert.deepEqual(host.getStorage(ctx, address(1), word(0)), word(0x11));
    assert.deepEqual(host.getStorage(ctx, address(2), word(0)), word(0x22), 'the nested call stored into the callee');
    assert.equal(host.recordedCalls.length, 1);
    assert.equal(host.recordedCalls[0].depth, 1);

    // An account without code: the VM answers UndefinedInstruction, the caller reverts.
    const toMissing = message({ recipient: address(1), codeAddress: address(1), input: Uint8Array.from([0x33, 9]) });
    assert.equal(vm.execute(host, ctx, Revision.Shanghai, toMissing, Uint8Array.from([1])).statusCode, StatusCode.Revert);

    // A create runs its input as init code, with empty input.
    const created = host.call(ctx, message({ kind: CallKind.Create, recipient: address(5), input: Uint8Array.from([1]) }));
    assert.equal(created.statusCode, StatusCode.Success);
    assert.deepEqual(host.getStorage(ctx, address(5), word(0)), word(0xee), 'the init code ran with an empty input');
  });
});

describe('mocked host: returned buffers are copies', () => {
  it('mutating what a callback returned does not change the host', () => {
    const host = new MockedHost();
    host.setAccount(ALICE, { balance: 5, code: CODE, storage: { '0x01': 2 } });
    host.blockHashes.set(1, word(0x11));
    host.txContext = { ...host.txContext, gasPrice: word(3), coinbase: BOB };
    const codeHash = hex(host.getCodeHash(ctx, ALICE));
    for (const returned of [
      host.getBalance(ctx, ALICE),
      host.getStorage(ctx, ALICE, word(1)),
      host.getCodeHash(ctx, ALICE),
      host.getBlockHash(ctx, 1),
      host.getTxContext().gasPrice,
      host.getTxContext().coinbase,
    ]) {
      returned.fill(0xaa);
    }
    assert.deepEqual(host.getBalance(ctx, ALICE), word(5));
    assert.deepEqual(host.getStorage(ctx, ALICE, word(1)), word(2));
    assert.equal(hex(host.getCodeHash(ctx, ALICE)), codeHash);
    assert.deepEqual(host.getBlockHash(ctx, 1), word(0x11));
    assert.deepEqual(host.getTxContext().gasPrice, word(3));
    assert.deepEqual(host.getTxContext().coinbase, BOB);
  });

  it('mutating what a VM passed in afterwards does not change the host', () => {
    const host = new MockedHost();
    const at = address(ALICE);
    const key = word(1);
    const value = word(2);
    host.setStorage(ctx, at, key, value);
    value.fill(0xbb);
    key.fill(0xcc);
    at.fill(0xdd);
    assert.deepEqual(host.getStorage(ctx, ALICE, word(1)), word(2));
    assert.deepEqual(host.recordedAccountAccesses[0], ALICE);
  });
});

describe('mocked host: records', () => {
  it('records the accounts named by each callback, in order, and not for accessStorage, emitLog, getTxContext, getBlockHash', () => {
    const host = new MockedHost();
    const at = (n: number) => address(n);
    host.accountExists(ctx, at(1));
    host.getStorage(ctx, at(2), word(0));
    host.setStorage(ctx, at(3), word(0), word(1));
    host.getBalance(ctx, at(4));
    host.getCodeSize(ctx, at(5));
    host.getCodeHash(ctx, at(6));
    host.copyCode(ctx, at(7), 0, new Uint8Array(1));
    host.selfdestruct(ctx, at(8), at(99));
    host.call(ctx, message({ recipient: at(9), codeAddress: at(98) }));
    host.accessAccount(ctx, at(10));
    host.accessStorage(ctx, at(97), word(0));
    host.emitLog(ctx, at(96), new Uint8Array(0), []);
    host.getTxContext();
    host.getBlockHash(ctx, 1);
    assert.deepEqual(host.recordedAccountAccesses, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(at));
  });
});

describe('mocked host: invalid input', () => {
  const host = new MockedHost();
  const short = new Uint8Array(19);
  const cases: [string, () => unknown, string[]][] = [
    ['accountExists address', () => host.accountExists(ctx, short), ['accountExists', 'address', '20 bytes, got 19']],
    ['getStorage key', () => host.getStorage(ctx, ALICE, new Uint8Array(31)), ['getStorage', 'key', '32 bytes, got 31']],
    ['setStorage address', () => host.setStorage(ctx, short, word(0), word(0)), ['setStorage', 'address']],
    ['setStorage value', () => host.setStorage(ctx, ALICE, word(0), new Uint8Array(33)), ['setStorage', 'value', '33']],
    ['getBalance address', () => host.getBalance(ctx, new Uint8Array(32)), ['getBalance', 'address', '32']],
    ['getCodeSize address', () => host.getCodeSize(ctx, short), ['getCodeSize', 'address']],
    ['getCodeHash address', () => host.getCodeHash(ctx, short), ['getCodeHash', 'address']],
    ['copyCode offset', () => host.copyCode(ctx, ALICE, -1, new Uint8Array(1)), ['copyCode', 'codeOffset', '-1']],
    ['copyCode buffer', () => host.copyCode(ctx, ALICE, 0, [0] as unknown as Uint8Array), ['copyCode', 'buffer', 'Uint8Array']],
    ['selfdestruct beneficiary', () => host.selfdestruct(ctx, ALICE, short), ['selfdestruct', 'beneficiary']],
    ['call recipient', () => host.call(ctx, message({ recipient: short })), ['call', 'message.recipient']],
    ['call value', () => host.call(ctx, message({ value: new Uint8Array(1) })), ['call', 'message.value']],
    ['call input', () => host.call(ctx, message({ input: 'abc' as unknown as Uint8Array })), ['call', 'message.input']],
    ['getBlockHash number', () => host.getBlockHash(ctx, 1.5), ['getBlockHash', 'number', '1.5']],
    ['emitLog address', () => host.emitLog(ctx, short, new Uint8Array(0), []), ['emitLog', 'address']],
    ['emitLog topic', () => host.emitLog(ctx, ALICE, new Uint8Array(0), [word(0), new Uint8Array(2)]), ['emitLog', 'topics[1]', '32 bytes, got 2']],
    ['accessAccount address', () => host.accessAccount(ctx, null as unknown as Uint8Array), ['accessAccount', 'address', 'null']],
    ['accessStorage key', () => host.accessStorage(ctx, ALICE, new Uint8Array(0)), ['accessStorage', 'key']],
  ];
  for (const [name, run, fragments] of cases) {
    it(`${name} is checked`, () => throwsConnector(run, ...fragments));
  }

  it('a rejected callback records and changes nothing', () => {
    assert.equal(host.recordedCalls.length, 0);
    assert.equal(host.recordedLogs.length, 0);
    assert.equal(host.recordedAccountAccesses.length, 0);
    assert.equal(host.recordedBlockHashes.length, 0);
    assert.equal(host.accounts.size, 0);
  });
});
