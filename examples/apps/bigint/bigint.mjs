// A plugin adding a type, big.int (arbitrary precision integers, JavaScript bigints inside), with
// instructions on it. It imports the public plugin API from the exvm package only.
import { definePlugin, pluginApi as api } from 'exvm';

const COMPARE = { '<': (o) => o < 0, '>': (o) => o > 0, '=': (o) => o === 0, '<>': (o) => o !== 0, '<=': (o) => o <= 0, '=>': (o) => o >= 0 };
const DECIMAL = /^[+-]?\d+$/;

/** The bigint of an argument: a big.int, or an INT widened. */
function big(svm, parameter) {
  const value = api.svm_parameter_value_get(svm, parameter);
  return api.svm_value_type_is(svm, value, 'INT') ? BigInt(api.svm_value_integer_get(svm, value)) : api.svm_value_plugin_get_internal(svm, value);
}

/** Parses decimal text, or raises FAILURE naming the instruction. */
function parse(svm, name, text) {
  if (!DECIMAL.test(text.trim())) api.svm_processor_current_raise_error_internal__raw(svm, 'FAILURE', `${name}: ${JSON.stringify(text)} is not a decimal integer`);
  return BigInt(text.trim());
}

const result = (svm, n) => api.svm_value_plugin_new(svm, 'big.int', n);

export default definePlugin({
  configuration: `PLUGIN big
DEFINE
  TYPE big.int
  INSTRUCTION big.new [ INT STR ] -> big.int
  INSTRUCTION big.add [ big.int INT ] [ big.int INT ] + -> big.int
  INSTRUCTION big.mul [ big.int INT ] [ big.int INT ] + -> big.int
  INSTRUCTION big.pow [ big.int INT ] INT:exponent -> big.int
  INSTRUCTION big.cmp [ big.int INT ] [ < > = <> <= => ] [ big.int INT ] -> BLN
  INSTRUCTION big.digits big.int -> INT`,
  instruction_new: (svm, argc, argv) => {
    const value = api.svm_parameter_value_get(svm, argv[0]);
    return result(svm, api.svm_value_type_is(svm, value, 'INT') ? BigInt(api.svm_value_integer_get(svm, value)) : parse(svm, 'big.new', api.svm_value_string_get(svm, value)));
  },
  instruction_add: (svm, argc, argv) => result(svm, argv.reduce((sum, p) => sum + big(svm, p), 0n)),
  instruction_mul: (svm, argc, argv) => result(svm, argv.reduce((product, p) => product * big(svm, p), 1n)),
  instruction_pow: (svm, argc, argv) => {
    const exponent = api.svm_value_integer_get(svm, api.svm_parameter_value_get(svm, argv[1]));
    if (exponent < 0 || exponent > 100000) api.svm_processor_current_raise_error_internal__raw(svm, 'NUMERIC', `big.pow: exponent ${exponent} is outside 0 to 100000`);
    return result(svm, big(svm, argv[0]) ** BigInt(exponent));
  },
  instruction_cmp: (svm, argc, argv) => {
    const [left, right] = [big(svm, argv[0]), big(svm, argv[2])];
    return api.svm_value_boolean_new(svm, COMPARE[api.svm_parameter_marker_get(svm, argv[1])](left < right ? -1 : left > right ? 1 : 0));
  },
  instruction_digits: (svm, argc, argv) => api.svm_value_integer_new(svm, (big(svm, argv[0]) < 0n ? -big(svm, argv[0]) : big(svm, argv[0])).toString().length),
  type_int_delete: () => undefined, // bigints are garbage collected
  type_int_copy: (svm, handler) => handler, // bigints are immutable: a copy may share them
  type_int_compare: (svm, left, right) => (left < right ? -1 : left > right ? 1 : 0),
  type_int_constant: (svm, text) => (DECIMAL.test(text.trim()) ? BigInt(text.trim()) : null),
  type_int_print: (svm, handler) => handler.toString(),
});
