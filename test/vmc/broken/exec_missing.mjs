// A broken ZVMC VM module (for the VM tester and vmc run tests): a result with only a status code.
export function zvmc_create() { return { abi_version: 10, name: 'x', version: '1', get_capabilities: () => 1, destroy() {}, execute() { return { status_code: 0 }; } }; }
