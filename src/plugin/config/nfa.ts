/**
 * Compiles a parameter pattern once into a nondeterministic automaton over arguments (Thompson's
 * construction; exact counts are unrolled) and runs it on state sets, so matching costs at most
 * (arguments + 1) x (states + transitions) whatever the nesting of alternatives and repetitions:
 * no backtracking, no exponential blow-up.
 */
import type { Atom, Pattern, PatternItem } from './ast.js';
import { PluginConfigError } from './errors.js';
import { patternLimitProblem } from './limits.js';

/**
 * One argument of an instruction or function call, as the pattern sees it: a value of a type
 * (`INT`, a plugin type `p.t`), possibly mutable (a value the callee may modify, for `MUTABLE`), a
 * marker, a keyword, or (function calls only) a structure of a type.
 */
export type ArgumentDescriptor =
  | { readonly kind: 'value'; readonly type: string; readonly mutable?: boolean }
  | { readonly kind: 'marker'; readonly text: string }
  | { readonly kind: 'keyword'; readonly text: string }
  | { readonly kind: 'structure'; readonly type: string };

/**
 * One argument test of the automaton: the argument passes one of the atoms (one for an atom item,
 * all of a `[ ... ]`, shared with the syntax tree), and is a mutable value if `mutable`.
 */
export interface ArgumentTest {
  readonly atoms: readonly Atom[];
  readonly mutable: boolean;
}

/** A transition consuming one argument that passes `test`. */
interface Transition {
  readonly test: ArgumentTest;
  readonly to: number;
}

/** A compiled pattern: build it once with `compilePattern`, match it with `matchArguments` as often as needed. */
export interface CompiledPattern {
  readonly start: number;
  readonly accept: number;
  /** Per state, the states reachable without consuming an argument. */
  readonly epsilon: readonly (readonly number[])[];
  /** Per state, the transitions consuming one argument. */
  readonly transitions: readonly (readonly Transition[])[];
  /** States plus transitions: matching n arguments costs at most (n + 1) x size steps. */
  readonly size: number;
}

/** Options of `compilePattern`. */
export interface CompilePatternOptions {
  /** How error messages name the text the pattern comes from (default `plugin config`). */
  readonly source?: string;
}

/** Whether `argument` passes `test`. */
export function passes(test: ArgumentTest, argument: ArgumentDescriptor): boolean {
  if (test.mutable && !(argument.kind === 'value' && argument.mutable === true)) return false;
  return test.atoms.some((atom) => passesAtom(atom, argument));
}

function passesAtom(atom: Atom, argument: ArgumentDescriptor): boolean {
  switch (atom.kind) {
    case 'type':
    case 'pluginType':
      return argument.kind === 'value' && argument.type === atom.name;
    case 'value':
      return argument.kind === 'value';
    case 'marker':
      return argument.kind === 'marker';
    case 'keyword':
      return argument.kind === 'keyword';
    case 'any':
      return true;
    case 'markerLiteral':
      return argument.kind === 'marker' && argument.text === atom.text;
    case 'keywordLiteral':
      return argument.kind === 'keyword' && argument.text === atom.text;
    case 'structure':
      return argument.kind === 'structure' && (atom.name === null || argument.type === atom.name);
    case 'variable':
      return argument.kind === 'value' || argument.kind === 'structure';
  }
}

class Builder {
  readonly epsilon: number[][] = [];
  readonly transitions: Transition[][] = [];
  private transitionCount = 0;

  state(): number {
    this.epsilon.push([]);
    this.transitions.push([]);
    return this.epsilon.length - 1;
  }

  link(from: number, to: number): void {
    this.epsilon[from].push(to);
  }

  /** Appends `pattern` after state `from`; returns its end state. */
  sequence(pattern: Pattern, from: number): number {
    return pattern.reduce((state, item) => this.item(item, state), from);
  }

  private item(item: PatternItem, from: number): number {
    const { repeat } = item;
    if (repeat === 'once') return this.body(item, from);
    if (typeof repeat === 'number') {
      let state = from;
      for (let i = 0; i < repeat; i++) state = this.body(item, state);
      return state;
    }
    // A fresh loop state keeps back edges out of the states other items start from.
    const loop = this.state();
    this.link(from, loop);
    const bodyEnd = this.body(item, loop);
    const end = this.state();
    if (repeat !== '+') this.link(loop, end);
    if (repeat !== '?') this.link(bodyEnd, loop);
    this.link(bodyEnd, end);
    return end;
  }

  private body(item: PatternItem, from: number): number {
    const end = this.state();
    if (item.kind === 'group') {
      for (const alternative of item.alternatives) {
        const start = this.state();
        this.link(from, start);
        this.link(this.sequence(alternative, start), end);
      }
    } else {
      // One transition for a whole `[ ... ]`: its atoms are tested together, so unrolling it costs no more than an atom.
      this.transitions[from].push({ test: { atoms: item.kind === 'atom' ? [item.atom] : item.atoms, mutable: item.mutable }, to: end });
      this.transitionCount++;
    }
    return end;
  }

  get size(): number {
    return this.epsilon.reduce((sum, targets) => sum + targets.length, this.epsilon.length + this.transitionCount);
  }
}

/**
 * Compiles a parameter pattern. Throws a `PluginConfigError` only for a pattern `parseConfiguration`
 * never returns: nested more than `MAX_NESTING_DEPTH` levels or larger than `MAX_COMPILED_SIZE` once unrolled.
 */
export function compilePattern(pattern: Pattern, options: CompilePatternOptions = {}): CompiledPattern {
  const problem = patternLimitProblem(pattern);
  if (problem !== null) throw new PluginConfigError(options.source ?? 'plugin config', [problem]);
  const builder = new Builder();
  const start = builder.state();
  const accept = builder.sequence(pattern, start);
  return { start, accept, epsilon: builder.epsilon, transitions: builder.transitions, size: builder.size };
}

/** A step counter shared by the set operations (a cost measure, for tests and diagnostics). */
export interface StepCounter {
  steps: number;
}

/** The states reachable from `states` without consuming an argument, sorted. */
export function closure(compiled: CompiledPattern, states: Iterable<number>, counter: StepCounter): number[] {
  const seen = new Set<number>();
  const stack = [...states];
  while (stack.length > 0) {
    const state = stack.pop() as number;
    if (seen.has(state)) continue;
    seen.add(state);
    counter.steps++;
    for (const next of compiled.epsilon[state]) if (!seen.has(next)) stack.push(next);
  }
  return [...seen].sort((a, b) => a - b);
}

/** The closed state set after consuming `argument` from the closed set `states`. */
export function advance(compiled: CompiledPattern, states: readonly number[], argument: ArgumentDescriptor, counter: StepCounter): number[] {
  const next = new Set<number>();
  for (const state of states) {
    for (const transition of compiled.transitions[state]) {
      counter.steps++;
      if (passes(transition.test, argument)) next.add(transition.to);
    }
  }
  return next.size === 0 ? [] : closure(compiled, next, counter);
}
