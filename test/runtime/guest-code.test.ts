/**
 * Guest code: plugin calls by name with values, cells, stack pops, markers, keywords and plugin
 * constants, checked against the instruction's compiled pattern when the code is assembled.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AsmError } from '../../src/errors.js';
import { PluginRegistry } from '../../src/plugin/registry/index.js';
import { assembleKernel } from '../../src/runtime/index.js';
import * as api from '../../src/plugin/api/index.js';
import fc from 'fast-check';
import '../helpers/property.js';
import { calc, probe, probePlugin } from './fixtures.js';
import { runMain } from './helpers.js';

const registry = new PluginRegistry();
registry.add(calc);
registry.add(api.definePlugin({ configuration: 'PLUGIN ov\nDEFINE\n  OVERRIDE INSTRUCTION ov.x', instruction_x: () => undefined }));
const plugins = registry.boot();

function diagnostics(source: string): string {
  try {
    assembleKernel(source, plugins, { file: 'k.asm' });
  } catch (error) {
    assert.ok(error instanceof AsmError, String(error));
    return error.message;
  }
  assert.fail('expected an AsmError');
}

test('a call becomes one hcall on the same line, with its arguments recorded', () => {
  const code = assembleKernel('.value n INT 3\nstart: :calc.cmp @n < 4 -> %\npush 0\nhalt', plugins);
  assert.equal(code.sites.length, 1);
  assert.deepEqual(code.memory, [{ name: 'n', address: 0, type: 'INT', initial: { kind: 'constant', type: 'INT', value: 3 } }]);
  const site = code.sites[0];
  assert.equal(site.kind, 'instruction');
  assert.deepEqual(site.kind === 'instruction' && site.args, [{ kind: 'cell', address: 0, type: 'INT' }, { kind: 'marker', text: '<' }, { kind: 'constant', type: 'INT', value: 4 }]);
  assert.equal(code.program.debug?.locations[0].line, 2);
});

test('arguments that do not match the pattern are refused with line, column and what was expected', () => {
  assert.equal(diagnostics('\n  :calc.add "x" 2 -> %'), 'k.asm:2:13: calc.add: argument 1: expected INT but found a STR value');
  assert.equal(diagnostics(':calc.cmp 1 <= 2 -> %'), "k.asm:1:13: calc.cmp: argument 2: expected '<', '>' or '=' but found marker '<='");
  assert.equal(diagnostics(':calc.add 1'), 'k.asm:1:1: calc.add: argument 2 is missing: expected INT');
});

test('a MUTABLE parameter needs a memory cell, not a constant', () => {
  assert.match(diagnostics(':calc.inc 3'), /calc\.inc: argument 1: expected MUTABLE INT but found an INT value/);
  assert.doesNotThrow(() => assembleKernel('.value n INT 0\n:calc.inc @n', plugins));
});

test('unknown instructions, undeclared cells, OVERRIDE instructions and bad targets are refused', () => {
  assert.equal(diagnostics(':calc.nope'), 'k.asm:1:1: no plugin defines the instruction calc.nope');
  assert.match(diagnostics(':calc.inc @x'), /k\.asm:1:11: @x is not declared/);
  assert.match(diagnostics(':ov.x'), /ov\.x is an OVERRIDE instruction/);
  assert.match(diagnostics(':calc.print 1 -> %'), /calc\.print returns nothing: remove '->'/);
  assert.match(diagnostics(':calc.add 1 2 -> 3'), /'->' needs a target, @cell or %, found 3/);
  assert.match(diagnostics(':calc.add 1 2 -> % %'), /unexpected '%' after the result target/);
});

test('memory declarations are checked', () => {
  assert.match(diagnostics('.value n NOPE'), /\.value n needs a type/);
  assert.match(diagnostics('.value n INT "x"'), /the initial value is STR, the cell is INT/);
  assert.match(diagnostics('.value n INT\n.value n STR'), /k\.asm:2:8: cell n is already declared/);
  assert.match(diagnostics('.value r calc.rat 3'), /the initial value is INT, the cell is calc\.rat/);
});

test('interruption handler lines are checked', () => {
  assert.match(diagnostics(':interruption EVERYWHERE FAILURE %'), /needs LOCAL, CASCADE or GLOBAL/);
  assert.match(diagnostics(':interruption GLOBAL OOPS %'), /needs an interruption kind/);
  assert.match(diagnostics(':interruption GLOBAL !calc.nope %'), /no plugin defines the interruption calc\.nope/);
  assert.match(diagnostics(':interruption GLOBAL FAILURE 3'), /takes its handler address from the stack/);
});

test('plugin errors and assembler errors are listed together, in line order', () => {
  const message = diagnostics(':calc.nope\nbogus 1\n:calc.add "x" 1 -> %');
  assert.deepEqual(message.split('\n').map((line) => line.split(':')[1]), ['1', '2', '3']);
});

test('keywords, markers (\\; for the ; marker), TRUE/FALSE and plugin constants reach the callback', async () => {
  const seen: string[] = [];
  probe.body = (svm, argv) => {
    for (const p of argv) {
      if (api.svm_parameter_type_is_keyword(svm, p)) seen.push(`kw ${api.svm_parameter_keyword_get(svm, p)}`);
      else if (api.svm_parameter_type_is_marker(svm, p)) seen.push(`mk ${api.svm_parameter_marker_get(svm, p)}`);
      else seen.push(`${api.svm_value_type_name(svm, api.svm_parameter_value_get(svm, p))} ${api.svm_value_print(svm, api.svm_parameter_value_get(svm, p))}`);
    }
  };
  const { report } = await runMain([probePlugin, calc], 'push 9\n:probe.run HARD { \\; TRUE "s" % CONST calc.rat "1/2" -5 ; comment');
  assert.equal(report.processes[0].kernels[0].interruption?.kind, 'PROCESSOR'); // ran off the end of the code afterwards
  assert.deepEqual(seen, ['kw HARD', 'mk {', 'mk ;', 'BLN TRUE', 'STR s', 'INT 9', 'calc.rat 1/2', 'INT -5']);
});

test('plugin type values: constants, copies, printing, results in memory', async () => {
  const { output, report } = await runMain([calc], '.value r calc.rat "3/4"\n.value s calc.rat\n:calc.rat 1 2 -> @s\n:calc.print @r @s\npush 0\nhalt');
  assert.equal(report.ok, true, report.processes[0].kernels[0].report ?? '');
  assert.equal(output, '3/4 1/2\n');
});

test('a constant the type refuses raises FAILURE when the call runs', async () => {
  const { report } = await runMain([calc], ':calc.print CONST calc.rat "1/0"\npush 0\nhalt');
  assert.deepEqual(report.processes[0].kernels[0].interruption, { kind: 'FAILURE', message: 'type_rat_constant refused the constant "1/0"' });
});

test('a % argument pops the machine stack; a missing value raises PROCESSOR', async () => {
  const { report } = await runMain([calc], ':calc.add % % -> %\npush 0\nhalt');
  assert.deepEqual(report.processes[0].kernels[0].interruption, { kind: 'PROCESSOR', message: "calc.add: the machine stack holds 0 of the 2 values '%' takes" });
});

test('whatever the text, assembleKernel throws nothing but AsmError', () => {
  const pieces = [':calc.add', ':calc.cmp', ':interruption', 'GLOBAL', '->', '%', '@', '@n', '@0', '"', '"x"', 'CONST', 'calc.rat', '<', '\\;', ';', '.value', 'n', 'INT', '1', '-', 'push', 'halt', ' ', '\n', ':', 'x:', '!calc.x'];
  fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (tokens) => {
    try {
      assembleKernel(tokens.join(' '), plugins);
    } catch (error) {
      assert.ok(error instanceof AsmError, `${String(error)} for ${JSON.stringify(tokens.join(' '))}`);
    }
  }));
});

test('property: integer and string constants in guest code reach the plugin unchanged', async () => {
  await fc.assert(fc.asyncProperty(fc.maxSafeInteger(), fc.string(), async (integer, text) => {
    const seen: unknown[] = [];
    probe.body = (svm, argv) => {
      seen.push(api.svm_value_integer_get(svm, api.svm_parameter_value_get(svm, argv[0])), api.svm_value_string_get(svm, api.svm_parameter_value_get(svm, argv[1])));
    };
    const { report } = await runMain([probePlugin], `:probe.run ${integer} ${JSON.stringify(text)}\npush 0\nhalt`);
    assert.equal(report.ok, true);
    assert.deepEqual(seen, [integer, text]);
  }), { numRuns: 60 });
});

test("an INT result pushed with '-> %' must fit a 32-bit machine word, else NUMERIC", async () => {
  const { report } = await runMain([calc], ':calc.add 2147483647 1 -> %\nhalt');
  const kernel = report.processes[0].kernels[0];
  assert.equal(kernel.interruption?.kind, 'NUMERIC');
  assert.match(kernel.interruption.message, /the INT result 2147483648 does not fit a machine word/);
  const { report: fits } = await runMain([calc], ':calc.add -2147483647 -1 -> %\nhalt');
  assert.equal(fits.processes[0].kernels[0].exitCode, -2147483648);
});
