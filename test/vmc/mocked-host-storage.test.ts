import '../helpers/property.js';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AccessStatus, StorageStatus } from '../../src/vmc/constants.js';
import type { Word } from '../../src/vmc/types.js';
import { MockedHost, address, word } from '../../src/vmc/mocked-host.js';
import { STORAGE_STATUS_TABLE, storagePattern, storageStatus } from '../../src/vmc/host/storage-status.js';
import { bytesEqual, isZero } from '../../src/vmc/host/bytes.js';

const ctx = null;
const ALICE = address(0xa11ce);
const KEY = word(7);

/** EIP-2200's clauses transcribed one by one, as an oracle independent of the pattern table. */
function eip2200(original: Word, current: Word, value: Word): StorageStatus {
  if (bytesEqual(current, value)) return StorageStatus.Assigned;
  if (bytesEqual(original, current)) {
    if (isZero(original)) return StorageStatus.Added;
    return isZero(value) ? StorageStatus.Deleted : StorageStatus.Modified;
  }
  const removesClear = !isZero(original) && isZero(current);
  const addsClear = !isZero(original) && isZero(value);
  const restored = bytesEqual(original, value);
  if (restored && isZero(original)) return StorageStatus.AddedDeleted;
  if (restored && removesClear) return StorageStatus.DeletedRestored;
  if (restored) return StorageStatus.ModifiedRestored;
  if (removesClear) return StorageStatus.DeletedAdded;
  if (addsClear) return StorageStatus.ModifiedDeleted;
  return StorageStatus.Assigned;
}

/** Stores `value` into a slot that held `original` at the start and holds `current` now. */
function store(original: number, current: number, value: number): StorageStatus {
  const host = new MockedHost();
  host.setSlot(ALICE, KEY, current, { original });
  return host.setStorage(ctx, ALICE, KEY, word(value));
}

describe('mocked host: EIP-2200 storage statuses', () => {
  // original / current / new, with 0 = zero and 1, 2, 3 distinct non-zero values.
  const cases: [string, number, number, number, StorageStatus][] = [
    ['original 0, clean, new 0 (no-op)', 0, 0, 0, StorageStatus.Assigned],
    ['original 0, clean, new other', 0, 0, 1, StorageStatus.Added],
    ['original 0, dirty, new 0 = original', 0, 1, 0, StorageStatus.AddedDeleted],
    ['original 0, dirty, new = current (no-op)', 0, 1, 1, StorageStatus.Assigned],
    ['original 0, dirty, new other', 0, 1, 2, StorageStatus.Assigned],
    ['original X, clean, new = original (no-op)', 1, 1, 1, StorageStatus.Assigned],
    ['original X, clean, new 0', 1, 1, 0, StorageStatus.Deleted],
    ['original X, clean, new other', 1, 1, 2, StorageStatus.Modified],
    ['original X, dirty to 0, new 0 (no-op)', 1, 0, 0, StorageStatus.Assigned],
    ['original X, dirty to 0, new = original', 1, 0, 1, StorageStatus.DeletedRestored],
    ['original X, dirty to 0, new other', 1, 0, 2, StorageStatus.DeletedAdded],
    ['original X, dirty to Y, new 0', 1, 2, 0, StorageStatus.ModifiedDeleted],
    ['original X, dirty to Y, new = original', 1, 2, 1, StorageStatus.ModifiedRestored],
    ['original X, dirty to Y, new = current (no-op)', 1, 2, 2, StorageStatus.Assigned],
    ['original X, dirty to Y, new other', 1, 2, 3, StorageStatus.Assigned],
  ];

  for (const [name, original, current, value, expected] of cases) {
    it(`${name} -> ${expected}`, () => {
      assert.equal(store(original, current, value), expected);
      assert.equal(eip2200(word(original), word(current), word(value)), expected, 'the oracle agrees');
    });
  }

  it('the table covers exactly the 15 patterns, and the cases above hit every one of them and all 9 statuses', () => {
    const patterns = new Set(cases.map(([, o, c, v]) => storagePattern(word(o), word(c), word(v))));
    assert.deepEqual([...patterns].sort(), Object.keys(STORAGE_STATUS_TABLE).sort());
    assert.equal(patterns.size, 15);
    assert.deepEqual(new Set(cases.map((row) => row[4])), new Set(Object.values(StorageStatus)));
  });

  it('agrees with the EIP-2200 clauses for arbitrary words (small pool so that equalities occur)', () => {
    const value = fc.oneof(fc.constantFrom(0, 1, 2).map((n) => word(n)), fc.uint8Array({ minLength: 32, maxLength: 32 }));
    fc.assert(
      fc.property(value, value, value, (original, current, next) => {
        assert.equal(storageStatus(original, current, next), eip2200(original, current, next));
      }),
    );
  });

  it('keeps the original value across a sequence of stores in one transaction', () => {
    const host = new MockedHost();
    host.setAccount(ALICE, { storage: { '0x07': 1 } });
    const statuses = [0, 1, 2, 0, 3, 1, 1].map((value) => host.setStorage(ctx, ALICE, KEY, word(value)));
    assert.deepEqual(statuses, [
      StorageStatus.Deleted, // 1 -> 0
      StorageStatus.DeletedRestored, // 0 -> 1 (back to the original)
      StorageStatus.Modified, // 1 -> 2 (clean again, so a first change)
      StorageStatus.ModifiedDeleted, // 2 -> 0
      StorageStatus.DeletedAdded, // 0 -> 3
      StorageStatus.ModifiedRestored, // 3 -> 1
      StorageStatus.Assigned, // 1 -> 1
    ]);
    const slot = host.getAccount(ALICE)?.storage.get('0x' + '00'.repeat(31) + '07');
    assert.deepEqual(slot?.original, word(1));
    assert.deepEqual(slot?.current, word(1));
  });

  it('creates a missing account and slot on store (original zero), and getStorage reads the new value', () => {
    const host = new MockedHost();
    assert.equal(host.accountExists(ctx, ALICE), false);
    assert.equal(host.setStorage(ctx, ALICE, KEY, word(5)), StorageStatus.Added);
    assert.equal(host.accountExists(ctx, ALICE), true);
    assert.deepEqual(host.getStorage(ctx, ALICE, KEY), word(5));
    assert.equal(host.setStorage(ctx, ALICE, KEY, word(0)), StorageStatus.AddedDeleted);
  });
});

