/**
 * The functions of the plugin API as the virtual machine implements them (the runtime provides
 * the implementation), and the link between the opaque `svm` handle a callback receives and the
 * implementation serving it. Plugins never see this module: they call the `svm_*` functions.
 */
import { ErrorCode, ExvmError } from '../../errors.js';
import type {
  SVM, SVM_Boolean, SVM_Interruption_Level, SVM_Kernel, SVM_Parameter, SVM_Process, SVM_Process_Lock, SVM_Process_State, SVM_Size,
  SVM_String, SVM_Structure, SVM_Value, SVM_Variable,
} from './types.js';

/**
 * Every API function, without its first `svm` parameter. Each checks its arguments: a null,
 * unknown, stale or wrongly typed handle raises a FAILURE interruption naming the function and the
 * parameter.
 */
export interface SvmBackend {
  /** Declares the plugin (only inside `plugin_configure`). */
  svm_plugin_configure(configuration: SVM_String): void;
  /** The value of a plugin option or argument (`OPTION`/`ARGUMENT`/`ARGUMENTS`), null when not given. */
  svm_plugin_get_option(name: SVM_String): SVM_Value | null;
  /** The positional values of `ARGUMENTS` (the remaining arguments). */
  svm_plugin_get_arguments(name: SVM_String): readonly SVM_Value[];

  /** A new INT value. */
  svm_value_integer_new(integer: number): SVM_Value;
  /** The number of an INT value. */
  svm_value_integer_get(value: SVM_Value): number;
  /** Changes an INT value. */
  svm_value_integer_set(value: SVM_Value, integer: number): void;
  /** A new STR value. */
  svm_value_string_new(string: SVM_String): SVM_Value;
  /** The text of a STR value. */
  svm_value_string_get(value: SVM_Value): SVM_String;
  /** Changes a STR value. */
  svm_value_string_set(value: SVM_Value, string: SVM_String): void;
  /** A new BLN value. */
  svm_value_boolean_new(boolean: SVM_Boolean): SVM_Value;
  /** The truth of a BLN value. */
  svm_value_boolean_get(value: SVM_Value): SVM_Boolean;
  /** Changes a BLN value. */
  svm_value_boolean_set(value: SVM_Value, boolean: SVM_Boolean): void;
  /** A new PTR value: `size` memory cells from `address`. */
  svm_value_pointer_new(address: number, size: SVM_Size): SVM_Value;
  /** The address of a PTR value. */
  svm_value_pointer_get_address(value: SVM_Value): number;
  /** The size of a PTR value. */
  svm_value_pointer_get_size(value: SVM_Value): SVM_Size;
  /** A new PEP value (a plugin entry point `plugin.entry`). */
  svm_value_pluginentrypoint_new(plugin: SVM_String, entry: SVM_String): SVM_Value;
  /** The `plugin.entry` text of a PEP value. */
  svm_value_pluginentrypoint_get(value: SVM_Value): SVM_String;
  /** A new IRQ value (an interruption kind: `FAILURE` or `!plugin.name`). */
  svm_value_interruption_new(kind: SVM_String): SVM_Value;
  /** The kind of an IRQ value. */
  svm_value_interruption_get(value: SVM_Value): SVM_String;
  /** A new SYM value (a code address of the current kernel). */
  svm_value_symbol_new(address: number): SVM_Value;
  /** The code address of a SYM value. */
  svm_value_symbol_get(value: SVM_Value): number;
  /** A new LIB value (a code unit, by name). */
  svm_value_library_new(name: SVM_String): SVM_Value;
  /** The name of a LIB value. */
  svm_value_library_get(value: SVM_Value): SVM_String;
  /** A new value of the plugin type `type` (`plugin.name`) wrapping `handler`. */
  svm_value_plugin_new(type: SVM_String, handler: unknown): SVM_Value;
  /** A new value of the plugin type `type` from a constant's text (through `type_<name>_constant`). */
  svm_value_plugin_new_const(type: SVM_String, text: SVM_String): SVM_Value;
  /** The internal object of a plugin value. */
  svm_value_plugin_get_internal(value: SVM_Value): unknown;
  /** The type name of a value: `INT` ... or `plugin.name`. */
  svm_value_type_name(value: SVM_Value): SVM_String;
  /** Whether a value has the type `type`. */
  svm_value_type_is(value: SVM_Value, type: SVM_String): SVM_Boolean;
  /** A copy of a value (plugin types through `type_<name>_copy`). */
  svm_value_copy(value: SVM_Value): SVM_Value;
  /** Compares two values of the same type: negative, 0 or positive, null when not comparable. */
  svm_value_compare(left: SVM_Value, right: SVM_Value): number | null;
  /** The text of a value (plugin types through `type_<name>_print`). */
  svm_value_print(value: SVM_Value): SVM_String;

