/**
 * The example VM's precompiles (EIP-2003: a VM with the PRECOMPILES capability is executed with no
 * host and the precompile's address as the message's code address). Only one is implemented, the
 * identity function at address 0x04, with its Ethereum gas cost; every other address is REJECTED,
 * which EIP-2003 defines as "not a precompile of this VM".
 */
import { StatusCode } from '../constants.js';
import { makeResult } from '../result.js';
import type { Message, Result } from '../types.js';

/** The identity precompile's address, as a number (the address is 19 zero bytes then 0x04). */
export const IDENTITY_PRECOMPILE = 4;
const IDENTITY_BASE_GAS = 15;
const IDENTITY_WORD_GAS = 3;

/** Runs the precompile at `message.codeAddress`. */
export function executePrecompile(message: Message): Result {
  const address = message.codeAddress;
  const isIdentity = address.subarray(0, -1).every((byte) => byte === 0) && address[address.length - 1] === IDENTITY_PRECOMPILE;
  if (!isIdentity) return makeResult({ statusCode: StatusCode.Rejected });
  const gas = IDENTITY_BASE_GAS + Math.ceil(message.input.length / 32) * IDENTITY_WORD_GAS;
  if (gas > message.gas) return makeResult({ statusCode: StatusCode.OutOfGas });
  return makeResult({ statusCode: StatusCode.Success, gasLeft: message.gas - gas, output: message.input.slice() });
}
