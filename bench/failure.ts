/** The one error the benchmark harness throws: an engine failed or engines disagree. */

/** A benchmark that cannot produce a trustworthy number (a guest fault, differing results). */
export class BenchFailure extends Error {
  /** Creates a failure whose message names the engine and the program concerned. */
  constructor(message: string) {
    super(message);
    this.name = 'BenchFailure';
  }
}
