/** What a caught error says: its message, or the thrown value as text (a VM may throw anything). */
export function errorReason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
