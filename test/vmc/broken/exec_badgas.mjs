// A broken ZVMC VM module (for the VM tester and vmc run tests): gas left and a refund on FAILURE.
export function zvmc_create() { return { abi_version: 10, name: 'x', version: '1', get_capabilities: () => 1, destroy() {}, execute(h,c,r,m) { return { status_code: 1, gas_left: m.gas, gas_refund: 3, output_data: new Uint8Array(2), output_size: 2, create_address: new Uint8Array(20) }; } }; }
