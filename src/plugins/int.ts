/**
 * The `int` standard plugin: integer arithmetic, comparison and conversion on INT values. Results
 * outside the safe integers and divisions by zero raise NUMERIC; text that is not an integer
 * raises FAILURE.
 */
import type { SVM, SVM_Parameter } from '../plugin/api/index.js';
import {
  definePlugin, svm_parameter_marker_get, svm_parameter_value_get, svm_value_boolean_new, svm_value_integer_get, svm_value_integer_new,
  svm_value_integer_set, svm_value_string_new,
} from '../plugin/api/index.js';
import { COMPARISONS, compareWith, fail, integerArgument, stringArgument } from './arguments.js';

/** `result`, or NUMERIC when it left the safe integers. */
function safe(svm: SVM, name: string, result: number): number {
  if (!Number.isSafeInteger(result)) fail(svm, 'NUMERIC', name, `the result ${result} is outside the safe integers (±${Number.MAX_SAFE_INTEGER})`);
  return result;
}

/** A new INT value, or NUMERIC when `result` left the safe integers. */
const checked = (svm: SVM, name: string, result: number) => svm_value_integer_new(svm, safe(svm, name, result));

/** The integers of every argument. */
const integers = (svm: SVM, argv: readonly SVM_Parameter[]): number[] => argv.map((p) => integerArgument(svm, p));

/** The divisor of `name`, NUMERIC when it is 0. */
function divisor(svm: SVM, name: string, parameter: SVM_Parameter): number {
  const value = integerArgument(svm, parameter);
  if (value === 0) fail(svm, 'NUMERIC', name, 'division by zero');
  return value;
}

const DECIMAL = /^[+-]?\d+$/;

/** The `int` plugin module. */
export const intPlugin = definePlugin({
  configuration: `PLUGIN int
DEFINE
  INSTRUCTION int.add INT INT + -> INT
  INSTRUCTION int.sub INT INT -> INT
  INSTRUCTION int.mul INT INT + -> INT
  INSTRUCTION int.div INT INT -> INT
  INSTRUCTION int.mod INT INT -> INT
  INSTRUCTION int.cmp INT ${COMPARISONS} INT -> BLN
  INSTRUCTION int.inc MUTABLE INT INT:step ?
  INSTRUCTION int.parse STR -> INT
  INSTRUCTION int.print INT -> STR`,
  instruction_add: (svm, argc, argv) => checked(svm, 'int.add', integers(svm, argv).reduce((sum, n) => sum + n, 0)),
  instruction_sub: (svm, argc, argv) => checked(svm, 'int.sub', integerArgument(svm, argv[0]) - integerArgument(svm, argv[1])),
  instruction_mul: (svm, argc, argv) => checked(svm, 'int.mul', integers(svm, argv).reduce((product, n) => product * n, 1)),
  instruction_div: (svm, argc, argv) => checked(svm, 'int.div', Math.trunc(integerArgument(svm, argv[0]) / divisor(svm, 'int.div', argv[1]))),
  instruction_mod: (svm, argc, argv) => checked(svm, 'int.mod', integerArgument(svm, argv[0]) % divisor(svm, 'int.mod', argv[1])),
  instruction_cmp: (svm, argc, argv) =>
    svm_value_boolean_new(svm, compareWith(svm_parameter_marker_get(svm, argv[1]), Math.sign(integerArgument(svm, argv[0]) - integerArgument(svm, argv[2])))),
  instruction_inc: (svm, argc, argv) => {
    const value = svm_parameter_value_get(svm, argv[0]);
    const step = argc > 1 ? integerArgument(svm, argv[1]) : 1;
    svm_value_integer_set(svm, value, safe(svm, 'int.inc', svm_value_integer_get(svm, value) + step));
  },
  instruction_parse: (svm, argc, argv) => {
    const text = stringArgument(svm, argv[0]).trim();
    if (!DECIMAL.test(text)) fail(svm, 'FAILURE', 'int.parse', `${JSON.stringify(text)} is not a decimal integer`);
    return checked(svm, 'int.parse', Number(text));
  },
  instruction_print: (svm, argc, argv) => svm_value_string_new(svm, String(integerArgument(svm, argv[0]))),
});
