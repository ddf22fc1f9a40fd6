/**
 * The exvm machine as a connector VM (`zvmc_create_exvm` through the ZVMC adapter). The code it
 * executes is an exvm program image (`.exb`); each execute runs a fresh `Machine` with the
 * message's gas and three native libraries, in this order: `host` (the host callbacks, see
 * exvm-host-library.ts), `str` and `math` (the standard ones; no `io` or `sys`, which would reach
 * outside the connector).
 *
 * - Empty code succeeds at once with all its gas (like an account without code).
 * - A message deeper than 1024 is CALL_DEPTH_EXCEEDED without running; so is, for its caller, a
 *   nested call that the JS stack cannot hold (see nested-call.ts).
 * - Code that is not a valid image, declares more than 16 MiB of memory, or imports a function
 *   these libraries do not have is CONTRACT_VALIDATION_FAILURE, with no gas left.
 * - `host.return` / `host.revert` end the execution with SUCCESS / REVERT and their output; a
 *   `halt` ends it with empty output; every other way to stop maps through exvm-status.ts. Gas
 *   left (for SUCCESS and REVERT) is what the machine has left.
 * - If the host itself throws from a callback, execute rethrows it: that is the host's failure,
 *   not the guest's.
 *
 * Nothing about an execution is stored on the instance, so executes may nest (a host `call` back
 * into this VM) and interleave.
 */
import type { LibraryDescription } from '../../asm/index.js';
import { describeLibraries } from '../../asm/index.js';
import { ErrorCode, ExvmError } from '../../errors.js';
import { decodeImage } from '../../image/index.js';
import type { Program } from '../../image/index.js';
import type { TierName } from '../../machine/compiled/tier.js';
import { Machine } from '../../machine/machine.js';
import type { NativeLibrary } from '../../machine/natives.js';
import { mathLibrary } from '../../stdlib/math.js';
import { strLibrary } from '../../stdlib/str.js';
import { BUILTIN_VM_ABI_VERSION, Capability, StatusCode } from '../constants.js';
import { makeResult } from '../result.js';
import type { HostContext, HostInterface, Message, Result, VM, VmTracer } from '../types.js';
import type { HostSession } from './exvm-host-library.js';
import { HOST_FUNCTIONS, MAX_MESSAGE_DEPTH, hostLibrary } from './exvm-host-library.js';
import { statusCodeOf } from './exvm-status.js';

/** The exvm VM's name. */
export const EXVM_VM_NAME = 'exvm';
const EXVM_VM_VERSION = '1.0.0';
/** Value-stack capacity of a guest machine, in values (kept small: nested calls each have one). */
const GUEST_STACK_SIZE = 4096;
/** Call depth of a guest machine (its own `call`s, not messages). */
export const GUEST_MAX_CALL_DEPTH = 1024;
/** Most memory a guest image may declare (16 MiB): every execution, nested ones too, allocates its own. */
export const GUEST_MAX_MEMORY = 1 << 24;

/** The libraries a guest sees, in library-index order, bound to one execution. */
function guestLibraries(session: HostSession): NativeLibrary[] {
  return [hostLibrary(session), strLibrary(), mathLibrary()];
}

/**
 * What guest programs may call, for the assembler: `host` (library 0), `str` (1), `math` (2).
 * `exvm vmc run prog.exa` assembles with it, so programs say `ncall host.sload`.
 */
export const exvmHostDescription: LibraryDescription = describeLibraries([{ name: 'host', functions: HOST_FUNCTIONS }, strLibrary(), mathLibrary()]);

/** How `createExvmVm` builds its machines. */
export interface ExvmVmOptions {
  /** The execution tier of every machine it runs (default: the machine's default, `auto`). */
  readonly tier?: TierName;
}

/** Creates an exvm connector VM. It has no runtime options (a missing `setOption` answers INVALID_NAME). */
export function createExvmVm(options: ExvmVmOptions = {}): VM {
  let destroyed = false;
  let tracer: VmTracer | null = null; // configuration, not per-execution state
  return {
    abiVersion: BUILTIN_VM_ABI_VERSION,
    name: EXVM_VM_NAME,
    version: EXVM_VM_VERSION,
    getCapabilities: () => Capability.Vm1,
    execute(host, context, _revision, message, code) {
      if (destroyed) throw new ExvmError(ErrorCode.Connector, `${EXVM_VM_NAME}: execute() called after destroy()`);
      // Only a PRECOMPILES VM may be given no host; this one refuses rather than crash.
      if (host === null) return makeResult({ statusCode: StatusCode.Rejected });
      return executeImage(host, context, message, code, tracer, options);
    },
    destroy() {
      destroyed = true;
    },
    setTracer(next) {
      tracer = next;
    },
  } satisfies VM;
}

/** The program in `code`, or undefined when it is not a valid image. */
function programOf(code: Uint8Array): Program | undefined {
  try {
    return decodeImage(code);
  } catch (error) {
    if (error instanceof ExvmError) return undefined;
    throw error;
  }
}

/** Runs `code` for `message` on a fresh machine. */
function executeImage(host: HostInterface, context: HostContext, message: Message, code: Uint8Array, tracer: VmTracer | null, options: ExvmVmOptions): Result {
  if (!Number.isSafeInteger(message.gas) || message.gas < 0) {
    throw new ExvmError(ErrorCode.Connector, `${EXVM_VM_NAME}: message gas ${message.gas} is not a whole number of at least 0`);
  }
  if (message.depth > MAX_MESSAGE_DEPTH) return makeResult({ statusCode: StatusCode.CallDepthExceeded });
  if (code.length === 0) return makeResult({ statusCode: StatusCode.Success, gasLeft: message.gas });
  const program = programOf(code);
  if (program === undefined || program.memorySize > GUEST_MAX_MEMORY) return makeResult({ statusCode: StatusCode.ContractValidationFailure });

  // The session reads the machine's gas only while the machine runs, after `machine` is set.
  const session: HostSession = { host, context, message, gasLeft: () => machine.gas };
  // A decoded image always loads (decodeImage checked its data and entry), so this cannot throw.
  const machine = new Machine(program, { libraries: guestLibraries(session), gas: message.gas, stackSize: GUEST_STACK_SIZE, maxCallDepth: GUEST_MAX_CALL_DEPTH, ...(options.tier ? { tier: options.tier } : {}) });
  if (machine.missingImports.length > 0) return makeResult({ statusCode: StatusCode.ContractValidationFailure });

  const status = tracer === null
    ? machine.run()
    : machine.trace(({ pc, op, gas, stack }) => tracer({ depth: message.depth, pc, op, gas, stack }));
  if (session.hostError) throw session.hostError.error;
  const { outcome } = session;
  if (outcome) return makeResult({ statusCode: outcome.statusCode, gasLeft: machine.gas, output: outcome.output });
  return makeResult({ statusCode: statusCodeOf(status, machine.exitCode), gasLeft: machine.gas });
}
