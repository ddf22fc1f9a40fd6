/**
 * How `exvm vmc` names revisions, as EVMC's tools print them (`Tangerine Whistle`; status codes
 * are named by `statusCodeName` of src/vmc/constants.ts), how it reads a revision given as a name
 * or a number, and how it explains an execution a dialect refused.
 */
import { InvalidArgumentError } from 'commander';
import type { Revision } from '../vmc/constants.js';
import { CallKind, Revision as Revisions } from '../vmc/constants.js';
import type { DialectRefusal } from '../vmc/dialect/raw-result.js';

/** `OutOfGas` -> `Out Of Gas`. */
function words(key: string): string {
  return key.replace(/(?<=[a-z0-9])(?=[A-Z])/g, ' ');
}

/** The revision's name (`Shanghai`, `Tangerine Whistle`). */
export function revisionName(revision: Revision): string {
  const key = Object.entries(Revisions).find(([, value]) => value === revision)?.[0];
  return key === undefined ? `revision ${revision}` : words(key);
}

/**
 * Why a dialect refused an execution, for a note after `Result: rejected`: `ZVMC VMs accept only
 * Shanghai, not London`, `DVMC VMs accept only Frontier to Cancun, not Prague`, `CALLCODE is not in ZVMC`.
 */
export function refusalNote({ dialect, refused, value }: DialectRefusal): string {
  if (refused === 'kind') {
    const kind = Object.entries(CallKind).find(([, number]) => number === value)?.[0];
    return `${kind === undefined ? `call kind ${String(value)}` : kind.toUpperCase()} is not in ${dialect.prefix}`;
  }
  const known = [...dialect.revisions].sort((a, b) => a - b).map((r) => revisionName(r as Revision));
  const accepted = known.length === 1 ? known[0] : `${known[0]} to ${known.at(-1)}`;
  return `${dialect.prefix} VMs accept only ${accepted}, not ${revisionName(value as Revision)}`;
}

const squeeze = (name: string): string => name.toLowerCase().replace(/[\s_-]/g, '');

/** Parses `--rev`: a revision name in any case (`shanghai`, `tangerine_whistle`) or its number. */
export function parseRevision(value: string): Revision {
  const byNumber = /^[0-9]+$/.test(value) ? Object.values(Revisions).find((r) => r === Number(value)) : undefined;
  const byName = Object.entries(Revisions).find(([key]) => squeeze(key) === squeeze(value))?.[1];
  const revision = byNumber ?? byName;
  if (revision === undefined) {
    const known = Object.entries(Revisions).map(([key, number]) => `${key} (${number})`).join(', ');
    throw new InvalidArgumentError(`unknown revision '${value}'; expected one of ${known}.`);
  }
  return revision;
}
