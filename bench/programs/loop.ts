/** A tight integer loop: measures plain dispatch of simple instructions. */
import type { BenchProgram } from './types.js';

function loop(n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s = (s + i) | 0;
  return s;
}

/** The sum of 0 .. n-1 with 32-bit wrap-around. */
export const loopProgram: BenchProgram = {
  name: 'loop',
  description: 'n iterations of s = (s + i) | 0',
  sizes: { full: 10_000_000, quick: 1_000_000 },
  exaFile: 'loop.exa',
  js: loop,
  // fengari's integers are 32-bit and wrap, so plain integer addition is (s + i) | 0.
  lua: `
    return function(n)
      local s = 0
      for i = 0, n - 1 do s = s + i end
      return s
    end
  `,
};
