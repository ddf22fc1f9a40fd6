/** Library descriptions come from users' files: any input either parses to a well-formed description or fails with a LibraryDescriptionError. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseLibraryDescription } from '../../src/asm/index.js';
import type { LibraryDescription } from '../../src/asm/index.js';
import { LibraryDescriptionError } from '../../src/errors.js';
import '../helpers/property.js';

function wellFormed(description: LibraryDescription): void {
  assert.ok(Array.isArray(description.libraries));
  const names = new Set<string>();
  for (const library of description.libraries) {
    assert.equal(typeof library.name, 'string');
    if (library.name !== '') {
      assert.ok(!names.has(library.name), `duplicate library ${library.name}`);
      names.add(library.name);
    }
    assert.equal(new Set(library.functions).size, library.functions.length, 'function names are unique');
    for (const fn of library.functions) assert.ok(typeof fn === 'string' && fn.length > 0);
  }
}

function parsesOrRejects(text: string): void {
  try {
    wellFormed(parseLibraryDescription(text, 'fuzz.json'));
  } catch (error) {
    if (!(error instanceof LibraryDescriptionError)) throw error;
    assert.match(error.message, /^fuzz\.json: /);
  }
}

const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,7}$/);
const positional = fc.uniqueArray(name, { maxLength: 5 });
const named = fc.record({ name, functions: fc.uniqueArray(name, { maxLength: 5 }) }, { noNullPrototype: true });
const plausible = fc.record({ libraries: fc.array(fc.oneof(positional, named, fc.jsonValue({ maxDepth: 2 })), { maxLength: 4 }) }, { noNullPrototype: true });

test('arbitrary text parses or is rejected with a LibraryDescriptionError naming the source', () => {
  fc.assert(fc.property(fc.string({ maxLength: 200 }), parsesOrRejects), { numRuns: 1000 });
});

test('arbitrary JSON values, and plausible descriptions with wrong parts, parse or are rejected cleanly', () => {
  fc.assert(fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), plausible), (value) => parsesOrRejects(JSON.stringify(value))), { numRuns: 1000 });
});

test('well-formed descriptions in both forms parse to what they say', () => {
  const libraries = fc.uniqueArray(fc.oneof(positional.map((functions) => ({ name: '', functions })), named), {
    selector: (library) => (library.name === '' ? Symbol('positional') : library.name),
    maxLength: 5,
  });
  fc.assert(fc.property(libraries, (libs) => {
    const json = JSON.stringify({ libraries: libs.map((l) => (l.name === '' ? l.functions : l)) });
    assert.deepEqual(parseLibraryDescription(json).libraries, libs);
  }), { numRuns: 300 });
});
