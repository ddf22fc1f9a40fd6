/**
 * Pattern inclusion, for resolving USE lines: the prototype a plugin writes for another plugin's
 * object only has to be included in the real definition, i.e. every argument list the local pattern
 * accepts must be accepted by the remote one.
 *
 * The check is exact. Arguments are infinitely many, but the two patterns only tell them apart by
 * the names they mention, so one representative per class suffices: each mentioned value type
 * (mutable or not) plus one unmentioned type, each mentioned keyword plus an unmentioned one, each
 * mentioned structure type plus an unmentioned one, each mentioned marker plus an unmentioned one
 * (markers are a closed set, so only if one is left). Over that finite alphabet the two automata
 * are explored together, determinised on the fly, looking for a list the local one accepts and the
 * remote one refuses; the first such list found (a shortest one) is returned as a counterexample.
 * The search counts its work and gives up past `MAX_INCLUSION_STEPS`, saying so (`undecided`).
 */
import type { Pattern } from './ast.js';
import { BASE_TYPES, MARKERS } from './ast.js';
import { formatPattern } from './format.js';
import type { ArgumentDescriptor, CompilePatternOptions, CompiledPattern, StepCounter } from './nfa.js';
import { advance, closure, compilePattern } from './nfa.js';

/**
 * The outcome of `isIncludedIn`: included; not included, with a shortest argument list `local`
 * accepts and `remote` refuses; or undecided (the search gave up, so the answer is "don't know":
 * treat it as a refusal, but not as proof of one). `steps` measures the work done: the budget is
 * checked before each argument step, so it ends below `MAX_INCLUSION_STEPS` plus one argument step's
 * work (two state-set advances and a key: a few times the two compiled sizes).
 */
export type InclusionResult =
  | { readonly included: true; readonly steps: number }
  | { readonly included: false; readonly undecided: false; readonly counterexample: readonly ArgumentDescriptor[]; readonly steps: number }
  | { readonly included: false; readonly undecided: true; readonly counterexample: null; readonly message: string; readonly steps: number };

/** Options of `isIncludedIn`. */
export interface InclusionOptions extends CompilePatternOptions {
  /**
   * The kind of the declaration both patterns describe. Instructions never receive structures, so
   * for `INSTRUCTION` `.` is the same as `[ VALUE MARKER KEYWORD ]`; the default, `FUNCTION`, also
   * considers structures (the conservative choice).
   */
  readonly kind?: 'INSTRUCTION' | 'FUNCTION';
}

/** How much work (state visits, transition tests and key characters) the search does before giving up as undecided. */
export const MAX_INCLUSION_STEPS = 2_000_000;

/** The message of an undecided result. */
export const UNDECIDED_MESSAGE = 'not included (undecided: the patterns are too complex to compare)';

/** A name not in `taken`: `base`, else `base` with the first free numeric suffix. */
function fresh(base: string, taken: ReadonlySet<string>, candidates: readonly string[] = []): string {
  const free = candidates.find((c) => !taken.has(c));
  if (free !== undefined) return free;
  for (let i = 0; ; i++) if (!taken.has(`${base}${i === 0 ? '' : i}`)) return `${base}${i === 0 ? '' : i}`;
}

/** One argument per class of arguments the two automata cannot tell apart (no structures when `withStructures` is false). */
function representatives(automata: readonly CompiledPattern[], withStructures: boolean): ArgumentDescriptor[] {
  const types = new Set<string>();
  const markers = new Set<string>();
  const keywords = new Set<string>();
  const structures = new Set<string>();
  for (const automaton of automata) {
    for (const atom of automaton.transitions.flat().flatMap(({ test }) => test.atoms)) {
      if (atom.kind === 'type' || atom.kind === 'pluginType') types.add(atom.name);
      else if (atom.kind === 'markerLiteral') markers.add(atom.text);
      else if (atom.kind === 'keywordLiteral') keywords.add(atom.text);
      else if (atom.kind === 'structure' && atom.name !== null) structures.add(atom.name);
    }
  }
  const otherMarker = MARKERS.find((m) => !markers.has(m));
  return [
    ...[...types, fresh('other.type', types, BASE_TYPES)].flatMap((type): ArgumentDescriptor[] => [{ kind: 'value', type, mutable: false }, { kind: 'value', type, mutable: true }]),
    ...[...markers, ...(otherMarker === undefined ? [] : [otherMarker])].map((text): ArgumentDescriptor => ({ kind: 'marker', text })),
    ...[...keywords, fresh('OTHER', keywords)].map((text): ArgumentDescriptor => ({ kind: 'keyword', text })),
    ...(withStructures ? [...structures, fresh('other.structure', structures)] : []).map((type): ArgumentDescriptor => ({ kind: 'structure', type })),
  ];
}

/** One explored pair of state sets, with how it was reached (for the counterexample). */
interface Node {
  readonly local: number[];
  readonly remote: number[];
  readonly parent: number;
  readonly argument: ArgumentDescriptor | null;
}

/** The pattern without its labels (they do not change what it matches), printed. */
function canonicalText(pattern: Pattern): string {
  const unlabelled = (items: Pattern): Pattern =>
    items.map((item) => (item.kind === 'group' ? { ...item, label: null, alternatives: item.alternatives.map(unlabelled) } : { ...item, label: null }));
  return formatPattern(unlabelled(pattern));
}

/** The text of a pair of state sets, counting its characters as work. */
function pairKey(local: readonly number[], remote: readonly number[], counter: StepCounter): string {
  const key = `${local.join(',')}|${remote.join(',')}`;
  counter.steps += key.length;
  return key;
}

/**
 * Whether every argument list matching `local` also matches `remote` (exact; see the module
 * comment), or undecided when telling would take more than `MAX_INCLUSION_STEPS`. Throws a
 * `PluginConfigError` only for patterns `compilePattern` refuses.
 */
export function isIncludedIn(local: Pattern, remote: Pattern, options: InclusionOptions = {}): InclusionResult {
  const a = compilePattern(local, options);
  const b = compilePattern(remote, options);
  if (canonicalText(local) === canonicalText(remote)) return { included: true, steps: 0 };
  const counter: StepCounter = { steps: 0 };
  const alphabet = representatives([a, b], options.kind !== 'INSTRUCTION');
  const nodes: Node[] = [{ local: closure(a, [a.start], counter), remote: closure(b, [b.start], counter), parent: -1, argument: null }];
  const seen = new Set<string>([pairKey(nodes[0].local, nodes[0].remote, counter)]);
  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index];
    if (node.local.includes(a.accept) && !node.remote.includes(b.accept)) {
      const counterexample: ArgumentDescriptor[] = [];
      for (let at = index; nodes[at].argument !== null; at = nodes[at].parent) counterexample.unshift(nodes[at].argument as ArgumentDescriptor);
      return { included: false, undecided: false, counterexample, steps: counter.steps };
    }
    for (const argument of alphabet) {
      if (counter.steps > MAX_INCLUSION_STEPS) return { included: false, undecided: true, counterexample: null, message: UNDECIDED_MESSAGE, steps: counter.steps };
      const nextLocal = advance(a, node.local, argument, counter);
      if (nextLocal.length === 0) continue;
      const nextRemote = advance(b, node.remote, argument, counter);
      const key = pairKey(nextLocal, nextRemote, counter);
      if (seen.has(key)) continue;
      seen.add(key);
      nodes.push({ local: nextLocal, remote: nextRemote, parent: index, argument });
    }
  }
  return { included: true, steps: counter.steps };
}
