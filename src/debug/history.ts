/**
 * The checkpoints step back returns through: a target checkpoint every `interval` instructions.
 * Going back to time t restores the last checkpoint at or before t and re-executes the rest
 * (deterministic: the target replays what it read). When there are too many, every other one is
 * dropped and the interval doubles, so memory stays bounded however long the run.
 */
import type { DebugTarget } from './target.js';

/** A checkpoint and when it was taken. */
export interface TimedCheckpoint<C> {
  readonly time: number;
  readonly checkpoint: C;
}

/** The checkpoints of one run, in time order. */
export class History<C> {
  #points: TimedCheckpoint<C>[] = [];
  #interval: number;

  /** Checkpoints every `interval` instructions, at most `limit` of them (at least 2). */
  constructor(
    readonly firstInterval: number,
    readonly limit: number,
  ) {
    this.#interval = firstInterval;
  }

  /** Forgets everything and records the target's present as the first checkpoint. */
  restart(target: DebugTarget<C>): void {
    this.#points = [];
    this.#interval = this.firstInterval;
    this.#points.push({ time: target.time(), checkpoint: target.checkpoint() });
  }

  /** Records a checkpoint when the target is an interval past the last one. */
  note(target: DebugTarget<C>): void {
    const last = this.#points[this.#points.length - 1];
    if (last !== undefined && target.time() < last.time + this.#interval) return;
    this.#points.push({ time: target.time(), checkpoint: target.checkpoint() });
    if (this.#points.length > this.limit) {
      this.#points = this.#points.filter((_, index) => index % 2 === 0);
      this.#interval *= 2;
    }
  }

  /** The checkpoints before `time`, latest first. */
  before(time: number): TimedCheckpoint<C>[] {
    return this.#points.filter((point) => point.time < time).reverse();
  }

  /** Brings the target to exactly `time` (not later than its present): rewind, then re-execute. */
  travel(target: DebugTarget<C>, time: number): void {
    const point = this.before(time + 1)[0];
    if (point === undefined) throw new RangeError(`no checkpoint at or before time ${time}`);
    target.rewind(point.checkpoint);
    target.advance(time - point.time);
  }
}
