/** The order of native libraries: `--lib` files first, in the order given, then the standard io, str, math, sys. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { assertFails, exvm, scratch } from './cli.js';

/** The seed's positional description: library 0 with three functions. */
const POSITIONAL = JSON.stringify({ libraries: [['func1', 'func2', 'func3']] });
const functions = "[{ name: 'func1', fn: (ctx) => ctx.pushInt(1) }, { name: 'func2', fn: (ctx) => ctx.pushInt(ctx.popInt() + 22) }, { name: 'func3', fn: () => {} }]";
/** Implementations of the positional library under a name of their own. */
const NAMED_IMPL = `export const libraries = [{ name: 'seed', functions: ${functions} }];\n`;
/** Implementations that are themselves positional (no name). */
const POSITIONAL_IMPL = `export const libraries = [{ name: '', functions: ${functions} }];\n`;
const CALLS_FUNC2 = 'push 20\nncall 0.func2\nhalt\n';

describe('--lib order', () => {
  it('a positional description keeps its positions: ncall 0.func2 assembles against --lib pos.json', () => {
    const dir = scratch({ 'pos.json': POSITIONAL, 'prog.exa': CALLS_FUNC2 });
    assertFails(exvm(['asm', 'prog.exa', '--lib', 'pos.json'], '', dir), 0, []);
    assertFails(exvm(['run', 'prog.exa', '--lib', 'pos.json'], '', dir), 1, ['prog.exa:2:1: no library provides native function 0.func2 (give one with --lib MODULE.js)']);
  });

  it('the image then runs with a module implementing library 0', () => {
    const dir = scratch({ 'pos.json': POSITIONAL, 'impl.mjs': NAMED_IMPL, 'prog.exa': CALLS_FUNC2 });
    assert.equal(exvm(['asm', 'prog.exa', '--lib', 'pos.json'], '', dir).status, 0);
    assertFails(exvm(['run', 'prog.exb', '--lib', 'impl.mjs'], '', dir), 42, []);
  });

  it('a positional module serves ncall 0.func2 straight from the source', () => {
    const dir = scratch({ 'impl.mjs': POSITIONAL_IMPL, 'prog.exa': CALLS_FUNC2 });
    assertFails(exvm(['run', 'prog.exa', '--lib', 'impl.mjs'], '', dir), 42, []);
  });

  it('several --lib files are numbered in the order given', () => {
    const dir = scratch({ 'a.json': JSON.stringify({ libraries: [['f']] }), 'b.json': JSON.stringify({ libraries: [['g']] }), 'one.exa': 'ncall 1.g\npush 0\nhalt\n', 'zero.exa': 'ncall 0.g\npush 0\nhalt\n' });
    assertFails(exvm(['asm', 'one.exa', '--lib', 'a.json', '--lib', 'b.json'], '', dir), 0, []);
    assertFails(exvm(['asm', 'zero.exa', '--lib', 'a.json', '--lib', 'b.json'], '', dir), 1, ["zero.exa:1:7: unknown native '0.g': library '0' has no function 'g'"]);
  });

  it('an image assembled without --lib still runs with --lib given: standard functions are linked by name', () => {
    const dir = scratch({ 'impl.mjs': NAMED_IMPL });
    assert.equal(exvm(['asm', 'examples/hello.exa', '-o', join(dir, 'hello.exb')]).status, 0);
    assert.deepEqual(exvm(['run', 'hello.exb', '--lib', 'impl.mjs'], '', dir), { status: 0, stdout: 'Hello, world!\n', stderr: '' });
  });

  it('standard and --lib functions mix in one program', () => {
    const dir = scratch({ 'impl.mjs': NAMED_IMPL, 'mix.exa': 'push 20\nncall seed.func2\nncall io.print_int\nncall io.newline\npush 0\nhalt\n' });
    assert.deepEqual(exvm(['run', 'mix.exa', '--lib', 'impl.mjs'], '', dir), { status: 0, stdout: '42\n', stderr: '' });
  });
});
