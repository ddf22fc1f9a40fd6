/**
 * Schedulers orchestrate processes. `schedule(process, state)` is called on every state change of
 * an attached process and returns a timer (ms, 0 for none); `notification` receives timers and
 * posted notifications; attach and detach may refuse. The default scheduler lets every SUSPENDED
 * process run (the runtime then shares the machine between RUNNING processes in turns); a plugin
 * scheduler (`SCHEDULER p.name`) decides through its callbacks and the `svm_process_*` functions.
 */
import type { SVM_Notification_Type, SVM_Process_State } from '../plugin/api/index.js';
import type { DefinedObject } from '../plugin/registry/index.js';
import type { CallbackHost } from './callbacks.js';
import { invokerOf } from './callbacks.js';
import { membership } from './members.js';
import type { Process } from './process.js';

/** A scheduler. */
export interface SchedulerInstance {
  readonly name: string;
  attach(process: Process, parameter: number): boolean;
  detach(process: Process, parameter: number): boolean;
  schedule(process: Process, state: SVM_Process_State): number;
  notification(type: SVM_Notification_Type, parameter: number): number;
  print(): string;
  delete(): void;
}

/** The name of the default scheduler. */
export const DEFAULT_SCHEDULER = 'default';

/** The default scheduler: runs every process that becomes SUSPENDED. */
export function defaultScheduler(run: (process: Process) => void): SchedulerInstance {
  const attached: Process[] = [];
  return {
    name: DEFAULT_SCHEDULER,
    ...membership(attached),
    schedule: (process, state) => {
      if (state === 'SUSPENDED' && !process.suspendRequested) run(process);
      return 0;
    },
    notification: () => 0,
    print: () => `default scheduler: ${attached.map((p) => `${p.name} ${p.state}`).join(', ') || 'no process'}`,
    delete: () => undefined,
  };
}

type Callback = (...args: unknown[]) => unknown;

/** A number a scheduler callback returned as a timer: a non-negative finite number, else 0. */
const timer = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0);

/** A scheduler backed by the callbacks of a plugin's `SCHEDULER` object. */
export function pluginScheduler(object: DefinedObject, host: CallbackHost): SchedulerInstance {
  const name = object.declaration.name;
  const callback = (suffix: string) => object.callbacks.get(suffix) as unknown as Callback | undefined;
  const invoke = invokerOf(host, object);
  const handler = invoke(`scheduler ${name} create`, null, (svm) => callback('create')!(svm));
  const attachOrDetach = (suffix: 'attach' | 'detach') => (process: Process, parameter: number) =>
    invoke(`scheduler ${name} ${suffix}`, null, (svm, tools) => callback(suffix)!(svm, handler, tools.processHandle(process), parameter) === true);
  return {
    name,
    attach: attachOrDetach('attach'),
    detach: attachOrDetach('detach'),
    schedule: (process, state) => invoke(`scheduler ${name} schedule`, null, (svm, tools) => timer(callback('schedule')!(svm, handler, tools.processHandle(process), state))),
    notification: (type, parameter) => {
      const notify = callback('notification');
      return notify === undefined ? 0 : invoke(`scheduler ${name} notification`, null, (svm) => timer(notify(svm, handler, type, parameter)));
    },
    print: () => invoke(`scheduler ${name} print`, null, (svm) => String(callback('print')!(svm, handler))),
    delete: () => invoke(`scheduler ${name} delete`, null, (svm) => void callback('delete')!(svm, handler)),
  };
}
