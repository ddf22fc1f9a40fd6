// A host: MockedHost keeps accounts in memory and records what VMs ask for; subclass it to watch
// or change a callback. Both VMs are loaded by config string, as a host loads any VM.
import { CallKind, MockedHost, Revision, StatusCode, address, hex, loadAndCreate, word } from 'exvm';
import type { Address, HostContext, Message, StorageStatus, Word } from 'exvm';

class LoggingHost extends MockedHost {
  override setStorage(context: HostContext, at: Address, key: Word, value: Word): StorageStatus {
    const status = super.setStorage(context, at, key, value);
    console.log(`set_storage ${hex(key).slice(-2)} := ${BigInt(hex(value))} -> storage status ${status}`);
    return status;
  }
}

const account = address('0xc0ffee');
const call = (input: Uint8Array): Message => ({
  kind: CallKind.Call, flags: 0, depth: 0, gas: 100_000, recipient: account, sender: address(0),
  input, value: word(0), create2Salt: word(0), codeAddress: account,
});

const host = new LoggingHost();
host.setAccount(account, { balance: 1000 });

// The example VM (ZVMC, built in) runs EVM bytecode: PUSH1 42, PUSH1 0, SSTORE.
const exampleVm = await loadAndCreate('example_vm');
const stored = exampleVm.execute(host, undefined, Revision.Shanghai, call(new Uint8Array(0)), Uint8Array.of(0x60, 0x2a, 0x60, 0x00, 0x55));
console.log(`example_vm: status ${stored.statusCode === StatusCode.Success ? 'SUCCESS' : stored.statusCode}`);
stored.release?.();
exampleVm.destroy();

// A plain-JavaScript ZVMC module, found by its file name.
const reverseVm = await loadAndCreate('examples/connector/reverse-vm.mjs');
const reversed = reverseVm.execute(host, undefined, Revision.Shanghai, call(new TextEncoder().encode('stressed')), new Uint8Array(0));
console.log(`${reverseVm.name}: ${new TextDecoder().decode(reversed.output)}, gas left ${reversed.gasLeft}, ${host.recordedLogs.length} log`);
reversed.release?.();
reverseVm.destroy();
