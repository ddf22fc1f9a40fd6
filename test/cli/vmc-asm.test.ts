/** `exvm vmc asm`: images for the exvm connector VM, whose guests call the host library. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertFails, exvm, scratch } from './cli.js';
import { repoPath } from '../helpers/paths.js';

describe('exvm vmc asm', () => {
  it('assembles a program that calls host.* into an image the exvm VM runs', () => {
    const dir = scratch({ 'storage.exa': readFileSync(repoPath('examples', 'connector', 'storage.exa'), 'utf8') });
    const built = exvm(['vmc', 'asm', 'storage.exa'], '', dir);
    assert.equal(built.status, 0, built.stderr);
    assert.ok(existsSync(join(dir, 'storage.exb')));
    const run = exvm(['vmc', 'run', 'storage.exb'], '', dir);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Result: {3}success/);
  });

  it('plain asm does not know the host library, and says which names it does not know', () => {
    const dir = scratch({ 'h.exa': 'push 0\npush 0\nncall host.return\n' });
    assertFails(exvm(['asm', 'h.exa'], '', dir), 1, ["h.exa:3:7: unknown native 'host.return'"]);
  });
});
