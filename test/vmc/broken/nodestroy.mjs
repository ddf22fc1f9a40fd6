// A broken ZVMC VM module (for the VM tester and vmc run tests): no destroy.
export function zvmc_create() { return { abi_version: 10, name: 'x', version: '1', get_capabilities: () => 1, execute(h,c,r,m){ return { status_code: 0, gas_left: m.gas, gas_refund: 0, output_data: new Uint8Array(0), output_size: 0, create_address: new Uint8Array(20) }; } }; }
