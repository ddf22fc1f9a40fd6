/** The application description: what it accepts, one test per rule it enforces, and a fuzz test of the loader. */
import '../helpers/property.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { AppError } from '../../src/runtime/app-error.js';
import { parseApplication } from '../../src/runtime/app-config.js';

const MINIMAL = '[[process]]\nname = "main"\ncode = "main.exa"\n';

/** Asserts that `text` is refused with exactly `message` (after `app.toml: `). */
function refused(text: string, message: string): void {
  assert.throws(() => parseApplication(text, 'app.toml'), (e) => e instanceof AppError && e.message === `app.toml: ${message}`, message);
}

test('a full description is read with its defaults', () => {
  const app = parseApplication(`
[application]
name = "demo"
clock = "simulated"
slice = 10
instructions_per_ms = 100
[plugins.int]
[plugins.mine]
path = "mine.mjs"
options = { verbose = true, size = 3, label = "x" }
arguments = ["a", 2]
[[process]]
name = "p"
code = "p.exa"
sequencer = "run.stack"
scheduler = "run.priority"
scheduler_parameter = 5
protected = true
instructions = 1000
memory = 10
memory_size = 4096
[[process.kernel]]
code = "k.exb"
instructions = 50
`, 'app.toml');
  assert.equal(app.name, 'demo');
  assert.equal(app.slice, 10);
  assert.deepEqual(app.plugins, [
    { name: 'int', options: {}, arguments: [] },
    { name: 'mine', path: 'mine.mjs', options: { verbose: true, size: 3, label: 'x' }, arguments: ['a', '2'] },
  ]);
  assert.deepEqual(app.processes[0], {
    name: 'p', code: 'p.exa', access: { protectedMode: true, instructions: 1000, memory: 10 }, memorySize: 4096, sequencer: 'run.stack', scheduler: 'run.priority',
    schedulerParameter: 5, kernels: [{ code: 'k.exb', access: { instructions: 50 } }],
  });
  const minimal = parseApplication(MINIMAL, 'app.toml');
  assert.equal(minimal.name, 'app.toml');
  assert.deepEqual(minimal.processes[0], { name: 'main', code: 'main.exa', access: {}, schedulerParameter: 0, kernels: [] });
});

test('invalid TOML is refused with its line and column', () => {
  assert.throws(() => parseApplication('[[process]\nname = 1', 'app.toml'), (e) => e instanceof AppError && /^app\.toml: invalid TOML at line 1, column \d+: /.test(e.message));
});

test('each rule of the schema is refused with the key path', () => {
  refused('', 'process: missing required key');
  refused('process = []', 'process: an application needs at least one process ([[process]])');
  refused('process = 3', 'process: expected an array, got the integer 3');
  refused(`color = 1\n${MINIMAL}`, 'color: unknown key (expected one of: application, plugins, process)');
  refused(`[application]\nclock = "fast"\n${MINIMAL}`, 'application.clock: unknown clock "fast" (expected "simulated" or "real")');
  refused(`[application]\nslice = 0\n${MINIMAL}`, 'application.slice: 0 is out of range (1 to 9007199254740991)');
  refused(`[application]\ninstructions_per_ms = "x"\n${MINIMAL}`, 'application.instructions_per_ms: expected an integer, got the string "x"');
  refused(`[application]\nspeed = 1\n${MINIMAL}`, 'application.speed: unknown key (expected one of: name, clock, slice, instructions_per_ms)');
  refused(`[plugins.int]\nversion = 2\n${MINIMAL}`, 'plugins.int.version: unknown key (expected one of: path, options, arguments)');
  refused(`[plugins.int]\npath = ""\n${MINIMAL}`, 'plugins.int.path: must not be empty');
  refused(`[plugins.int]\noptions = { x = 1.5 }\n${MINIMAL}`, 'plugins.int.options.x: expected a string, an integer or a boolean, got the float 1.5');
  refused(`[plugins.int]\narguments = "a"\n${MINIMAL}`, 'plugins.int.arguments: expected an array, got the string "a"');
  refused(`[plugins.run]\noptions = { quantum = 99999999999999999999 }\n${MINIMAL}`, 'plugins.run.options.quantum: 99999999999999999999 is out of range (-9007199254740991 to 9007199254740991)');
  refused(`[plugins.int]\narguments = [1, -9007199254740992]\n${MINIMAL}`, 'plugins.int.arguments[1]: -9007199254740992 is out of range (-9007199254740991 to 9007199254740991)');
  refused(`[plugins."9x"]\n${MINIMAL}`, 'plugins.9x: "9x" is not a plugin name (letters, digits and _, not starting with a digit)');
  refused('[[process]]\ncode = "a.exa"', 'process[0].name: missing required key');
  refused('[[process]]\nname = "a"', 'process[0].code: missing required key');
  refused(`${MINIMAL}[[process]]\nname = "main"\ncode = "b.exa"`, 'process[1].name: "main" is also the name of process[0]');
  refused(`${MINIMAL}scheduler = "rr"`, 'process[0].scheduler: "rr" is not a scheduler name (plugin.name)');
  refused(`${MINIMAL}sequencer = 1`, 'process[0].sequencer: expected a string, got the integer 1');
  refused(`${MINIMAL}protected = "yes"`, 'process[0].protected: expected a boolean, got the string "yes"');
  refused(`${MINIMAL}instructions = 0`, 'process[0].instructions: 0 is out of range (1 to 9007199254740991)');
  refused(`${MINIMAL}memory = -1`, 'process[0].memory: -1 is out of range (0 to 9007199254740991)');
  refused(`${MINIMAL}scheduler_parameter = 1.5`, 'process[0].scheduler_parameter: expected an integer, got the float 1.5');
  refused(`${MINIMAL}priority = 1`, 'process[0].priority: unknown key (expected one of: name, code, protected, instructions, memory, memory_size, sequencer, scheduler, scheduler_parameter, kernel)');
  refused(`${MINIMAL}[[process.kernel]]\ninstructions = 5`, 'process[0].kernel[0].code: missing required key');
  refused(`${MINIMAL}[[process.kernel]]\ncode = "k.exa"\nname = "k"`, 'process[0].kernel[0].name: unknown key (expected one of: code, protected, instructions, memory, memory_size)');
});

test('random text and random TOML values never crash the loader: they parse or raise AppError', () => {
  const check = (text: string): void => {
    try {
      parseApplication(text, 'fuzz.toml');
    } catch (error) {
      assert.ok(error instanceof AppError, `not an AppError: ${String(error)}`);
      assert.doesNotMatch(error.message, /\n/);
    }
  };
  fc.assert(fc.property(fc.string({ maxLength: 200 }), check), { numRuns: 300 });
  const scalar = fc.oneof(fc.integer().map(String), fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)), fc.constantFrom('true', '1.5', '[]', '{}', '[1, "a"]', '{ x = 1 }', '1979-05-27'));
  const key = fc.constantFrom('name', 'code', 'scheduler', 'sequencer', 'scheduler_parameter', 'protected', 'instructions', 'memory', 'memory_size', 'path', 'options', 'arguments', 'clock', 'slice', 'kernel', 'x');
  const table = fc.constantFrom('[application]', '[plugins.int]', '[plugins.mine]', '[[process]]', '[[process.kernel]]', '[plugins]');
  const line = fc.oneof(table, fc.tuple(key, scalar).map(([k, v]) => `${k} = ${v}`));
  fc.assert(fc.property(fc.array(line, { maxLength: 20 }), (lines) => check(lines.join('\n'))), { numRuns: 500 });
});
