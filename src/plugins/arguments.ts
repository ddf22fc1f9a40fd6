/**
 * Helpers the standard plugins share: reading call arguments, comparing with a marker, and raising
 * interruptions with the instruction's name in the message.
 */
import type { SVM, SVM_Parameter } from '../plugin/api/index.js';
import {
  svm_parameter_keyword_get, svm_parameter_marker_get, svm_parameter_type_is_keyword, svm_parameter_type_is_marker, svm_parameter_value_get,
  svm_processor_current_raise_error_internal__raw, svm_value_integer_get, svm_value_print, svm_value_string_get,
} from '../plugin/api/index.js';

/** The number of an INT argument. */
export const integerArgument = (svm: SVM, parameter: SVM_Parameter): number => svm_value_integer_get(svm, svm_parameter_value_get(svm, parameter));

/** The text of a STR argument. */
export const stringArgument = (svm: SVM, parameter: SVM_Parameter): string => svm_value_string_get(svm, svm_parameter_value_get(svm, parameter));

/** An argument as text: a value printed, a marker or keyword as written. */
export function argumentText(svm: SVM, parameter: SVM_Parameter): string {
  if (svm_parameter_type_is_keyword(svm, parameter)) return svm_parameter_keyword_get(svm, parameter);
  if (svm_parameter_type_is_marker(svm, parameter)) return svm_parameter_marker_get(svm, parameter);
  return svm_value_print(svm, svm_parameter_value_get(svm, parameter));
}

/** Raises a built-in interruption for instruction `name`; it ends the callback. */
export function fail(svm: SVM, kind: 'FAILURE' | 'NUMERIC' | 'DEVICE' | 'PROCESSOR', name: string, message: string): never {
  return svm_processor_current_raise_error_internal__raw(svm, kind, `${name}: ${message}`);
}

/** Whether `order` (negative, 0, positive) satisfies the comparison marker (`<`, `>`, `=`, `<>`, `<=`, `=>`). */
export function compareWith(marker: string, order: number): boolean {
  switch (marker) {
    case '<':
      return order < 0;
    case '>':
      return order > 0;
    case '=':
      return order === 0;
    case '<>':
      return order !== 0;
    case '<=':
      return order <= 0;
    default: // '=>': the patterns allow nothing else
      return order >= 0;
  }
}

/** The comparison markers, for patterns (`INT [ < > = <> <= => ] INT`). */
export const COMPARISONS = '[ < > = <> <= => ]';
