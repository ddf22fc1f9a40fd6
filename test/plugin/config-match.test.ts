/**
 * Compiled patterns: matching semantics of every construct, mismatch reports, the linear cost on
 * adversarial patterns, and pattern inclusion for USE resolution.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ArgumentDescriptor, InstructionDeclaration, Pattern } from '../../src/plugin/config/index.js';
import { MAX_COMPILED_SIZE, PluginConfigError, compilePattern, isIncludedIn, matchArguments, parseConfiguration } from '../../src/plugin/config/index.js';

/** The parameter pattern of `FUNCTION p.f <source>` (functions allow every atom); declares p.t and p.s. */
function pattern(source: string): Pattern {
  const c = parseConfiguration(`PLUGIN p\nDEFINE\n  TYPE p.t\n  TYPE p.u\n  STRUCT p.s\n  FUNCTION p.f ${source}\n`);
  return (c.defines[3] as InstructionDeclaration).parameters;
}

/** Arguments from a compact text: `INT` a value, `!INT` a mutable value, `'K'` a keyword, `$p.s` a structure, else a marker. */
function args(text: string): ArgumentDescriptor[] {
  return text.split(' ').filter((word) => word !== '').map((word): ArgumentDescriptor => {
    if (word.startsWith("'")) return { kind: 'keyword', text: word.slice(1, -1) };
    if (word.startsWith('$')) return { kind: 'structure', type: word.slice(1) };
    if (word.startsWith('!')) return { kind: 'value', type: word.slice(1), mutable: true };
    if (/^[A-Za-z]/.test(word)) return { kind: 'value', type: word };
    return { kind: 'marker', text: word };
  });
}

const matches = (source: string, list: string): boolean => matchArguments(compilePattern(pattern(source)), args(list)).ok;

/** Asserts which argument lists a pattern accepts and which it refuses. */
function accepts(source: string, yes: readonly string[], no: readonly string[]): void {
  for (const list of yes) assert.ok(matches(source, list), `${source} should accept [${list}]`);
  for (const list of no) assert.ok(!matches(source, list), `${source} should refuse [${list}]`);
}

test('types, plugin types and the empty pattern', () => {
  accepts('', [''], ['INT']);
  accepts('INT STR', ['INT STR'], ['', 'INT', 'STR INT', 'INT STR BLN']);
  accepts('p.t', ['p.t'], ['p.u', 'INT']);
  accepts('AUTO PEP IRQ LIB SYM BLN PTR', ['AUTO PEP IRQ LIB SYM BLN PTR'], ['AUTO PEP IRQ LIB SYM BLN INT']);
});

test('the documented examples', () => {
  accepts('( INT INT + | PTR )', ['INT INT', 'INT INT INT INT', 'PTR'], ['', 'INT', 'PTR PTR', 'INT PTR']);
  accepts('INT [ < > = <> <= => ] INT', ['INT < INT', 'INT <> INT', 'INT => INT'], ['INT >= INT', 'INT INT', 'INT < < INT', "INT 'LT' INT"]);
  accepts("[ 'HARD' 'SOFT' ] INT:seconds", ["'HARD' INT", "'SOFT' INT"], ["'MEDIUM' INT", 'INT', "'HARD'"]);
});

test('wildcards: VALUE, MARKER, KEYWORD, . , STRUCT, $p.s and VARIABLE', () => {
  accepts('VALUE', ['INT', 'p.t', '!STR'], ['<', "'K'", '$p.s']);
  accepts('MARKER', ['<', '{', ';'], ['INT', "'K'"]);
  accepts('KEYWORD', ["'ANY'", "'K2'"], ['INT', '<']);
  accepts('.', ['INT', '<', "'K'", '$p.s'], ['', 'INT INT']);
  accepts('STRUCT', ['$p.s', '$q.z'], ['INT']);
  accepts('$p.s', ['$p.s'], ['$q.z', 'p.s']);
  accepts('VARIABLE', ['INT', '$p.s'], ['<', "'K'"]);
});

