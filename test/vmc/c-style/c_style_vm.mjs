// A ZVMC VM written literally in the C guide's style: every VM function takes the VM as its first
// argument (`execute(vm, host, context, rev, msg, code, code_size)`, `destroy(vm)`, ...) and none
// uses `this`. Its code is one byte per instruction:
//   0x00 STOP           end with SUCCESS and no output
//   0x01 RETURN_INPUT   end with SUCCESS, the input as output
//   0x02 RETURN_BLOCK   end with SUCCESS, the block number (one 32-byte word) as output
// Anything else is UNDEFINED_INSTRUCTION. Each instruction costs `vm.cost` gas (option `cost`, 1..9).

const ZVMC_ABI_VERSION = 10;
const ZVMC_SUCCESS = 0;
const ZVMC_OUT_OF_GAS = 3;
const ZVMC_UNDEFINED_INSTRUCTION = 5;
const ZVMC_CAPABILITY_ZVM1 = 1;
const ZVMC_SET_OPTION_SUCCESS = 0;
const ZVMC_SET_OPTION_INVALID_NAME = 1;
const ZVMC_SET_OPTION_INVALID_VALUE = 2;

function result(status_code, gas_left, output_data) {
  return {
    status_code,
    gas_left: status_code === ZVMC_SUCCESS ? gas_left : 0,
    gas_refund: 0,
    output_data,
    output_size: output_data.length,
    create_address: new Uint8Array(20),
    release: release_result,
  };
}

function release_result(result) {
  if (typeof result !== 'object' || result === null) throw new TypeError('release: expected the result');
}

function word(number) {
  const bytes = new Uint8Array(32);
  new DataView(bytes.buffer).setBigUint64(24, BigInt(number));
  return bytes;
}

function execute(vm, host, context, rev, msg, code, code_size) {
  let gas = msg.gas;
  for (let pc = 0; pc < code_size; pc++) {
    if (gas < vm.cost) return result(ZVMC_OUT_OF_GAS, 0, new Uint8Array(0));
    gas -= vm.cost;
    switch (code[pc]) {
      case 0x00:
        return result(ZVMC_SUCCESS, gas, new Uint8Array(0));
      case 0x01:
        return result(ZVMC_SUCCESS, gas, msg.input_data.slice(0, msg.input_size));
      case 0x02:
        return result(ZVMC_SUCCESS, gas, word(host.get_tx_context(context).block_number));
      default:
        return result(ZVMC_UNDEFINED_INSTRUCTION, 0, new Uint8Array(0));
    }
  }
  return result(ZVMC_SUCCESS, gas, new Uint8Array(0));
}

function get_capabilities(vm) {
  return vm.capabilities;
}

function set_option(vm, name, value) {
  if (name !== 'cost') return ZVMC_SET_OPTION_INVALID_NAME;
  if (value === null || !/^[1-9]$/.test(value)) return ZVMC_SET_OPTION_INVALID_VALUE;
  vm.cost = Number(value);
  return ZVMC_SET_OPTION_SUCCESS;
}

function destroy(vm) {
  if (vm.destroyed) throw new Error('destroyed twice');
  vm.destroyed = true;
}

export function zvmc_create_c_style_vm() {
  return {
    abi_version: ZVMC_ABI_VERSION,
    name: 'c_style_vm',
    version: '1.0',
    capabilities: ZVMC_CAPABILITY_ZVM1,
    cost: 1,
    destroyed: false,
    execute,
    get_capabilities,
    set_option,
    destroy,
  };
}
