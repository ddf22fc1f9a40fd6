/**
 * `exvm vmc run --bench`, after EVMC's tool: a probe run (the execution once more), then the
 * execution repeated for about a second, and the mean time per execution. (EVMC fixes the count
 * from the probe's time; the first runs are slow until the JIT has compiled the VM, so we time
 * until the second is over instead.) Every run's result is compared with the first one's; a
 * difference, typically from storage the earlier runs changed, is reported once as a warning,
 * since the mean then mixes different executions.
 */
import { bytesEqual, hex } from '../vmc/host/bytes.js';
import type { Result } from '../vmc/types.js';
import { statusCodeName } from '../vmc/constants.js';

/** How long the timed runs take in all. */
const TARGET_MS = 1000;

/** How `result` differs from `expected`, in EVMC's warning words, or undefined if it does not. */
function difference(result: Result, expected: Result, gas: number): string | undefined {
  if (result.statusCode !== expected.statusCode) return `result: ${statusCodeName(result.statusCode)}`;
  if (result.gasLeft !== expected.gasLeft) return `gas used: ${gas - result.gasLeft}`;
  if (!bytesEqual(result.output, expected.output)) return `output: ${hex(result.output).slice(2)}`;
  return undefined;
}

/**
 * Times `execute`, which repeats the execution whose result was `expected`, freeing each result
 * with `release`; returns the lines to print: at most one warning, then `Time:`.
 */
export function benchLines(execute: () => Result, release: (result: Result) => void, expected: Result, gas: number): string[] {
  let warning: string | undefined;
  const run = (): void => {
    const result = execute();
    warning ??= difference(result, expected, gas);
    release(result);
  };
  run(); // the probe
  const start = performance.now();
  let iterations = 0;
  let elapsed = 0;
  do {
    run();
    iterations++;
    elapsed = performance.now() - start;
  } while (elapsed < TARGET_MS);
  const meanNs = (elapsed / iterations) * 1e6;
  const lines = warning === undefined ? [] : [`WARNING! Inconsistent execution result likely due to the use of storage (${warning})`];
  lines.push(`Time:     ${Math.round(meanNs)} ns (avg of ${iterations} iterations)`);
  return lines;
}
