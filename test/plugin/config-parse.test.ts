/**
 * The plugin configuration parser: every construct of the language, the examples of the SVM
 * documentation, and every error with its line and column.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FunctionDeclaration, InstructionDeclaration, PatternItem } from '../../src/plugin/config/index.js';
import { PluginConfigError, formatConfiguration, parseConfiguration } from '../../src/plugin/config/index.js';

/** Parses a DEFINE body for plugin `p` (lines indented by the caller). */
const define = (...lines: string[]) => parseConfiguration(['PLUGIN p', 'DEFINE', ...lines].join('\n'));
const instruction = (line: string): InstructionDeclaration => define(line).defines[0] as InstructionDeclaration;

/** The diagnostics of a text that must not parse, as `line:column: message`. */
function problems(text: string): string[] {
  try {
    parseConfiguration(text);
  } catch (error) {
    assert.ok(error instanceof PluginConfigError, `unexpected ${String(error)}`);
    assert.equal(error.code, 'EXVM_PLUGIN_CONFIG');
    return error.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`);
  }
  assert.fail(`parsed: ${text}`);
}

/** The item shapes of a pattern without positions, for compact assertions. */
const shape = (items: readonly PatternItem[]): unknown => JSON.parse(JSON.stringify(items, (key, value: unknown) => (key === 'position' ? undefined : value)));

test('the three examples of the documentation parse to the expected trees', () => {
  const add = instruction('  INSTRUCTION p.add ( INT INT + | PTR ) -> INT');
  assert.deepEqual(shape(add.parameters), [{
    kind: 'group', repeat: 'once', label: null,
    alternatives: [
      [{ kind: 'atom', atom: { kind: 'type', name: 'INT' }, mutable: false, label: null, repeat: 'once' },
        { kind: 'atom', atom: { kind: 'type', name: 'INT' }, mutable: false, label: null, repeat: '+' }],
      [{ kind: 'atom', atom: { kind: 'type', name: 'PTR' }, mutable: false, label: null, repeat: 'once' }],
    ],
  }]);
  assert.deepEqual(add.returns?.atoms, [{ kind: 'type', name: 'INT' }]);

  const cmp = instruction('  INSTRUCTION p.cmp INT [ < > = <> <= => ] INT -> BLN');
  const choice = cmp.parameters[1];
  assert.equal(choice.kind, 'oneOf');
  assert.deepEqual(choice.kind === 'oneOf' && choice.atoms.map((a) => a.kind === 'markerLiteral' && a.text), ['<', '>', '=', '<>', '<=', '=>']);

  const sleep = instruction("  WAITING INSTRUCTION p.sleep [ 'HARD' 'SOFT' ] INT:seconds");
  assert.deepEqual(sleep.flags, { waiting: true, system: false, override: false });
  assert.deepEqual(shape(sleep.parameters), [
    { kind: 'oneOf', atoms: [{ kind: 'keywordLiteral', text: 'HARD' }, { kind: 'keywordLiteral', text: 'SOFT' }], mutable: false, label: null, repeat: 'once' },
    { kind: 'atom', atom: { kind: 'type', name: 'INT' }, mutable: false, label: 'seconds', repeat: 'once' },
  ]);
  assert.equal(sleep.returns, null);
});

test('real SVM plugin configurations parse (run, com, str, math plugins)', () => {
  const run = parseConfiguration(`PLUGIN run
DEFINE
  INSTRUCTION run.interrupt IRQ
  INSTRUCTION run.interruption [ 'GLOBAL' 'CASCADE' ] ? [ STR SYM ] : target ?
  SYSTEM INSTRUCTION run.coredump [ 'STDOUT' 'STDERR' 'TRACE' ] ? -> STR
  INSTRUCTION run.retry INT ? : number_instructions
  INSTRUCTION run.loop MUTABLE INT:index ( { INT:step } ) ? [ < > ] INT:limit STR:label
  INSTRUCTION run.protected_call SYM:function PTR:parameters ( 'NOIRQ' | 'CPU' = INT:max_instructions | 'PARAMS' = [ 'COPY' 'MOVE' 'SHARE' ] 'CASCADE' ?) *
  SEQUENCER run.stack
  SCHEDULER run.parallel
  OPTION run.parallel_limit -l INT
`);
  assert.equal(run.plugin, 'run');
  assert.equal(run.defines.length, 9);
  const retry = run.defines[3] as InstructionDeclaration;
  assert.equal(retry.parameters[0].label, 'number_instructions');
  assert.equal(retry.parameters[0].repeat, '?');

  const com = parseConfiguration(`PLUGIN com
DEFINE
  TYPE com.device
  STRUCT com.terminal
  WAITING INSTRUCTION com.prompt ( [ 'STDOUT' 'STDERR' ] ? STR ): prompt ? [ 'STR' 'INT' ]:output_type -> [ STR INT ]
  SYSTEM WAITING INSTRUCTION com.open PEP :device_type . * :parameters -> com.device
  WAITING INSTRUCTION com.idle ( ( > | < ( PEP | { PEP [ VALUE KEYWORD ] * } ) ? :protocol ):mode PTR + :device_arrays ) + -> PTR :active_device
  INSTRUCTION com.equal com.device 2 -> BLN
  FUNCTION com.device STRUCT -> com.device ?
  FUNCTION com.device_terminal_open [ 'STDIN' 'STDOUT' 'STDERR' ] -> $com.terminal
  FUNCTION com.device_terminal_idle $com.terminal MUTABLE INT MUTABLE INT MUTABLE INT
  INTERRUPTION com.interrupted
`);
  const open = com.defines[3] as InstructionDeclaration;
  assert.deepEqual(open.flags, { waiting: true, system: true, override: false });
  const equal = com.defines[5] as InstructionDeclaration;
  assert.equal(equal.parameters[0].repeat, 2);
  const device = com.defines[6] as FunctionDeclaration;
  assert.deepEqual(device.returns, { atoms: [{ kind: 'pluginType', name: 'com.device' }], bracketed: false, optional: true, label: null, position: { line: 9, column: 33 } });
  const idle = com.defines[4] as InstructionDeclaration;
  assert.equal(idle.returns?.label, 'active_device');

  const math = parseConfiguration(`PLUGIN math
USE
  TYPE real.number
DEFINE
  INSTRUCTION math.rpn ( [ INT real.number 'ADD' 'SUB' PEP ] | { PEP INT } ) + -> [ INT real.number ]
  FUNCTION math.math_pi -> real.number
`);
  assert.deepEqual(math.uses, [{ kind: 'TYPE', name: 'real.number', position: { line: 3, column: 3 } }]);
  assert.equal((math.defines[1] as FunctionDeclaration).parameters.length, 0);
});

test('every object kind, flag and value type', () => {
  const c = parseConfiguration(`PLUGIN p
USE
  INSTRUCTION int.add ( INT INT + | PTR ) -> INT
  FUNCTION str.size STR -> INT
  TYPE str.pattern
  STRUCT com.file
  INTERRUPTION com.interrupted
  SEQUENCER run.stack
  SCHEDULER run.parallel
DEFINE
  OVERRIDE SYSTEM WAITING INSTRUCTION p.all
  TYPE p.t
  STRUCT p.s
  INTERRUPTION p.i
  SEQUENCER p.q
  SCHEDULER p.r
  OPTION p.verbose -v BLN
  OPTION p.level -l INT
  OPTION p.name -N STR
  ARGUMENT p.count INT
  ARGUMENT p.label STR
  ARGUMENTS p.rest
  FUNCTION p.f VARIABLE STRUCT $p.s $com.file str.pattern -> VARIABLE
`);
  assert.deepEqual(c.uses.map((d) => d.kind), ['INSTRUCTION', 'FUNCTION', 'TYPE', 'STRUCT', 'INTERRUPTION', 'SEQUENCER', 'SCHEDULER']);
  assert.deepEqual(c.defines.map((d) => d.kind), ['INSTRUCTION', 'TYPE', 'STRUCT', 'INTERRUPTION', 'SEQUENCER', 'SCHEDULER', 'OPTION', 'OPTION', 'OPTION', 'ARGUMENT', 'ARGUMENT', 'ARGUMENTS', 'FUNCTION']);
  assert.deepEqual((c.defines[0] as InstructionDeclaration).flags, { waiting: true, system: true, override: true });
  assert.deepEqual(c.defines[6], { kind: 'OPTION', name: 'p.verbose', position: { line: 17, column: 3 }, flag: 'v', valueType: 'BLN' });
  assert.deepEqual(c.defines[10], { kind: 'ARGUMENT', name: 'p.label', position: { line: 21, column: 3 }, valueType: 'STR' });
  const f = c.defines[12] as FunctionDeclaration;
  assert.deepEqual(f.parameters.map((i) => i.kind === 'atom' && i.atom), [
    { kind: 'variable' }, { kind: 'structure', name: null }, { kind: 'structure', name: 'p.s' }, { kind: 'structure', name: 'com.file' }, { kind: 'pluginType', name: 'str.pattern' },
  ]);
});

test('every pattern atom, wildcard, repetition and label placement', () => {
  const all = instruction("  INSTRUCTION p.x AUTO INT STR BLN PTR LIB SYM PEP IRQ VALUE MARKER KEYWORD . 'KW_1' < > = <> <= => << >> { } , ;");
  assert.deepEqual(all.parameters.map((i) => i.kind === 'atom' && i.atom.kind), [
    'type', 'type', 'type', 'type', 'type', 'type', 'type', 'type', 'type', 'value', 'marker', 'keyword', 'any', 'keywordLiteral',
    ...Array<string>(12).fill('markerLiteral'),
  ]);
  const repeats = instruction('  INSTRUCTION p.x INT ? STR * BLN + PTR 3 MUTABLE VALUE [ INT STR ]:either + ( INT | STR ):g 2');
  assert.deepEqual(repeats.parameters.map((i) => [i.repeat, i.label]), [['?', null], ['*', null], ['+', null], [3, null], ['once', null], ['+', 'either'], [2, 'g']]);
  assert.equal(repeats.parameters[4].kind === 'atom' && repeats.parameters[4].mutable, true);
  // The label may come before or after the repetition, with or without spaces around ':'.
  const labels = instruction("  INSTRUCTION p.x 'END':origin ? INT ? : n INT: m");
  assert.deepEqual(labels.parameters.map((i) => [i.label, i.repeat]), [['origin', '?'], ['n', '?'], ['m', 'once']]);
  const mutableChoice = instruction('  INSTRUCTION p.x MUTABLE [ INT STR ]');
  assert.equal(mutableChoice.parameters[0].kind === 'oneOf' && mutableChoice.parameters[0].mutable, true);
});

test('returns: single, bracketed, optional and labelled', () => {
  assert.deepEqual(instruction('  INSTRUCTION p.x -> [ STR INT ] ?').returns?.atoms.length, 2);
  const r = instruction('  INSTRUCTION p.x -> INT:code ?').returns;
  assert.deepEqual([r?.bracketed, r?.optional, r?.label], [false, true, 'code']);
  assert.equal(instruction('  INSTRUCTION p.x -> [ INT ]').returns?.bracketed, true);
  assert.equal(instruction('  INSTRUCTION p.x -> VALUE ? :result').returns?.label, 'result');
});

test('comments, blank lines, tabs and Windows line ends are ignored', () => {
  const text = '# a plugin\r\nPLUGIN p   # its name\r\n\r\nDEFINE\r\n\tINSTRUCTION p.x INT#no space needed\r\n\n  # only a comment\n  TYPE p.t\n';
  const c = parseConfiguration(text);
  assert.deepEqual(c.defines.map((d) => [d.kind, d.position]), [['INSTRUCTION', { line: 5, column: 2 }], ['TYPE', { line: 8, column: 3 }]]);
});

test('a configuration without sections, or with an empty USE, is valid', () => {
  assert.deepEqual(parseConfiguration('PLUGIN p'), { plugin: 'p', uses: [], defines: [] });
  assert.deepEqual(parseConfiguration('PLUGIN p\nUSE\nDEFINE\n  TYPE p.t').uses, []);
});

test('the printer gives canonical text that parses back to the same tree', () => {
  const text = "PLUGIN p\nUSE\n  TYPE q.t\nDEFINE\n  SYSTEM  WAITING INSTRUCTION p.x ( INT:a ? | 'K' ) +  [ < q.t ]:c -> [ INT ] ? \n";
  const canonical = formatConfiguration(parseConfiguration(text));
  assert.equal(canonical, "PLUGIN p\nUSE\n  TYPE q.t\nDEFINE\n  WAITING SYSTEM INSTRUCTION p.x ( INT:a ? | 'K' ) + [ < q.t ]:c -> [ INT ] ?\n");
  assert.equal(formatConfiguration(parseConfiguration(canonical)), canonical);
});

/** Each bad text and the diagnostics it must produce, `line:column: message`. */
const ERRORS: readonly (readonly [string, string, readonly string[]])[] = [
  ['an empty text', '', ["1:1: expected 'PLUGIN' but found end of input"]],
  ['a missing PLUGIN line', 'DEFINE\n  TYPE x.t', ['1:1: expected PLUGIN and the plugin name on the first line']],
  ['a plugin name with a dot', 'PLUGIN a.b', ["1:8: a plugin name has no '.', found 'a.b'"]],
  ['a missing plugin name', 'PLUGIN\nDEFINE', ['1:7: expected the plugin name but found end of line']],
  ['text after the plugin name', 'PLUGIN p q', ["1:10: expected end of line but found 'q'"]],
  ['a second PLUGIN', 'PLUGIN p\nPLUGIN q', ['2:1: PLUGIN comes once, on the first line']],
  ['USE after DEFINE', 'PLUGIN p\nDEFINE\nUSE', ['3:1: USE comes once, before DEFINE']],
  ['two DEFINE', 'PLUGIN p\nDEFINE\nDEFINE', ['3:1: DEFINE comes once']],
  ['text after DEFINE', 'PLUGIN p\nDEFINE TYPE p.t', ["2:8: expected end of line but found 'TYPE'"]],
  ['a declaration outside any section', 'PLUGIN p\n  TYPE p.t', ["2:3: expected 'USE' or 'DEFINE' but found 'TYPE'"]],
  ['an unknown object kind', 'PLUGIN p\nDEFINE\n  WIDGET p.w', ["3:3: expected an object kind (INSTRUCTION, FUNCTION, TYPE, STRUCT, INTERRUPTION, SEQUENCER, SCHEDULER, OPTION, ARGUMENT, ARGUMENTS) but found 'WIDGET'"]],
  ['a flag before a non-instruction', 'PLUGIN p\nDEFINE\n  WAITING FUNCTION p.f', ['3:3: WAITING only applies to INSTRUCTION, not to FUNCTION']],
  ['two flags before a non-instruction', 'PLUGIN p\nDEFINE\n  WAITING SYSTEM TYPE p.t', ['3:3: WAITING, SYSTEM only apply to INSTRUCTION, not to TYPE']],
  ['a flag without INSTRUCTION', 'PLUGIN p\nDEFINE\n  SYSTEM p.x', ["3:10: expected 'INSTRUCTION', 'WAITING' or 'OVERRIDE' but found 'p.x'"]],
  ['a repeated flag', 'PLUGIN p\nDEFINE\n  SYSTEM SYSTEM INSTRUCTION p.x', ['3:10: SYSTEM is given twice']],
  ['an unqualified name', 'PLUGIN p\nDEFINE\n  TYPE t', ["3:8: expected a qualified name 'plugin.entry' but found 't'"]],
  ['text after a name-only object', 'PLUGIN p\nDEFINE\n  TYPE p.t INT', ["3:12: expected end of line but found 'INT'"]],
  ['a definition of another plugin', 'PLUGIN p\nDEFINE\n  TYPE q.t', ['3:3: plugin p can only define objects named p.<name>, not q.t']],
  ['a use of its own object', 'PLUGIN p\nUSE\n  TYPE p.t', ['3:3: USE lists objects of other plugins; p.t belongs to p itself']],
  ['a duplicate object', 'PLUGIN p\nDEFINE\n  TYPE p.t\n  INSTRUCTION p.t\n  TYPE p.t', ['5:3: TYPE p.t is already declared at line 3']],
  ['an option and an argument of the same name', 'PLUGIN p\nDEFINE\n  OPTION p.x -x INT\n  ARGUMENT p.x INT', ['4:3: ARGUMENT p.x is already declared at line 3']],
  ['an option of several letters', 'PLUGIN p\nDEFINE\n  OPTION p.o -vv INT', ["3:14: an option is one letter after '-', found '-vv'"]],
  ['an option without letter', 'PLUGIN p\nDEFINE\n  OPTION p.o INT', ["3:14: expected an option letter like '-v' but found 'INT'"]],
  ['an option of a bad type', 'PLUGIN p\nDEFINE\n  OPTION p.o -o PTR', ["3:17: expected 'BLN', 'INT' or 'STR' but found 'PTR'"]],
  ['an argument of a bad type', 'PLUGIN p\nDEFINE\n  ARGUMENT p.a BLN', ["3:16: expected 'INT' or 'STR' but found 'BLN'"]],
  ['two options with one letter', 'PLUGIN p\nDEFINE\n  OPTION p.a -v BLN\n  OPTION p.b -v BLN', ['4:3: option -v is already the option of p.a']],
  ['two ARGUMENTS', 'PLUGIN p\nDEFINE\n  ARGUMENTS p.a\n  ARGUMENTS p.b', ['4:3: ARGUMENTS is already declared at line 3 (one at most)']],
  ['an option in USE', 'PLUGIN p\nUSE\n  OPTION q.o -o INT', ['3:3: OPTION belongs to DEFINE, not to USE']],
  ['an unknown type', 'PLUGIN p\nDEFINE\n  INSTRUCTION p.x INTEGER', ["3:19: unknown type 'INTEGER' (a built-in type is one of AUTO INT STR BLN PTR LIB SYM PEP IRQ; a plugin type is written 'plugin.type')"]],
  ['an undeclared plugin type', 'PLUGIN p\nDEFINE\n  INSTRUCTION p.x q.t -> p.u', ["3:19: type q.t is not declared (add 'TYPE q.t' to USE)", "3:26: type p.u is not declared (add 'TYPE p.u' to DEFINE)"]],
  ['an undeclared structure', 'PLUGIN p\nDEFINE\n  FUNCTION p.f $q.s', ["3:16: structure q.s is not declared (add 'STRUCT q.s' to USE)"]],
  ['the arrow where an item is expected', 'PLUGIN p\nDEFINE\n  INSTRUCTION p.add ( -> INT', ["3:23: expected a type, a marker, a keyword, '[' or '(' but found '->'"]],
  ['an unclosed group', 'PLUGIN p\nDEFINE\n  INSTRUCTION p.x ( INT\n', ["3:24: expected a type, a marker, a keyword, '[', '(', '|' or ')' but found end of line"]],
  ['an empty alternative', 'PLUGIN p\nDEFINE\n  INSTRUCTION p.x ( INT | )', ["3:27: expected a type, a marker, a keyword, '[' or '(' but found ')'"]],
  ['an empty choice', 'PLUGIN p\nDEFINE\n  INSTRUCTION p.x [ ]', ["3:21: expected a type, a marker or a keyword but found ']'"]],
  ['a group inside a choice', 'PLUGIN p\nDEFINE\n  INSTRUCTION p.x [ INT ( STR ) ]', ["3:25: expected a type, a marker, a keyword or ']' but found '('"]],
  ['an unclosed choice', 'PLUGIN p\nDEFINE\n  INSTRUCTION p.x [ INT\n', ["3:24: expected a type, a marker, a keyword or ']' but found end of line"]],
  ['a stray closing parenthesis', 'PLUGIN p\nDEFINE\n  INSTRUCTION p.x INT )', ["3:23: expected a type, a marker, a keyword, '[', '(', '->' or end of line but found ')'"]],
  ['a double repetition', 'PLUGIN p\nDEFINE\n  INSTRUCTION p.x INT ? *', ["3:25: expected a type, a marker, a keyword, '[', '(', '->' or end of line but found '*'"]],
  ['MUTABLE before a marker', 'PLUGIN p\nDEFINE\n  INSTRUCTION p.x MUTABLE <', ["3:19: MUTABLE applies to a value type, not to marker '<'"]],
  ['MUTABLE before a group', 'PLUGIN p\nDEFINE\n  INSTRUCTION p.x MUTABLE ( INT )', ["3:19: MUTABLE applies to a value type, not to '( )'"]],
  ['MUTABLE on a keyword of a choice', "PLUGIN p\nDEFINE\n  INSTRUCTION p.x MUTABLE [ INT 'K' ]", ["3:33: MUTABLE applies to value types, not to keyword 'K'"]],
  ['MUTABLE inside a choice', 'PLUGIN p\nDEFINE\n  INSTRUCTION p.x [ MUTABLE INT ]', ["3:21: MUTABLE goes before the item it qualifies (before '[' for a choice)"]],
  ['a count of zero', 'PLUGIN p\nDEFINE\n  INSTRUCTION p.x INT 0', ['3:23: a repetition count is between 1 and 255, found 0']],
  ['a count too large', 'PLUGIN p\nDEFINE\n  INSTRUCTION p.x INT 256', ['3:23: a repetition count is between 1 and 255, found 256']],
  ['two labels', 'PLUGIN p\nDEFINE\n  INSTRUCTION p.x INT:a ? :b', ['3:27: an item has one label at most']],
  ['a label without name', 'PLUGIN p\nDEFINE\n  INSTRUCTION p.x INT:', ['3:23: expected a label name but found end of input']],
  ['a structure in an instruction', 'PLUGIN p\nDEFINE\n  STRUCT p.s\n  INSTRUCTION p.x $p.s VARIABLE -> STRUCT', ['4:19: $p.s is only allowed in FUNCTION declarations', '4:24: VARIABLE is only allowed in FUNCTION declarations', '4:36: STRUCT is only allowed in FUNCTION declarations']],
  ['a keyword as a return', "PLUGIN p\nDEFINE\n  INSTRUCTION p.x -> 'K'", ["3:22: a return is a type, VALUE, STRUCT or VARIABLE, not keyword 'K'"]],
  ['an arrow without return', 'PLUGIN p\nDEFINE\n  INSTRUCTION p.x ->', ["3:21: expected a type, VALUE, STRUCT, VARIABLE or '[' but found end of input"]],
  ['two returns', 'PLUGIN p\nDEFINE\n  INSTRUCTION p.x -> INT STR', ["3:26: expected end of line but found 'STR'"]],
  ['a MUTABLE return', 'PLUGIN p\nDEFINE\n  INSTRUCTION p.x -> MUTABLE INT', ["3:22: MUTABLE goes before the item it qualifies (before '[' for a choice)"]],
  ['an unexpected character', 'PLUGIN p\nDEFINE\n  INSTRUCTION p.x INT @', ['3:23: expected a type, a marker, a keyword, \'[\', \'(\', \'->\' or end of line but found an unexpected character \'@\' (U+0040)']],
  ['an invisible character', 'PLUGIN p\nDEFINE\n  INSTRUCTION p.x INT\u00a0STR', ["3:22: expected a type, a marker, a keyword, '[', '(', '->' or end of line but found an unexpected character U+00A0"]],
  ['a reversed >=', 'PLUGIN p\nDEFINE\n  INSTRUCTION p.x INT >= INT', ["3:23: expected a type, a marker, a keyword, '[', '(', '->' or end of line but found '>=', which is not a marker; the SVM writes '=>'"]],
  ['a reversed =<', 'PLUGIN p\nDEFINE\n  INSTRUCTION p.x [ =< ]', ["3:21: expected a type, a marker or a keyword but found '=<', which is not a marker; the SVM writes '<='"]],
  ['a pattern too large once unrolled', 'PLUGIN p\nDEFINE\n  INSTRUCTION p.x INT ( ( INT 255 ) 255 ) 255', ['3:19: pattern too large: it expands to more than 200000 states and transitions once its counts are unrolled']],
  ['groups nested too deeply', `PLUGIN p\nDEFINE\n  INSTRUCTION p.x ${'( '.repeat(3000)}INT${' )'.repeat(3000)}`, [`3:${19 + 2 * 64}: pattern nested too deeply: more than 64 levels of '( )'`]],
  ['an unterminated keyword', "PLUGIN p\nDEFINE\n  INSTRUCTION p.x 'HARD", ["3:19: expected a type, a marker, a keyword, '[', '(', '->' or end of line but found an unterminated keyword (missing the closing quote)"]],
  ['a lower-case keyword', "PLUGIN p\nDEFINE\n  INSTRUCTION p.x 'hard'", ["3:19: expected a type, a marker, a keyword, '[', '(', '->' or end of line but found an invalid keyword 'hard' (keywords are upper-case letters, digits and '_', starting with a letter)"]],
  ['a dollar without structure', 'PLUGIN p\nDEFINE\n  FUNCTION p.f $x', ["3:16: expected a type, a marker, a keyword, '[', '(', '->' or end of line but found '$' not followed by a structure name 'plugin.entry'"]],
];

for (const [what, text, expected] of ERRORS) {
  test(`error: ${what}`, () => assert.deepEqual(problems(text), expected));
}

test('all broken lines are reported at once, in source order, and the message names the source', () => {
  const text = 'PLUGIN p\nDEFINE\n  INSTRUCTION p.a ( -> INT\n  TYPE p.ok\n  FUNCTION p.b [ ]\n  TYPE q.t\n';
  try {
    parseConfiguration(text, { source: 'p.plugin' });
    assert.fail('parsed');
  } catch (error) {
    assert.ok(error instanceof PluginConfigError);
    assert.deepEqual([error.line, error.column], [3, 21]);
    assert.deepEqual(error.expected, ['a type', 'a marker', 'a keyword', "'['", "'('"]);
    assert.equal(error.message, [
      "p.plugin:3:21: expected a type, a marker, a keyword, '[' or '(' but found '->'",
      "p.plugin:5:18: expected a type, a marker or a keyword but found ']'",
      'p.plugin:6:3: plugin p can only define objects named p.<name>, not q.t',
    ].join('\n'));
  }
});

test('the message lists the first 100 problems and counts the others', () => {
  const text = ['PLUGIN p', 'DEFINE', ...Array.from({ length: 105 }, () => '  BAD p.x')].join('\n');
  try {
    parseConfiguration(text);
    assert.fail('parsed');
  } catch (error) {
    assert.ok(error instanceof PluginConfigError);
    assert.equal(error.diagnostics.length, 105);
    const lines = error.message.split('\n');
    assert.equal(lines.length, 101);
    assert.equal(lines[100], 'plugin config: ... and 5 more errors');
  }
});
