// A VM in TypeScript against the core API: each byte of code adds its value to the counter in
// storage slot 0 of the recipient; the output is the new counter. 100 gas per byte of code.
import { CallKind, Capability, MockedHost, Revision, SetOptionResult, StatusCode, address, makeResult, runVmTester, word } from 'exvm';
import type { HostContext, HostInterface, Message, Result, VM } from 'exvm';

const GAS_PER_BYTE = 100;
const SLOT = word(0);

export function createCounterVm(): VM {
  let verbose = false; // the instance holds options only, never anything about one execution
  return {
    abiVersion: 10,
    name: 'counter_vm',
    version: '1.0.0',
    getCapabilities: () => Capability.Vm1,
    setOption(name: string, value: string | null) {
      if (name !== 'verbose') return SetOptionResult.InvalidName;
      if (value !== '0' && value !== '1') return SetOptionResult.InvalidValue;
      verbose = value === '1';
      return SetOptionResult.Success;
    },
    execute(host: HostInterface | null, context: HostContext, _revision: Revision, message: Message, code: Uint8Array): Result {
      if (host === null) return makeResult({ statusCode: StatusCode.Rejected }); // not a precompile VM
      const gas = code.length * GAS_PER_BYTE;
      if (gas > message.gas) return makeResult({ statusCode: StatusCode.OutOfGas });
      const stored = host.getStorage(context, message.recipient, SLOT);
      let counter = BigInt(`0x${Buffer.from(stored).toString('hex')}`);
      for (const byte of code) counter += BigInt(byte);
      host.setStorage(context, message.recipient, SLOT, word(counter));
      if (verbose) console.log(`counter_vm: counter is now ${counter}`);
      // makeResult enforces the rules: gas left only for SUCCESS and REVERT, release() once.
      return makeResult({ statusCode: StatusCode.Success, gasLeft: message.gas - gas, output: word(counter) });
    },
    destroy() {},
  };
}

// Check it, then run it twice against the same in-memory host.
const vm = createCounterVm();
const failed = runVmTester(vm).filter((check) => !check.passed);
console.log(`vmtester: ${failed.length} checks failed`);

const host = new MockedHost();
const account = address('0xc0ffee');
const message: Message = {
  kind: CallKind.Call, flags: 0, depth: 0, gas: 1000, recipient: account, sender: address(0),
  input: new Uint8Array(0), value: word(0), create2Salt: word(0), codeAddress: account,
};
for (const code of [Uint8Array.of(1, 2), Uint8Array.of(39)]) {
  const result = vm.execute(host, undefined, Revision.Shanghai, message, code);
  const counter = BigInt(`0x${Buffer.from(result.output).toString('hex')}`);
  console.log(`status ${result.statusCode}, gas left ${result.gasLeft}, counter ${counter}`);
  result.release?.();
}
vm.destroy();
