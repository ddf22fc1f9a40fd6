import '../helpers/property.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CallKind } from '../../src/vmc/constants.js';
import { dvmc, zvmc } from '../../src/vmc/dialect/index.js';
import type { Message, TxContext } from '../../src/vmc/types.js';

const bytes = (size: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: size, maxLength: size });
const int64 = fc.maxSafeNat();

const message = (kinds: readonly number[]): fc.Arbitrary<Message> =>
  fc.record({
    kind: fc.constantFrom(...kinds) as fc.Arbitrary<Message['kind']>,
    flags: fc.nat(1),
    depth: fc.nat(1024),
    gas: int64,
    recipient: bytes(20),
    sender: bytes(20),
    input: fc.uint8Array({ maxLength: 64 }),
    value: bytes(32),
    create2Salt: bytes(32),
    codeAddress: bytes(20),
  });

const txContext: fc.Arbitrary<TxContext> = fc.record({
  gasPrice: bytes(32),
  origin: bytes(20),
  coinbase: bytes(20),
  blockNumber: int64,
  timestamp: int64,
  gasLimit: int64,
  prevRandao: bytes(32),
  chainId: bytes(32),
  baseFee: bytes(32),
});

// fast-check's records have a null prototype; the adapters build plain objects, hence the spreads.
test('random messages and tx contexts survive core -> ZVMC -> core and core -> DVMC -> core', () => {
  const zvmcKinds = [CallKind.Call, CallKind.DelegateCall, CallKind.Create, CallKind.Create2];
  fc.assert(fc.property(message(zvmcKinds), (m) => assert.deepEqual(zvmc.fromMessage(zvmc.toMessage(m)), { ...m })));
  fc.assert(fc.property(message(Object.values(CallKind)), (m) => assert.deepEqual(dvmc.fromMessage(dvmc.toMessage(m)), { ...m })));
  fc.assert(fc.property(txContext, (t) => assert.deepEqual(zvmc.fromTxContext(zvmc.toTxContext(t)), { ...t })));
  fc.assert(fc.property(txContext, (t) => assert.deepEqual(dvmc.fromTxContext(dvmc.toTxContext(t)), { ...t })));
});
