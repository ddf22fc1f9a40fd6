/** The two dialects of the connector, ZVMC and DVMC: C names over the core API. */
export type { DvmcHostInterface, DvmcMessage, DvmcResult, DvmcTxContext, DvmcVm } from './dvmc.js';
export { dvmc, fromDvmc, toDvmc } from './dvmc.js';
export type { ZvmcHostInterface, ZvmcMessage, ZvmcResult, ZvmcTxContext, ZvmcVm } from './zvmc.js';
export { fromZvmc, toZvmc, zvmc } from './zvmc.js';
export type { DialectAdapters } from './adapters.js';
export type { DialectId } from './names.js';
export { CONSTANT_NAMES, HOST_NAMES, MESSAGE_NAMES, RESULT_NAMES, TX_CONTEXT_NAMES, VM_NAMES } from './names.js';
export type { DialectSpec } from './spec.js';
export { DVMC_SPEC, ZVMC_SPEC } from './spec.js';
export type { DialectHost, DialectMessage, DialectResult, DialectTxContext, DialectVm } from './types.js';
