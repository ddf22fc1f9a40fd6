/**
 * The limits that keep every function of the configuration language cheap whatever the text: how
 * deeply groups nest (the parser, the compiler and the printer recurse on them) and how large a
 * pattern becomes once its counts are unrolled (the compiled automaton is built in memory).
 */
import type { Pattern, PatternItem } from './ast.js';
import type { PluginConfigDiagnostic } from './errors.js';

/** The most levels of `( )` a pattern may nest. */
export const MAX_NESTING_DEPTH = 64;

/** The most states plus transitions a compiled pattern may have (counts are unrolled, so `( ( INT 255 ) 255 ) 255` is refused). */
export const MAX_COMPILED_SIZE = 200_000;

/** States plus transitions of one item once compiled (mirrors the construction in nfa.ts). */
function itemSize(item: PatternItem): number {
  // An atom or a `[ ... ]` is one end state and one transition; a group is an end state plus, per alternative, a start state and the sequence.
  const body = item.kind === 'group' ? 1 + item.alternatives.reduce((sum, alternative) => sum + 1 + sequenceSize(alternative), 0) : 2;
  if (item.repeat === 'once') return body;
  if (typeof item.repeat === 'number') return item.repeat * body;
  return 2 + body; // a loop state and an end state around one copy
}

function sequenceSize(pattern: Pattern): number {
  return pattern.reduce((sum, item) => sum + itemSize(item), 0);
}

/** The first group nested more than `MAX_NESTING_DEPTH` levels deep, or null (recurses at most that deep). */
function tooDeep(pattern: Pattern, depth: number): PatternItem | null {
  for (const item of pattern) {
    if (item.kind !== 'group') continue;
    if (depth === MAX_NESTING_DEPTH) return item;
    for (const alternative of item.alternatives) {
      const found = tooDeep(alternative, depth + 1);
      if (found !== null) return found;
    }
  }
  return null;
}

/** States plus transitions of the automaton `compilePattern` builds for `pattern` (may exceed any limit, even be Infinity). */
export function compiledSize(pattern: Pattern): number {
  return 1 + sequenceSize(pattern);
}

/** Why `pattern` cannot be compiled (nested too deeply, or too large once unrolled), or null when it can. */
export function patternLimitProblem(pattern: Pattern): PluginConfigDiagnostic | null {
  const deep = tooDeep(pattern, 0);
  if (deep !== null) return { ...deep.position, message: `pattern nested too deeply: more than ${MAX_NESTING_DEPTH} levels of '( )'`, expected: [] };
  if (pattern.length > 0 && compiledSize(pattern) > MAX_COMPILED_SIZE) {
    return { ...pattern[0].position, message: `pattern too large: it expands to more than ${MAX_COMPILED_SIZE} states and transitions once its counts are unrolled`, expected: [] };
  }
  return null;
}
