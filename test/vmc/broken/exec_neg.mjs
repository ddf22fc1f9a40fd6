// A broken ZVMC VM module (for the VM tester and vmc run tests): negative gas_left.
export function zvmc_create() { return { abi_version: 10, name: 'x', version: '1', get_capabilities: () => 1, destroy() {}, execute() { return { status_code: 0, gas_left: -5, gas_refund: 0, output_data: null, output_size: 0, create_address: new Uint8Array(20) }; } }; }
