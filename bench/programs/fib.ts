/** Recursive Fibonacci: call-heavy, measures calls and returns. */
import type { BenchProgram } from './types.js';

function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

/** fib(n), recursively. */
export const fibProgram: BenchProgram = {
  name: 'fib',
  description: 'recursive fib(n)',
  sizes: { full: 27, quick: 20 },
  exaFile: 'fib.exa',
  js: fib,
  lua: `
    local function fib(n)
      if n < 2 then return n end
      return fib(n - 1) + fib(n - 2)
    end
    return fib
  `,
};
