/**
 * Results, with the EVMC rules enforced in one place: gas left is 0 unless the status is Success
 * or Revert, the refund is 0 unless it is Success, the create address is all zero unless given,
 * and `release()` works exactly once.
 */
import { ErrorCode, ExvmError } from '../errors.js';
import { ADDRESS_SIZE, StatusCode } from './constants.js';
import type { Address, Result } from './types.js';

/** What a VM says about an execution; `makeResult` turns it into a well-formed Result. */
export interface ResultFields {
  readonly statusCode: StatusCode;
  readonly gasLeft?: number;
  readonly gasRefund?: number;
  readonly output?: Uint8Array;
  readonly createAddress?: Address;
}

const ZERO_ADDRESS: Address = new Uint8Array(ADDRESS_SIZE);

/**
 * Builds a result. Gas left is dropped to 0 unless the status is Success or Revert, the refund to
 * 0 unless it is Success. `onRelease`, if given, runs when the user releases the result; a second
 * `release()` throws an ExvmError (Connector).
 */
export function makeResult(fields: ResultFields, onRelease?: () => void): Result {
  const { statusCode } = fields;
  const keepsGas = statusCode === StatusCode.Success || statusCode === StatusCode.Revert;
  return Object.freeze({
    statusCode,
    gasLeft: keepsGas ? Math.max(0, fields.gasLeft ?? 0) : 0,
    gasRefund: statusCode === StatusCode.Success ? (fields.gasRefund ?? 0) : 0,
    output: fields.output ?? new Uint8Array(0),
    createAddress: fields.createAddress ?? ZERO_ADDRESS,
    release: releaseOnce(onRelease),
  });
}

/** A result's `release`: runs `free` the first time, and throws an ExvmError (Connector) every time after. */
export function releaseOnce(free?: () => unknown): () => void {
  let released = false;
  return (): void => {
    if (released) throw new ExvmError(ErrorCode.Connector, 'result released twice: release() must be called exactly once');
    released = true;
    free?.();
  };
}

/** Why a result breaks the EVMC rules, or an empty list when it keeps them (the VM tester uses this). */
export function resultViolations(result: Result): string[] {
  const problems: string[] = [];
  const keepsGas = result.statusCode === StatusCode.Success || result.statusCode === StatusCode.Revert;
  if (!Number.isSafeInteger(result.gasLeft) || result.gasLeft < 0) problems.push(`gas left ${result.gasLeft} is not a non-negative whole number`);
  if (!keepsGas && result.gasLeft !== 0) problems.push(`gas left is ${result.gasLeft} with status ${result.statusCode}; it must be 0 unless SUCCESS or REVERT`);
  if (result.statusCode !== StatusCode.Success && result.gasRefund !== 0) problems.push(`gas refund is ${result.gasRefund} with status ${result.statusCode}; it must be 0 unless SUCCESS`);
  if (!(result.output instanceof Uint8Array)) problems.push('output is not a byte array');
  if (!(result.createAddress instanceof Uint8Array) || result.createAddress.length !== ADDRESS_SIZE) problems.push('create address is not 20 bytes');
  if (!Object.values(StatusCode).includes(result.statusCode)) problems.push(`status code ${result.statusCode} is not defined`);
  return problems;
}
