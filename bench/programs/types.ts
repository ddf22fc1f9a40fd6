/** What every benchmark program provides, one implementation per engine. */

/** One benchmark program: the same algorithm written for each engine, parameterised by a size. */
export interface BenchProgram {
  /** Short name used in the table and on the command line. */
  readonly name: string;
  /** What the program computes, with `n` standing for the size. */
  readonly description: string;
  /** The size of a full run and of a `--quick` run. */
  readonly sizes: { readonly full: number; readonly quick: number };
  /** The exvm assembly file, relative to `examples/bench/`; it reads `n` from the first memory word. */
  readonly exaFile: string;
  /**
   * The plain JavaScript implementation. Self-contained (no outer references) because its source
   * text (`toString()`) is also what QuickJS runs.
   */
  readonly js: (n: number) => number;
  /** Lua source of a chunk returning a function of `n` (run by fengari, whose integers are 32-bit). */
  readonly lua: string;
}
