/**
 * Checks an argument list against a compiled parameter pattern and, when it does not match, says
 * where it stops matching and what was expected there.
 */
import type { Atom } from './ast.js';
import type { ArgumentDescriptor, CompiledPattern, StepCounter } from './nfa.js';
import { advance, closure } from './nfa.js';
import { formatAlternatives } from './errors.js';
import { formatAtom } from './format.js';

/** The outcome of `matchArguments`; `steps` measures the work done (at most (arguments + 1) x `size`). */
export type MatchResult =
  | { readonly ok: true; readonly steps: number }
  | {
      readonly ok: false;
      readonly steps: number;
      /** Index of the first argument that does not fit, or the argument count when arguments are missing. */
      readonly position: number;
      /** What would have fitted at `position` (`INT`, `'HARD'`, `no more arguments` ...). */
      readonly expected: readonly string[];
      /** E.g. `argument 2: expected INT or 'HARD' but found a STR value`. */
      readonly message: string;
    };

/** The end of the arguments, as an expectation. */
export const NO_MORE_ARGUMENTS = 'no more arguments';

/** How one atom of an argument test reads in a message (`mutable`: the test requires a mutable value). */
export function describeTest(atom: Atom, mutable: boolean): string {
  switch (atom.kind) {
    case 'value':
      return mutable ? 'a mutable value' : 'a value';
    case 'marker':
      return 'a marker';
    case 'keyword':
      return 'a keyword';
    case 'any':
      return 'any argument';
    case 'variable':
      return 'a value or a structure';
    case 'structure':
      return atom.name === null ? 'a structure' : `a $${atom.name} structure`;
    case 'markerLiteral':
      return `'${atom.text}'`;
    default:
      return `${mutable ? 'MUTABLE ' : ''}${formatAtom(atom)}`;
  }
}

/** `an` before a vowel (`an INT value`, `an AUTO value`), `a` otherwise. */
const article = (word: string): string => (/^[AEIOUaeiou]/.test(word) ? 'an' : 'a');

/** How an argument reads in a message. */
export function describeArgument(argument: ArgumentDescriptor): string {
  switch (argument.kind) {
    case 'value': {
      const words = `${argument.mutable === true ? 'mutable ' : ''}${argument.type} value`;
      return `${article(words)} ${words}`;
    }
    case 'marker':
      return `marker '${argument.text}'`;
    case 'keyword':
      return `keyword '${argument.text}'`;
    case 'structure':
      return `a $${argument.type} structure`;
  }
}

function expectations(compiled: CompiledPattern, states: readonly number[]): string[] {
  const expected = new Set<string>();
  for (const state of states) for (const { test } of compiled.transitions[state]) for (const atom of test.atoms) expected.add(describeTest(atom, test.mutable));
  if (states.includes(compiled.accept)) expected.add(NO_MORE_ARGUMENTS);
  return [...expected];
}

/** Matches `args` against `compiled` in one left-to-right pass over state sets. */
export function matchArguments(compiled: CompiledPattern, args: readonly ArgumentDescriptor[]): MatchResult {
  const counter: StepCounter = { steps: 0 };
  let states = closure(compiled, [compiled.start], counter);
  for (let position = 0; position < args.length; position++) {
    const next = advance(compiled, states, args[position], counter);
    if (next.length === 0) {
      const expected = expectations(compiled, states);
      const message = `argument ${position + 1}: expected ${formatAlternatives(expected)} but found ${describeArgument(args[position])}`;
      return { ok: false, steps: counter.steps, position, expected, message };
    }
    states = next;
  }
  if (states.includes(compiled.accept)) return { ok: true, steps: counter.steps };
  const expected = expectations(compiled, states);
  const message = `argument ${args.length + 1} is missing: expected ${formatAlternatives(expected)}`;
  return { ok: false, steps: counter.steps, position: args.length, expected, message };
}
