/**
 * ZVMC, the Zond dialect: ABI version 10, the Shanghai revision only, no CALLCODE, no selfdestruct.
 * `zvmc` holds the constants under their C names (`zvmc.ZVMC_SUCCESS`) and the adapters.
 */
import { dialectAdapters } from './adapters.js';
import { ZVMC_SPEC, dialectConstants } from './spec.js';
import type { DialectHost, DialectMessage, DialectResult, DialectTxContext, DialectVm } from './types.js';

const adapters = dialectAdapters(ZVMC_SPEC);

/** A ZVMC VM instance (`struct zvmc_vm`). */
export type ZvmcVm = DialectVm<'zvmc'>;
/** A ZVMC host interface (`struct zvmc_host_interface`). */
export type ZvmcHostInterface = DialectHost<'zvmc'>;
/** A ZVMC message (`struct zvmc_message`). */
export type ZvmcMessage = DialectMessage<'zvmc'>;
/** A ZVMC result (`struct zvmc_result`). */
export type ZvmcResult = DialectResult<'zvmc'>;
/** A ZVMC tx context (`struct zvmc_tx_context`). */
export type ZvmcTxContext = DialectTxContext<'zvmc'>;

/** A ZVMC VM running the core VM `vm`. */
export const toZvmc = adapters.toVm;
/** A core VM running the ZVMC VM `vm`. */
export const fromZvmc = adapters.fromVm;

/** The ZVMC dialect: its spec, its constants (`ZVMC_ABI_VERSION`, `ZVMC_SUCCESS`, ...) and its adapters. */
export const zvmc = Object.freeze({ spec: ZVMC_SPEC, ...dialectConstants(ZVMC_SPEC), ...adapters, toZvmc, fromZvmc });
