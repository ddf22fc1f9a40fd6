/** Trace output: one JSON object per line on stderr, for `exvm run --trace` and `exvm vmc run --trace`. */
import { stderr } from './node-io.js';

/** JSON has no NaN, infinities or -0: they are written as the strings "NaN", "Infinity", "-Infinity" and "-0". */
function exactNumbers(_key: string, value: unknown): unknown {
  if (typeof value !== 'number') return value;
  if (Object.is(value, -0)) return '-0';
  return Number.isFinite(value) ? value : String(value);
}

/** Writes one trace event as a JSON line to stderr. */
export function writeTraceLine(event: object): void {
  stderr.writeText(`${JSON.stringify(event, exactNumbers)}\n`);
}