  /** Whether a parameter is a value. */
  svm_parameter_type_is_value(parameter: SVM_Parameter): SVM_Boolean;
  /** Whether a parameter is a marker. */
  svm_parameter_type_is_marker(parameter: SVM_Parameter): SVM_Boolean;
  /** Whether a parameter is a keyword. */
  svm_parameter_type_is_keyword(parameter: SVM_Parameter): SVM_Boolean;
  /** Whether a parameter is a structure. */
  svm_parameter_type_is_structure(parameter: SVM_Parameter): SVM_Boolean;
  /** The value of a value parameter (for a MUTABLE one, changes are seen by the caller). */
  svm_parameter_value_get(parameter: SVM_Parameter): SVM_Value;
  /** The text of a marker parameter. */
  svm_parameter_marker_get(parameter: SVM_Parameter): SVM_String;
  /** The text of a keyword parameter. */
  svm_parameter_keyword_get(parameter: SVM_Parameter): SVM_String;
  /** The structure of a structure parameter. */
  svm_parameter_structure_get(parameter: SVM_Parameter): SVM_Structure;
  /** A value parameter, to call a function. */
  svm_parameter_value_new(value: SVM_Value): SVM_Parameter;
  /** A marker parameter. */
  svm_parameter_marker_new(marker: SVM_String): SVM_Parameter;
  /** A keyword parameter. */
  svm_parameter_keyword_new(keyword: SVM_String): SVM_Parameter;
  /** A structure parameter. */
  svm_parameter_structure_new(structure: SVM_Structure): SVM_Parameter;

  /** A new structure of the type `type` (`plugin.name`) wrapping `handler`. */
  svm_structure_new(type: SVM_String, handler: unknown): SVM_Structure;
  /** The internal object of a structure, checking it has the type `type`. */
  svm_structure_get_internal(type: SVM_String, structure: SVM_Structure): unknown;
  /** A copy of a structure (through `struct_<name>_copy`). */
  svm_structure_copy(structure: SVM_Structure): SVM_Structure;

  /** Calls the function `name` (`plugin.name`) with arguments matching its pattern. */
  svm_function_call(name: SVM_String, argc: SVM_Size, argv: readonly SVM_Parameter[]): SVM_Variable | null;

  /** Keeps a variable alive after the current callback returns (until `svm_variable_delete`). */
  svm_variable_scope_set_global(variable: SVM_Variable): void;
  /** Lets a global variable be freed again when the current callback returns. */
  svm_variable_scope_set_local(variable: SVM_Variable): void;
  /** Frees a variable now (a lock is released). */
  svm_variable_delete(variable: SVM_Variable): void;
  /** Whether a handle is a variable this API gave out and that is still alive. */
  svm_variable_is_valid(variable: SVM_Variable): SVM_Boolean;

  /** Raises a built-in interruption (`FAILURE` ...) with a message: it ends the callback. */
  svm_processor_current_raise_error_internal__raw(kind: SVM_String, message: SVM_String): never;
  /** Raises a plugin interruption (`plugin.name`, declared `INTERRUPTION`) with a message: it ends the callback. */
  svm_processor_current_raise_error_external__raw(name: SVM_String, message: SVM_String): never;
  /** Sets an interruption handler of the current kernel: `LOCAL`, `CASCADE` or `GLOBAL`, at code address `address`. */
  svm_processor_interruptionhandler_set(kind: SVM_String, level: SVM_Interruption_Level, address: number): void;

