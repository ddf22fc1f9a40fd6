/**
 * The public plugin API: the ONE module a plugin imports. It gives the handle and callback types,
 * `definePlugin` for type-checked plugin modules, the process states, notification types and
 * interruption kinds, and the `svm_*` functions callbacks use to act on the virtual machine.
 */
export type {
  FunctionCallback, InstructionCallback, PluginConfigureCallback, PluginLifecycleCallback, PluginModule, PrintCallback, SchedulerAttachCallback,
  SchedulerCreateCallback, SchedulerDeleteCallback, SchedulerNotificationCallback, SchedulerScheduleCallback, SequencerAttachCallback,
  SequencerCreateCallback, SequencerCurrentCallback, SequencerDeleteCallback, StructCopyCallback, StructDeleteCallback, SVM, SVM_Boolean,
  SVM_Handle, SVM_Interruption_Level, SVM_Kernel, SVM_Parameter, SVM_Process, SVM_Process_Lock, SVM_Size, SVM_String, SVM_Structure,
  SVM_Type_Internal, SVM_Value, SVM_Variable, TypeCompareCallback, TypeConstantCallback, TypeCopyCallback, TypeDeleteCallback, TypePrintCallback,
} from './types.js';
export { SVM_Interruption_Internal, SVM_Notification_Type, SVM_Process_State, definePlugin } from './types.js';
export * from './functions.js';
