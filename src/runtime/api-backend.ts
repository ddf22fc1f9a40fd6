/**
 * The plugin API's implementation for one callback invocation: each function checks its arguments
 * (api-checks.ts), then acts on the runtime. Handles it makes belong to the invocation's scope.
 */
import type { SvmBackend } from '../plugin/api/backend.js';
import type {
  SVM_Boolean, SVM_Interruption_Level, SVM_Kernel, SVM_Parameter, SVM_Process, SVM_Process_Lock, SVM_Process_State, SVM_Size, SVM_String,
  SVM_Structure, SVM_Value, SVM_Variable,
} from '../plugin/api/index.js';
import type { ArgumentDescriptor, FunctionDeclaration, OptionDeclaration } from '../plugin/config/index.js';
import type { LoadedPlugin } from '../plugin/registry/index.js';
import { errorReason } from '../messages.js';
import { matchArguments } from '../plugin/config/index.js';
import { ApiChecks, QUALIFIED } from './api-checks.js';
import { resultMismatch } from './results.js';
import { DEFAULT_SCHEDULER } from './schedulers.js';
import type { HandleEntry, HandleTarget, RuntimeParameter, RuntimeStructure, Scope } from './handles.js';
import { isLive, staleness } from './handles.js';
import { INTERRUPTION_KINDS, interrupt } from './interruptions.js';
import type { Kernel } from './kernel.js';
import type { Process, ProcessLock } from './process.js';
import type { RuntimeServices } from './services.js';
import type { PointerData, RuntimeValue } from './values.js';
import { compareValues, copyValue, isPluginType, printValue } from './values.js';

const LEVELS: readonly string[] = ['LOCAL', 'CASCADE', 'GLOBAL'];

/** How a parameter reads to the pattern matcher. */
export function describeParameter(parameter: RuntimeParameter): ArgumentDescriptor {
  switch (parameter.kind) {
    case 'value':
      return { kind: 'value', type: parameter.value.type, mutable: parameter.mutable };
    case 'marker':
    case 'keyword':
      return { kind: parameter.kind, text: parameter.text };
    case 'structure':
      return { kind: 'structure', type: parameter.structure.type };
  }
}

/** The API as one callback sees it: `process` and `kernel` are whose behalf it runs on (null for scheduler callbacks). */
export class CallbackBackend extends ApiChecks implements SvmBackend {
  constructor(
    runtime: RuntimeServices,
    process: Process | null,
    kernel: Kernel | null,
    readonly scope: Scope,
    plugin: LoadedPlugin | null = null,
  ) {
    super(runtime, process, kernel, plugin);
  }

  // ---- handles ----

