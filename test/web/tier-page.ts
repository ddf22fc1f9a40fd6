/**
 * Browser entry for tier-csp.test.ts, bundled by Vite inside the test: `publish(source)` runs a
 * program (the test passes examples/bench/fib.exa with a smaller n) on the compiled, auto and interpreter tiers
 * and publishes what each did as `globalThis.tierResult`, with the CSP violations the page saw.
 * Importing it does nothing (`node --test dist/test/` loads every file under test/).
 */
import { assemble } from '../../src/asm/index.js';
import { statusName } from '../../src/isa/status.js';
import type { TierName, TierStats } from '../../src/machine/compiled/tier.js';
import { Machine } from '../../src/machine/machine.js';

/** What one machine did (or the error it threw). */
export interface TierRun {
  readonly tier: TierName;
  readonly exitCode?: number;
  readonly status?: string;
  readonly instructionsExecuted?: number;
  readonly gasUsed?: number;
  readonly tierStats?: TierStats;
  readonly error?: string;
}

/** A CSP violation as the page's `securitypolicyviolation` event reports it. */
export interface Violation {
  readonly violatedDirective: string;
  readonly blockedURI: string;
}

/** What the page publishes as `globalThis.tierResult`. */
export interface TierPageResult {
  readonly runs: readonly TierRun[];
  readonly violations: readonly Violation[];
}

/** Runs `source` to the end on `tier`. */
function runOn(source: string, tier: TierName): TierRun {
  try {
    const machine = new Machine(assemble(source), { tier, hotThreshold: 10 });
    const status = statusName(machine.run());
    const { exitCode, instructionsExecuted, gasUsed, tierStats } = machine;
    return { tier, exitCode, status, instructionsExecuted, gasUsed, tierStats };
  } catch (error) {
    return { tier, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** Runs the program `source` on every tier in this page and publishes the result as `globalThis.tierResult`. */
export async function publish(source: string): Promise<void> {
  // The page sees only DOM globals, which the project's (Node) typings do not describe.
  const page = globalThis as unknown as EventTarget & { tierResult?: TierPageResult };
  const violations: Violation[] = [];
  let violated: () => void = () => {};
  const firstViolation = new Promise<void>((resolve) => (violated = resolve));
  page.addEventListener('securitypolicyviolation', (event) => {
    const { violatedDirective, blockedURI } = event as Event & Violation;
    violations.push({ violatedDirective, blockedURI });
    violated();
  });
  // Compiled first: under the CSP it is the one that meets the refusal; auto then inherits it.
  const runs = (['compiled', 'auto', 'interpreter'] as const).map((tier) => runOn(source, tier));
  // The violation event is dispatched in a later task: where a tier fell back, the page waits for it.
  if (runs.some((run) => run.tierStats?.fallback !== undefined)) await firstViolation;
  page.tierResult = { runs, violations };
}
