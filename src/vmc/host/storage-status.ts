/**
 * EIP-2200 storage statuses as a table. What a store does depends only on which of the original,
 * current and new values are zero and which of them are equal, so each store is reduced to a
 * pattern of three characters (original, current, new): `0` for zero, and `X`, `Y`, `Z` for the
 * distinct non-zero values in order of first appearance. There are exactly 15 such patterns.
 */
import { StorageStatus } from '../constants.js';
import type { Word } from '../types.js';
import { bytesEqual, isZero } from './bytes.js';

/**
 * Status of every pattern `original current new`, as EIP-2200 (and EVMC's mocked host) define it.
 * A no-op store (current = new) is Assigned; so is a second change of a dirty slot that neither
 * restores the original nor crosses zero.
 */
export const STORAGE_STATUS_TABLE: Readonly<Record<string, StorageStatus>> = {
  // No-op: current = new.
  '000': StorageStatus.Assigned,
  X00: StorageStatus.Assigned,
  '0XX': StorageStatus.Assigned,
  XXX: StorageStatus.Assigned,
  XYY: StorageStatus.Assigned,
  // Clean slot (original = current), first change in this transaction.
  '00X': StorageStatus.Added,
  XX0: StorageStatus.Deleted,
  XXY: StorageStatus.Modified,
  // Dirty slot (original ≠ current), changed again.
  X0Y: StorageStatus.DeletedAdded,
  XY0: StorageStatus.ModifiedDeleted,
  X0X: StorageStatus.DeletedRestored,
  '0X0': StorageStatus.AddedDeleted,
  XYX: StorageStatus.ModifiedRestored,
  '0XY': StorageStatus.Assigned,
  XYZ: StorageStatus.Assigned,
};

/** The pattern of a store (see the module comment), e.g. `X0Y` for original 5, current 0, new 7. */
export function storagePattern(original: Word, current: Word, value: Word): string {
  const seen: Word[] = [];
  let pattern = '';
  for (const word of [original, current, value]) {
    if (isZero(word)) {
      pattern += '0';
      continue;
    }
    let index = seen.findIndex((other) => bytesEqual(other, word));
    if (index < 0) index = seen.push(word) - 1;
    pattern += 'XYZ'[index];
  }
  return pattern;
}

/** What storing `value` over `current` (the slot held `original` at the start of the transaction) does, per EIP-2200. */
export function storageStatus(original: Word, current: Word, value: Word): StorageStatus {
  return STORAGE_STATUS_TABLE[storagePattern(original, current, value)];
}
