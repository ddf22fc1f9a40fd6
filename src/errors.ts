/**
 * The errors exvm throws for bad *input* (a malformed image, assembly, library description or
 * option). Guest behaviour never throws: it is a machine status. Every error has a stable `code`
 * from this table and a message that says what is wrong and where.
 */

/** Stable error codes, one per kind of bad input. */
export const ErrorCode = {
  /** Assembly source that does not assemble (`AsmError`). */
  Assembly: 'EXVM_ASSEMBLY',
  /** A program image that is malformed (`ImageError`). */
  Image: 'EXVM_IMAGE',
  /** A library description that is not valid JSON of the expected shape. */
  LibraryDescription: 'EXVM_LIBRARY_DESCRIPTION',
  /** A file that cannot be read or written. */
  File: 'EXVM_FILE',
  /** A command-line usage error. */
  Usage: 'EXVM_USAGE',
  /** A connector contract broken by its user (e.g. a result released twice). */
  Connector: 'EXVM_CONNECTOR',
  /** A VM that cannot be loaded (`LoaderError`, with EVMC's loader error code). */
  Loader: 'EXVM_LOADER',
  /** A plugin configuration string that does not parse or is inconsistent (`PluginConfigError`). */
  PluginConfig: 'EXVM_PLUGIN_CONFIG',
  /** A plugin API call whose `svm` parameter is not a live callback handle (`PluginApiError`). */
  PluginApi: 'EXVM_PLUGIN_API',
  /** A plugin set that cannot boot: missing callbacks, duplicates, unresolved USE (`PluginRegistryError`). */
  PluginRegistry: 'EXVM_PLUGIN_REGISTRY',
  /** A runtime misuse by its host (unknown process, bad option). */
  Runtime: 'EXVM_RUNTIME',
  /** An application description (TOML) that is invalid or cannot boot (`AppError`, naming the file and the key). */
  App: 'EXVM_APP',
  /** A failed hypervisor operation or an invalid VM config (`AxError`, with an AxVM error kind). */
  Vmm: 'EXVM_VMM',
} as const;

/** One of the stable error codes. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Base class of every error exvm throws for bad input. */
export class ExvmError extends Error {
  /** Creates an error with a stable code and a complete, human-readable message. */
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A position in a source file (1-based line and column). */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** One assembler diagnostic: where, and what is wrong. */
export interface Diagnostic extends SourcePosition {
  readonly message: string;
}

/** Formats a diagnostic the way compilers do: `file:line:col: message`. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.message}`;
}

/**
 * Assembly that does not assemble. `diagnostics` lists every problem found, in source order; the
 * message lists the first `MESSAGE_LIMIT` of them, one per line, then how many more there are.
 */
export class AsmError extends ExvmError {
  /** Most diagnostics the message lists (a binary file fed to the assembler makes thousands). */
  static readonly MESSAGE_LIMIT = 100;

  /** Creates an error from one or more diagnostics (all kept in `diagnostics`; the message is capped). */
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    const shown = diagnostics.slice(0, AsmError.MESSAGE_LIMIT).map(formatDiagnostic);
    const more = diagnostics.length - shown.length;
    if (more > 0) shown.push(`${diagnostics[0].file}: ... and ${more} more error${more === 1 ? '' : 's'}`);
    super(ErrorCode.Assembly, shown.join('\n'));
  }
}

/** A malformed program image. `offset` is the byte offset where the problem was found. */
export class ImageError extends ExvmError {
  /** Creates an error for the problem at byte `offset` of the image. */
  constructor(
    readonly offset: number,
    detail: string,
  ) {
    super(ErrorCode.Image, `invalid image at byte ${offset}: ${detail}`);
  }
}

/** A library description that is not usable. */
export class LibraryDescriptionError extends ExvmError {
  /** Creates an error naming the description's source and what is wrong with it. */
  constructor(source: string, detail: string) {
    super(ErrorCode.LibraryDescription, `${source}: ${detail}`);
  }
}
