/** The interface every engine adapter implements. */
import type { BenchProgram } from '../programs/types.js';

/** A program loaded into an engine for one size, ready to run repeatedly. */
export interface Runner {
  /** Runs the program once from a fresh state and returns its result. */
  run(): number;
}

/** One way of executing the benchmark programs. */
export interface Engine {
  /** Column name in the table and key in the JSON output. */
  readonly name: string;
  /** Loads (parses, compiles, assembles) `program` for size `n`; not part of the timed work. */
  prepare(program: BenchProgram, n: number): Runner;
  /** Releases what the engine holds (interpreter states, wasm contexts). */
  dispose(): void;
}
