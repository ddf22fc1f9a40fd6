import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { assertFails, exvm, scratch } from './cli.js';

const GFX_DESCRIPTION = JSON.stringify({ libraries: [{ name: 'gfx', functions: ['draw', 'clear'] }] });
const GFX_MODULE = `export const libraries = [{ name: 'gfx', functions: [
  { name: 'draw', fn: (ctx) => ctx.pushInt(ctx.popInt() * 2) },
  { name: 'clear', fn: (ctx) => ctx.pushInt(ctx.popInt() + 41) },
] }];
`;
const USES_GFX = 'push 1\nncall gfx.clear\nhalt\n';

describe('exvm usage errors (exit 2)', () => {
  it('no command prints the help on stderr', () => {
    const result = exvm([]);
    assert.match(result.stderr, /^Usage: exvm /);
    assert.match(result.stderr, /Exit codes:/);
    assertFails({ ...result, stderr: '' }, 2, []);
  });

  it('an unknown command', () => {
    assertFails(exvm(['frob']), 2, ["exvm: unknown command 'frob'"]);
  });

  it('an unknown option', () => {
    assertFails(exvm(['run', 'examples/hello.exa', '--bogus']), 2, ["exvm: unknown option '--bogus'"]);
  });

  it('a missing file argument', () => {
    assertFails(exvm(['run']), 2, ["exvm: missing required argument 'file'"]);
  });

  for (const [option, value] of [['--gas', 'abc'], ['--gas', '-5'], ['--gas', '1.5'], ['--max-steps', '-1'], ['--max-steps', '99999999999999999999']]) {
    it(`${option} ${value} is rejected`, () => {
      assertFails(exvm(['run', 'examples/hello.exa', option, value]), 2, [new RegExp(`^exvm: option '${option} <n>' argument '${value}' is invalid\\. expected a whole number from 0 to 9007199254740991\\.$`)]);
    });
  }

  it('a --lib of an unknown kind', () => {
    assertFails(exvm(['run', 'examples/hello.exa', '--lib', 'lib.txt']), 2, ['exvm: --lib lib.txt: expected a description (.json) or a module (.js, .mjs)']);
  });
});

