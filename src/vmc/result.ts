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

/** A gas amount a VM may report: a whole number, not negative (undefined: not given). */
function checkedGas(field: 'gasLeft' | 'gasRefund', value: number | undefined): number {
  if (value === undefined) return 0;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ExvmError(ErrorCode.Connector, `makeResult: ${field} is ${String(value)}; it must be a whole number, not negative`);
  }
  return value;
}

/**
 * Builds a result. Gas left is dropped to 0 unless the status is Success or Revert, the refund to
 * 0 unless it is Success. A gasLeft or gasRefund that is NaN, fractional or negative is a bug of
 * the VM building the result: an ExvmError (Connector) naming the field, never clamped. `onRelease`,
 * if given, runs when the user releases the result; a second `release()` throws an ExvmError
 * (Connector).
 */
export function makeResult(fields: ResultFields, onRelease?: () => void): Result {
  const { statusCode } = fields;
  const gasLeft = checkedGas('gasLeft', fields.gasLeft);
  const gasRefund = checkedGas('gasRefund', fields.gasRefund);
  const keepsGas = statusCode === StatusCode.Success || statusCode === StatusCode.Revert;
  return Object.freeze({
    statusCode,
    gasLeft: keepsGas ? gasLeft : 0,
    gasRefund: statusCode === StatusCode.Success ? gasRefund : 0,
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

const isGasAmount = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0;
/** A field's value as a message shows it: strings quoted, so `'0'` is not mistaken for 0. */
const shown = (value: unknown): string => (typeof value === 'string' ? `'${value}'` : String(value));

/**
 * Why a result breaks the EVMC rules, or an empty list when it keeps them (the VM tester and
 * `exvm vmc run` use this). `gas`, the message's gas, if given, bounds the gas left.
 */
export function resultViolations(result: Result, gas?: number): string[] {
  const problems: string[] = [];
  const { statusCode, gasLeft, gasRefund } = result;
  const keepsGas = statusCode === StatusCode.Success || statusCode === StatusCode.Revert;
  if (!Object.values(StatusCode).includes(statusCode)) problems.push(`status code ${shown(statusCode)} is not defined`);
  if (!isGasAmount(gasLeft)) problems.push(`gas left ${shown(gasLeft)} is not a non-negative whole number`);
  else if (!keepsGas && gasLeft !== 0) problems.push(`gas left is ${gasLeft} with status ${statusCode}; it must be 0 unless SUCCESS or REVERT`);
  else if (gas !== undefined && gasLeft > gas) problems.push(`gas left ${gasLeft} exceeds the message's gas ${gas}`);
  if (!isGasAmount(gasRefund)) problems.push(`gas refund ${shown(gasRefund)} is not a non-negative whole number`);
  else if (statusCode !== StatusCode.Success && gasRefund !== 0) problems.push(`gas refund is ${gasRefund} with status ${statusCode}; it must be 0 unless SUCCESS`);
  if (!(result.output instanceof Uint8Array)) problems.push('output is not a byte array');
  if (!(result.createAddress instanceof Uint8Array) || result.createAddress.length !== ADDRESS_SIZE) problems.push('create address is not 20 bytes');
  return problems;
}
