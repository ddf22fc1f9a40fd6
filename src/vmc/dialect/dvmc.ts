/**
 * DVMC: EVMC 10 under the DVMC guide's names (`retrieve_desc_vx` for execute, "track" for gas).
 * ABI version 10 and revisions Frontier to Cancun (see DVMC_SPEC for why). `dvmc` holds the
 * constants under their C names (`dvmc.DVMC_SUCCESS`) and the adapters.
 */
import { dialectAdapters } from './adapters.js';
import { DVMC_SPEC, dialectConstants } from './spec.js';
import type { DialectHost, DialectMessage, DialectResult, DialectTxContext, DialectVm } from './types.js';

const adapters = dialectAdapters(DVMC_SPEC);

/** A DVMC VM instance (`struct dvmc_vm`). */
export type DvmcVm = DialectVm<'dvmc'>;
/** A DVMC host interface (`struct dvmc_host_interface`). */
export type DvmcHostInterface = DialectHost<'dvmc'>;
/** A DVMC message (`struct dvmc_message`). */
export type DvmcMessage = DialectMessage<'dvmc'>;
/** A DVMC result (`struct dvmc_result`). */
export type DvmcResult = DialectResult<'dvmc'>;
/** A DVMC tx context (`struct dvmc_tx_context`). */
export type DvmcTxContext = DialectTxContext<'dvmc'>;

/** A DVMC VM running the core VM `vm`. */
export const toDvmc = adapters.toVm;
/** A core VM running the DVMC VM `vm`. */
export const fromDvmc = adapters.fromVm;

/** The DVMC dialect: its spec, its constants (`DVMC_ABI_VERSION`, `DVMC_SUCCESS`, ...) and its adapters. */
export const dvmc = Object.freeze({ spec: DVMC_SPEC, ...dialectConstants(DVMC_SPEC), ...adapters, toDvmc, fromDvmc });
