/** Small plugins the runtime tests use, written against the public plugin API only. */
import type {
  PluginModule, PrintCallback, SchedulerAttachCallback, SchedulerCreateCallback, SchedulerNotificationCallback, SchedulerScheduleCallback, SVM,
  SVM_Parameter,
} from '../../src/plugin/api/index.js';
import {
  definePlugin, svm_machine_output, svm_machine_sleep, svm_parameter_keyword_get, svm_parameter_type_is_keyword, svm_parameter_value_get,
  svm_parameter_structure_get, svm_structure_get_internal, svm_value_integer_get, svm_value_integer_new, svm_value_integer_set,
  svm_value_plugin_get_internal, svm_value_plugin_new, svm_value_print, svm_process_find, svm_process_get_state, svm_process_ownership_lock, svm_process_terminate,
  svm_value_string_get, svm_value_string_new, svm_variable_scope_set_global,
} from '../../src/plugin/api/index.js';

const intOf = (svm: SVM, p: SVM_Parameter): number => svm_value_integer_get(svm, svm_parameter_value_get(svm, p));

/** `calc`: integer arithmetic, printing, sleeping, and a rational type. */
export const calc = definePlugin({
  configuration: `PLUGIN calc
DEFINE
  INSTRUCTION calc.add INT INT + -> INT
  INSTRUCTION calc.div INT INT -> INT
  INSTRUCTION calc.inc MUTABLE INT
  INSTRUCTION calc.print VALUE *
  INSTRUCTION calc.cmp INT [ < > = ] INT -> BLN
  WAITING INSTRUCTION calc.sleep INT:ms
  SYSTEM INSTRUCTION calc.reboot
  TYPE calc.rat
  INSTRUCTION calc.rat INT INT -> calc.rat
  INSTRUCTION calc.bad -> INT
  INTERRUPTION calc.overflow`,
  instruction_add: (svm, argc, argv) => svm_value_integer_new(svm, argv.reduce((sum, p) => sum + intOf(svm, p), 0)),
  instruction_div: (svm, argc, argv) => svm_value_integer_new(svm, Math.trunc(intOf(svm, argv[0]) / intOf(svm, argv[1]))),
  instruction_inc: (svm, argc, argv) => {
    const value = svm_parameter_value_get(svm, argv[0]);
    svm_value_integer_set(svm, value, svm_value_integer_get(svm, value) + 1);
  },
  instruction_print: (svm, argc, argv) => {
    svm_machine_output(svm, argv.map((p) => (svm_parameter_type_is_keyword(svm, p) ? svm_parameter_keyword_get(svm, p) : svm_value_print(svm, svm_parameter_value_get(svm, p)))).join(' ') + '\n');
  },
  instruction_cmp: () => null,
  instruction_sleep: async (svm, argc, argv) => {
    await svm_machine_sleep(svm, intOf(svm, argv[0]));
  },
  instruction_reboot: () => undefined,
  instruction_rat: (svm, argc, argv) => svm_value_plugin_new(svm, 'calc.rat', { n: intOf(svm, argv[0]), d: intOf(svm, argv[1]) }),
  instruction_bad: (svm) => svm_value_plugin_new(svm, 'calc.rat', { n: 0, d: 1 }),
  type_rat_delete: () => undefined,
  type_rat_print: (svm, handler) => {
    const { n, d } = handler as { n: number; d: number };
    return `${n}/${d}`;
  },
  type_rat_copy: (svm, handler) => ({ ...(handler as object) }),
  type_rat_constant: (svm, text) => {
    const [n, d] = text.split('/').map(Number);
    return Number.isInteger(n) && Number.isInteger(d) && d !== 0 ? { n, d } : null;
  },
});

/** Reads a value handle's plugin object (for tests that look inside). */
export const internal = (svm: SVM, p: SVM_Parameter): unknown => svm_value_plugin_get_internal(svm, svm_parameter_value_get(svm, p));

