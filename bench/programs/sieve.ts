/** Sieve of Eratosthenes over a byte array: measures memory loads and stores. */
import type { BenchProgram } from './types.js';

function sieve(n: number): number {
  const composite = new Uint8Array(n);
  for (let i = 2; i * i < n; i++) {
    if (!composite[i]) for (let j = i * i; j < n; j += i) composite[j] = 1;
  }
  let count = 0;
  for (let i = 2; i < n; i++) if (!composite[i]) count++;
  return count;
}

/** The number of primes below n. */
export const sieveProgram: BenchProgram = {
  name: 'sieve',
  description: 'count primes below n (sieve of Eratosthenes)',
  sizes: { full: 1_000_000, quick: 100_000 },
  exaFile: 'sieve.exa',
  js: sieve,
  // Lua has no byte array: a table pre-filled with false keeps the flags in its array part.
  lua: `
    return function(n)
      local composite = {}
      for i = 1, n do composite[i] = false end
      local i = 2
      while i * i < n do
        if not composite[i] then
          for j = i * i, n - 1, i do composite[j] = true end
        end
        i = i + 1
      end
      local count = 0
      for k = 2, n - 1 do
        if not composite[k] then count = count + 1 end
      end
      return count
    end
  `,
};
