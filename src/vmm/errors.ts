/**
 * The hypervisor's errors: AxVM's `AxError` kinds (from ArceOS's `axerrno`) as one typed error. The
 * message names where the problem is — the VM (or the config file) and the key or field — so that
 * `kernel.memory_regions[1]: overlaps memory_regions[0] at 0x80000000` is enough to fix it.
 */
import { ErrorCode, ExvmError } from '../errors.js';

/**
 * The `axerrno` kinds the VMM uses, each with its `AxErrorKind` number in ArceOS (a guest sees the
 * number, negated, as a failed hypercall's result).
 */
export const AX_ERROR_NUMBERS = {
  /** Something with that name, key or address range exists already. */
  AlreadyExists: 3,
  /** A guest address that is not mapped, or mapped to nothing accessible. */
  BadAddress: 5,
  /** An operation that the object's current state does not allow. */
  BadState: 7,
  /** Data (an image, a file's contents) that is not valid for the operation. */
  InvalidData: 17,
  /** A parameter or a config value that is invalid. */
  InvalidInput: 19,
  /** A host input/output error. */
  Io: 20,
  /** Host memory (or an address window) is exhausted. */
  NoMemory: 23,
  /** The named thing does not exist. */
  NotFound: 30,
  /** A value outside the range the operation accepts. */
  OutOfRange: 33,
  /** An access the mapping's flags do not allow. */
  PermissionDenied: 34,
  /** The host lacks something the operation needs. */
  Unsupported: 41,
} as const;

/** One of the AxVM error kinds. */
export type AxErrorKind = keyof typeof AX_ERROR_NUMBERS;

/** The stable code of every AxError (one kind of bad input: a hypervisor request that cannot be done). */
export const AX_ERROR_CODE = ErrorCode.Vmm;

/** Where an AxError happened; every part is optional. */
export interface AxErrorPlace {
  /** The VM (its name) or, while parsing a config, the config's source (its path). */
  readonly vm?: string;
  /** The key path or field, e.g. `kernel.memory_regions[1]`. */
  readonly field?: string;
}

/** A failed hypervisor operation: an AxVM error kind and a message naming the VM and the key or field. */
export class AxError extends ExvmError {
  /** Creates an error; the message is `vm: field: detail (Kind)`, leaving out the parts not given. */
  constructor(
    readonly kind: AxErrorKind,
    readonly detail: string,
    readonly place: AxErrorPlace = {},
  ) {
    super(ErrorCode.Vmm, formatAxMessage(kind, detail, place));
  }

  /** The `axerrno` number of the kind (positive; hypercalls return it negated). */
  get number(): number {
    return AX_ERROR_NUMBERS[this.kind];
  }
}

function formatAxMessage(kind: AxErrorKind, detail: string, place: AxErrorPlace): string {
  const where = [place.vm, place.field].filter((part) => part !== undefined && part !== '');
  return `${[...where, detail].join(': ')} (${kind})`;
}

/** True when `error` is an AxError, optionally of the given kind. */
export function isAxError(error: unknown, kind?: AxErrorKind): error is AxError {
  return error instanceof AxError && (kind === undefined || error.kind === kind);
}
