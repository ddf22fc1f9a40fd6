/**
 * Reverse continue as resumable work: the checkpoint segments before now are re-executed from the
 * latest backwards, looking for the last moment a breakpoint was about to execute or a watched
 * range had just changed. The work is done in bounded chunks so a long history does not freeze
 * the session; the session arrives at the answer when the scan finishes.
 */
import type { TimedCheckpoint } from './history.js';
import type { DebugTarget } from './target.js';

/** Where a scan ends: a time and why. */
export interface Arrival {
  readonly time: number;
  readonly reason: string;
}

/** What the scan asks the session: its breakpoints and watchpoints. */
export interface ScanChecks {
  /** Whether a breakpoint is set at `pc`. */
  breakpointAt(pc: number): boolean;
  /** The watchpoint that changed since the last call, if any (watchpoints are brought up to date). */
  watchHit(): string | undefined;
  /** Makes the watchpoints' remembered bytes those of the target now. */
  refreshWatchpoints(): void;
}

/** Steps between clock readings. */
const BATCH = 256;

/** One reverse continue in progress. */
export class ReverseScan<C> {
  #index = 0;
  #end: number;
  #inSegment = false;
  #hit: Arrival | undefined;

  /** Scans `target`'s history before `from` (`points`: its checkpoints before `from`, latest first). */
  constructor(
    private readonly target: DebugTarget<C>,
    private readonly points: readonly TimedCheckpoint<C>[],
    /** The time the scan started from (where a cancelled scan goes back to). */
    readonly from: number,
    private readonly checks: ScanChecks,
  ) {
    this.#end = from;
  }

  /** Works until `deadline` (a Date.now() value); the arrival once the scan is complete, else undefined. */
  work(deadline: number): Arrival | undefined {
    const target = this.target;
    do {
      if (!this.#inSegment) {
        const point = this.points[this.#index];
        if (point === undefined) return { time: 0, reason: 'reached the start (reverse)' };
        target.rewind(point.checkpoint);
        this.checks.refreshWatchpoints();
        this.#inSegment = true;
      }
      for (let count = 0; count < BATCH; count++) {
        const before = target.time();
        if (before < this.#end) {
          const { pc } = target.location();
          if (this.checks.breakpointAt(pc)) this.#hit = { time: before, reason: `breakpoint at pc ${pc} (reverse)` };
          target.step();
          const watched = this.checks.watchHit();
          if (watched !== undefined && target.time() < this.from) this.#hit = { time: target.time(), reason: `${watched} (reverse)` };
          if (target.time() !== before) continue;
        }
        // The segment is done (or cannot go further): the latest hit in it is the answer, else the segment before.
        if (this.#hit !== undefined) return this.#hit;
        this.#end = this.points[this.#index].time;
        this.#index++;
        this.#inSegment = false;
        break;
      }
    } while (Date.now() < deadline);
    return undefined;
  }
}
