/** The benchmark programs, in table order. */
import { fibProgram } from './fib.js';
import { loopProgram } from './loop.js';
import { sieveProgram } from './sieve.js';
import type { BenchProgram } from './types.js';

/** Every benchmark program. */
export const PROGRAMS: readonly BenchProgram[] = [fibProgram, loopProgram, sieveProgram];
