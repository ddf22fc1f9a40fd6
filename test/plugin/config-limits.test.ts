/**
 * The limits of the configuration language: `[ ... ]` compiles to one transition, the unrolled size
 * and the nesting depth are checked when parsing (and again when compiling a hand-built tree), the
 * parser only ever throws `PluginConfigError`, and the inclusion check bounds its work.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ArgumentDescriptor, InstructionDeclaration, Pattern, PatternItem } from '../../src/plugin/config/index.js';
import {
  MAX_COMPILED_SIZE, MAX_INCLUSION_STEPS, MAX_NESTING_DEPTH, PluginConfigError, UNDECIDED_MESSAGE,
  compilePattern, formatConfiguration, isIncludedIn, matchArguments, parseConfiguration,
} from '../../src/plugin/config/index.js';
import { withinLimits } from '../../src/plugin/config/errors.js';
import { compiledSize } from '../../src/plugin/config/limits.js';

const AT = { line: 1, column: 1 };

/** The parameter pattern of `INSTRUCTION p.x <source>`. */
function instruction(source: string): Pattern {
  return (parseConfiguration(`PLUGIN p\nDEFINE\n  INSTRUCTION p.x ${source}\n`).defines[0] as InstructionDeclaration).parameters;
}

/** `depth` groups around `INT`, built by hand (no parser limit applies). */
function nested(depth: number): Pattern {
  let pattern: Pattern = [{ kind: 'atom', atom: { kind: 'type', name: 'INT' }, mutable: false, label: null, repeat: 'once', position: AT }];
  for (let d = 0; d < depth; d++) {
    const group: PatternItem = { kind: 'group', alternatives: [pattern], label: null, repeat: 'once', position: { line: 1, column: depth - d } };
    pattern = [group];
  }
  return pattern;
}

const keywords = (count: number): string => Array.from({ length: count }, (_, i) => `'K${i}'`).join(' ');

test('a [ ... ] is one transition however many atoms it lists, so a short text cannot compile to millions of transitions', () => {
  const pattern = instruction(`( [ ${keywords(100)} ] 255 ) 255`);
  const compiled = compilePattern(pattern);
  const transitions = compiled.transitions.flat().length;
  assert.equal(transitions, 255 * 255);
  assert.ok(compiled.epsilon.length + transitions <= MAX_COMPILED_SIZE);
  const list: ArgumentDescriptor[] = Array.from({ length: 255 * 255 }, (_, i) => ({ kind: 'keyword', text: `K${i % 100}` }));
  assert.ok(matchArguments(compiled, list).ok);
  assert.ok(!matchArguments(compiled, [...list.slice(1), { kind: 'keyword', text: 'K100' }]).ok);
});

test('the size bound the parser checks is exactly the compiled states plus transitions', () => {
  for (const source of ['', 'INT', '[ INT STR ] 3', '( INT | STR * | ( < > ) + ) 4 KEYWORD ?', `( ( [ ${keywords(7)} ] 9 | INT ) * ) 2`]) {
    const pattern = instruction(source);
    const compiled = compilePattern(pattern);
    assert.equal(compiledSize(pattern), compiled.epsilon.length + compiled.transitions.flat().length, source);
  }
});

test('a pattern too large to compile does not parse, and compiling a hand-built one names the given source', () => {
  assert.throws(() => parseConfiguration(`PLUGIN p\nDEFINE\n  INSTRUCTION p.x ( [ ${keywords(100)} ] 255 ) 255 ( INT 255 ) 255\n  INSTRUCTION p.y INT\n`, { source: 'p.plugin' }),
    (error: unknown) => error instanceof PluginConfigError && error.message === `p.plugin:3:19: pattern too large: it expands to more than ${MAX_COMPILED_SIZE} states and transitions once its counts are unrolled`);
  const item: PatternItem = { kind: 'atom', atom: { kind: 'type', name: 'INT' }, mutable: false, label: null, repeat: 255, position: { line: 4, column: 7 } };
  const huge: Pattern = [{ kind: 'group', alternatives: [[{ kind: 'group', alternatives: [[item]], label: null, repeat: 255, position: { line: 4, column: 5 } }]], label: null, repeat: 255, position: { line: 4, column: 3 } }];
  assert.throws(() => compilePattern(huge, { source: 'q.plugin' }), (error: unknown) =>
    error instanceof PluginConfigError && error.message.startsWith('q.plugin:4:3: pattern too large'));
});

