import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { repoPath } from '../helpers/paths.js';
import { splitDoc, stdlibMarkdown } from '../../src/stdlib/docs.js';
import { STANDARD_LIBRARY_NAMES, bufferedEnvironment, standardLibraries } from '../../src/stdlib/index.js';

describe('standard library documentation', () => {
  it('docs/stdlib.md is up to date (regenerate with npm run docs)', () => {
    assert.equal(readFileSync(repoPath('docs', 'stdlib.md'), 'utf8'), stdlibMarkdown());
  });

  it('the libraries come in the documented order with a stack effect on every function', () => {
    const libraries = standardLibraries(bufferedEnvironment());
    assert.deepEqual(libraries.map((l) => l.name), [...STANDARD_LIBRARY_NAMES]);
    for (const library of libraries) {
      for (const fn of library.functions) {
        const { stack, description } = splitDoc(fn.doc ?? '');
        assert.match(stack, /->/, `${library.name}.${fn.name} has a stack effect`);
        assert.ok(description.length > 0, `${library.name}.${fn.name} has a description`);
      }
    }
  });

  it('lists exactly the agreed functions', () => {
    const names = standardLibraries(bufferedEnvironment()).map((l) => `${l.name}: ${l.functions.map((f) => f.name).join(' ')}`);
    assert.deepEqual(names, [
      'io: print_int print_uint print_float print_char print_str print_cstr newline read_line read_int',
      'str: len parse_int format_int compare',
      'math: pow sin cos tan exp log atan2',
      'sys: argc arg time_ms',
    ]);
  });
});
