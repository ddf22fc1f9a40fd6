/**
 * Small helpers for the text of messages, shared by every layer (like `errors.ts`).
 */

/** What a caught error says: its message, or the thrown value as text (foreign code may throw anything). */
export function errorReason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `1 byte`, `2 bytes`: the count and the noun, plural unless the count is exactly 1. */
export function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Runs `run`; a RangeError (the stack or an allocation exhausted by hostile input) becomes the
 * error `toError` makes, so a parser can promise its own error type whatever the input.
 */
export function convertExhaustion<T>(run: () => T, toError: (error: RangeError) => Error): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof RangeError) throw toError(error);
    throw error;
  }
}