test(`groups nest ${MAX_NESTING_DEPTH} levels deep at most; every function handles the deepest`, () => {
  const text = (depth: number): string => `PLUGIN p\nDEFINE\n  INSTRUCTION p.x ${'( '.repeat(depth)}INT${' )'.repeat(depth)}\n`;
  const deepest = parseConfiguration(text(MAX_NESTING_DEPTH));
  assert.equal(formatConfiguration(parseConfiguration(formatConfiguration(deepest))), formatConfiguration(deepest));
  const pattern = (deepest.defines[0] as InstructionDeclaration).parameters;
  assert.ok(matchArguments(compilePattern(pattern), [{ kind: 'value', type: 'INT' }]).ok);
  assert.ok(isIncludedIn(pattern, instruction('INT')).included);
  for (const depth of [MAX_NESTING_DEPTH + 1, 3000, 100_000]) {
    assert.throws(() => parseConfiguration(text(depth)), (error: unknown) =>
      error instanceof PluginConfigError && error.diagnostics.length === 1 && error.column === 19 + 2 * MAX_NESTING_DEPTH && error.message.includes('nested too deeply'));
  }
});

test('a hand-built tree nested too deeply is refused with a PluginConfigError by compilePattern and isIncludedIn, not a RangeError', () => {
  const deep = nested(5000);
  const refused = (error: unknown): boolean => error instanceof PluginConfigError && error.message.includes(`more than ${MAX_NESTING_DEPTH} levels`);
  assert.throws(() => compilePattern(deep), refused);
  assert.throws(() => isIncludedIn(deep, deep), refused);
  assert.ok(compilePattern(nested(MAX_NESTING_DEPTH)).size > 0);
});

test('the parser safety net turns a RangeError into a PluginConfigError and lets everything else through', () => {
  assert.throws(() => withinLimits('p.plugin', () => {
    throw new RangeError('Maximum call stack size exceeded');
  }), (error: unknown) => error instanceof PluginConfigError && error.message === 'p.plugin:1:1: the configuration is too large or too deeply nested to parse (Maximum call stack size exceeded)');
  assert.throws(() => withinLimits('p.plugin', () => {
    throw new TypeError('other');
  }), TypeError);
  assert.equal(withinLimits('p.plugin', () => 7), 7);
});

test('the inclusion check bounds its work and reports giving up as undecided, distinct from a refusal', () => {
  const local = instruction('( ( . * ) 20 ) 20 . * INT . 5');
  const remote = instruction('( ( . * ) 20 ) 20 . * [ INT STR ] . 5');
  const result = isIncludedIn(local, remote);
  assert.ok(!result.included);
  assert.equal(result.undecided, true);
  assert.equal(result.counterexample, null);
  if (result.undecided) assert.equal(result.message, UNDECIDED_MESSAGE);
  const oneStep = 10 * (compilePattern(local).size + compilePattern(remote).size);
  assert.ok(result.steps <= MAX_INCLUSION_STEPS + oneStep, `${result.steps} steps`);
  const refusal = isIncludedIn(instruction('INT *'), instruction('( INT INT ) *'));
  assert.ok(!refusal.included && !refusal.undecided);
});

test('a pattern is included in itself (and in a copy with other labels) without searching', () => {
  for (const source of ['( ( . * ) 20 ) 20 . * INT . 5', '( ( . * ) 100 ) 100 . * INT . 14', 'INT *']) {
    const result = isIncludedIn(instruction(source), instruction(source));
    assert.deepEqual(result, { included: true, steps: 0 });
  }
  assert.deepEqual(isIncludedIn(instruction('INT:a ( STR:b | < ):c ?'), instruction('INT:x ( STR | < ) ?')), { included: true, steps: 0 });
});

test('for instructions, which never receive structures, . is included in [ VALUE MARKER KEYWORD ]; by default it is not', () => {
  const any = instruction('. *');
  const values = instruction('[ VALUE MARKER KEYWORD ] *');
  assert.ok(isIncludedIn(any, values, { kind: 'INSTRUCTION' }).included);
  const conservative = isIncludedIn(any, values);
  assert.ok(!conservative.included && !conservative.undecided);
  assert.deepEqual(conservative.counterexample, [{ kind: 'structure', type: 'other.structure' }]);
  assert.deepEqual(isIncludedIn(any, values, { kind: 'FUNCTION' }), conservative);
  const wider = isIncludedIn(any, instruction('VALUE *'), { kind: 'INSTRUCTION' });
  assert.ok(!wider.included && !wider.undecided && wider.counterexample[0].kind === 'marker');
});

test('<= and => stay markers; an INT argument reads "an INT value"', () => {
  const compiled = compilePattern(instruction('INT [ <= => ] INT'));
  assert.ok(matchArguments(compiled, [{ kind: 'value', type: 'INT' }, { kind: 'marker', text: '<=' }, { kind: 'value', type: 'INT' }]).ok);
  assert.ok(matchArguments(compiled, [{ kind: 'value', type: 'INT' }, { kind: 'marker', text: '=>' }, { kind: 'value', type: 'INT' }]).ok);
  const wrong = matchArguments(compiled, [{ kind: 'value', type: 'INT' }, { kind: 'value', type: 'INT' }]);
  assert.ok(!wrong.ok);
  assert.equal(wrong.message, "argument 2: expected '<=' or '=>' but found an INT value");
  const mutable = matchArguments(compiled, [{ kind: 'value', type: 'STR', mutable: true }]);
  assert.ok(!mutable.ok && mutable.message.endsWith('found a mutable STR value'));
});
