/**
 * Properties of the configuration language over generated configurations and argument lists:
 * printing and parsing round-trip, garbage never throws anything but PluginConfigError, the
 * automaton agrees with a naive reference matcher at bounded cost, and inclusion is exact.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type {
  ArgumentDescriptor, Atom, ObjectDeclaration, Pattern, PatternItem, PluginConfiguration, Repeat, ReturnPattern,
} from '../../src/plugin/config/index.js';
import {
  BASE_TYPES, MARKERS, PluginConfigError, compilePattern, formatConfiguration, isIncludedIn, matchArguments, parseConfiguration,
} from '../../src/plugin/config/index.js';
import '../helpers/property.js';

const AT = { line: 0, column: 0 };
/** The tree without positions (the printer does not keep them). */
const strip = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'position' ? undefined : v)));

// Every generated configuration is plugin `p`, using `q.t` and `q.s`, defining `p.t` and `p.s`.
const VALUE_ATOMS: readonly Atom[] = [...BASE_TYPES.map((name): Atom => ({ kind: 'type', name })), { kind: 'pluginType', name: 'p.t' }, { kind: 'pluginType', name: 'q.t' }, { kind: 'value' }];
const OTHER_ATOMS: readonly Atom[] = [
  { kind: 'marker' }, { kind: 'keyword' }, { kind: 'any' }, ...MARKERS.map((text): Atom => ({ kind: 'markerLiteral', text })),
  { kind: 'keywordLiteral', text: 'HARD' }, { kind: 'keywordLiteral', text: 'K_2' },
];
const FUNCTION_ATOMS: readonly Atom[] = [{ kind: 'structure', name: null }, { kind: 'structure', name: 'p.s' }, { kind: 'structure', name: 'q.s' }, { kind: 'variable' }];

const label = fc.option(fc.constantFrom('a', 'seconds', 'x_1'), { nil: null });
const repeat: fc.Arbitrary<Repeat> = fc.oneof(fc.constantFrom<Repeat>('once', '?', '*', '+'), fc.integer({ min: 1, max: 3 }));

/** Patterns for an instruction (`false`) or a function (`true`). */
function patternArbitrary(functionAtoms: boolean, depth: number): fc.Arbitrary<Pattern> {
  const atoms = [...VALUE_ATOMS, ...OTHER_ATOMS, ...(functionAtoms ? FUNCTION_ATOMS : [])];
  const valueAtom = fc.constantFrom(...VALUE_ATOMS);
  const atomItem: fc.Arbitrary<PatternItem> = fc.oneof(
    fc.record({ atom: fc.constantFrom(...atoms), label, repeat }).map((r): PatternItem => ({ kind: 'atom', mutable: false, ...r, position: AT })),
    fc.record({ atom: valueAtom, label, repeat }).map((r): PatternItem => ({ kind: 'atom', mutable: true, ...r, position: AT })),
    fc.record({ atoms: fc.array(fc.constantFrom(...atoms), { minLength: 1, maxLength: 3 }), label, repeat }).map((r): PatternItem => ({ kind: 'oneOf', mutable: false, ...r, position: AT })),
    fc.record({ atoms: fc.array(valueAtom, { minLength: 1, maxLength: 3 }), label, repeat }).map((r): PatternItem => ({ kind: 'oneOf', mutable: true, ...r, position: AT })),
  );
  if (depth === 0) return fc.array(atomItem, { maxLength: 4 });
  const group = fc.record({ alternatives: fc.array(patternArbitrary(functionAtoms, depth - 1).filter((p) => p.length > 0), { minLength: 1, maxLength: 3 }), label, repeat })
    .map((r): PatternItem => ({ kind: 'group', ...r, position: AT }));
  return fc.array(fc.oneof({ weight: 3, arbitrary: atomItem }, { weight: 1, arbitrary: group }), { maxLength: 4 });
}

