/** The default HAL on Node: the isomorphic `DefaultHal` with a nanosecond clock (`process.hrtime.bigint`). */
import { DefaultHal } from '../hal.js';
import type { DefaultHalOptions } from '../hal.js';

/** How to create the Node HAL: the default HAL's options without the clock. */
export type NodeHalOptions = Omit<DefaultHalOptions, 'clock'>;

/** A DefaultHal whose time is Node's monotonic nanosecond clock. */
export function createNodeHal(options: NodeHalOptions): DefaultHal {
  return new DefaultHal({ ...options, clock: () => process.hrtime.bigint() });
}
