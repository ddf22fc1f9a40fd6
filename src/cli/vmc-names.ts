/**
 * How `exvm vmc` names status codes and revisions, as EVMC's tools print them (`out of gas`,
 * `Tangerine Whistle`), and how it reads a revision given as a name or a number.
 */
import { InvalidArgumentError } from 'commander';
import type { Revision } from '../vmc/constants.js';
import { Revision as Revisions, StatusCode } from '../vmc/constants.js';

/** `OutOfGas` -> `Out Of Gas`. */
function words(key: string): string {
  return key.replace(/(?<=[a-z0-9])(?=[A-Z])/g, ' ');
}

/** The status code in EVMC's words (`success`, `out of gas`), or `unknown status N`. */
export function statusCodeName(code: number): string {
  const key = Object.entries(StatusCode).find(([, value]) => value === code)?.[0];
  return key === undefined ? `unknown status ${code}` : words(key).toLowerCase();
}

/** The revision's name (`Shanghai`, `Tangerine Whistle`). */
export function revisionName(revision: Revision): string {
  const key = Object.entries(Revisions).find(([, value]) => value === revision)?.[0];
  return key === undefined ? `revision ${revision}` : words(key);
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