describe('exvm bad input (exit 1)', () => {
  it('a missing file', () => {
    assertFails(exvm(['run', 'nope.exa']), 1, ['exvm: cannot read nope.exa: no such file or directory']);
    assertFails(exvm(['asm', 'nope.exa']), 1, ['exvm: cannot read nope.exa: no such file or directory']);
    assertFails(exvm(['disasm', 'nope.exb']), 1, ['exvm: cannot read nope.exb: no such file or directory']);
  });

  it('a directory instead of a file', () => {
    const dir = scratch();
    assertFails(exvm(['run', dir]), 1, [`exvm: cannot read ${dir}: is a directory`]);
  });

  it('a path through a file', () => {
    const dir = scratch({ 'plain.txt': 'x' });
    assertFails(exvm(['run', 'plain.txt/prog.exa'], '', dir), 1, ['exvm: cannot read plain.txt/prog.exa: a parent is not a directory']);
  });

  it('an unreadable file', { skip: process.getuid?.() === 0 ? 'root can read anything' : false }, () => {
    const dir = scratch({ 'secret.exa': 'push 0\nhalt\n' });
    chmodSync(join(dir, 'secret.exa'), 0o000);
    assertFails(exvm(['run', 'secret.exa'], '', dir), 1, ['exvm: cannot read secret.exa: permission denied']);
  });

  it('assembly errors list every diagnostic as file:line:col: message', () => {
    const dir = scratch({ 'bad.exa': 'push 1\nfrobnicate 3\npush nowhere\nhalt\n' });
    const expected = ["bad.exa:2:1: unknown instruction 'frobnicate'", "bad.exa:3:6: undefined name 'nowhere'"];
    assertFails(exvm(['run', 'bad.exa'], '', dir), 1, expected);
    assertFails(exvm(['asm', 'bad.exa'], '', dir), 1, expected);
  });

  it('an invalid image names the file and the byte offset', () => {
    const dir = scratch({ 'junk.exb': 'this is not an image', 'empty.exb': '' });
    assertFails(exvm(['run', 'junk.exb'], '', dir), 1, [/^exvm: junk\.exb: invalid image at byte \d+: .+$/]);
    assertFails(exvm(['disasm', 'junk.exb'], '', dir), 1, [/^exvm: junk\.exb: invalid image at byte \d+: .+$/]);
    assertFails(exvm(['run', 'empty.exb'], '', dir), 1, [/^exvm: empty\.exb: invalid image at byte 0: .+$/]);
  });

  it('an output file that cannot be written', () => {
    assertFails(exvm(['asm', 'examples/hello.exa', '-o', '/nonexistent-dir/x.exb']), 1, ['exvm: cannot write /nonexistent-dir/x.exb: no such file or directory']);
  });

  it('missing imports are reported at their first call before anything runs', () => {
    const dir = scratch({ 'gfx.json': GFX_DESCRIPTION, 'prog.exa': 'push 0\nncall io.print_int\npush 1\nncall gfx.clear\npush 2\nncall gfx.draw\nhalt\n' });
    assertFails(exvm(['run', 'prog.exa', '--lib', 'gfx.json'], '', dir), 1, [
      'prog.exa:4:1: no library provides native function gfx.clear (give one with --lib MODULE.js)',
      'prog.exa:6:1: no library provides native function gfx.draw (give one with --lib MODULE.js)',
    ]);
  });

  it('a description lets asm build an image whose imports a module then provides', () => {
    const dir = scratch({ 'gfx.json': GFX_DESCRIPTION, 'gfx.mjs': GFX_MODULE, 'prog.exa': USES_GFX });
    assertFails(exvm(['asm', 'prog.exa', '--lib', 'gfx.json'], '', dir), 0, []);
    assertFails(exvm(['run', 'prog.exb'], '', dir), 1, ['prog.exa:2:1: no library provides native function gfx.clear (give one with --lib MODULE.js)']);
    assertFails(exvm(['run', 'prog.exb', '--lib', 'gfx.mjs'], '', dir), 42, []);
  });

  it('a native library module is loaded and called', () => {
    const dir = scratch({ 'gfx.mjs': GFX_MODULE, 'prog.exa': USES_GFX });
    assertFails(exvm(['run', 'prog.exa', '--lib', 'gfx.mjs'], '', dir), 42, []);
  });

  it('a call to an undescribed library is an assembly error', () => {
    const dir = scratch({ 'prog.exa': USES_GFX });
    assertFails(exvm(['run', 'prog.exa'], '', dir), 1, ["prog.exa:2:7: unknown native 'gfx.clear'"]);
  });

  it('bad library descriptions and modules', () => {
    const dir = scratch({
      'prog.exa': USES_GFX,
      'bad.json': '{"libraries": 5}',
      'broken.json': '{',
      'nolibs.mjs': 'export const x = 1;\n',
      'throws.mjs': 'throw new Error("module failed to start");\n',
      'io.json': JSON.stringify({ libraries: [{ name: 'io', functions: ['x'] }] }),
      'gfx.json': GFX_DESCRIPTION,
      'gfx.mjs': GFX_MODULE,
    });
    const run = (...libs: string[]) => exvm(['run', 'prog.exa', ...libs.flatMap((lib) => ['--lib', lib])], '', dir);
    assertFails(run('bad.json'), 1, ['exvm: bad.json: libraries: expected an array, found a number']);
    assertFails(run('broken.json'), 1, [/^exvm: broken\.json: invalid JSON: .+$/]);
    assertFails(run('nolibs.mjs'), 1, ['exvm: nolibs.mjs: a library module must export `libraries`: an array of { name, functions: [{ name, fn }] }']);
    assertFails(run('throws.mjs'), 1, ['exvm: cannot load library module throws.mjs: module failed to start']);
    assertFails(run('missing.mjs'), 1, ['exvm: cannot read missing.mjs: no such file or directory']);
    assertFails(run('io.json'), 1, ["exvm: io.json: library 'io' is already provided by the standard libraries"]);
    assertFails(run('gfx.json', 'gfx.mjs'), 1, ["exvm: gfx.mjs: library 'gfx' is already provided by gfx.json"]);
  });

  it('a native that throws a host exception is a guest fault, not a crash', () => {
    const dir = scratch({
      'bad.mjs': "export const libraries = [{ name: 'bad', functions: [{ name: 'boom', fn: () => { throw new TypeError('host bug'); } }] }];\n",
      'prog.exa': 'ncall bad.boom\npush 0\nhalt\n',
    });
    assertFails(exvm(['run', 'prog.exa', '--lib', 'bad.mjs'], '', dir), 70, ['prog.exa:1:1: NativeFailure at pc 0: bad.boom: host bug']);
  });

  it('an unexpected internal error is one line, no stack trace', () => {
    const dir = scratch({
      'trap.mjs': "export const libraries = new Proxy([], { get() { throw new Error('trap sprung'); } });\n",
      'prog.exa': 'push 0\nhalt\n',
    });
    assertFails(exvm(['run', 'prog.exa', '--lib', 'trap.mjs'], '', dir), 1, ['exvm: internal error: trap sprung']);
  });

  it('a program whose data does not fit its memory', () => {
    const dir = scratch({ 'big.exa': '.memory 16\n.data\n.zero 32\n.text\npush 0\nhalt\n' });
    assertFails(exvm(['run', 'big.exa'], '', dir), 1, ['big.exa:3:1: data at 0x0..0x20 lies beyond the memory size (16 bytes; raise it with .memory)']);
  });
});
