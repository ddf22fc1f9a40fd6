/**
 * The plugin configuration language: parse a configuration string, print it back, compile
 * parameter patterns, match argument lists and compare patterns for USE resolution.
 */
export type {
  ArgumentDeclaration, Atom, AtomItem, BaseType, ConfigPosition, FunctionDeclaration, GroupItem, InstructionDeclaration, InstructionFlag,
  NamedDeclaration, ObjectDeclaration, ObjectKind, OneOfItem, OptionDeclaration, Pattern, PatternItem, PluginConfiguration, Repeat, ReturnPattern,
} from './ast.js';
export { ARGUMENT_TYPES, BASE_TYPES, INSTRUCTION_FLAGS, MARKERS, OBJECT_KINDS, OPTION_TYPES, entryOf, pluginOf } from './ast.js';
export type { PluginConfigDiagnostic } from './errors.js';
export { PluginConfigError } from './errors.js';
export type { ParseConfigurationOptions } from './parser.js';
export { MAX_REPEAT_COUNT, parseConfiguration } from './parser.js';
export { formatAtom, formatConfiguration, formatDeclaration, formatPattern, formatReturn } from './format.js';
export type { ArgumentDescriptor, CompilePatternOptions, CompiledPattern } from './nfa.js';
export { compilePattern } from './nfa.js';
export { MAX_COMPILED_SIZE, MAX_NESTING_DEPTH } from './limits.js';
export type { MatchResult } from './match.js';
export { NO_MORE_ARGUMENTS, describeArgument, matchArguments } from './match.js';
export type { InclusionOptions, InclusionResult } from './inclusion.js';
export { MAX_INCLUSION_STEPS, UNDECIDED_MESSAGE, isIncludedIn } from './inclusion.js';