function returnArbitrary(functionAtoms: boolean): fc.Arbitrary<ReturnPattern | null> {
  const returnable = [...VALUE_ATOMS, ...(functionAtoms ? FUNCTION_ATOMS : [])];
  return fc.option(
    fc.oneof(
      fc.record({ atoms: fc.constantFrom(...returnable).map((a) => [a]), bracketed: fc.constant(false) }),
      fc.record({ atoms: fc.array(fc.constantFrom(...returnable), { minLength: 1, maxLength: 3 }), bracketed: fc.constant(true) }),
    ).chain((r) => fc.record({ optional: fc.boolean(), label }).map((s): ReturnPattern => ({ ...r, ...s, position: AT }))),
    { nil: null },
  );
}

/** A declaration of the DEFINE section, named after its index so names never clash. */
function declarationArbitrary(index: number): fc.Arbitrary<ObjectDeclaration> {
  const name = `p.n${index}`;
  return fc.oneof(
    fc.record({ flags: fc.record({ waiting: fc.boolean(), system: fc.boolean(), override: fc.boolean() }), parameters: patternArbitrary(false, 2), returns: returnArbitrary(false) })
      .map((r): ObjectDeclaration => ({ kind: 'INSTRUCTION', name, position: AT, ...r })),
    fc.record({ parameters: patternArbitrary(true, 2), returns: returnArbitrary(true) }).map((r): ObjectDeclaration => ({ kind: 'FUNCTION', name, position: AT, ...r })),
    fc.constantFrom('TYPE', 'STRUCT', 'INTERRUPTION', 'SEQUENCER', 'SCHEDULER').map((kind): ObjectDeclaration => ({ kind, name, position: AT })),
    fc.constantFrom('BLN', 'INT', 'STR').map((valueType): ObjectDeclaration => ({ kind: 'OPTION', name, position: AT, flag: String.fromCharCode(65 + index), valueType })),
    fc.constantFrom('INT', 'STR').map((valueType): ObjectDeclaration => ({ kind: 'ARGUMENT', name, position: AT, valueType })),
  );
}

const configurationArbitrary: fc.Arbitrary<PluginConfiguration> = fc.integer({ min: 0, max: 6 })
  .chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => declarationArbitrary(i))))
  .chain((defines) => fc.boolean().map((variadic): PluginConfiguration => ({
    plugin: 'p',
    uses: [{ kind: 'TYPE', name: 'q.t', position: AT }, { kind: 'STRUCT', name: 'q.s', position: AT }, { kind: 'FUNCTION', name: 'q.f', position: AT, parameters: [], returns: null }],
    defines: [
      { kind: 'TYPE', name: 'p.t', position: AT }, { kind: 'STRUCT', name: 'p.s', position: AT },
      // Option letters are distinct: index 0..5 gives A..F.
      ...defines,
      ...(variadic ? [{ kind: 'ARGUMENTS' as const, name: 'p.rest', position: AT }] : []),
    ],
  })));

/** The same text with more spaces and tabs between tokens, comments and blank lines. */
const noisy = (text: string): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(' ', '  ', '\t', ' \t '), { minLength: text.length, maxLength: text.length })
    .chain((spaces) => fc.boolean().map((comments) => {
      let i = 0;
      const spaced = text.replace(/ /g, () => spaces[i++]);
      return comments ? `# generated\n${spaced.split('\n').map((line) => (line === '' ? line : `${line} # note`)).join('\n\n')}` : spaced;
    }));

test('printing then parsing gives the same tree, and the printed text is a fixed point', () => {
  fc.assert(fc.property(configurationArbitrary, (configuration) => {
    const text = formatConfiguration(configuration);
    const parsed = parseConfiguration(text);
    assert.deepEqual(strip(parsed), strip(configuration));
    assert.deepEqual(strip(parseConfiguration(formatConfiguration(parsed))), strip(parsed));
    assert.equal(formatConfiguration(parsed), text);
  }), { numRuns: 300 });
});

