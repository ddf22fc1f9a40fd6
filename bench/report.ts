/** Turns a benchmark report into a Markdown table for people (the JSON form is the report itself). */
import type { BenchReport, EngineCell, ProgramReport } from './suite.js';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function ms(value: number | null): string {
  if (value === null) return 'error';
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

function ratio(value: number | null, reference: number | null): string {
  if (value === null || reference === null) return '–';
  const r = value / reference;
  return `${r < 10 ? r.toFixed(2) : r.toFixed(1)}×`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function programRow(report: ProgramReport): string[] {
  const [exvm, js, ...others] = report.cells;
  return [
    `${report.program}(${integer.format(report.n)})`,
    ms(exvm.medianMs),
    ms(js.medianMs),
    ratio(exvm.medianMs, js.medianMs),
    ...others.flatMap((other: EngineCell) => [ms(other.medianMs), ratio(other.medianMs, js.medianMs)]),
    report.exvmInstructions === null ? '–' : integer.format(report.exvmInstructions),
    report.exvmMInstructionsPerSecond === null ? '–' : report.exvmMInstructionsPerSecond.toFixed(1),
  ];
}

/** The report as text: machine, the table (median ms and slowdowns against plain JS), step() vs run(). */
export function formatReport(report: BenchReport): string {
  const first = report.programs[0];
  const others = first === undefined ? [] : first.cells.slice(2).map((c) => c.engine);
  const header = ['program', 'exvm ms', 'JS ms', 'exvm/JS', ...others.flatMap((name) => [`${name} ms`, `${name}/JS`]), 'exvm instructions', 'exvm M instr/s'];
  const lines = [
    `exvm benchmarks${report.quick ? ' (--quick: smaller sizes, fewer runs)' : ''}`,
    `node ${report.node} on ${report.cpu}`,
    'median wall-clock time of the timed runs, after untimed warm-up runs; X/JS = how many times slower than plain JS',
    '',
    row(header),
    row(header.map((h, i) => (i === 0 ? '---' : '---:'))),
    ...report.programs.map((p) => row(programRow(p))),
  ];
  if (report.step !== null) {
    const s = report.step;
    lines.push('', `${s.program}(${s.n}) on exvm: run() ${ms(s.runMs)} ms, step() loop ${ms(s.stepMs)} ms: the step() loop is ${ratio(s.stepMs, s.runMs)} slower (run() must not pay for step())`);
  }
  return lines.join('\n');
}
