/** Smoke test of the connector benchmark: every case runs, with one tiny batch. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatConnectorReport, runConnectorBench } from '../../bench/connector.js';
import type { TimingPlan } from '../../bench/measure.js';

const ONE_RUN: TimingPlan = { warmups: 1, warmupMs: 0, minRuns: 1, maxRuns: 1, budgetMs: 0 };

describe('connector benchmark', () => {
  it('measures empty code and a small program on both VMs, and the bare machine, without failures', () => {
    const labels: string[] = [];
    const report = runConnectorBench(ONE_RUN, 3, (label) => labels.push(label));
    assert.deepEqual(report.failures, []);
    assert.deepEqual(report.rows.map((r) => r.label), labels);
    assert.deepEqual(labels.map((l) => l.split(',')[0]), ['example VM', 'example VM', 'exvm VM', 'exvm VM', 'exvm Machine']);
    assert.ok(report.rows.every((r) => r.microseconds !== null && r.microseconds > 0));
    const text = formatConnectorReport(report);
    assert.match(text, /mean µs per execute \(median over timed batches of 3 executions\)/);
    assert.match(text, /\| example VM, empty code \| \d+\.\d\d \|/);
    assert.match(text, /\| exvm VM, 2 \+ 3 \(a 6-instruction image\) \| \d+\.\d\d \|/);
  });
});
