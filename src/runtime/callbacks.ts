/**
 * How runtime parts call plugin callbacks: through a host that opens a scope, hands the callback
 * a fresh `svm` handle, and turns handles back and forth.
 */
import type { SVM, SVM_Kernel, SVM_Parameter, SVM_Process } from '../plugin/api/index.js';
import type { DefinedObject, LoadedPlugin } from '../plugin/registry/index.js';
import type { RuntimeParameter } from './handles.js';
import type { Kernel } from './kernel.js';
import type { Process } from './process.js';

/** What a callback invocation can turn into handles and back. */
export interface InvocationTools {
  kernelHandle(kernel: Kernel): SVM_Kernel;
  processHandle(process: Process): SVM_Process;
  parameterHandle(parameter: RuntimeParameter): SVM_Parameter;
  /** The kernel a handle a callback returned stands for (null for null); raises FAILURE naming `what` otherwise. */
  kernelOf(handle: unknown, what: string): Kernel | null;
}

/**
 * Calls plugin code in a new scope on behalf of `process` and `kernel` (null: none, e.g. a
 * scheduler timer). `plugin` is the plugin whose callback runs: what it uses of other plugins
 * must be in its USE section (null: no such check).
 */
export interface CallbackHost {
  invoke<T>(what: string, process: Process | null, kernel: Kernel | null, call: (svm: SVM, tools: InvocationTools) => T, plugin?: LoadedPlugin | null): T;
}

/** Calls the callbacks of a plugin object (a sequencer, a scheduler) through `host`, on behalf of `process` (no kernel). */
export function invokerOf(host: CallbackHost, object: DefinedObject): <T>(what: string, process: Process | null, run: (svm: SVM, tools: InvocationTools) => T) => T {
  return (what, process, run) => host.invoke(what, process, null, run, object.plugin);
}
