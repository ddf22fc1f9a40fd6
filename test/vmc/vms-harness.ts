/** Shared by the VM tests: messages, a mini EVM assembler for the example VM, exvm images. */
import { readFileSync } from 'node:fs';
import { assemble } from '../../src/asm/index.js';
import { encodeImage } from '../../src/image/index.js';
import { CallKind, Revision } from '../../src/vmc/constants.js';
import { MockedHost, address, word, zeroTxContext } from '../../src/vmc/mocked-host.js';
import type { Message, Result, VM } from '../../src/vmc/types.js';
import { DEFINED_OPCODES, instructionAt } from '../../src/vmc/vms/example-instructions.js';
import { exvmHostDescription } from '../../src/vmc/vms/exvm.js';
import { repoPath } from '../helpers/paths.js';

/** The account the test messages execute for. */
export const SELF = address(0xaa);
/** The sender of the test messages. */
export const SENDER = address(0x5e);

/** A CALL message for SELF with 1,000,000 gas and no input, with `fields` overriding. */
export function message(fields: Partial<Message> = {}): Message {
  return {
    kind: CallKind.Call,
    flags: 0,
    depth: 0,
    gas: 1_000_000,
    recipient: SELF,
    sender: SENDER,
    input: new Uint8Array(0),
    value: new Uint8Array(32),
    create2Salt: new Uint8Array(32),
    codeAddress: SELF,
    ...fields,
  };
}

/** A mocked host whose `call` executes nested messages on `vm` (the code of the code address). */
export function hostFor(vm: VM, revision: Revision = Revision.Shanghai): MockedHost {
  const host = new MockedHost();
  host.executeCallsOn(vm, revision);
  return host;
}

/** Executes `code` on `vm` against `host` for `message(fields)`. */
export function execute(vm: VM, host: MockedHost, code: Uint8Array, fields: Partial<Message> = {}, revision: Revision = Revision.Shanghai): Result {
  return vm.execute(host, undefined, revision, message(fields), code);
}

/** The output as a number (big-endian). */
export function outputNumber(result: Result): bigint {
  return result.output.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
}

/** The output as UTF-8 text. */
export function outputText(result: Result): string {
  return new TextDecoder().decode(result.output);
}

const EVM_OPCODES = new Map(DEFINED_OPCODES.map((opcode) => [instructionAt(opcode)?.name ?? '', opcode]));

/**
 * EVM bytecode from mnemonics: `evm('PUSH1 0x05 PUSH1 0x03 ADD')`. A PUSHn takes the next token as
 * its immediate (hex, padded on the left to n bytes); `0x..` tokens elsewhere are raw bytes.
 */
export function evm(source: string): Uint8Array {
  const bytes: number[] = [];
  const tokens = source.split(/\s+/).filter((token) => token !== '');
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const push = /^PUSH(\d+)$/.exec(token);
    if (push) {
      const size = Number(push[1]);
      bytes.push(0x5f + size, ...hexBytes(tokens[++i], size));
      continue;
    }
    const opcode = EVM_OPCODES.get(token);
    if (opcode !== undefined) bytes.push(opcode);
    else bytes.push(...hexBytes(token));
  }
  return Uint8Array.from(bytes);
}

function hexBytes(token: string, size?: number): number[] {
  if (!/^0x[0-9a-f]+$/i.test(token)) throw new Error(`not an opcode or a hex immediate: ${token}`);
  const digits = token.slice(2);
  const padded = digits.padStart(size === undefined ? digits.length + (digits.length % 2) : size * 2, '0');
  return Array.from({ length: padded.length / 2 }, (_, i) => parseInt(padded.slice(2 * i, 2 * i + 2), 16));
}

/** EVM code that returns the top of the stack as a 32-byte word. */
export const RETURN_TOP = 'PUSH1 0x00 MSTORE PUSH1 0x20 PUSH1 0x00 RETURN';

/** An exvm image from assembly that may call `host.*`, `str.*` and `math.*`. */
export function exvmImage(source: string): Uint8Array {
  return encodeImage(assemble(source, { file: 'test.exa', libraries: exvmHostDescription }));
}

/** The image of an example program in examples/connector. */
export function exampleImage(name: string): Uint8Array {
  const file = repoPath('examples', 'connector', name);
  return encodeImage(assemble(readFileSync(file, 'utf8'), { file, libraries: exvmHostDescription }));
}

/** A host answering every transaction-context field with a distinct value. */
export function txHost(): MockedHost {
  const host = new MockedHost();
  host.txContext = {
    ...zeroTxContext(),
    gasPrice: word(7),
    origin: address(0x0123),
    coinbase: address(0xc0),
    blockNumber: 1000,
    timestamp: 1_700_000_000,
    gasLimit: 30_000_000,
    prevRandao: word(0x5a5a),
    chainId: word(1),
    baseFee: word(9),
  };
  return host;
}
