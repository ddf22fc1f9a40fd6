/**
 * The error a malformed plugin configuration string raises. It lists every problem found (the
 * parser recovers at the next line), each with its line, column and what was expected.
 */
import { ErrorCode, ExvmError } from '../../errors.js';
import { convertExhaustion } from '../../messages.js';

/** `a`, `a or b`, `a, b or c`: a list of alternatives in a message. */
export function formatAlternatives(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? 'nothing') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** One problem of a configuration string. */
export interface PluginConfigDiagnostic {
  readonly line: number;
  readonly column: number;
  /** The whole problem, e.g. `expected a type, a marker, a keyword, '[' or '(' but found '->'`. */
  readonly message: string;
  /** What would have been accepted here, when the problem is an unexpected token. */
  readonly expected: readonly string[];
}

/** A configuration string that does not parse or declares inconsistent objects (code `EXVM_PLUGIN_CONFIG`). */
export class PluginConfigError extends ExvmError {
  /** Most diagnostics the message lists. */
  static readonly MESSAGE_LIMIT = 100;
  /** Line of the first problem. */
  readonly line: number;
  /** Column of the first problem. */
  readonly column: number;
  /** What was expected at the first problem (empty when it is not an unexpected token). */
  readonly expected: readonly string[];

  /** Creates the error from one or more diagnostics found in the text called `source`. */
  constructor(
    readonly source: string,
    readonly diagnostics: readonly PluginConfigDiagnostic[],
  ) {
    const shown = diagnostics.slice(0, PluginConfigError.MESSAGE_LIMIT).map((d) => `${source}:${d.line}:${d.column}: ${d.message}`);
    const more = diagnostics.length - shown.length;
    if (more > 0) shown.push(`${source}: ... and ${more} more error${more === 1 ? '' : 's'}`);
    super(ErrorCode.PluginConfig, shown.join('\n'));
    this.line = diagnostics[0].line;
    this.column = diagnostics[0].column;
    this.expected = diagnostics[0].expected;
  }
}

/**
 * Runs `run`, turning a RangeError (stack or allocation exhausted) into a `PluginConfigError` about
 * `source`. The parser caps nesting and pattern sizes, so this is a last resort: whatever the text,
 * the caller gets a `PluginConfigError`, never a crash.
 */
export function withinLimits<T>(source: string, run: () => T): T {
  return convertExhaustion(run, (error) => new PluginConfigError(source, [{ line: 1, column: 1, message: `the configuration is too large or too deeply nested to parse (${error.message})`, expected: [] }]));
}
