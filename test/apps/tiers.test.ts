/**
 * Application kernels on every execution tier: the example applications through `exvm run
 * app.toml --tier`, and a kernel whose loop calls plugin instructions, compiled, against the
 * interpreter (plugin instructions are native calls of the kernel's machine).
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { TIERS } from '../../src/machine/compiled/tier.js';
import type { TierName } from '../../src/machine/compiled/tier.js';
import { exvm } from '../cli/cli.js';
import { repoPath } from '../helpers/paths.js';
import { calc } from '../runtime/fixtures.js';
import { runMain } from '../runtime/helpers.js';

const APPS = readdirSync(repoPath('examples', 'apps')).map((name) => `examples/apps/${name}/app.toml`);

test('every example application gives the same output, errors and exit code on every tier', () => {
  assert.ok(APPS.length >= 3);
  for (const app of APPS) {
    const [interpreted, ...others] = TIERS.map((tier) => ({ tier, ...exvm(['run', app, '--tier', tier]) }));
    assert.equal(interpreted.tier, 'interpreter');
    assert.equal(interpreted.status, 0, `${app}: ${interpreted.stderr}`);
    for (const run of others) {
      assert.deepEqual([run.stdout, run.stderr, run.status], [interpreted.stdout, interpreted.stderr, interpreted.status], `${app} on ${run.tier}`);
    }
  }
});

/** A loop of 3,000 iterations calling plugin instructions: `auto` compiles it too (after 1,000 loop entries). */
const KERNEL = `
    .value total INT
    :calc.add 0 0 -> @total
    push 3000
loop:
    dup
    :calc.add % @total -> @total
    addi -1
    dup
    jnz loop
    :calc.print @total
    halt
`;

test("a kernel whose loop calls plugin instructions runs compiled, with the interpreter's results", async () => {
  const results = new Map<TierName, unknown>();
  for (const tier of TIERS) {
    const { report, output, runtime } = await runMain([calc], KERNEL, {}, { tier, slice: 97 });
    const machine = runtime.processes[0].kernels[0].machine;
    if (tier !== 'interpreter') assert.ok(machine.tierStats.compiledRegions > 0, `${tier}: ${JSON.stringify(machine.tierStats)}`);
    assert.equal(machine.tierStats.active, tier);
    results.set(tier, { output, ok: report.ok, state: report.processes[0].state, executed: machine.instructionsExecuted, gasUsed: machine.gasUsed });
  }
  assert.deepEqual(results.get('interpreter'), { ...(results.get('interpreter') as object), output: '4501500\n', ok: true, state: 'ZOMBIE' });
  assert.deepEqual(results.get('compiled'), results.get('interpreter'));
  assert.deepEqual(results.get('auto'), results.get('interpreter'));
});
