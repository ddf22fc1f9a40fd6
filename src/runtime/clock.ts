/**
 * The runtime's clock and timers. The simulated clock (the default) makes runs deterministic: it
 * advances with the instructions executed and jumps to the next timer when every process is idle.
 * The real clock reads the host's time and really waits for timers.
 */

/** Which clock a runtime uses. */
export type ClockKind = 'simulated' | 'real';

interface Timer {
  readonly at: number;
  readonly order: number;
  readonly fire: () => void;
  cancelled: boolean;
}

/** A cancellable timer. */
export interface TimerHandle {
  cancel(): void;
}

/** Time in ms and a queue of timers ordered by time, then by creation. */
export class Clock {
  #now = 0;
  #order = 0;
  readonly #timers: Timer[] = [];
  readonly #origin = Date.now();

  /** A clock of kind `kind`; the simulated one counts `instructionsPerMs` instructions as one ms. */
  constructor(
    readonly kind: ClockKind,
    readonly instructionsPerMs: number,
  ) {}

  /** The current time in ms since the clock started. */
  now(): number {
    return this.kind === 'real' ? Date.now() - this.#origin : this.#now;
  }

  /** Counts executed instructions (the simulated clock advances). */
  executed(instructions: number): void {
    if (this.kind === 'simulated') this.#now += instructions / this.instructionsPerMs;
  }

  /** Calls `fire` `delay` ms from now. */
  after(delay: number, fire: () => void): TimerHandle {
    const timer: Timer = { at: this.now() + Math.max(0, delay), order: this.#order++, fire, cancelled: false };
    this.#timers.push(timer);
    this.#timers.sort((a, b) => a.at - b.at || a.order - b.order);
    return { cancel: () => void (timer.cancelled = true) };
  }

  /** Whether a timer is waiting. */
  get pending(): boolean {
    this.#dropCancelled();
    return this.#timers.length > 0;
  }

  /** Fires every timer that is due; returns how many fired. */
  fireDue(): number {
    let fired = 0;
    for (;;) {
      this.#dropCancelled();
      const next = this.#timers[0];
      if (next === undefined || next.at > this.now()) return fired;
      this.#timers.shift();
      next.fire();
      fired++;
    }
  }

  /** Moves to the next timer: the simulated clock jumps, the real one waits. */
  async advance(): Promise<void> {
    this.#dropCancelled();
    const next = this.#timers[0];
    if (next === undefined) return;
    if (this.kind === 'simulated') this.#now = Math.max(this.#now, next.at);
    else await new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, next.at - this.now())));
  }

  #dropCancelled(): void {
    while (this.#timers[0]?.cancelled === true) this.#timers.shift();
  }
}