test('MUTABLE requires a mutable value; a plain type accepts both', () => {
  accepts('MUTABLE INT', ['!INT'], ['INT', '!STR']);
  accepts('INT', ['INT', '!INT'], []);
  accepts('MUTABLE [ INT STR ]', ['!INT', '!STR'], ['INT', 'STR']);
  accepts('MUTABLE VALUE', ['!p.t'], ['p.t']);
});

test('repetitions: ? * + and exact counts, on atoms, choices and groups', () => {
  accepts('INT ?', ['', 'INT'], ['INT INT']);
  accepts('INT *', ['', 'INT', 'INT INT INT'], ['STR']);
  accepts('INT +', ['INT', 'INT INT'], ['']);
  accepts('INT 3', ['INT INT INT'], ['INT INT', 'INT INT INT INT']);
  accepts('[ INT STR ] 2', ['INT STR', 'STR STR'], ['INT']);
  accepts('( INT STR ) 2', ['INT STR INT STR'], ['INT STR', 'INT INT STR STR']);
  accepts('( INT | STR BLN ) +', ['INT', 'STR BLN INT', 'INT INT STR BLN'], ['STR', 'INT STR']);
  accepts('( INT ? ) *', ['', 'INT INT'], ['STR']);
  accepts('INT:a ? STR:b', ['STR', 'INT STR'], ['INT']);
});

test('nested alternatives and sequences, as in the com plugin', () => {
  const idle = '( ( > | < ( PEP | { PEP [ VALUE KEYWORD ] * } ) ? ):mode PTR + ) +';
  accepts(idle, ['> PTR', '< PTR PTR', '< PEP PTR', "< { PEP INT 'K' } PTR > PTR"], ['', '> ', 'PTR', '< { PEP < } PTR', '< PEP PEP PTR']);
});

test('a mismatch says where the arguments stop matching and what was expected there', () => {
  const sleep = compilePattern(pattern("[ 'HARD' 'SOFT' ] INT"));
  const { steps, ...wrongType } = matchArguments(sleep, args("'HARD' STR"));
  assert.ok(steps > 0);
  assert.deepEqual(wrongType, { ok: false, position: 1, expected: ['INT'], message: 'argument 2: expected INT but found a STR value' });
  const missing = matchArguments(sleep, args("'SOFT'"));
  assert.ok(!missing.ok);
  assert.deepEqual([missing.position, missing.expected, missing.message], [1, ['INT'], 'argument 2 is missing: expected INT']);
  const first = matchArguments(sleep, args('<'));
  assert.ok(!first.ok);
  assert.equal(first.message, "argument 1: expected 'HARD' or 'SOFT' but found marker '<'");
  const extra = matchArguments(compilePattern(pattern('INT ? MUTABLE STR ?')), args('INT !STR INT'));
  assert.ok(!extra.ok);
  assert.deepEqual([extra.position, extra.expected], [2, ['no more arguments']]);
  const kinds = matchArguments(compilePattern(pattern('[ VALUE MARKER KEYWORD . STRUCT $p.s VARIABLE p.t ] INT')), args('$q.z $q.z'));
  assert.ok(!kinds.ok);
  assert.equal(kinds.message, 'argument 2: expected INT but found a $q.z structure');
  const wild = matchArguments(compilePattern(pattern('( VALUE | MARKER | KEYWORD | STRUCT | $p.s | VARIABLE | MUTABLE VALUE | MUTABLE p.t | < )')), []);
  assert.ok(!wild.ok);
  assert.deepEqual(wild.expected, ['a value', 'a marker', 'a keyword', 'a structure', 'a $p.s structure', 'a value or a structure', 'a mutable value', 'MUTABLE p.t', "'<'"]);
});