test('parse(format(parse(x))) == parse(x) for texts with arbitrary spacing and comments', () => {
  fc.assert(fc.property(configurationArbitrary.chain((c) => noisy(formatConfiguration(c))), (text) => {
    const parsed = parseConfiguration(text);
    assert.deepEqual(strip(parseConfiguration(formatConfiguration(parsed))), strip(parsed));
  }), { numRuns: 200 });
});

/** Parses and accepts only success or a PluginConfigError with sane positions. */
function parsesOrReports(text: string): void {
  try {
    parseConfiguration(text);
  } catch (error) {
    assert.ok(error instanceof PluginConfigError, `threw ${String(error)}`);
    assert.ok(error.diagnostics.length > 0);
    const lines = text.split('\n').length;
    for (const d of error.diagnostics) assert.ok(d.line >= 1 && d.line <= lines && d.column >= 1, `${d.line}:${d.column}`);
  }
}

const TOKENS = [
  'PLUGIN', 'USE', 'DEFINE', 'INSTRUCTION', 'FUNCTION', 'TYPE', 'STRUCT', 'OPTION', 'ARGUMENT', 'ARGUMENTS', 'WAITING', 'SYSTEM', 'MUTABLE',
  'INT', 'VALUE', 'p', 'p.x', 'q.t', '$p.s', "'K'", "'", '-v', '->', '-', '[', ']', '(', ')', '|', '?', '*', '+', ':', '.', '3', '0', '<', '=>', '#',
  ' ', ' ', '\n', '\t', '@', 'é', '$',
];

test('random token soup and random strings never throw anything but PluginConfigError', () => {
  fc.assert(fc.property(fc.oneof(
    fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((tokens) => tokens.join('')),
    fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((tokens) => `PLUGIN p\nDEFINE\n  ${tokens.join(' ')}`),
    fc.string({ maxLength: 80 }),
    fc.string({ unit: 'binary', maxLength: 80 }),
  ), parsesOrReports), { numRuns: 1000 });
});

test('mutated valid configurations never throw anything but PluginConfigError', () => {
  fc.assert(fc.property(configurationArbitrary.map(formatConfiguration), fc.nat(), fc.constantFrom(...TOKENS, ''), (text, at, insert) => {
    const cut = at % (text.length + 1);
    parsesOrReports(text.slice(0, cut) + insert + text.slice(cut + (insert === '' ? 1 : 0)));
  }), { numRuns: 500 });
});

// A reference matcher, written from the definition: the set of positions each item can end at.
function passesReference(atom: Atom, mutable: boolean, a: ArgumentDescriptor): boolean {
  if (mutable && (a.kind !== 'value' || a.mutable !== true)) return false;
  if (atom.kind === 'type' || atom.kind === 'pluginType') return a.kind === 'value' && a.type === atom.name;
  if (atom.kind === 'value') return a.kind === 'value';
  if (atom.kind === 'marker' || atom.kind === 'keyword') return a.kind === atom.kind;
  if (atom.kind === 'markerLiteral') return a.kind === 'marker' && a.text === atom.text;
  if (atom.kind === 'keywordLiteral') return a.kind === 'keyword' && a.text === atom.text;
  if (atom.kind === 'structure') return a.kind === 'structure' && (atom.name === null || a.type === atom.name);
  if (atom.kind === 'variable') return a.kind === 'value' || a.kind === 'structure';
  return true;
}

function endsOf(pattern: Pattern, list: readonly ArgumentDescriptor[], starts: ReadonlySet<number>): Set<number> {
  return pattern.reduce((positions, item) => endsOfItem(item, list, positions), new Set(starts));
}

