/**
 * The types of the public plugin API (the SVM plugin API in TypeScript): the opaque handles the
 * API hands to plugin callbacks, the process states, notification types and interruption kinds,
 * and the callback signatures a plugin module exports.
 */

declare const handleKind: unique symbol;

/**
 * An opaque handle on an object the virtual machine owns. Plugins never look inside: they pass
 * handles back to the `svm_*` functions, which check them on every use.
 */
export interface SVM_Handle<K extends string> {
  readonly [handleKind]: K;
}

/** The first parameter of every callback: pass it first to every `svm_*` function. */
export type SVM = SVM_Handle<'svm'>;
/** An object size or a count (`argc`). */
export type SVM_Size = number;
/** A boolean. */
export type SVM_Boolean = boolean;
/** A string (the SVM's SVM_String: text the virtual machine owns). */
export type SVM_String = string;
/** Any object the virtual machine manages for a plugin (a value, a structure, a lock ...). */
export type SVM_Variable = SVM_Handle<'value' | 'structure' | 'lock' | 'parameter' | 'kernel' | 'process'>;
/** A value the virtual machine can store in a kernel's memory (INT, STR, ... or a plugin type). */
export type SVM_Value = SVM_Handle<'value'>;
/** One argument of an instruction or function call: a value, a marker, a keyword or a structure. */
export type SVM_Parameter = SVM_Handle<'parameter'>;
/** A structure: a plugin object passed between plugins (a private type). */
export type SVM_Structure = SVM_Handle<'structure'>;
/** An atomic execution environment: a processor, a memory and access control. */
export type SVM_Kernel = SVM_Handle<'kernel'>;
/** An execution thread: a name, a state, a sequencer and kernels. */
export type SVM_Process = SVM_Handle<'process'>;
/** The ownership lock of a process, held by the process that acquired it. */
export type SVM_Process_Lock = SVM_Handle<'lock'>;

/** The states of a process (and, except LOCKED, of a kernel). */
export const SVM_Process_State = {
  RUNNING: 'RUNNING',
  SUSPENDED: 'SUSPENDED',
  WAITING: 'WAITING',
  LOCKED: 'LOCKED',
  DEBUG: 'DEBUG',
  ZOMBIE: 'ZOMBIE',
  INTERRUPTED: 'INTERRUPTED',
  ERROR: 'ERROR',
} as const;

/** One process state. */
export type SVM_Process_State = (typeof SVM_Process_State)[keyof typeof SVM_Process_State];

/** Why a scheduler's `notification` callback is called: a timer it asked for, or a notification posted to it. */
export const SVM_Notification_Type = {
  TIMER: 'TIMER',
  NOTIFICATION: 'NOTIFICATION',
} as const;

/** One notification type. */
export type SVM_Notification_Type = (typeof SVM_Notification_Type)[keyof typeof SVM_Notification_Type];

/** The built-in interruption kinds. Plugin interruptions are written `!plugin.name`. */
export const SVM_Interruption_Internal = {
  FAILURE: 'FAILURE',
  PROCESSOR: 'PROCESSOR',
  MEMORY: 'MEMORY',
  SECURITY: 'SECURITY',
  TERMINATE: 'TERMINATE',
  NUMERIC: 'NUMERIC',
  DEVICE: 'DEVICE',
  CLONE: 'CLONE',
  FIRST: 'FIRST',
  SECOND: 'SECOND',
  TERMINAL: 'TERMINAL',
  GENERIC: 'GENERIC',
} as const;

/** One built-in interruption kind. */
export type SVM_Interruption_Internal = (typeof SVM_Interruption_Internal)[keyof typeof SVM_Interruption_Internal];

/** The value types of the base machine (plugin types are named `plugin.type`). */
export type SVM_Type_Internal = 'AUTO' | 'INT' | 'STR' | 'BLN' | 'PTR' | 'LIB' | 'SYM' | 'PEP' | 'IRQ';

/** Where an interruption handler applies: the current function, it and the functions it calls, or the whole kernel. */
export type SVM_Interruption_Level = 'LOCAL' | 'CASCADE' | 'GLOBAL';

