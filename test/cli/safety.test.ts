/** Nothing the user had is lost: outputs never overwrite inputs, and failures leave files as they were. */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertFails, exvm, scratch } from './cli.js';

const hello = 'push 72\nncall io.print_char\npush 0\nhalt\n';

describe('the CLI keeps the user\'s files safe', () => {
  it('asm refuses to write its output over its input', () => {
    const dir = scratch({ 'h.exa': hello });
    assertFails(exvm(['asm', 'h.exa', '-o', 'h.exa'], '', dir), 1, ['exvm: refusing to write h.exa: it is the input file; choose another output with -o']);
    assert.equal(readFileSync(join(dir, 'h.exa'), 'utf8'), hello);
  });

  it('disasm refuses to write its output over its input', () => {
    const dir = scratch({ 'h.exa': hello });
    assert.equal(exvm(['asm', 'h.exa'], '', dir).status, 0);
    const image = readFileSync(join(dir, 'h.exb'));
    assertFails(exvm(['disasm', 'h.exb', '-o', 'h.exb'], '', dir), 1, ['exvm: refusing to write h.exb: it is the input file; choose another output with -o']);
    assert.deepEqual(readFileSync(join(dir, 'h.exb')), image);
  });

  it('a failed assembly leaves an existing output file untouched and no temporary file behind', () => {
    const dir = scratch({ 'bad.exa': 'oops\n', 'out.exb': 'previous contents' });
    assert.equal(exvm(['asm', 'bad.exa', '-o', 'out.exb'], '', dir).status, 1);
    assert.equal(readFileSync(join(dir, 'out.exb'), 'utf8'), 'previous contents');
    assert.deepEqual(readdirSync(dir).sort(), ['bad.exa', 'out.exb']);
  });

  it('an unwritable output is one error line and leaves no temporary file', () => {
    const dir = scratch({ 'h.exa': hello });
    assertFails(exvm(['asm', 'h.exa', '-o', 'missing/dir/h.exb'], '', dir), 1, [/^exvm: cannot write missing\/dir\/h\.exb: /]);
    assert.deepEqual(readdirSync(dir), ['h.exa']);
  });

  it('source files with a UTF-8 byte-order mark assemble', () => {
    const dir = scratch({ 'bom.exa': `\uFEFF${hello}` });
    const result = exvm(['run', 'bom.exa'], '', dir);
    assert.equal(result.stderr, '');
    assert.equal(result.stdout, 'H');
  });
});
