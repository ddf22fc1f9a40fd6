/**
 * The plugin API functions, named as the SVM names them. Each takes the `svm` handle the callback
 * received first, then its own parameters, and checks them all: a bad handle raises a FAILURE
 * interruption whose message names the function and the parameter.
 */
import type { SVM } from './types.js';
import type { SvmBackend, SvmFunctionName } from './backend.js';
import { backendOf } from './backend.js';

type ApiFunction<K extends SvmFunctionName> = (svm: SVM, ...args: Parameters<SvmBackend[K]>) => ReturnType<SvmBackend[K]>;

/** The free function `name(svm, ...)` forwarding to the backend serving `svm`. */
function api<K extends SvmFunctionName>(name: K): ApiFunction<K> {
  return (svm, ...args) => {
    const backend = backendOf(svm, name);
    return (backend[name] as (...a: Parameters<SvmBackend[K]>) => ReturnType<SvmBackend[K]>).apply(backend, args);
  };
}

/** Declares the plugin (only inside `plugin_configure`). */
export const svm_plugin_configure = api('svm_plugin_configure');
/** The value of a plugin option or argument (`OPTION`/`ARGUMENT`): null when not given, FALSE for an absent BLN option; FAILURE for a name no plugin declares. */
export const svm_plugin_get_option = api('svm_plugin_get_option');
/** The positional values of `ARGUMENTS` (the remaining arguments); FAILURE for a name no plugin declares as ARGUMENTS. */
export const svm_plugin_get_arguments = api('svm_plugin_get_arguments');
/** A new INT value. */
export const svm_value_integer_new = api('svm_value_integer_new');
/** The number of an INT value. */
export const svm_value_integer_get = api('svm_value_integer_get');
/** Changes an INT value. */
export const svm_value_integer_set = api('svm_value_integer_set');
/** A new STR value. */
export const svm_value_string_new = api('svm_value_string_new');
/** The text of a STR value. */
export const svm_value_string_get = api('svm_value_string_get');
/** Changes a STR value. */
export const svm_value_string_set = api('svm_value_string_set');
/** A new BLN value. */
export const svm_value_boolean_new = api('svm_value_boolean_new');
/** The truth of a BLN value. */
export const svm_value_boolean_get = api('svm_value_boolean_get');
/** Changes a BLN value. */
export const svm_value_boolean_set = api('svm_value_boolean_set');
/** A new PTR value: `size` memory cells from `address`. */
export const svm_value_pointer_new = api('svm_value_pointer_new');
/** The address of a PTR value. */
export const svm_value_pointer_get_address = api('svm_value_pointer_get_address');
/** The size of a PTR value. */
export const svm_value_pointer_get_size = api('svm_value_pointer_get_size');
/** A new PEP value (a plugin entry point `plugin.entry`). */
export const svm_value_pluginentrypoint_new = api('svm_value_pluginentrypoint_new');
/** The `plugin.entry` text of a PEP value. */
export const svm_value_pluginentrypoint_get = api('svm_value_pluginentrypoint_get');
/** A new IRQ value (an interruption kind: `FAILURE` or `!plugin.name`). */
export const svm_value_interruption_new = api('svm_value_interruption_new');
/** The kind of an IRQ value. */
export const svm_value_interruption_get = api('svm_value_interruption_get');
/** A new SYM value (a code address of the current kernel). */
export const svm_value_symbol_new = api('svm_value_symbol_new');
/** The code address of a SYM value. */
export const svm_value_symbol_get = api('svm_value_symbol_get');
/** A new LIB value (a code unit, by name). */
export const svm_value_library_new = api('svm_value_library_new');
/** The name of a LIB value. */
export const svm_value_library_get = api('svm_value_library_get');
/** A new value of the plugin type `type` (`plugin.name`) wrapping `handler`. */
export const svm_value_plugin_new = api('svm_value_plugin_new');
/** A new value of the plugin type `type` from a constant's text (through `type_<name>_constant`). */
export const svm_value_plugin_new_const = api('svm_value_plugin_new_const');
/** The internal object of a plugin value. */
export const svm_value_plugin_get_internal = api('svm_value_plugin_get_internal');
/** The type name of a value: `INT` ... or `plugin.name`. */
export const svm_value_type_name = api('svm_value_type_name');
/** Whether a value has the type `type`. */
export const svm_value_type_is = api('svm_value_type_is');
/** A copy of a value (plugin types through `type_<name>_copy`). */
export const svm_value_copy = api('svm_value_copy');
/** Compares two values of the same type: negative, 0 or positive, null when not comparable. */
export const svm_value_compare = api('svm_value_compare');
/** The text of a value (plugin types through `type_<name>_print`). */
export const svm_value_print = api('svm_value_print');
/** Whether a parameter is a value. */
export const svm_parameter_type_is_value = api('svm_parameter_type_is_value');
/** Whether a parameter is a marker. */
export const svm_parameter_type_is_marker = api('svm_parameter_type_is_marker');
/** Whether a parameter is a keyword. */
export const svm_parameter_type_is_keyword = api('svm_parameter_type_is_keyword');
/** Whether a parameter is a structure. */
export const svm_parameter_type_is_structure = api('svm_parameter_type_is_structure');
/** The value of a value parameter (for a MUTABLE one, changes are seen by the caller). */
export const svm_parameter_value_get = api('svm_parameter_value_get');
/** The text of a marker parameter. */
export const svm_parameter_marker_get = api('svm_parameter_marker_get');
/** The text of a keyword parameter. */
export const svm_parameter_keyword_get = api('svm_parameter_keyword_get');
/** The structure of a structure parameter. */
export const svm_parameter_structure_get = api('svm_parameter_structure_get');
/** A value parameter, to call a function. */
export const svm_parameter_value_new = api('svm_parameter_value_new');
/** A marker parameter. */
export const svm_parameter_marker_new = api('svm_parameter_marker_new');
/** A keyword parameter. */
export const svm_parameter_keyword_new = api('svm_parameter_keyword_new');
/** A structure parameter. */
export const svm_parameter_structure_new = api('svm_parameter_structure_new');
/** A new structure of the type `type` (`plugin.name`) wrapping `handler`. */
export const svm_structure_new = api('svm_structure_new');
/** The internal object of a structure, checking it has the type `type`. */
export const svm_structure_get_internal = api('svm_structure_get_internal');
/** A copy of a structure (through `struct_<name>_copy`). */
export const svm_structure_copy = api('svm_structure_copy');
/** Calls the function `name` (`plugin.name`) with arguments matching its pattern. */
export const svm_function_call = api('svm_function_call');
/** Keeps a variable alive after the current callback returns (until `svm_variable_delete`). */
export const svm_variable_scope_set_global = api('svm_variable_scope_set_global');
/** Lets a global variable be freed again when the current callback returns. */
export const svm_variable_scope_set_local = api('svm_variable_scope_set_local');
/** Frees a variable now (a lock is released). */
export const svm_variable_delete = api('svm_variable_delete');
/** Whether a handle is a variable this API gave out and that is still alive. */
export const svm_variable_is_valid = api('svm_variable_is_valid');
/** Raises a built-in interruption (`FAILURE` ...) with a message: it ends the callback. */
export const svm_processor_current_raise_error_internal__raw = api('svm_processor_current_raise_error_internal__raw');
/** Raises a plugin interruption (`plugin.name`, declared `INTERRUPTION`) with a message: it ends the callback. */
export const svm_processor_current_raise_error_external__raw = api('svm_processor_current_raise_error_external__raw');
/** Sets an interruption handler of the current kernel: `LOCAL`, `CASCADE` or `GLOBAL`, at code address `address`. */
export const svm_processor_interruptionhandler_set = api('svm_processor_interruptionhandler_set');
/** The process running the callback. */
export const svm_process_get_current = api('svm_process_get_current');
/** The process called `name`, or null. */
export const svm_process_find = api('svm_process_find');
/** The name of a process. */
export const svm_process_get_name = api('svm_process_get_name');
/** The state of a process. */
export const svm_process_get_state = api('svm_process_get_state');
/** Lets a SUSPENDED process run (a scheduler's decision); `delay` ms later when not 0. */
export const svm_process_run__raw = api('svm_process_run__raw');
/** Asks a running process to stop at its next instruction boundary (it becomes SUSPENDED). */
export const svm_process_suspend = api('svm_process_suspend');
/** Ends a process (it becomes ZOMBIE). The current process, or a process whose lock is held. */
export const svm_process_terminate = api('svm_process_terminate');
/** Locks another process: granted now, or queued; a WAITING instruction awaits it. A deadlock raises FAILURE. */
export const svm_process_ownership_lock = api('svm_process_ownership_lock');
/** Locks another process if nobody holds its lock; null otherwise. */
export const svm_process_ownership_trylock = api('svm_process_ownership_trylock');
/** The kernel running the callback. */
export const svm_kernel_get_current = api('svm_kernel_get_current');
/** A new kernel of the current process running `code`; its access derives from the current kernel's (protected mode inherited, quotas only narrowed). */
export const svm_kernel_new_code = api('svm_kernel_new_code');
/** The state of a kernel. */
export const svm_kernel_get_state = api('svm_kernel_get_state');
/** A kernel's id: unique in the run, stable for the kernel's life (handles are new objects each time). */
export const svm_kernel_get_id = api('svm_kernel_get_id');
/** Whether two kernel handles stand for the same kernel. */
export const svm_kernel_equal = api('svm_kernel_equal');
/** Whether two process handles stand for the same process. */
export const svm_process_equal = api('svm_process_equal');
/** Whether a kernel runs in protected mode. */
export const svm_kernel_is_protected = api('svm_kernel_is_protected');
/** A value from a kernel's memory (null when the cell is empty). */
export const svm_memory_read_address = api('svm_memory_read_address');
/** Writes a value into a kernel's memory (a copy). */
export const svm_memory_write_address = api('svm_memory_write_address');
/** The kernels a process holds. */
export const svm_process_kernels = api('svm_process_kernels');
/** Sends an interruption (`FAILURE` ... or `!plugin.name`) to a process: its current kernel gets it before its next instruction. */
export const svm_process_interrupt = api('svm_process_interrupt');
/** Posts a notification to a scheduler (`plugin.name`): its `notification` callback gets NOTIFICATION and `parameter`. */
export const svm_scheduler_notify__raw = api('svm_scheduler_notify__raw');
/** Attaches a process to a scheduler (`plugin.name`); false when the scheduler refuses. */
export const svm_scheduler_process_attach__raw = api('svm_scheduler_process_attach__raw');
/** Detaches a process from its scheduler; false when the scheduler refuses. */
export const svm_scheduler_process_detach__raw = api('svm_scheduler_process_detach__raw');
/** The current time on the runtime's clock, in ms (simulated in deterministic runs). */
export const svm_machine_time = api('svm_machine_time');
/** A promise settled `delay` ms later on the runtime's clock (for WAITING instructions). */
export const svm_machine_sleep = api('svm_machine_sleep');
/** Writes text to the runtime's output (the application's standard output). */
export const svm_machine_output = api('svm_machine_output');
/** Reads the next line of the runtime's input (without its end of line), null at the end (for WAITING instructions). */
export const svm_machine_input = api('svm_machine_input');
