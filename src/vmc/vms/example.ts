/**
 * The example VM the connector guides point to (`zvmc_create_example_vm`, and DVMC's
 * `dvmc_create_trans_log_vm` through its adapter): small and readable, it shows every method a VM
 * offers and uses every host callback. It interprets a subset of EVM bytecode (see
 * example-instructions.ts for the opcodes, the gas and which instruction uses which callback).
 *
 * Options (`setOption`):
 * - `verbose` = '0'..'9': 0 is silent; 1 or more reports each execution's start and end through
 *   the logger given to `createExampleVm` (by default `console.error`); 2 or more also reports
 *   every instruction. Any other
 *   value (or null) is INVALID_VALUE.
 * - `precompiles` = 'on' | 'off': 'on' adds the PRECOMPILES capability; then an execute with a
 *   null host runs the precompile at the message's code address (EIP-2003; only identity, 0x04).
 * Any other name is INVALID_NAME.
 *
 * The instance holds only its options: everything about an execution lives in a fresh
 * `Execution`, so executes may nest (a host `call` back into this VM) and interleave freely.
 */
import { ErrorCode, ExvmError } from '../../errors.js';
import { BUILTIN_VM_ABI_VERSION, Capability, SetOptionResult, StatusCode, statusCodeName } from '../constants.js';
import { makeResult } from '../result.js';
import type { VM } from '../types.js';
import { Execution, Stop } from './example-execution.js';
import { instructionAt } from './example-instructions.js';
import { executePrecompile } from './example-precompiles.js';

/** Receives the lines a verbose VM reports. */
export type VmLogger = (line: string) => void;

/** How to build an example VM. */
export interface ExampleVmOptions {
  /** Where verbose reports go. Default: `console.error` (which browsers have too), so a loaded VM's `verbose` option shows. */
  readonly log?: VmLogger;
  /** The name the VM reports. Default `example_vm`; DVMC's adapter may call it `trans_log_vm`. */
  readonly name?: string;
}

/** The example VM's default name. */
export const EXAMPLE_VM_NAME = 'example_vm';
const EXAMPLE_VM_VERSION = '1.0.0';

/** The default logger: standard error in Node, the developer console in a browser. */
const logToConsole: VmLogger = (line) => console.error(line);

/** Creates an example VM instance. */
export function createExampleVm(options: ExampleVmOptions = {}): VM {
  const log = options.log ?? logToConsole;
  const name = options.name ?? EXAMPLE_VM_NAME;
  let verbose = 0;
  let precompiles = false;
  let destroyed = false;

  return {
    abiVersion: BUILTIN_VM_ABI_VERSION,
    name,
    version: EXAMPLE_VM_VERSION,
    getCapabilities: () => Capability.Vm1 | (precompiles ? Capability.Precompiles : 0),

    setOption(option, value) {
      if (option === 'verbose') {
        if (value === null || !/^[0-9]$/.test(value)) return SetOptionResult.InvalidValue;
        verbose = Number(value);
        return SetOptionResult.Success;
      }
      if (option === 'precompiles') {
        if (value !== 'on' && value !== 'off') return SetOptionResult.InvalidValue;
        precompiles = value === 'on';
        return SetOptionResult.Success;
      }
      return SetOptionResult.InvalidName;
    },

    execute(host, context, revision, message, code) {
      if (destroyed) throw new ExvmError(ErrorCode.Connector, `${name}: execute() called after destroy()`);
      // Without a host only precompiles can run (EIP-2003); anything else is refused, not crashed on.
      if (host === null) return precompiles ? executePrecompile(message) : makeResult({ statusCode: StatusCode.Rejected });
      const level = verbose;
      if (level > 0) log(`${name}: execution started: ${code.length} bytes of code, gas ${message.gas}, depth ${message.depth}`);
      const execution = new Execution(host, context, revision, message, code);
      const stop = interpret(execution, level >= 2 ? log : undefined);
      const result = makeResult({ statusCode: stop.statusCode, gasLeft: execution.gasLeft, gasRefund: execution.gasRefund, output: stop.output });
      if (level > 0) log(`${name}: execution ended: ${statusCodeName(result.statusCode)}, gas left ${result.gasLeft}, ${result.output.length} bytes of output`);
      return result;
    },

    destroy() {
      destroyed = true;
    },
  } satisfies VM;
}

/** Runs the execution to its end; running off the end of the code is a STOP. */
function interpret(x: Execution, trace: VmLogger | undefined): Stop {
  try {
    while (x.pc < x.code.length) {
      const opcode = x.code[x.pc];
      const instruction = instructionAt(opcode);
      if (instruction === undefined) return new Stop(StatusCode.UndefinedInstruction);
      trace?.(`  ${x.pc}: ${instruction.name} (gas left ${x.gasLeft}, stack ${x.stack.length})`);
      x.pc++;
      x.charge(instruction.gas);
      instruction.run(x, opcode);
    }
    return new Stop(StatusCode.Success);
  } catch (error) {
    if (error instanceof Stop) return error;
    throw error;
  }
}
