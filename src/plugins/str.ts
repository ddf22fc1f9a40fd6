/**
 * The `str` standard plugin: operations on STR values (concatenation of any values' text, size,
 * slices, search, comparison, in-place append, repetition, formatting of values). Bad indexes and
 * results past `MAX_STRING` characters raise FAILURE.
 */
import type { SVM } from '../plugin/api/index.js';
import {
  definePlugin, svm_parameter_marker_get, svm_parameter_value_get, svm_value_boolean_new, svm_value_integer_new, svm_value_string_get,
  svm_value_string_new, svm_value_string_set,
} from '../plugin/api/index.js';
import { COMPARISONS, argumentText, compareWith, fail, integerArgument, stringArgument } from './arguments.js';

/** The longest string the plugin makes (characters): longer results raise FAILURE instead of exhausting memory. */
export const MAX_STRING = 1 << 24;

/** FAILURE when a result of `length` characters would be longer than MAX_STRING. */
function bounded(svm: SVM, name: string, length: number): void {
  if (length > MAX_STRING) fail(svm, 'FAILURE', name, `the result would have ${length} characters (at most ${MAX_STRING})`);
}

/** A new STR value, or FAILURE when it would be longer than MAX_STRING. */
function made(svm: SVM, name: string, text: string) {
  bounded(svm, name, text.length);
  return svm_value_string_new(svm, text);
}

/** The `str` plugin module. */
export const strPlugin = definePlugin({
  configuration: `PLUGIN str
DEFINE
  INSTRUCTION str.join VALUE + -> STR
  INSTRUCTION str.size STR -> INT
  INSTRUCTION str.sub STR INT:start INT:end ? -> STR
  INSTRUCTION str.find STR STR:needle -> INT
  INSTRUCTION str.cmp STR ${COMPARISONS} STR -> BLN
  INSTRUCTION str.append MUTABLE STR VALUE +
  INSTRUCTION str.repeat STR INT:count -> STR`,
  instruction_join: (svm, argc, argv) => made(svm, 'str.join', argv.map((p) => argumentText(svm, p)).join('')),
  instruction_size: (svm, argc, argv) => svm_value_integer_new(svm, stringArgument(svm, argv[0]).length),
  instruction_sub: (svm, argc, argv) => {
    const text = stringArgument(svm, argv[0]);
    const start = integerArgument(svm, argv[1]);
    const end = argc > 2 ? integerArgument(svm, argv[2]) : text.length;
    if (start < 0 || end < start || end > text.length) fail(svm, 'FAILURE', 'str.sub', `[${start}, ${end}) is not a range of a string of ${text.length} characters`);
    return svm_value_string_new(svm, text.slice(start, end));
  },
  instruction_find: (svm, argc, argv) => svm_value_integer_new(svm, stringArgument(svm, argv[0]).indexOf(stringArgument(svm, argv[1]))),
  instruction_cmp: (svm, argc, argv) => {
    const [left, right] = [stringArgument(svm, argv[0]), stringArgument(svm, argv[2])];
    return svm_value_boolean_new(svm, compareWith(svm_parameter_marker_get(svm, argv[1]), left < right ? -1 : left > right ? 1 : 0));
  },
  instruction_append: (svm, argc, argv) => {
    const target = svm_parameter_value_get(svm, argv[0]);
    const text = svm_value_string_get(svm, target) + argv.slice(1).map((p) => argumentText(svm, p)).join('');
    bounded(svm, 'str.append', text.length);
    svm_value_string_set(svm, target, text);
  },
  instruction_repeat: (svm, argc, argv) => {
    const text = stringArgument(svm, argv[0]);
    const count = integerArgument(svm, argv[1]);
    if (count < 0) fail(svm, 'FAILURE', 'str.repeat', `cannot repeat a string ${count} times`);
    bounded(svm, 'str.repeat', text.length * count);
    return svm_value_string_new(svm, text.repeat(count));
  },
});
