/** Plain JavaScript in this V8: the reference every other engine is compared with. */
import type { Engine } from './types.js';

/** Runs each program's `js` implementation directly. */
export const jsEngine: Engine = {
  name: 'JS',
  prepare: (program, n) => ({ run: () => program.js(n) }),
  dispose: () => undefined,
};