/** `instruction_<name>(svm, argc, argv)`: runs a plugin instruction; returns a value when its declaration has `->`. */
export type InstructionCallback = (svm: SVM, argc: SVM_Size, argv: readonly SVM_Parameter[]) => SVM_Value | null | void | Promise<SVM_Value | null | void>;
/** `function_<name>(svm, argc, argv)`: a function other plugins call. */
export type FunctionCallback = (svm: SVM, argc: SVM_Size, argv: readonly SVM_Parameter[]) => SVM_Variable | null | void;
/** `type_<name>_delete(svm, handler)`: frees a plugin value's internal object (mandatory). */
export type TypeDeleteCallback = (svm: SVM, handler: unknown) => void;
/** `type_<name>_copy(svm, handler)`: a copy of the internal object. */
export type TypeCopyCallback = (svm: SVM, handler: unknown) => unknown;
/** `type_<name>_compare(svm, left, right)`: negative, 0 or positive (ordering), or null when not comparable. */
export type TypeCompareCallback = (svm: SVM, left: unknown, right: unknown) => number | null;
/** `type_<name>_constant(svm, text)`: the internal object a constant's text denotes. */
export type TypeConstantCallback = (svm: SVM, value: SVM_String) => unknown;
/** `type_<name>_print(svm, handler)`: the text of a value. */
export type TypePrintCallback = (svm: SVM, handler: unknown) => SVM_String;
/** `struct_<name>_delete(svm, handler)`: frees a structure (mandatory). */
export type StructDeleteCallback = (svm: SVM, handler: unknown) => void;
/** `struct_<name>_copy(svm, handler)`: a copy of a structure. */
export type StructCopyCallback = (svm: SVM, handler: unknown) => unknown;
/** `sequencer_<name>_create(svm)`: the sequencer's state for one process. */
export type SequencerCreateCallback = (svm: SVM) => unknown;
/** `sequencer_<name>_delete(svm, handler)`. */
export type SequencerDeleteCallback = (svm: SVM, handler: unknown) => void;
/** `sequencer_<name>_current(svm, handler)`: the kernel to run now, or null when none. */
export type SequencerCurrentCallback = (svm: SVM, handler: unknown) => SVM_Kernel | null;
/** `sequencer_<name>_attach/_detach(svm, handler, kernel, argc, argv)`: false refuses. */
export type SequencerAttachCallback = (svm: SVM, handler: unknown, kernel: SVM_Kernel, argc: SVM_Size, argv: readonly SVM_Parameter[]) => SVM_Boolean;
/** `sequencer_<name>_print` / `scheduler_<name>_print(svm, handler)`: a description for reports. */
export type PrintCallback = (svm: SVM, handler: unknown) => SVM_String;
/** `scheduler_<name>_create(svm)`: the scheduler's state. */
export type SchedulerCreateCallback = (svm: SVM) => unknown;
/** `scheduler_<name>_delete(svm, handler)`. */
export type SchedulerDeleteCallback = (svm: SVM, handler: unknown) => void;
/** `scheduler_<name>_schedule(svm, handler, process, state)`: called on every state change; returns a timer in ms (0: none). */
export type SchedulerScheduleCallback = (svm: SVM, handler: unknown, process: SVM_Process, state: SVM_Process_State) => number;
/** `scheduler_<name>_notification(svm, handler, type, parameter)`: a timer fired or a notification arrived; returns a timer (0: none). */
export type SchedulerNotificationCallback = (svm: SVM, handler: unknown, type: SVM_Notification_Type, parameter: number) => number;
/** `scheduler_<name>_attach/_detach(svm, handler, process, parameter)`: false refuses. */
export type SchedulerAttachCallback = (svm: SVM, handler: unknown, process: SVM_Process, parameter: number) => SVM_Boolean;
/** `plugin_configure(svm)`: declares the plugin by calling `svm_plugin_configure`. */
export type PluginConfigureCallback = (svm: SVM) => void;
/** `plugin_initialisation/_startup/_finalisation(svm)`: lifecycle hooks. */
export type PluginLifecycleCallback = (svm: SVM) => void;

/**
 * What a plugin module exports: its configuration (as `configuration`, or by calling
 * `svm_plugin_configure` from `plugin_configure`), lifecycle hooks, and one callback per object,
 * named after the object's entry name (`instruction_add` for `INSTRUCTION int.add`).
 */
export interface PluginModule {
  /** The configuration string (`PLUGIN name`, `USE`, `DEFINE` ...). */
  readonly configuration?: string;
  readonly plugin_configure?: PluginConfigureCallback;
  readonly plugin_initialisation?: PluginLifecycleCallback;
  readonly plugin_startup?: PluginLifecycleCallback;
  readonly plugin_finalisation?: PluginLifecycleCallback;
  readonly [instruction: `instruction_${string}`]: InstructionCallback | undefined;
  readonly [fn: `function_${string}`]: FunctionCallback | undefined;
  readonly [deleter: `type_${string}_delete`]: TypeDeleteCallback | undefined;
  readonly [copier: `type_${string}_copy`]: TypeCopyCallback | undefined;
  readonly [comparer: `type_${string}_compare`]: TypeCompareCallback | undefined;
  readonly [constant: `type_${string}_constant`]: TypeConstantCallback | undefined;
  readonly [printer: `type_${string}_print`]: TypePrintCallback | undefined;
  readonly [deleter: `struct_${string}_delete`]: StructDeleteCallback | undefined;
  readonly [copier: `struct_${string}_copy`]: StructCopyCallback | undefined;
  readonly [create: `sequencer_${string}_create`]: SequencerCreateCallback | undefined;
  readonly [remove: `sequencer_${string}_delete`]: SequencerDeleteCallback | undefined;
  readonly [current: `sequencer_${string}_current`]: SequencerCurrentCallback | undefined;
  readonly [attach: `sequencer_${string}_attach`]: SequencerAttachCallback | undefined;
  readonly [detach: `sequencer_${string}_detach`]: SequencerAttachCallback | undefined;
  readonly [print: `sequencer_${string}_print`]: PrintCallback | undefined;
  readonly [create: `scheduler_${string}_create`]: SchedulerCreateCallback | undefined;
  readonly [remove: `scheduler_${string}_delete`]: SchedulerDeleteCallback | undefined;
  readonly [schedule: `scheduler_${string}_schedule`]: SchedulerScheduleCallback | undefined;
  readonly [notification: `scheduler_${string}_notification`]: SchedulerNotificationCallback | undefined;
  readonly [attach: `scheduler_${string}_attach`]: SchedulerAttachCallback | undefined;
  readonly [detach: `scheduler_${string}_detach`]: SchedulerAttachCallback | undefined;
  readonly [print: `scheduler_${string}_print`]: PrintCallback | undefined;
}

/**
 * Declares a plugin module with its callbacks checked against the API's signatures (autocompletion
 * and type errors in editors); returns the module unchanged.
 */
export function definePlugin<const M extends PluginModule>(module: M): M {
  return module;
}
