// A ZVMC VM in plain JavaScript, written against the C guide's names only (it imports nothing):
// it answers a call with its input reversed, logs the input, and charges 10 gas per byte.
// Load it with loadAndCreate('examples/connector/reverse-vm.mjs'), which finds zvmc_create_reverse_vm.
const ZVMC_ABI_VERSION = 10;
const ZVMC_CAPABILITY_ZVM1 = 1;
const ZVMC_SUCCESS = 0;
const ZVMC_OUT_OF_GAS = 3;
const ZVMC_REJECTED = -2;
const ZVMC_SET_OPTION_INVALID_NAME = 1;
const GAS_PER_BYTE = 10;

function result(status_code, gas_left, output) {
  let released = false;
  return {
    status_code,
    gas_left,
    gas_refund: 0,
    output_data: output,
    output_size: output.length,
    create_address: new Uint8Array(20),
    release() {
      if (released) throw new Error('reverse_vm: result released twice');
      released = true;
    },
  };
}

export function zvmc_create_reverse_vm() {
  return {
    abi_version: ZVMC_ABI_VERSION,
    name: 'reverse_vm',
    version: '1.0.0',
    get_capabilities() {
      return ZVMC_CAPABILITY_ZVM1;
    },
    set_option() {
      return ZVMC_SET_OPTION_INVALID_NAME; // no options
    },
    execute(host, context, revision, msg /* , code, code_size: the code does not matter */) {
      if (host === null) return result(ZVMC_REJECTED, 0, new Uint8Array(0));
      const cost = msg.input_size * GAS_PER_BYTE;
      if (cost > msg.gas) return result(ZVMC_OUT_OF_GAS, 0, new Uint8Array(0));
      const input = msg.input_data.subarray(0, msg.input_size);
      host.emit_log(context, msg.recipient, input, input.length, [], 0);
      return result(ZVMC_SUCCESS, msg.gas - cost, input.slice().reverse());
    },
    destroy() {},
  };
}
