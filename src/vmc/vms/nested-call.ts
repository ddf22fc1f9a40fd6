/**
 * How the built-in VMs send a nested message (the example VM's CALL, the exvm VM's `host.call`):
 * through `host.call`, guarded against the JS engine's own stack running out, and what the caller
 * pays for it.
 *
 * Every nesting level costs JS stack (the callee VM, the host, the dialect adapters in between), so
 * the engine's stack can run out before the connector's depth limit of 1024. When it does, the
 * nested call fails as if it were too deep: CALL_DEPTH_EXCEEDED with all its gas consumed, and the
 * caller carries on. The overflow may happen anywhere below the call site (in the host, in the
 * callee); it unwinds to the nearest guarded call, which is the deepest caller with stack to spare.
 */
import { StatusCode } from '../constants.js';
import { makeResult } from '../result.js';
import type { HostContext, HostInterface, Message, Result } from '../types.js';

/**
 * Whether `error` is the engine's stack overflow: a RangeError in V8 and JavaScriptCore
 * ("Maximum call stack size exceeded"), an InternalError in SpiderMonkey ("too much recursion").
 * No regular expression: compiling one needs stack, which is short right here. (Should this check
 * overflow all the same, the new RangeError unwinds to the next guarded call up, which has more.)
 */
export function isStackOverflow(error: unknown): boolean {
  if (error instanceof RangeError) return error.message.includes('call stack');
  return error instanceof Error && error.name === 'InternalError' && error.message.includes('too much recursion');
}

/** `host.call(context, message)`, or CALL_DEPTH_EXCEEDED (no gas left) when the JS stack runs out underneath it. */
export function callHost(host: HostInterface, context: HostContext, message: Message): Result {
  try {
    return host.call(context, message);
  } catch (error) {
    if (isStackOverflow(error)) return makeResult({ statusCode: StatusCode.CallDepthExceeded });
    throw error;
  }
}

/**
 * The gas a nested call used of the `forwarded` gas: what it did not give back. A REJECTED call
 * (an internal code: the host or a dialect adapter refused the message, e.g. a call kind the
 * dialect lacks) ran nothing, so it used none, although its result says gas left 0.
 */
export function gasUsedByCall(forwarded: number, result: Result): number {
  return result.statusCode === StatusCode.Rejected ? 0 : Math.max(0, forwarded - result.gasLeft);
}
