/**
 * What sets a dialect apart besides its names: its ABI version, its prefix, and the revisions and
 * call kinds it knows (those with a C name in the table). The constants objects (`ZVMC_SUCCESS`, ...)
 * are generated here from the table.
 */
import { Revision } from '../constants.js';
import type { ConstantGroup, DialectId } from './names.js';
import { CONSTANT_ALIASES, CONSTANT_NAMES, constantName } from './names.js';

type Groups = typeof CONSTANT_NAMES;
type NameIn<N, D extends DialectId> = N extends string ? N : N extends readonly [infer Z, infer V] ? (D extends 'zvmc' ? Z : V) : never;
type GroupConstants<G extends ConstantGroup, P extends string, D extends DialectId> = {
  readonly [K in keyof G['names'] as NameIn<G['names'][K], D> extends infer N extends string ? `${P}_${G['infix']}${N}` : never]: K extends keyof G['values'] ? G['values'][K] : never;
};
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** Every constant of dialect `D`, named `<P>_<C name>` (`ZVMC_SUCCESS`, `DVMC_CAPABILITY_DVM1`). */
export type DialectConstants<P extends string, D extends DialectId> = UnionToIntersection<{ [G in keyof Groups]: GroupConstants<Groups[G], P, D> }[keyof Groups]>;

/** A dialect: its id, prefix, ABI version and the revisions and call kinds it knows. */
export interface DialectSpec<D extends DialectId = DialectId, P extends string = string> {
  readonly id: D;
  /** The prefix of constants and create functions, upper case (`ZVMC`). */
  readonly prefix: P;
  /** The ABI version its VMs must report. */
  readonly abiVersion: number;
  /** The revisions it knows; an execute with another one is REJECTED. */
  readonly revisions: ReadonlySet<number>;
  /** The call kinds it knows; a message of another kind is REJECTED. */
  readonly callKinds: ReadonlySet<number>;
  /** The revision its tools use by default (`<P>_LATEST_STABLE_REVISION`). */
  readonly latestStableRevision: Revision;
}

function known(group: ConstantGroup, dialect: DialectId): ReadonlySet<number> {
  return new Set(Object.entries(group.names).filter(([, name]) => constantName(name, dialect) !== null).map(([key]) => group.values[key]));
}

function spec<const D extends DialectId, const P extends string>(id: D, prefix: P, abiVersion: number, latestStableRevision: Revision): DialectSpec<D, P> {
  return Object.freeze({
    id,
    prefix,
    abiVersion,
    revisions: known(CONSTANT_NAMES.revision, id),
    callKinds: known(CONSTANT_NAMES.callKind, id),
    latestStableRevision,
  });
}

/** ZVMC: ABI version 10, Shanghai only, no CALLCODE (the zvmc fork of EVMC 10). */
export const ZVMC_SPEC = spec('zvmc', 'ZVMC', 10, Revision.Shanghai);

/**
 * DVMC: ABI version 10. The DVMC guide only says a VM must report `DVMC_ABI_VERSION`; the
 * published dvmc.h (a fork of EVMC 10, like ZVMC) sets it to 10, so we do too, and one core VM
 * (ABI version 10) can be offered in both dialects. Revisions Frontier (0) to Cancun (12), as in
 * that dvmc.h, whose latest stable revision is London.
 */
export const DVMC_SPEC = spec('dvmc', 'DVMC', 10, Revision.London);

/** Extra constants every dialect has besides the table's: ABI version, max and latest stable revision. */
type Extras<P extends string> = { readonly [K in `${P}_ABI_VERSION` | `${P}_MAX_REVISION` | `${P}_LATEST_STABLE_REVISION`]: number };
/** The dialect's aliases (`ZVMC_CAPABILITY_EWASM`). */
type Aliases<P extends string, D extends DialectId> = { readonly [K in keyof (typeof CONSTANT_ALIASES)[D] & string as `${P}_${K}`]: number };

/** Builds dialect `spec`'s constants object from the table. */
export function dialectConstants<D extends DialectId, P extends string>(dialect: DialectSpec<D, P>): DialectConstants<P, D> & Extras<P> & Aliases<P, D> {
  const constants: Record<string, number> = {};
  for (const group of Object.values(CONSTANT_NAMES) as ConstantGroup[]) {
    for (const [key, name] of Object.entries(group.names)) {
      const cName = constantName(name, dialect.id);
      if (cName !== null) constants[`${dialect.prefix}_${group.infix}${cName}`] = group.values[key];
    }
  }
  constants[`${dialect.prefix}_ABI_VERSION`] = dialect.abiVersion;
  constants[`${dialect.prefix}_MAX_REVISION`] = Math.max(...dialect.revisions);
  constants[`${dialect.prefix}_LATEST_STABLE_REVISION`] = dialect.latestStableRevision;
  const aliases: Readonly<Record<string, string>> = CONSTANT_ALIASES[dialect.id];
  for (const [alias, name] of Object.entries(aliases)) constants[`${dialect.prefix}_${alias}`] = constants[`${dialect.prefix}_${name}`];
  return Object.freeze(constants) as DialectConstants<P, D> & Extras<P> & Aliases<P, D>;
}
