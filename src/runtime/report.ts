/**
 * Readable reports: the state of a kernel an unhandled interruption ended, and the summary of a run.
 */
import type { SVM_Process_State } from '../plugin/api/index.js';
import type { Interruption } from './interruptions.js';
import type { Kernel } from './kernel.js';
import { errorReason } from '../messages.js';
import type { PluginTypeOperations, RuntimeValue } from './values.js';
import { printValue } from './values.js';

/** How a kernel ended (or stands, when the run stopped first). */
export interface KernelReport {
  readonly id: number;
  readonly state: SVM_Process_State;
  /** The code given to `halt`, when it halted. */
  readonly exitCode: number;
  readonly instructions: number;
  readonly interruption: Interruption | null;
  /** The state report written when an unhandled interruption ended the kernel. */
  readonly report: string | null;
}

/** How a process ended. */
export interface ProcessReport {
  readonly name: string;
  readonly state: SVM_Process_State;
  readonly kernels: readonly KernelReport[];
}

/** What a run did. */
export interface RuntimeReport {
  /** Every process ended normally (ZOMBIE). */
  readonly ok: boolean;
  readonly processes: readonly ProcessReport[];
  /** Deadlocks detected (each also raised FAILURE in the process that would have closed the cycle). */
  readonly deadlocks: readonly string[];
  /** Processes that could never run again when the run stopped (waiting for a lock nobody releases, suspended forever). */
  readonly stalled: readonly string[];
  /** Problems that could not become interruptions (a plugin's delete callback that threw ...). */
  readonly warnings: readonly string[];
  /** Time on the runtime's clock when the run ended, in ms. */
  readonly time: number;
}

const MAX_SHOWN = 16;

/** The report of a kernel ended by `interruption`: where it stopped, its stack and its memory. */
export function kernelStateReport(kernel: Kernel, interruption: Interruption, pc: number, types: PluginTypeOperations): string {
  const machine = kernel.machine;
  const location = machine.program.debug?.locations.find((l) => l.pc === pc);
  const where = location === undefined ? `pc ${pc}` : `pc ${pc} (${kernel.code.file}:${location.line}:${location.column})`;
  const stack = machine.stackValues();
  const cells = kernel.memory.flatMap((value, address) => (value === null ? [] : [`@${address} = ${value.type} ${printGuarded(value, types)}`]));
  const more = (count: number): string => (count > MAX_SHOWN ? `, ... (${count - MAX_SHOWN} more)` : '');
  return [
    `${kernel.label} INTERRUPTED by ${interruption.kind}: ${interruption.message}`,
    `  at ${where}, call depth ${machine.callDepth}, ${machine.instructionsExecuted} instructions executed`,
    `  stack (top last): [${stack.slice(-MAX_SHOWN).join(', ')}${more(stack.length)}]`,
    `  memory: ${cells.slice(0, MAX_SHOWN).join(', ') || 'empty'}${more(cells.length)}`,
  ].join('\n');
}

/** A value's text for a report: a plugin print callback that fails must not lose the report, so its failure becomes the text. */
function printGuarded(value: RuntimeValue, types: PluginTypeOperations): string {
  try {
    return printValue(value, types);
  } catch (error) {
    return `<print failed: ${errorReason(error)}>`;
  }
}
