/** Fuzzing the VM config parser: random text and mutated example configs never throw anything but AxError. */
import '../helpers/property.js';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseVmConfig } from '../../src/vmm/config.js';
import { AxError } from '../../src/vmm/errors.js';
import { repoPath } from '../helpers/paths.js';
import { BASE_CONFIG } from './helpers.js';

const SEEDS = [BASE_CONFIG, ...['uart.toml', 'smp-ivc.toml'].map((file) => readFileSync(repoPath('examples/vmm', file), 'utf8'))];
const TOKENS = ['[', ']', '[[', '{', '}', '=', ',', '"', "'", '#', '.', '\n', ' ', '0x', '-1', '0', '4096', '0x1000', '99999999999999999999', '1e400', 'nan', 'inf',
  'true', '"x"', '[]', '{}', 'memory_regions', 'emu_devices', 'base', '[kernel]', '[[devices]]', '__proto__', 'constructor', '1979-05-27', '"""', '\\u0000'];

/** Parses, and checks that the only way to fail is an AxError InvalidInput naming the source. */
function parsesOrRejects(text: string): void {
  try {
    const config = parseVmConfig(text, 'fuzz.toml');
    assert.ok(Object.isFrozen(config));
  } catch (error) {
    assert.ok(error instanceof AxError, `not an AxError: ${String(error)}`);
    assert.equal(error.kind, 'InvalidInput');
    assert.ok(error.message.startsWith('fuzz.toml'), error.message);
  }
}

/** One edit of a config's text. */
type Mutation =
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'number'; readonly at: number; readonly value: bigint | number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 8 })) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('number' as const), at: fc.nat(), value: fc.oneof(fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), fc.integer({ min: 0, max: 0x2000 })) }),
);

function mutate(text: string, change: Mutation): string {
  const at = change.at % (text.length + 1);
  if (change.kind === 'insert') return text.slice(0, at) + change.text + text.slice(at);
  if (change.kind === 'delete') return text.slice(0, at) + text.slice(at + change.length);
  // Replace the next number after `at` (a plausible but often invalid value).
  const match = /-?(0x[0-9a-f_]+|\d[\d_]*)/i.exec(text.slice(at));
  if (match === null) return text;
  const start = at + match.index;
  return text.slice(0, start) + String(change.value) + text.slice(start + match[0].length);
}

test('random text never throws anything but AxError', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), parsesOrRejects), { numRuns: 500 });
  fc.assert(fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }), (tokens) => parsesOrRejects(tokens.join(''))), { numRuns: 500 });
});

test('mutated example configs never throw anything but AxError', () => {
  fc.assert(fc.property(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 4 }), (seed, changes) => {
    parsesOrRejects(changes.reduce(mutate, seed));
  }), { numRuns: 1500 });
});

test('deeply nested input is rejected, not a crash', () => {
  parsesOrRejects(`x = ${'['.repeat(5000)}${']'.repeat(5000)}`);
  parsesOrRejects(`x = ${'{ a = '.repeat(3000)}1${' }'.repeat(3000)}`);
});