  /** The process running the callback. */
  svm_process_get_current(): SVM_Process;
  /** The process called `name`, or null. */
  svm_process_find(name: SVM_String): SVM_Process | null;
  /** The name of a process. */
  svm_process_get_name(process: SVM_Process): SVM_String;
  /** The state of a process. */
  svm_process_get_state(process: SVM_Process): SVM_Process_State;
  /** Lets a SUSPENDED process run (a scheduler's decision); `delay` ms later when not 0. */
  svm_process_run__raw(process: SVM_Process, delay: number): void;
  /** Asks a running process to stop at its next instruction boundary (it becomes SUSPENDED). */
  svm_process_suspend(process: SVM_Process): void;
  /** Ends a process (it becomes ZOMBIE). The current process, or a process whose lock is held. */
  svm_process_terminate(process: SVM_Process): void;
  /** Locks another process: granted now, or queued; a WAITING instruction awaits it. A deadlock raises FAILURE. */
  svm_process_ownership_lock(process: SVM_Process): Promise<SVM_Process_Lock>;
  /** Locks another process if nobody holds its lock; null otherwise. */
  svm_process_ownership_trylock(process: SVM_Process): SVM_Process_Lock | null;
  /** The kernel running the callback. */
  svm_kernel_get_current(): SVM_Kernel;
  /**
   * A new kernel of the current process running `code` (guest assembly, assembled against the
   * plugins), attached to the process's sequencer. Its access derives from the current kernel's:
   * protected mode is inherited, `instructions` and `memory` quotas can only narrow.
   */
  svm_kernel_new_code(code: SVM_String, protectedMode: SVM_Boolean, instructions: number | null, memory: number | null): SVM_Kernel;
  /** The state of a kernel. */
  svm_kernel_get_state(kernel: SVM_Kernel): SVM_Process_State;
  /** A kernel's id: a number unique in the run and stable for the kernel's life (handles are new objects each time). */
  svm_kernel_get_id(kernel: SVM_Kernel): number;
  /** Whether two kernel handles stand for the same kernel (e.g. a sequencer finding the kernel to detach). */
  svm_kernel_equal(left: SVM_Kernel, right: SVM_Kernel): SVM_Boolean;
  /** Whether two process handles stand for the same process. */
  svm_process_equal(left: SVM_Process, right: SVM_Process): SVM_Boolean;
  /** Whether a kernel runs in protected mode. */
  svm_kernel_is_protected(kernel: SVM_Kernel): SVM_Boolean;
  /** A value from a kernel's memory (null when the cell is empty). */
  svm_memory_read_address(kernel: SVM_Kernel, address: number): SVM_Value | null;
  /** Writes a value into a kernel's memory (a copy). */
  svm_memory_write_address(kernel: SVM_Kernel, address: number, value: SVM_Value): void;
  /** The kernels a process holds. */
  svm_process_kernels(process: SVM_Process): readonly SVM_Kernel[];
  /** Sends an interruption (`FAILURE` ... or `!plugin.name`) to a process: its current kernel gets it before its next instruction. */
  svm_process_interrupt(process: SVM_Process, kind: SVM_String, message: SVM_String): void;

  /** Posts a notification to a scheduler (`plugin.name`): its `notification` callback gets NOTIFICATION and `parameter`. */
  svm_scheduler_notify__raw(scheduler: SVM_String, parameter: number): void;
  /** Attaches a process to a scheduler (`plugin.name`); false when the scheduler refuses. */
  svm_scheduler_process_attach__raw(scheduler: SVM_String, process: SVM_Process, parameter: number): SVM_Boolean;
  /** Detaches a process from its scheduler; false when the scheduler refuses. */
  svm_scheduler_process_detach__raw(scheduler: SVM_String, process: SVM_Process, parameter: number): SVM_Boolean;

  /** The current time on the runtime's clock, in ms (simulated in deterministic runs). */
  svm_machine_time(): number;
  /** A promise settled `delay` ms later on the runtime's clock (for WAITING instructions). */
  svm_machine_sleep(delay: number): Promise<void>;
  /** Writes text to the runtime's output (the application's standard output). */
  svm_machine_output(text: SVM_String): void;
  /** Reads the next line of the runtime's input (without its end of line), null at the end (for WAITING instructions). */
  svm_machine_input(): Promise<SVM_String | null>;
}

/** The name of one API function. */
export type SvmFunctionName = keyof SvmBackend;

/** An `svm` handle: an opaque frozen object whose private field points to the backend serving it (null once revoked). */
class SvmHandle {
  #backend: SvmBackend | null;

  constructor(backend: SvmBackend) {
    this.#backend = backend;
    Object.freeze(this);
  }

  /** The backend of `value` if it is a live `svm` handle. */
  static backendOf(value: unknown): SvmBackend | null {
    return typeof value === 'object' && value !== null && #backend in value ? value.#backend : null;
  }

  /** Revokes `value` if it is an `svm` handle. */
  static revoke(value: unknown): void {
    if (typeof value === 'object' && value !== null && #backend in value) value.#backend = null;
  }
}

/** A misuse of the API that cannot become an interruption: a first parameter that is not a live `svm` handle. */
export class PluginApiError extends ExvmError {
  /** Creates the error for `fn`. */
  constructor(fn: string, detail: string) {
    super(ErrorCode.PluginApi, `${fn}: ${detail}`);
  }
}

/** A new `svm` handle served by `backend` (the runtime makes one per callback invocation). */
export function bindBackend(backend: SvmBackend): SVM {
  return new SvmHandle(backend) as unknown as SVM;
}

/** Revokes an `svm` handle: API calls with it fail from now on. */
export function unbindBackend(svm: SVM): void {
  SvmHandle.revoke(svm);
}

/** The backend serving `svm`; throws PluginApiError for anything else. */
export function backendOf(svm: SVM, fn: string): SvmBackend {
  const backend = SvmHandle.backendOf(svm);
  if (backend === null) throw new PluginApiError(fn, 'parameter svm is not the first parameter of a running plugin callback');
  return backend;
}