test('nested stars cost linear work: ( INT * ) * against 40 INTs and a final STR', () => {
  const compiled = compilePattern(pattern('( ( INT * ) * ) *'));
  const forty = Array.from({ length: 40 }, (): ArgumentDescriptor => ({ kind: 'value', type: 'INT' }));
  const ok = matchArguments(compiled, forty);
  assert.ok(ok.ok);
  assert.ok(ok.steps <= 41 * compiled.size, `${ok.steps} steps for size ${compiled.size}`);
  const ko = matchArguments(compiled, [...forty, { kind: 'value', type: 'STR' }]);
  assert.ok(!ko.ok);
  assert.equal(ko.position, 40);
  assert.ok(ko.steps <= 42 * compiled.size);
});

test('a pattern too large once counts are unrolled is refused', () => {
  assert.throws(() => compilePattern(pattern('( ( INT 255 ) 255 ) 255')), (error: unknown) =>
    error instanceof PluginConfigError && error.message.includes(`more than ${MAX_COMPILED_SIZE} states and transitions`));
});

/** Asserts inclusion (`local` in `remote`) and, when refused, that the counterexample is one. */
function included(local: string, remote: string): boolean {
  const result = isIncludedIn(pattern(local), pattern(remote));
  if (!result.included) {
    assert.ok(result.counterexample !== null);
    assert.ok(matchArguments(compilePattern(pattern(local)), result.counterexample).ok, 'the counterexample matches the local pattern');
    assert.ok(!matchArguments(compilePattern(pattern(remote)), result.counterexample).ok, 'the counterexample does not match the remote one');
  }
  return result.included;
}

test('inclusion: a prototype narrower than the definition is accepted, a wider one refused', () => {
  const cases: readonly (readonly [string, string, boolean])[] = [
    ['INT INT', '( INT INT + | PTR )', true],
    ['( INT INT + | PTR )', 'INT INT', false],
    ['PTR', '( INT INT + | PTR )', true],
    ['INT 3', 'INT *', true],
    ['INT *', 'INT 3', false],
    ['INT INT +', 'INT +', true],
    ['INT +', 'INT INT +', false],
    ["[ 'HARD' 'SOFT' ] INT", 'KEYWORD INT', true],
    ['KEYWORD INT', "[ 'HARD' 'SOFT' ] INT", false],
    ['MUTABLE INT', 'INT', true],
    ['INT', 'MUTABLE INT', false],
    ['[ INT STR ]', '( INT | STR )', true],
    ['( INT | STR )', '[ INT STR ]', true],
    ['INT STR p.t', '. *', true],
    ['. *', 'VALUE *', false],
    ['VALUE', 'VARIABLE', true],
    ['VARIABLE', 'VALUE', false],
    ['$p.s', 'STRUCT', true],
    ['STRUCT', '$p.s', false],
    ['[ < > = <> <= => << >> { } , ; ]', 'MARKER', true],
    ['MARKER', '[ < > = <> <= => << >> { } , ; ]', true],
    ['MARKER', '[ < > = <> <= => << >> { } , ]', false],
    ['p.t', 'VALUE', true],
    ['VALUE', '[ AUTO INT STR BLN PTR LIB SYM PEP IRQ p.t ]', false],
    ['( INT * ) *', 'INT *', true],
    ['', 'INT ?', true],
    ['INT ?', '', false],
  ];
  for (const [local, remote, expected] of cases) assert.equal(included(local, remote), expected, `${local} in ${remote}`);
});

test('inclusion gives a shortest counterexample', () => {
  const result = isIncludedIn(pattern('INT *'), pattern('( INT INT ) *'));
  assert.ok(!result.included && !result.undecided);
  assert.deepEqual(result.counterexample, [{ kind: 'value', type: 'INT', mutable: false }]);
  const other = isIncludedIn(pattern('VALUE'), pattern('[ INT STR ]'));
  assert.ok(!other.included && !other.undecided);
  assert.deepEqual(other.counterexample, [{ kind: 'value', type: 'AUTO', mutable: false }]);
});
