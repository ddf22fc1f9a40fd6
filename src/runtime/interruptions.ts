/**
 * Interruptions: the twelve built-in kinds and plugin ones (`!plugin.name`), how machine faults
 * become interruptions, and the signal that unwinds a plugin callback when the API raises one.
 */
import { Status } from '../isa/status.js';
import { SVM_Interruption_Internal } from '../plugin/api/index.js';

/** The built-in interruption kinds, in the SVM's order. */
export const INTERRUPTION_KINDS: readonly SVM_Interruption_Internal[] = Object.values(SVM_Interruption_Internal);

/** An interruption: its kind (`FAILURE`, or `!plugin.name` for a plugin one) and what happened. */
export interface Interruption {
  readonly kind: string;
  readonly message: string;
}

/** Thrown inside a plugin callback by the API to end it with an interruption; the runtime catches it. */
export class InterruptionSignal extends Error {
  /** Creates the signal carrying `interruption`. */
  constructor(readonly interruption: Interruption) {
    super(`${interruption.kind}: ${interruption.message}`);
    this.name = 'InterruptionSignal';
  }
}

/** Raises an interruption from the API (ends the current callback). */
export function interrupt(kind: string, message: string): never {
  throw new InterruptionSignal({ kind, message });
}

/**
 * The interruption each machine fault becomes. Documented in docs/plugins.md; a test walks every
 * fault status so none is forgotten.
 */
export const FAULT_INTERRUPTIONS: Readonly<Record<number, SVM_Interruption_Internal>> = {
  [Status.StackOverflow]: 'MEMORY',
  [Status.StackUnderflow]: 'PROCESSOR',
  [Status.CallDepthExceeded]: 'PROCESSOR',
  [Status.InvalidInstruction]: 'PROCESSOR',
  [Status.BadJump]: 'PROCESSOR',
  [Status.MemoryFault]: 'MEMORY',
  [Status.DivisionByZero]: 'NUMERIC',
  [Status.UnknownNative]: 'PROCESSOR',
  [Status.NativeFailure]: 'FAILURE',
  [Status.HostStackExhausted]: 'FAILURE',
  [Status.OutOfGas]: 'SECURITY',
  [Status.BadReturn]: 'PROCESSOR',
  [Status.UnhandledInterrupt]: 'DEVICE',
};

/** Whether `kind` is a built-in kind or has the plugin form `!plugin.name`. */
export function isInterruptionKind(kind: string): boolean {
  return (INTERRUPTION_KINDS as readonly string[]).includes(kind) || /^![A-Za-z_]\w*\.[A-Za-z_]\w*$/.test(kind);
}
