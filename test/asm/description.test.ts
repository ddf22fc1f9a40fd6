import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeLibraries, mergeDescriptions, parseLibraryDescription } from '../../src/asm/index.js';
import { ErrorCode, LibraryDescriptionError } from '../../src/errors.js';
import type { NativeLibrary } from '../../src/machine/natives.js';

function failure(json: string): string {
  try {
    parseLibraryDescription(json, 'libs.json');
  } catch (error) {
    assert.ok(error instanceof LibraryDescriptionError, `expected a LibraryDescriptionError, got ${String(error)}`);
    assert.equal(error.code, ErrorCode.LibraryDescription);
    return error.message;
  }
  assert.fail('expected the description to be rejected');
}

describe('parseLibraryDescription', () => {
  it("accepts the seed's positional form exactly", () => {
    assert.deepEqual(parseLibraryDescription('{"libraries": [["func1", "func2", "func3"]]}'), {
      libraries: [{ name: '', functions: ['func1', 'func2', 'func3'] }],
    });
  });

  it('accepts the named form', () => {
    assert.deepEqual(parseLibraryDescription('{"libraries": [{"name": "io", "functions": ["print_int", "newline"]}]}'), {
      libraries: [{ name: 'io', functions: ['print_int', 'newline'] }],
    });
  });

  it('accepts both forms mixed, keeping positions as indices', () => {
    assert.deepEqual(parseLibraryDescription('{"libraries": [["a"], {"name": "io", "functions": []}, ["a", "b"]]}'), {
      libraries: [
        { name: '', functions: ['a'] },
        { name: 'io', functions: [] },
        { name: '', functions: ['a', 'b'] },
      ],
    });
    assert.deepEqual(parseLibraryDescription('{"libraries": []}'), { libraries: [] });
  });

  const REJECTED: readonly [string, string, string][] = [
    ['invalid JSON', '{"libraries": [', 'libs.json: invalid JSON: '],
    ['a non-object root', '[["f"]]', 'libs.json: expected an object with a "libraries" array, found an array'],
    ['a missing libraries key', '{}', 'libs.json: libraries: expected an array, found nothing'],
    ['an unknown root key', '{"libraries": [], "version": 1}', 'libs.json: version: unknown key (expected "libraries")'],
    ['libraries not an array', '{"libraries": {"io": []}}', 'libs.json: libraries: expected an array, found an object'],
    ['a library of the wrong type', '{"libraries": [["f"], "io"]}', 'libs.json: libraries[1]: expected an array of function names or an object {"name", "functions"}, found a string'],
    ['a function name of the wrong type', '{"libraries": [["f", 3]]}', 'libs.json: libraries[0][1]: expected a function name (a string), found a number'],
    ['an empty function name', '{"libraries": [["f", ""]]}', 'libs.json: libraries[0][1]: function name is empty'],
    ['a duplicate function (positional)', '{"libraries": [["f", "g", "f"]]}', "libs.json: libraries[0][2]: duplicate function name 'f' (also libraries[0][0])"],
    [
      'a duplicate function (named)',
      '{"libraries": [["x"], {"name": "io", "functions": ["a", "b", "c", "a"]}]}',
      "libs.json: libraries[1].functions[3]: duplicate function name 'a' (also libraries[1].functions[0])",
    ],
    ['a missing name', '{"libraries": [{"functions": []}]}', 'libs.json: libraries[0].name: expected a string, found nothing'],
    ['an empty library name', '{"libraries": [{"name": "", "functions": []}]}', 'libs.json: libraries[0].name: library name is empty'],
    ['a library name of the wrong type', '{"libraries": [{"name": null, "functions": []}]}', 'libs.json: libraries[0].name: expected a string, found null'],
    ['missing functions', '{"libraries": [{"name": "io"}]}', 'libs.json: libraries[0].functions: expected an array, found nothing'],
    ['functions of the wrong type', '{"libraries": [{"name": "io", "functions": "f"}]}', 'libs.json: libraries[0].functions: expected an array, found a string'],
    ['an unknown library key', '{"libraries": [{"name": "io", "functions": [], "doc": "x"}]}', 'libs.json: libraries[0].doc: unknown key (expected "name" and "functions")'],
    ['an all-digit library name', '{"libraries": [[], {"name": "0", "functions": []}]}', "libs.json: libraries[1].name: library name '0' is all digits, which ncall reads as the position of a library (N.fn)"],
    [
      'a duplicate library name',
      '{"libraries": [{"name": "io", "functions": []}, [], {"name": "io", "functions": []}]}',
      "libs.json: libraries[2].name: duplicate library name 'io' (also libraries[0])",
    ],
  ];
  for (const [title, json, message] of REJECTED) {
    it(`rejects ${title}`, () => {
      const actual = failure(json);
      if (title === 'invalid JSON') assert.ok(actual.startsWith(message), actual);
      else assert.equal(actual, message);
    });
  }

  it('ignores a leading UTF-8 byte order mark', () => {
    assert.deepEqual(parseLibraryDescription('\uFEFF{"libraries": [["f"]]}'), { libraries: [{ name: '', functions: ['f'] }] });
  });

  it('rejects more than 65536 functions or libraries', () => {
    const functions = Array.from({ length: 65537 }, (_, i) => `f${i}`);
    assert.equal(failure(JSON.stringify({ libraries: [functions] })), 'libs.json: libraries[0]: has 65537 entries; at most 65536 fit in an ncall operand');
    assert.equal(failure(JSON.stringify({ libraries: Array.from({ length: 65537 }, () => []) })), 'libs.json: libraries: has 65537 entries; at most 65536 fit in an ncall operand');
    assert.equal(parseLibraryDescription(JSON.stringify({ libraries: [functions.slice(1)] })).libraries[0].functions.length, 65536);
  });

  it('names the default source <description>', () => {
    assert.throws(() => parseLibraryDescription('nope'), /^LibraryDescriptionError: <description>: invalid JSON/);
  });
});

describe('describeLibraries and mergeDescriptions', () => {
  it('describes native libraries by name, in order', () => {
    const fn = (): void => undefined;
    const libraries: NativeLibrary[] = [
      { name: 'io', functions: [{ name: 'a', fn }, { name: 'b', fn }] },
      { name: 'sys', functions: [] },
    ];
    const description = describeLibraries(libraries);
    assert.deepEqual(description, {
      libraries: [
        { name: 'io', functions: ['a', 'b'] },
        { name: 'sys', functions: [] },
      ],
    });
  });

  it('appends libraries in order', () => {
    const merged = mergeDescriptions(parseLibraryDescription('{"libraries": [["f"]]}'), { libraries: [{ name: 'io', functions: ['g'] }] });
    assert.deepEqual(merged, {
      libraries: [
        { name: '', functions: ['f'] },
        { name: 'io', functions: ['g'] },
      ],
    });
  });
});
