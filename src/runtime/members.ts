/** A list with attach/detach semantics, for the default scheduler and sequencer. */

/** Adds (always accepted) and removes (false when absent) members of `list`. */
export function membership<T>(list: T[]): { attach: (item: T) => boolean; detach: (item: T) => boolean } {
  return {
    attach: (item) => (list.push(item), true),
    detach: (item) => {
      const at = list.indexOf(item);
      if (at >= 0) list.splice(at, 1);
      return at >= 0;
    },
  };
}
