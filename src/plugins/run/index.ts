/**
 * The `run` standard plugin: sleeping (a WAITING instruction: other processes run meanwhile),
 * raising interruptions from guest code, the clock, the `run.stack` sequencer, and two preemptive
 * schedulers: `run.rr` (round robin) and `run.priority` (highest priority first; the priority is
 * the attach parameter). `OPTION run.quantum -q INT` sets the time slice in ms (default 1).
 */
import type { SVM, SVM_Notification_Type, SVM_Process, SVM_Process_State } from '../../plugin/api/index.js';
import {
  SVM_Interruption_Internal, definePlugin, svm_machine_sleep, svm_machine_time, svm_parameter_keyword_get, svm_parameter_type_is_keyword,
  svm_plugin_get_option, svm_processor_current_raise_error_external__raw, svm_processor_current_raise_error_internal__raw, svm_value_integer_get,
  svm_value_integer_new,
} from '../../plugin/api/index.js';
import { fail, integerArgument, stringArgument } from '../arguments.js';
import { ProcessQueue } from './process-queue.js';
import { KernelStack } from './stack.js';

/** The default quantum of the schedulers, in ms. */
export const DEFAULT_QUANTUM = 1;

const KINDS: readonly string[] = Object.values(SVM_Interruption_Internal);

/** The quantum from `OPTION run.quantum`, FAILURE when it is not positive. */
function quantum(svm: SVM): number {
  const option = svm_plugin_get_option(svm, 'run.quantum');
  const value = option === null ? DEFAULT_QUANTUM : svm_value_integer_get(svm, option);
  if (value <= 0) fail(svm, 'FAILURE', 'run.quantum', `the quantum must be a positive number of ms, got ${value}`);
  return value;
}

const queue = (handler: unknown): ProcessQueue => handler as ProcessQueue;
const stack = (handler: unknown): KernelStack => handler as KernelStack;

/** The callbacks of a scheduler backed by a ProcessQueue. */
const queueScheduler = {
  delete: () => undefined,
  attach: (svm: SVM, handler: unknown, process: SVM_Process, parameter: number) => queue(handler).attach(svm, process, parameter),
  detach: (svm: SVM, handler: unknown, process: SVM_Process) => queue(handler).detach(svm, process),
  schedule: (svm: SVM, handler: unknown, process: SVM_Process, state: SVM_Process_State) => queue(handler).schedule(svm, process, state),
  notification: (svm: SVM, handler: unknown, type: SVM_Notification_Type) => queue(handler).notification(svm, type),
  print: (svm: SVM, handler: unknown) => queue(handler).print(),
};

/** The `run` plugin module. */
export const runPlugin = definePlugin({
  configuration: `PLUGIN run
DEFINE
  WAITING INSTRUCTION run.sleep INT:ms
  INSTRUCTION run.interrupt [ KEYWORD STR ]:kind STR:message ?
  INSTRUCTION run.time -> INT
  SEQUENCER run.stack
  SCHEDULER run.rr
  SCHEDULER run.priority
  OPTION run.quantum -q INT`,
  instruction_sleep: (svm, argc, argv) => {
    const ms = integerArgument(svm, argv[0]);
    if (ms < 0) fail(svm, 'FAILURE', 'run.sleep', `cannot sleep ${ms} ms`);
    return svm_machine_sleep(svm, ms);
  },
  instruction_interrupt: (svm, argc, argv) => {
    const message = argc > 1 ? stringArgument(svm, argv[1]) : 'raised by run.interrupt';
    if (!svm_parameter_type_is_keyword(svm, argv[0])) return svm_processor_current_raise_error_external__raw(svm, stringArgument(svm, argv[0]), message);
    const kind = svm_parameter_keyword_get(svm, argv[0]);
    if (!KINDS.includes(kind)) fail(svm, 'FAILURE', 'run.interrupt', `${kind} is not an interruption kind (${KINDS.join(', ')}; a plugin interruption is given as a string "plugin.name")`);
    return svm_processor_current_raise_error_internal__raw(svm, kind, message);
  },
  instruction_time: (svm) => svm_value_integer_new(svm, Math.floor(svm_machine_time(svm))),
  sequencer_stack_create: () => new KernelStack(),
  sequencer_stack_delete: () => undefined,
  sequencer_stack_current: (svm, handler) => stack(handler).top(svm),
  sequencer_stack_attach: (svm, handler, kernel) => stack(handler).push(svm, kernel),
  // A stacked kernel leaves when it ends; removing one from the middle would resume a kernel out of order.
  sequencer_stack_detach: () => false,
  sequencer_stack_print: (svm, handler) => stack(handler).print(),
  scheduler_rr_create: (svm) => new ProcessQueue('run.rr', quantum(svm), false),
  scheduler_rr_delete: queueScheduler.delete,
  scheduler_rr_attach: queueScheduler.attach,
  scheduler_rr_detach: queueScheduler.detach,
  scheduler_rr_schedule: queueScheduler.schedule,
  scheduler_rr_notification: queueScheduler.notification,
  scheduler_rr_print: queueScheduler.print,
  scheduler_priority_create: (svm) => new ProcessQueue('run.priority', quantum(svm), true),
  scheduler_priority_delete: queueScheduler.delete,
  scheduler_priority_attach: queueScheduler.attach,
  scheduler_priority_detach: queueScheduler.detach,
  scheduler_priority_schedule: queueScheduler.schedule,
  scheduler_priority_notification: queueScheduler.notification,
  scheduler_priority_print: queueScheduler.print,
});
