/** The example applications end to end, through the command line (`exvm run app.toml`), and the boot errors' exit code and message. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exvm, scratch } from '../cli/cli.js';

test('examples/apps/bigint: a plugin adding a type with instructions', () => {
  const result = exvm(['run', 'examples/apps/bigint/app.toml']);
  assert.equal(result.stderr, '');
  assert.equal(result.stdout, '30! = 265252859812191058636308480000000\ndigits: 33\n2^100 = 1267650600228229401496703205376\n');
  assert.equal(result.status, 0);
});

test('examples/apps/batch: a custom scheduler runs the processes one after the other', () => {
  const result = exvm(['run', 'examples/apps/batch/app.toml']);
  assert.equal(result.stdout, ['first', 'second', 'third'].flatMap((name) => [3, 2, 1].map((n) => `${name} ${n}\n`)).join(''));
  assert.equal(result.status, 0);
});

test('examples/apps/producer-consumer: two processes share a channel', () => {
  const result = exvm(['run', 'examples/apps/producer-consumer/app.toml']);
  assert.equal(result.stdout, [
    'produced 1', 'produced 2', 'consumed 1', 'produced 3', 'consumed 4', 'produced 4', 'consumed 9', 'produced 5', 'consumed 16', 'consumed 25', 'total 55', '',
  ].join('\n'));
  assert.equal(result.status, 0);
});

const APP = (process: string, plugins = '[plugins.int]\n[plugins.com]\n[plugins.run]\n'): string => `${plugins}[[process]]\nname = "main"\ncode = "main.exa"\n${process}`;

test('an interrupted process exits 70 with its state report on stderr', () => {
  const dir = scratch({ 'app.toml': APP(''), 'main.exa': ':com.print "before"\n:int.div 1 0\nhalt' });
  const result = exvm(['run', `${dir}/app.toml`]);
  assert.equal(result.status, 70);
  assert.equal(result.stdout, 'before\n');
  assert.match(result.stderr, /^exvm: process main ended INTERRUPTED\nexvm: kernel 0 of process main INTERRUPTED by NUMERIC: int\.div: division by zero\n/);
  assert.doesNotMatch(result.stderr, / {4}at /);
});

test('boot errors exit 1 with one line naming the file and the key', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ 'app.toml': 'process = [' }, /^exvm: .*app\.toml: invalid TOML at line 1, column \d+: .*\n$/],
    [{ 'app.toml': APP('', '[plugins.nope]\n'), 'main.exa': 'halt' }, /^exvm: .*app\.toml: plugins\.nope: no standard plugin is named nope \(standard plugins: int, str, com, run\); a plugin module needs path = "module\.js"\n$/],
    [{ 'app.toml': APP('', '[plugins.x]\npath = "missing.mjs"\n'), 'main.exa': 'halt' }, /^exvm: .*app\.toml: plugins\.x\.path: cannot read .*missing\.mjs: no such file or directory\n$/],
    [{ 'app.toml': APP('', '[plugins.dep]\npath = "dep.mjs"\n'), 'main.exa': 'halt', 'dep.mjs': 'export const configuration = "PLUGIN dep\\nUSE\\n  INSTRUCTION int.add INT INT -> INT";\n' }, /^exvm: .*app\.toml: plugins: .*dep\.mjs:3:3 \(plugin dep\): USE INSTRUCTION int\.add INT INT -> INT: no plugin int is loaded\n$/],
    [{ 'app.toml': APP('', '[plugins.other]\npath = "dep.mjs"\n'), 'main.exa': 'halt', 'dep.mjs': 'export const configuration = "PLUGIN dep";\n' }, /^exvm: .*app\.toml: plugins\.other\.path: the module declares PLUGIN dep, not other\n$/],
    [{ 'app.toml': APP('', '[plugins.run]\noptions = { speed = 1 }\n'), 'main.exa': 'halt' }, /^exvm: .*app\.toml: plugins: standard plugin run \(plugin run\): unknown option "speed" \(declared: quantum \(-q\)\)\n$/],
    [{ 'app.toml': APP('scheduler = "run.nope"'), 'main.exa': 'halt' }, /^exvm: .*app\.toml: process\[0\]\.scheduler: no plugin defines the scheduler run\.nope\n$/],
    [{ 'app.toml': APP('sequencer = "run.nope"'), 'main.exa': 'halt' }, /^exvm: .*app\.toml: process\[0\]\.sequencer: no plugin defines the sequencer run\.nope\n$/],
    [{ 'app.toml': APP('') }, /^exvm: .*app\.toml: process\[0\]\.code: cannot read .*main\.exa: no such file or directory\n$/],
    [{ 'app.toml': APP('[[process.kernel]]\ncode = "k.exb"\n'), 'main.exa': 'halt', 'k.exb': 'not an image' }, /^exvm: .*app\.toml: process\[0\]\.kernel\[0\]\.code: .*k\.exb: /],
  ];
  for (const [files, expected] of cases) {
    const dir = scratch(files);
    const result = exvm(['run', `${dir}/app.toml`]);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, expected);
    assert.equal(result.stdout, '');
  }
});

test('code that does not assemble against the plugins is reported at its file, line and column (exit 1)', () => {
  const dir = scratch({ 'app.toml': APP(''), 'main.exa': 'push 1\n:int.add 1 "x"\nhalt' });
  const result = exvm(['run', `${dir}/app.toml`]);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /main\.exa:2:\d+: int\.add: argument 2: expected INT but found a STR value\n$/);
});

test('standard plugins under the CLI: files relative to the application, console input from stdin', () => {
  const dir = scratch({
    'app.toml': APP(''),
    'main.exa': '.value d com.device\n.value s STR ""\n:com.open CONSOLE -> @d\n:com.read @d -> @s\n:com.open FILE WRITE "out.txt" -> @d\n:com.write @d "hello " @s\npush 0\nhalt',
  });
  const result = exvm(['run', `${dir}/app.toml`], 'world\n');
  assert.equal(result.status, 0, result.stderr);
  assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), 'hello world');
});

test('scheduler_parameter gives run.priority its priorities', () => {
  const process = (name: string, priority: number): string => `[[process]]\nname = "${name}"\ncode = "${name}.exa"\nscheduler = "run.priority"\nscheduler_parameter = ${priority}\n`;
  const print = (name: string): string => `:com.print "${name}"\n:com.print "${name}"\npush 0\nhalt`;
  const dir = scratch({
    'app.toml': `[application]\nslice = 1\n[plugins.com]\n[plugins.run]\n${process('low', 1)}${process('high', 7)}${process('mid', 4)}`,
    'low.exa': print('low'), 'high.exa': print('high'), 'mid.exa': print('mid'),
  });
  const result = exvm(['run', `${dir}/app.toml`]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, 'high\nhigh\nmid\nmid\nlow\nlow\n');
});

test('a process waiting for what never comes exits 70 and is reported, instead of Node exiting silently', () => {
  const hang = 'export const configuration = "PLUGIN hang\\nDEFINE\\n  WAITING INSTRUCTION hang.forever";\nexport const instruction_forever = () => new Promise(() => {});\n';
  const dir = scratch({ 'app.toml': APP('', '[plugins.com]\n[plugins.hang]\npath = "hang.mjs"\n'), 'main.exa': ':com.print "waiting"\n:hang.forever\nhalt', 'hang.mjs': hang });
  const result = exvm(['run', `${dir}/app.toml`]);
  assert.equal(result.status, 70);
  assert.equal(result.stdout, 'waiting\n');
  assert.equal(result.stderr, 'exvm: the run stopped: nothing can happen any more\nexvm: process main is WAITING and nothing can make it run again (a WAITING instruction that never completes)\n');
});

test('the options of exvm run for programs are refused for an application (exit 2)', () => {
  const result = exvm(['run', 'examples/apps/bigint/app.toml', '--gas', '10', '--', 'x']);
  assert.equal(result.status, 2);
  assert.equal(result.stderr, 'exvm: an application (.toml) takes no program arguments, --gas: its file gives each process its code and limits\n');
  assert.equal(result.stdout, '');
});
