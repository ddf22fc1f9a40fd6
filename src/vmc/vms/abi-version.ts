/**
 * The connector ABI version the built-in VMs report: 10, the EVMC release the core's facts come
 * from and the version ZVMC fixes (`ZVMC_ABI_VERSION`). The DVMC adapter reports its own.
 * (A candidate for src/vmc/constants.ts; kept here until the lead moves it.)
 */

/** ABI version of the built-in core VMs. */
export const BUILTIN_VM_ABI_VERSION = 10;