/** What the `probe.run` instruction does: set by each test. */
export const probe: { body: (svm: SVM, argv: readonly SVM_Parameter[]) => unknown } = { body: () => undefined };

/** `probe`: one instruction running `probe.body`, a type counting deletions, a structure and a function. */
export const probePlugin = definePlugin({
  configuration: `PLUGIN probe
DEFINE
  INSTRUCTION probe.run . *
  INSTRUCTION probe.value . * -> VALUE ?
  TYPE probe.thing
  STRUCT probe.box
  FUNCTION probe.twice INT -> INT
  FUNCTION probe.unbox $probe.box -> INT
  INTERRUPTION probe.alarm`,
  instruction_run: (svm, argc, argv) => void probe.body(svm, argv),
  instruction_value: (svm, argc, argv) => probe.body(svm, argv) as ReturnType<typeof svm_value_integer_new> | null,
  type_thing_delete: (svm, handler) => void deleted.push(handler),
  struct_box_delete: (svm, handler) => void deleted.push(handler),
  function_twice: (svm, argc, argv) => svm_value_integer_new(svm, 2 * intOf(svm, argv[0])),
  function_unbox: (svm, argc, argv) => svm_value_integer_new(svm, (svm_structure_get_internal(svm, 'probe.box', svm_parameter_structure_get(svm, argv[0])) as { n: number }).n),
});

/** Internal objects the probe plugin's delete callbacks received, in order. */
export const deleted: unknown[] = [];

/** `lk`: ownership locks from guest code (a WAITING lock that keeps the lock until the process ends). */
export const lockPlugin = definePlugin({
  configuration: `PLUGIN lk
DEFINE
  WAITING INSTRUCTION lk.lock STR:process
  INSTRUCTION lk.state STR:process -> STR`,
  instruction_lock: async (svm, argc, argv) => {
    const name = svm_value_string_get(svm, svm_parameter_value_get(svm, argv[0]));
    const lock = await svm_process_ownership_lock(svm, svm_process_find(svm, name)!);
    svm_variable_scope_set_global(svm, lock);
  },
  instruction_state: (svm, argc, argv) =>
    svm_value_string_new(svm, svm_process_get_state(svm, svm_process_find(svm, svm_value_string_get(svm, svm_parameter_value_get(svm, argv[0])))!)),
});

/** The callbacks a test scheduler defines; the mandatory others default to accepting everything. */
export interface SchedulerParts {
  readonly schedule: SchedulerScheduleCallback;
  readonly notification?: SchedulerNotificationCallback;
  readonly attach?: SchedulerAttachCallback;
  readonly create?: SchedulerCreateCallback;
  readonly print?: PrintCallback;
}

/** A plugin `plugin` defining `SCHEDULER plugin.s` (and the `more` declaration lines, with `callbacks`). */
export function schedulerPlugin(plugin: string, parts: SchedulerParts, more = '', callbacks: PluginModule = {}): PluginModule {
  return definePlugin({
    ...callbacks,
    configuration: `PLUGIN ${plugin}\nDEFINE\n  SCHEDULER ${plugin}.s\n${more}`,
    scheduler_s_create: parts.create ?? (() => ({})),
    scheduler_s_delete: () => undefined,
    scheduler_s_attach: parts.attach ?? (() => true),
    scheduler_s_detach: () => true,
    scheduler_s_print: parts.print ?? (() => plugin),
    scheduler_s_schedule: parts.schedule,
    ...(parts.notification === undefined ? {} : { scheduler_s_notification: parts.notification }),
  });
}

/** `kl`: a WAITING instruction that locks the named process and terminates it. */
export const killer = definePlugin({
  configuration: 'PLUGIN kl\nDEFINE\n  WAITING INSTRUCTION kl.kill STR',
  instruction_kill: async (svm, argc, argv) => {
    const target = svm_process_find(svm, svm_value_string_get(svm, svm_parameter_value_get(svm, argv[0])))!;
    await svm_process_ownership_lock(svm, target);
    svm_process_terminate(svm, target);
  },
});