function endsOfItem(item: PatternItem, list: readonly ArgumentDescriptor[], starts: ReadonlySet<number>): Set<number> {
  const once = (from: ReadonlySet<number>): Set<number> => {
    if (item.kind === 'group') return new Set(item.alternatives.flatMap((alternative) => [...endsOf(alternative, list, from)]));
    const atoms = item.kind === 'atom' ? [item.atom] : item.atoms;
    return new Set([...from].filter((i) => i < list.length && atoms.some((atom) => passesReference(atom, item.mutable, list[i]))).map((i) => i + 1));
  };
  const star = (from: ReadonlySet<number>): Set<number> => {
    const all = new Set(from);
    for (let size = -1; size !== all.size;) {
      size = all.size;
      for (const end of once(all)) all.add(end);
    }
    return all;
  };
  const { repeat } = item;
  if (repeat === 'once') return once(starts);
  if (repeat === '?') return new Set([...starts, ...once(starts)]);
  if (repeat === '*') return star(starts);
  if (repeat === '+') return star(once(starts));
  let positions = new Set(starts);
  for (let i = 0; i < repeat; i++) positions = once(positions);
  return positions;
}

const argumentArbitrary: fc.Arbitrary<ArgumentDescriptor> = fc.oneof(
  fc.record({ kind: fc.constant('value' as const), type: fc.constantFrom('INT', 'STR', 'p.t', 'q.t', 'PEP'), mutable: fc.boolean() }),
  fc.record({ kind: fc.constant('marker' as const), text: fc.constantFrom('<', '=>', '{', ';') }),
  fc.record({ kind: fc.constant('keyword' as const), text: fc.constantFrom('HARD', 'K_2', 'OTHER') }),
  fc.record({ kind: fc.constant('structure' as const), type: fc.constantFrom('p.s', 'z.s') }),
);

test('the automaton agrees with the reference matcher, at a cost bounded by (arguments + 1) x size', () => {
  fc.assert(fc.property(patternArbitrary(true, 2), fc.array(argumentArbitrary, { maxLength: 8 }), (pattern, list) => {
    const compiled = compilePattern(pattern);
    const result = matchArguments(compiled, list);
    assert.equal(result.ok, endsOf(pattern, list, new Set([0])).has(list.length));
    assert.ok(result.steps <= (list.length + 1) * compiled.size, `${result.steps} > ${list.length + 1} x ${compiled.size}`);
    if (!result.ok) {
      // A refusal names a position inside the list (or just past it) and what would have fitted there.
      assert.ok(result.position <= list.length);
      assert.ok(result.expected.length > 0);
    }
  }), { numRuns: 500 });
});

test('adversarial nestings of stars stay within the same linear bound', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 60 }), fc.boolean(), (depth, count, spoil) => {
    let pattern: Pattern = [{ kind: 'atom', atom: { kind: 'type', name: 'INT' }, mutable: false, label: null, repeat: '*', position: AT }];
    for (let d = 1; d < depth; d++) pattern = [{ kind: 'group', alternatives: [pattern, pattern], label: null, repeat: '*', position: AT }];
    const compiled = compilePattern(pattern);
    const list: ArgumentDescriptor[] = Array.from({ length: count }, () => ({ kind: 'value', type: 'INT' }));
    if (spoil) list.push({ kind: 'value', type: 'STR' });
    const result = matchArguments(compiled, list);
    assert.equal(result.ok, !spoil);
    assert.ok(result.steps <= (list.length + 1) * compiled.size);
  }), { numRuns: 100 });
});

test('inclusion is exact: no argument list separates included patterns, and counterexamples separate the others', () => {
  fc.assert(fc.property(patternArbitrary(true, 1), patternArbitrary(true, 1), fc.array(fc.array(argumentArbitrary, { maxLength: 5 }), { maxLength: 20 }), (local, remote, lists) => {
    const result = isIncludedIn(local, remote);
    const a = compilePattern(local);
    const b = compilePattern(remote);
    if (result.included) {
      for (const list of lists) if (matchArguments(a, list).ok) assert.ok(matchArguments(b, list).ok);
    } else {
      assert.ok(result.counterexample !== null);
      assert.ok(matchArguments(a, result.counterexample).ok && !matchArguments(b, result.counterexample).ok);
    }
    assert.ok(isIncludedIn(local, local).included);
  }), { numRuns: 300 });
});
