/**
 * What `exvm vmtester` knows about the built-in VMs beyond what any VM tells: an option and a value
 * it must reject, and a small code it accepts. (The tester cannot guess either for an unknown VM;
 * for module VMs they are given with --bad-value and --code.)
 */
import { assemble } from '../asm/index.js';
import { encodeImage } from '../image/index.js';
import type { BadOptionValue } from '../vmc/vmtester.js';
import { exvmHostDescription } from '../vmc/vms/exvm.js';

/** What the tester is told about one built-in VM. */
export interface BuiltInProfile {
  readonly badOptionValues: readonly BadOptionValue[];
  readonly sampleCode: Uint8Array;
}

/** EVM bytecode: PUSH1 1, PUSH1 0, MSTORE, PUSH1 32, PUSH1 0, RETURN (returns the word 1). */
const RETURN_ONE = Uint8Array.of(0x60, 0x01, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3);

const exampleVm: BuiltInProfile = {
  badOptionValues: [
    { name: 'verbose', badValue: 'x' },
    { name: 'precompiles', badValue: 'maybe' },
  ],
  sampleCode: RETURN_ONE,
};

/** The exvm VM has no options; its sample is an image that stores a word and returns it. */
const EXVM_SAMPLE = `
.data
key:   .zero 32
value: .zero 31
       .byte 7
.text
    push key
    push value
    ncall host.sstore
    pop
    push value
    push sizeof(value)
    ncall host.return
`;

const PROFILES: Readonly<Record<string, () => BuiltInProfile>> = {
  example_vm: () => exampleVm,
  trans_log_vm: () => exampleVm,
  exvm: () => ({ badOptionValues: [], sampleCode: encodeImage(assemble(EXVM_SAMPLE, { libraries: exvmHostDescription })) }),
};

/** The profile of the built-in VM named `path`, or undefined for any other VM. */
export function builtInProfile(path: string): BuiltInProfile | undefined {
  return Object.hasOwn(PROFILES, path) ? PROFILES[path]() : undefined;
}
