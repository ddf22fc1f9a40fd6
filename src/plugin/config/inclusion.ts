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
 */
import type { Pattern } from './ast.js';
import { BASE_TYPES, MARKERS } from './ast.js';
import type { ArgumentDescriptor, CompiledPattern, StepCounter } from './nfa.js';
import { advance, closure, compilePattern } from './nfa.js';

/** The outcome of `isIncludedIn`. `counterexample` is null only when the search gave up (too complex). */
export type InclusionResult =
  | { readonly included: true }
  | { readonly included: false; readonly counterexample: readonly ArgumentDescriptor[] | null };

/** How many state-set pairs the search explores before giving up with a conservative "not included". */
export const MAX_INCLUSION_PAIRS = 20_000;

/** A name not in `taken`: `base`, else `base` with the first free numeric suffix. */
function fresh(base: string, taken: ReadonlySet<string>, candidates: readonly string[] = []): string {
  const free = candidates.find((c) => !taken.has(c));
  if (free !== undefined) return free;
  for (let i = 0; ; i++) if (!taken.has(`${base}${i === 0 ? '' : i}`)) return `${base}${i === 0 ? '' : i}`;
}

/** One argument per class of arguments the two automata cannot tell apart. */
function representatives(automata: readonly CompiledPattern[]): ArgumentDescriptor[] {
  const types = new Set<string>();
  const markers = new Set<string>();
  const keywords = new Set<string>();
  const structures = new Set<string>();
  for (const automaton of automata) {
    for (const { test } of automaton.transitions.flat()) {
      const { atom } = test;
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
    ...[...structures, fresh('other.structure', structures)].map((type): ArgumentDescriptor => ({ kind: 'structure', type })),
  ];
}

/** One explored pair of state sets, with how it was reached (for the counterexample). */
interface Node {
  readonly local: number[];
  readonly remote: number[];
  readonly parent: number;
  readonly argument: ArgumentDescriptor | null;
}

/** Whether every argument list matching `local` also matches `remote` (exact; see the module comment). */
export function isIncludedIn(local: Pattern, remote: Pattern): InclusionResult {
  const a = compilePattern(local);
  const b = compilePattern(remote);
  const counter: StepCounter = { steps: 0 };
  const alphabet = representatives([a, b]);
  const nodes: Node[] = [{ local: closure(a, [a.start], counter), remote: closure(b, [b.start], counter), parent: -1, argument: null }];
  const seen = new Set<string>([`${nodes[0].local}|${nodes[0].remote}`]);
  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index];
    if (node.local.includes(a.accept) && !node.remote.includes(b.accept)) {
      const counterexample: ArgumentDescriptor[] = [];
      for (let at = index; nodes[at].argument !== null; at = nodes[at].parent) counterexample.unshift(nodes[at].argument as ArgumentDescriptor);
      return { included: false, counterexample };
    }
    for (const argument of alphabet) {
      const nextLocal = advance(a, node.local, argument, counter);
      if (nextLocal.length === 0) continue;
      const nextRemote = advance(b, node.remote, argument, counter);
      const key = `${nextLocal}|${nextRemote}`;
      if (seen.has(key)) continue;
      if (seen.size >= MAX_INCLUSION_PAIRS) return { included: false, counterexample: null };
      seen.add(key);
      nodes.push({ local: nextLocal, remote: nextRemote, parent: index, argument });
    }
  }
  return { included: true };
}