describe('mocked host: EIP-2929 access statuses', () => {
  it('an account is Cold on first access, then Warm, independently per account', () => {
    const host = new MockedHost();
    const bob = address(0xb0b);
    assert.equal(host.accessAccount(ctx, ALICE), AccessStatus.Cold);
    assert.equal(host.accessAccount(ctx, ALICE), AccessStatus.Warm);
    assert.equal(host.accessAccount(ctx, bob), AccessStatus.Cold);
    assert.equal(host.accessAccount(ctx, bob), AccessStatus.Warm);
    assert.deepEqual(host.recordedAccountAccesses, [ALICE, ALICE, bob, bob]);
  });

  it('any callback naming an account warms it (as in EVMC), so pre-warming is a call to accessAccount', () => {
    const host = new MockedHost();
    host.getBalance(ctx, ALICE);
    assert.equal(host.accessAccount(ctx, ALICE), AccessStatus.Warm);
  });

  it('precompiles 1..9 are always Warm, address 0 and 10 are not', () => {
    const host = new MockedHost();
    for (let n = 1; n <= 9; n++) assert.equal(host.accessAccount(ctx, address(n)), AccessStatus.Warm, `precompile ${n}`);
    assert.equal(host.accessAccount(ctx, address(0)), AccessStatus.Cold);
    assert.equal(host.accessAccount(ctx, address(10)), AccessStatus.Cold);
    assert.equal(host.accessAccount(ctx, address('0x0100000000000000000000000000000000000001')), AccessStatus.Cold);
    assert.equal(host.recordedAccountAccesses.length, 12, 'precompile accesses are recorded too');
  });

  it('a slot is Cold on first access, then Warm, per account and per key', () => {
    const host = new MockedHost();
    const bob = address(0xb0b);
    const other = word(8);
    assert.equal(host.accessStorage(ctx, ALICE, KEY), AccessStatus.Cold);
    assert.equal(host.accessStorage(ctx, ALICE, KEY), AccessStatus.Warm);
    assert.equal(host.accessStorage(ctx, ALICE, other), AccessStatus.Cold);
    assert.equal(host.accessStorage(ctx, bob, KEY), AccessStatus.Cold);
    assert.equal(host.accessStorage(ctx, bob, KEY), AccessStatus.Warm);
    assert.deepEqual(host.recordedAccountAccesses, [], 'accessStorage records no account access (as in EVMC)');
    assert.deepEqual(host.getStorage(ctx, bob, KEY), word(0), 'the slot was created with zero');
  });

  it('getStorage and setStorage do not warm a slot; a preset Warm slot mocks an access list', () => {
    const host = new MockedHost();
    host.setSlot(ALICE, KEY, 3);
    host.getStorage(ctx, ALICE, KEY);
    host.setStorage(ctx, ALICE, KEY, word(4));
    assert.equal(host.accessStorage(ctx, ALICE, KEY), AccessStatus.Cold);
    host.setSlot(ALICE, word(9), 0, { accessStatus: AccessStatus.Warm });
    assert.equal(host.accessStorage(ctx, ALICE, word(9)), AccessStatus.Warm);
  });
});
