/**
 * The Node host's idle watch for `RuntimeOptions.idleWatch`: Node emits `beforeExit` when its
 * event loop has nothing left to do, so a WAITING instruction whose promise is still pending then
 * can never settle: the run ends and reports it stalled instead of the process exiting silently.
 */

/** Calls `onIdle` when the Node event loop empties; returns a function that stops watching. */
export function nodeIdleWatch(onIdle: () => void): () => void {
  const listener = (): void => onIdle();
  process.once('beforeExit', listener);
  return () => void process.off('beforeExit', listener);
}