  #newValue(value: RuntimeValue): SVM_Value {
    return this.runtime.handles.make<'value'>(this.scope, { kind: 'value', value }, true);
  }

  /** A handle on a value the caller keeps owning (memory, a parameter). */
  #borrowedValue(value: RuntimeValue): SVM_Value {
    return this.runtime.handles.make<'value'>(this.scope, { kind: 'value', value }, false);
  }

  /** A handle on a call argument. */
  parameterHandle(parameter: RuntimeParameter): SVM_Parameter {
    return this.runtime.handles.make<'parameter'>(this.scope, { kind: 'parameter', parameter }, false);
  }

  /** A handle on a process. */
  processHandle(process: Process): SVM_Process {
    return this.runtime.handles.make<'process'>(this.scope, { kind: 'process', process }, false);
  }

  /** A handle on a kernel. */
  kernelHandle(kernel: Kernel): SVM_Kernel {
    return this.runtime.handles.make<'kernel'>(this.scope, { kind: 'kernel', kernel }, false);
  }

  // ---- plugin ----

  svm_plugin_configure(): void {
    this.fail('svm_plugin_configure', 'can only be called from plugin_configure');
  }

  svm_plugin_get_option(name: SVM_String): SVM_Value | null {
    const fn = 'svm_plugin_get_option';
    const key = this.string(fn, 'name', name);
    const option = this.runtime.plugins.find('OPTION', key);
    if (option === undefined && this.runtime.plugins.find('ARGUMENT', key) === undefined) this.fail(fn, `parameter name: no plugin declares the OPTION or ARGUMENT ${key}`);
    const given = this.runtime.plugins.setting(key);
    const value = given === undefined && (option?.declaration as OptionDeclaration | undefined)?.valueType === 'BLN' ? false : given; // an absent flag is FALSE
    if (value === undefined) return null;
    return this.#newValue(typeof value === 'number' ? { type: 'INT', data: value } : typeof value === 'boolean' ? { type: 'BLN', data: value } : { type: 'STR', data: value });
  }

  svm_plugin_get_arguments(name: SVM_String): readonly SVM_Value[] {
    const key = this.string('svm_plugin_get_arguments', 'name', name);
    if (this.runtime.plugins.find('ARGUMENTS', key) === undefined) this.fail('svm_plugin_get_arguments', `parameter name: no plugin declares the ARGUMENTS ${key}`);
    return this.runtime.plugins.rest(key).map((text) => this.#newValue({ type: 'STR', data: text }));
  }

  // ---- values ----

  svm_value_integer_new(integer: number): SVM_Value {
    return this.#newValue({ type: 'INT', data: this.integer('svm_value_integer_new', 'integer', integer) });
  }

  svm_value_integer_get(value: SVM_Value): number {
    return this.value('svm_value_integer_get', 'value', value, 'INT').data as number;
  }

  svm_value_integer_set(value: SVM_Value, integer: number): void {
    this.value('svm_value_integer_set', 'value', value, 'INT').data = this.integer('svm_value_integer_set', 'integer', integer);
  }

  svm_value_string_new(string: SVM_String): SVM_Value {
    return this.#newValue({ type: 'STR', data: this.string('svm_value_string_new', 'string', string) });
  }

  svm_value_string_get(value: SVM_Value): SVM_String {
    return this.value('svm_value_string_get', 'value', value, 'STR').data as string;
  }

  svm_value_string_set(value: SVM_Value, string: SVM_String): void {
    this.value('svm_value_string_set', 'value', value, 'STR').data = this.string('svm_value_string_set', 'string', string);
  }

  svm_value_boolean_new(boolean: SVM_Boolean): SVM_Value {
    return this.#newValue({ type: 'BLN', data: this.boolean('svm_value_boolean_new', 'boolean', boolean) });
  }

  svm_value_boolean_get(value: SVM_Value): SVM_Boolean {
    return this.value('svm_value_boolean_get', 'value', value, 'BLN').data as boolean;
  }

  svm_value_boolean_set(value: SVM_Value, boolean: SVM_Boolean): void {
    this.value('svm_value_boolean_set', 'value', value, 'BLN').data = this.boolean('svm_value_boolean_set', 'boolean', boolean);
  }

  svm_value_pointer_new(address: number, size: SVM_Size): SVM_Value {
    const data: PointerData = { address: this.integer('svm_value_pointer_new', 'address', address, 0), size: this.integer('svm_value_pointer_new', 'size', size, 0) };
    return this.#newValue({ type: 'PTR', data });
  }

  svm_value_pointer_get_address(value: SVM_Value): number {
    return (this.value('svm_value_pointer_get_address', 'value', value, 'PTR').data as PointerData).address;
  }

  svm_value_pointer_get_size(value: SVM_Value): SVM_Size {
    return (this.value('svm_value_pointer_get_size', 'value', value, 'PTR').data as PointerData).size;
  }

  svm_value_pluginentrypoint_new(plugin: SVM_String, entry: SVM_String): SVM_Value {
    const name = `${this.string('svm_value_pluginentrypoint_new', 'plugin', plugin)}.${this.string('svm_value_pluginentrypoint_new', 'entry', entry)}`;
    if (!QUALIFIED.test(name)) this.fail('svm_value_pluginentrypoint_new', `parameters plugin and entry do not make a plugin entry point: ${JSON.stringify(name)}`);
    return this.#newValue({ type: 'PEP', data: name });
  }

  svm_value_pluginentrypoint_get(value: SVM_Value): SVM_String {
    return this.value('svm_value_pluginentrypoint_get', 'value', value, 'PEP').data as string;
  }

  svm_value_interruption_new(kind: SVM_String): SVM_Value {
    const text = this.interruptionKind('svm_value_interruption_new', kind);
    return this.#newValue({ type: 'IRQ', data: text });
  }

  svm_value_interruption_get(value: SVM_Value): SVM_String {
    return this.value('svm_value_interruption_get', 'value', value, 'IRQ').data as string;
  }

  svm_value_symbol_new(address: number): SVM_Value {
    return this.#newValue({ type: 'SYM', data: this.integer('svm_value_symbol_new', 'address', address, 0) });
  }

  svm_value_symbol_get(value: SVM_Value): number {
    return this.value('svm_value_symbol_get', 'value', value, 'SYM').data as number;
  }

  svm_value_library_new(name: SVM_String): SVM_Value {
    return this.#newValue({ type: 'LIB', data: this.string('svm_value_library_new', 'name', name) });
  }

  svm_value_library_get(value: SVM_Value): SVM_String {
    return this.value('svm_value_library_get', 'value', value, 'LIB').data as string;
  }

  svm_value_plugin_new(type: SVM_String, handler: unknown): SVM_Value {
    const name = this.string('svm_value_plugin_new', 'type', type);
    this.declared('svm_value_plugin_new', 'type', 'TYPE', name);
    if (handler === null || handler === undefined) this.fail('svm_value_plugin_new', 'parameter handler is void');
    return this.#newValue({ type: name, data: handler });
  }

  svm_value_plugin_new_const(type: SVM_String, text: SVM_String): SVM_Value {
    const name = this.string('svm_value_plugin_new_const', 'type', type);
    this.declared('svm_value_plugin_new_const', 'type', 'TYPE', name);
    const constant = this.string('svm_value_plugin_new_const', 'text', text);
    return this.#newValue({ type: name, data: this.runtime.types.constant(name, constant) });
  }

  svm_value_plugin_get_internal(value: SVM_Value): unknown {
    const found = this.value('svm_value_plugin_get_internal', 'value', value);
    if (!isPluginType(found.type)) this.fail('svm_value_plugin_get_internal', `parameter value is not a plugin type value (it is ${found.type})`);
    return found.data;
  }

  svm_value_type_name(value: SVM_Value): SVM_String {
    return this.value('svm_value_type_name', 'value', value).type;
  }

  svm_value_type_is(value: SVM_Value, type: SVM_String): SVM_Boolean {
    return this.value('svm_value_type_is', 'value', value).type === this.string('svm_value_type_is', 'type', type);
  }

  svm_value_copy(value: SVM_Value): SVM_Value {
    return this.#newValue(copyValue(this.value('svm_value_copy', 'value', value), this.runtime.types));
  }

  svm_value_compare(left: SVM_Value, right: SVM_Value): number | null {
    return compareValues(this.value('svm_value_compare', 'left', left), this.value('svm_value_compare', 'right', right), this.runtime.types);
  }

  svm_value_print(value: SVM_Value): SVM_String {
    return printValue(this.value('svm_value_print', 'value', value), this.runtime.types);
  }

  // ---- parameters ----

  svm_parameter_type_is_value(parameter: SVM_Parameter): SVM_Boolean {
    return this.parameter('svm_parameter_type_is_value', 'parameter', parameter).kind === 'value';
  }

  svm_parameter_type_is_marker(parameter: SVM_Parameter): SVM_Boolean {
    return this.parameter('svm_parameter_type_is_marker', 'parameter', parameter).kind === 'marker';
  }

  svm_parameter_type_is_keyword(parameter: SVM_Parameter): SVM_Boolean {
    return this.parameter('svm_parameter_type_is_keyword', 'parameter', parameter).kind === 'keyword';
  }

  svm_parameter_type_is_structure(parameter: SVM_Parameter): SVM_Boolean {
    return this.parameter('svm_parameter_type_is_structure', 'parameter', parameter).kind === 'structure';
  }

  svm_parameter_value_get(parameter: SVM_Parameter): SVM_Value {
    const found = this.parameter('svm_parameter_value_get', 'parameter', parameter, 'value') as Extract<RuntimeParameter, { kind: 'value' }>;
    return this.#borrowedValue(found.value);
  }

  svm_parameter_marker_get(parameter: SVM_Parameter): SVM_String {
    return (this.parameter('svm_parameter_marker_get', 'parameter', parameter, 'marker') as Extract<RuntimeParameter, { kind: 'marker' }>).text;
  }

  svm_parameter_keyword_get(parameter: SVM_Parameter): SVM_String {
    return (this.parameter('svm_parameter_keyword_get', 'parameter', parameter, 'keyword') as Extract<RuntimeParameter, { kind: 'keyword' }>).text;
  }

  svm_parameter_structure_get(parameter: SVM_Parameter): SVM_Structure {
    const found = this.parameter('svm_parameter_structure_get', 'parameter', parameter, 'structure') as Extract<RuntimeParameter, { kind: 'structure' }>;
    return this.runtime.handles.make<'structure'>(this.scope, { kind: 'structure', structure: found.structure }, false);
  }

  svm_parameter_value_new(value: SVM_Value): SVM_Parameter {
    return this.parameterHandle({ kind: 'value', value: this.value('svm_parameter_value_new', 'value', value), mutable: false });
  }

  svm_parameter_marker_new(marker: SVM_String): SVM_Parameter {
    return this.parameterHandle({ kind: 'marker', text: this.string('svm_parameter_marker_new', 'marker', marker) });
  }

  svm_parameter_keyword_new(keyword: SVM_String): SVM_Parameter {
    return this.parameterHandle({ kind: 'keyword', text: this.string('svm_parameter_keyword_new', 'keyword', keyword) });
  }

  svm_parameter_structure_new(structure: SVM_Structure): SVM_Parameter {
    const found = this.entry('svm_parameter_structure_new', 'structure', structure, 'structure', 'a structure').target.structure;
    return this.parameterHandle({ kind: 'structure', structure: found });
  }

  // ---- structures and functions ----

  svm_structure_new(type: SVM_String, handler: unknown): SVM_Structure {
    const name = this.string('svm_structure_new', 'type', type);
    this.declared('svm_structure_new', 'type', 'STRUCT', name);
    if (handler === null || handler === undefined) this.fail('svm_structure_new', 'parameter handler is void');
    const structure: RuntimeStructure = { type: name, data: handler };
    return this.runtime.handles.make<'structure'>(this.scope, { kind: 'structure', structure }, true);
  }

  svm_structure_get_internal(type: SVM_String, structure: SVM_Structure): unknown {
    const name = this.string('svm_structure_get_internal', 'type', type);
    const found = this.entry('svm_structure_get_internal', 'structure', structure, 'structure', 'a structure').target.structure;
    if (found.type !== name) this.fail('svm_structure_get_internal', `parameter structure is not a $${name} structure (it is $${found.type})`);
    return found.data;
  }

  svm_structure_copy(structure: SVM_Structure): SVM_Structure {
    const found = this.entry('svm_structure_copy', 'structure', structure, 'structure', 'a structure').target.structure;
    const object = this.runtime.plugins.find('STRUCT', found.type);
    const copy = object?.callbacks.get('copy');
    if (copy === undefined) this.fail('svm_structure_copy', `parameter structure: $${found.type} cannot be copied (no struct_${found.type.slice(found.type.indexOf('.') + 1)}_copy callback)`);
    const data = this.runtime.invoke(`struct ${found.type} copy`, this.process, this.kernel, (svm) => (copy as (...args: unknown[]) => unknown)(svm, found.data), object?.plugin);
    return this.runtime.handles.make<'structure'>(this.scope, { kind: 'structure', structure: { type: found.type, data } }, true);
  }

  svm_function_call(name: SVM_String, argc: SVM_Size, argv: readonly SVM_Parameter[]): SVM_Variable | null {
    const fn = 'svm_function_call';
    const qualified = this.string(fn, 'name', name);
    const prototype = this.declared(fn, 'name', 'FUNCTION', qualified);
    const count = this.integer(fn, 'argc', argc, 0);
    if (!Array.isArray(argv)) this.fail(fn, 'parameter argv is not an array of parameters');
    if (argv.length !== count) this.fail(fn, `parameter argc is ${count} but argv holds ${argv.length} parameters`);
    const parameters = argv.map((p, index) => this.parameter(fn, `argv[${index}]`, p));
    const object = this.runtime.plugins.find('FUNCTION', qualified)!;
    const match = matchArguments((prototype ?? object).compiled!, parameters.map(describeParameter));
    if (!match.ok) this.fail(fn, `parameter argv does not match ${prototype === undefined ? '' : 'the USE prototype of '}FUNCTION ${qualified}: ${match.message}`);
    const call = object.callbacks.get('call') as (...args: unknown[]) => unknown;
    return this.runtime.invoke(`function ${qualified}`, this.process, this.kernel, (svm) => {
      return this.#adopt(fn, object.declaration as FunctionDeclaration, call(svm, count, argv));
    }, object.plugin);
  }

  /** Checks a variable a function returned against its declaration and moves it into this callback's scope. */
  #adopt(fn: string, declaration: FunctionDeclaration, variable: unknown): SVM_Variable | null {
    const entry = variable === null || variable === undefined ? null : this.runtime.handles.entry(variable);
    if (entry !== null && (!isLive(entry) || (entry.target.kind !== 'value' && entry.target.kind !== 'structure'))) {
      this.fail(fn, `function ${declaration.name} returned something that is not a live value or structure`);
    }
    const mismatch = resultMismatch(`function ${declaration.name}`, declaration.returns, entry === null ? null : (entry.target as Extract<HandleTarget, { kind: 'value' | 'structure' }>));
    if (mismatch !== null) this.fail(fn, mismatch);
    if (entry === null) return null;
    const owned = entry.owned;
    entry.owned = false;
    return this.runtime.handles.make(this.scope, entry.target, owned);
  }

  // ---- variables ----

  #variable(fn: string, variable: unknown): HandleEntry {
    if (variable === null || variable === undefined) this.fail(fn, 'parameter variable is void');
    const entry = this.runtime.handles.entry(variable);
    if (entry === undefined) this.fail(fn, 'parameter variable is invalid: it was not returned by the API nor given to a callback');
    const stale = staleness(entry);
    if (stale !== null) this.fail(fn, `parameter variable is stale: ${stale}`);
    return entry;
  }

  svm_variable_scope_set_global(variable: SVM_Variable): void {
    this.runtime.handles.setGlobal(this.#variable('svm_variable_scope_set_global', variable), true);
  }

  svm_variable_scope_set_local(variable: SVM_Variable): void {
    const entry = this.#variable('svm_variable_scope_set_local', variable);
    this.runtime.handles.setGlobal(entry, false);
    if (entry.scope !== this.scope) this.scope.entries.push(entry); // freed when this callback returns
  }

  svm_variable_delete(variable: SVM_Variable): void {
    this.runtime.handles.free(this.#variable('svm_variable_delete', variable), this.runtime.release, true);
  }

  svm_variable_is_valid(variable: SVM_Variable): SVM_Boolean {
    return isLive(this.runtime.handles.entry(variable));
  }

  // ---- interruptions ----

  svm_processor_current_raise_error_internal__raw(kind: SVM_String, message: SVM_String): never {
    const fn = 'svm_processor_current_raise_error_internal__raw';
    const text = this.string(fn, 'kind', kind);
    if (!(INTERRUPTION_KINDS as readonly string[]).includes(text)) this.fail(fn, `parameter kind: ${JSON.stringify(text)} is not a built-in interruption kind`);
    return interrupt(text, this.string(fn, 'message', message));
  }

  svm_processor_current_raise_error_external__raw(name: SVM_String, message: SVM_String): never {
    const fn = 'svm_processor_current_raise_error_external__raw';
    const text = this.string(fn, 'name', name);
    this.declared(fn, 'name', 'INTERRUPTION', text);
    return interrupt(`!${text}`, this.string(fn, 'message', message));
  }

  svm_processor_interruptionhandler_set(kind: SVM_String, level: SVM_Interruption_Level, address: number): void {
    const fn = 'svm_processor_interruptionhandler_set';
    const { kernel } = this.current(fn);
    const text = this.interruptionKind(fn, kind);
    if (!LEVELS.includes(this.string(fn, 'level', level))) this.fail(fn, 'parameter level is not LOCAL, CASCADE or GLOBAL');
    const target = this.integer(fn, 'address', address, 0);
    if (target >= kernel.code.program.code.length / 5) this.fail(fn, `parameter address ${target} is outside the code`);
    kernel.setHandler(text, level, target);
  }

  // ---- processes and kernels ----

  svm_process_get_current(): SVM_Process {
    return this.processHandle(this.current('svm_process_get_current').process);
  }

  svm_process_find(name: SVM_String): SVM_Process | null {
    const wanted = this.string('svm_process_find', 'name', name);
    const found = this.runtime.processes.find((p) => p.name === wanted);
    return found === undefined ? null : this.processHandle(found);
  }

  svm_process_get_name(process: SVM_Process): SVM_String {
    return this.processArg('svm_process_get_name', 'process', process, false).name;
  }

  svm_process_get_state(process: SVM_Process): SVM_Process_State {
    return this.processArg('svm_process_get_state', 'process', process, false).state;
  }

  svm_process_run__raw(process: SVM_Process, delay: number): void {
    const target = this.processArg('svm_process_run__raw', 'process', process, true);
    this.runtime.runProcess(target, this.delay('svm_process_run__raw', 'delay', delay));
  }

  svm_process_suspend(process: SVM_Process): void {
    this.runtime.suspendProcess(this.processArg('svm_process_suspend', 'process', process, true));
  }

  svm_process_terminate(process: SVM_Process): void {
    this.runtime.terminateProcess(this.processArg('svm_process_terminate', 'process', process, true));
  }

  #lockHandle(lock: ProcessLock): SVM_Process_Lock {
    return this.runtime.handles.make<'lock'>(this.scope, { kind: 'lock', lock }, true);
  }

  #lockTarget(fn: string, process: SVM_Process): { requester: Process; target: Process } {
    const { process: requester } = this.current(fn);
    const target = this.processArg(fn, 'process', process, false);
    if (target === requester) this.fail(fn, 'parameter process is the current process: a process does not lock itself');
    if (target.lock?.owner === requester) this.fail(fn, `parameter process: the current process already holds the lock of ${target.name}`);
    return { requester, target };
  }

  svm_process_ownership_lock(process: SVM_Process): Promise<SVM_Process_Lock> {
    const { requester, target } = this.#lockTarget('svm_process_ownership_lock', process);
    const lock = this.runtime.lockProcess(requester, target, true)!;
    return lock instanceof Promise ? lock.then((granted) => this.#lockHandle(granted)) : Promise.resolve(this.#lockHandle(lock));
  }

  svm_process_ownership_trylock(process: SVM_Process): SVM_Process_Lock | null {
    const { requester, target } = this.#lockTarget('svm_process_ownership_trylock', process);
    const lock = this.runtime.lockProcess(requester, target, false);
    return lock === null || lock instanceof Promise ? null : this.#lockHandle(lock);
  }

  svm_kernel_get_current(): SVM_Kernel {
    return this.kernelHandle(this.current('svm_kernel_get_current').kernel);
  }

  svm_kernel_new_code(code: SVM_String, protectedMode: SVM_Boolean, instructions: number | null, memory: number | null): SVM_Kernel {
    const fn = 'svm_kernel_new_code';
    const { process, kernel } = this.current(fn);
    const source = this.string(fn, 'code', code);
    const access = {
      protectedMode: this.boolean(fn, 'protectedMode', protectedMode),
      instructions: instructions === null ? null : this.integer(fn, 'instructions', instructions, 0),
      memory: memory === null ? null : this.integer(fn, 'memory', memory, 0),
    };
    try {
      return this.kernelHandle(this.runtime.deriveKernel(process, kernel, source, access));
    } catch (error) {
      return this.fail(fn, `parameter code: ${errorReason(error)}`);
    }
  }

  svm_kernel_get_state(kernel: SVM_Kernel): SVM_Process_State {
    return this.kernelArg('svm_kernel_get_state', 'kernel', kernel, false).state;
  }

  svm_kernel_get_id(kernel: SVM_Kernel): number {
    return this.kernelArg('svm_kernel_get_id', 'kernel', kernel, false).id;
  }

  svm_kernel_equal(left: SVM_Kernel, right: SVM_Kernel): SVM_Boolean {
    return this.kernelArg('svm_kernel_equal', 'left', left, false) === this.kernelArg('svm_kernel_equal', 'right', right, false);
  }

  svm_process_equal(left: SVM_Process, right: SVM_Process): SVM_Boolean {
    return this.processArg('svm_process_equal', 'left', left, false) === this.processArg('svm_process_equal', 'right', right, false);
  }

  svm_kernel_is_protected(kernel: SVM_Kernel): SVM_Boolean {
    return this.kernelArg('svm_kernel_is_protected', 'kernel', kernel, false).access.protectedMode;
  }

  svm_memory_read_address(kernel: SVM_Kernel, address: number): SVM_Value | null {
    const found = this.kernelArg('svm_memory_read_address', 'kernel', kernel, true);
    const cell = found.memory[this.integer('svm_memory_read_address', 'address', address, 0)];
    return cell === undefined || cell === null ? null : this.#borrowedValue(cell);
  }

  svm_memory_write_address(kernel: SVM_Kernel, address: number, value: SVM_Value): void {
    const fn = 'svm_memory_write_address';
    const found = this.kernelArg(fn, 'kernel', kernel, true);
    const at = this.integer(fn, 'address', address, 0);
    found.write(at, copyValue(this.value(fn, 'value', value), this.runtime.types), this.runtime.types);
  }

  svm_process_kernels(process: SVM_Process): readonly SVM_Kernel[] {
    return this.processArg('svm_process_kernels', 'process', process, true).kernels.map((k) => this.kernelHandle(k));
  }

  svm_process_interrupt(process: SVM_Process, kind: SVM_String, message: SVM_String): void {
    const fn = 'svm_process_interrupt';
    const target = this.processArg(fn, 'process', process, true);
    const text = this.interruptionKind(fn, kind);
    this.runtime.interruptProcess(target, { kind: text, message: this.string(fn, 'message', message) });
  }

  // ---- schedulers ----

  #scheduler(fn: string, name: unknown) {
    const text = this.string(fn, 'scheduler', name);
    const scheduler = this.runtime.scheduler(text);
    if (scheduler === undefined) this.fail(fn, `parameter scheduler: no scheduler ${text} (declare it with SCHEDULER)`);
    if (text !== DEFAULT_SCHEDULER) this.declared(fn, 'scheduler', 'SCHEDULER', text);
    return scheduler;
  }

  svm_scheduler_notify__raw(scheduler: SVM_String, parameter: number): void {
    const fn = 'svm_scheduler_notify__raw';
    this.runtime.notifyScheduler(this.#scheduler(fn, scheduler), this.integer(fn, 'parameter', parameter));
  }

  svm_scheduler_process_attach__raw(scheduler: SVM_String, process: SVM_Process, parameter: number): SVM_Boolean {
    const fn = 'svm_scheduler_process_attach__raw';
    return this.runtime.attachToScheduler(this.#scheduler(fn, scheduler), this.processArg(fn, 'process', process, true), this.integer(fn, 'parameter', parameter));
  }

  svm_scheduler_process_detach__raw(scheduler: SVM_String, process: SVM_Process, parameter: number): SVM_Boolean {
    const fn = 'svm_scheduler_process_detach__raw';
    return this.runtime.detachFromScheduler(this.#scheduler(fn, scheduler), this.processArg(fn, 'process', process, true), this.integer(fn, 'parameter', parameter));
  }

  // ---- machine ----

  svm_machine_time(): number {
    return this.runtime.time();
  }

  svm_machine_sleep(delay: number): Promise<void> {
    return this.runtime.sleep(this.delay('svm_machine_sleep', 'delay', delay));
  }

  svm_machine_output(text: SVM_String): void {
    this.runtime.output(this.string('svm_machine_output', 'text', text));
  }

  svm_machine_input(): Promise<SVM_String | null> {
    return this.runtime.input();
  }
}
