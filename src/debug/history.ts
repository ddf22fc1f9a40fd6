/**
 * The checkpoints step back returns through: a target checkpoint every `interval` instructions.
 * Going back to time t restores the last checkpoint at or before t and re-executes the rest
 * (deterministic: the target replays what it read). When there are too many, or they retain more
 * bytes than the budget, every other one is dropped and the interval doubles, so memory stays
 * bounded however long the run and however large the target's memory.
 */
import type { DebugTarget } from './target.js';

/** At least one instruction between checkpoints per this many bytes a checkpoint reads. */
const BYTES_PER_INSTRUCTION = 32;

/** A checkpoint and when it was taken. */
export interface TimedCheckpoint<C> {
  readonly time: number;
  readonly checkpoint: C;
  /** Bytes it retains beyond the checkpoint before it (0 when the target does not say). */
  bytes: number;
}

/** The checkpoints of one run, in time order. */
export class History<C> {
  #points: TimedCheckpoint<C>[] = [];
  #interval: number;

  /** Checkpoints every `interval` instructions, at most `limit` of them (at least 2) retaining at most `budget` bytes (but always 2). */
  constructor(
    readonly firstInterval: number,
    readonly limit: number,
    readonly budget = Number.POSITIVE_INFINITY,
  ) {
    this.#interval = firstInterval;
  }

  /** Bytes the checkpoints retain, as the target counts them. */
  get bytes(): number {
    return this.#points.reduce((sum, point) => sum + point.bytes, 0);
  }

  /** Forgets everything and records the target's present as the first checkpoint. */
  restart(target: DebugTarget<C>): void {
    this.#points = [];
    // A checkpoint reads the target's whole memory: keep that to a fraction of the work between two.
    this.#interval = Math.max(this.firstInterval, Math.ceil((target.checkpointCost?.() ?? 0) / BYTES_PER_INSTRUCTION));
    this.#take(target);
  }

  /** Records a checkpoint when the target is an interval past the last one. */
  note(target: DebugTarget<C>): void {
    const last = this.#points[this.#points.length - 1];
    if (last !== undefined && target.time() < last.time + this.#interval) return;
    this.#take(target);
    while (this.#points.length > 2 && (this.#points.length > this.limit || this.bytes > this.budget)) {
      this.#points = this.#points.filter((_, index) => index % 2 === 0);
      this.#interval *= 2;
      this.#points.forEach((point, index) => (point.bytes = this.#measure(target, point.checkpoint, this.#points[index - 1]?.checkpoint)));
    }
  }

  #take(target: DebugTarget<C>): void {
    const checkpoint = target.checkpoint();
    const bytes = this.#measure(target, checkpoint, this.#points[this.#points.length - 1]?.checkpoint);
    this.#points.push({ time: target.time(), checkpoint, bytes });
  }

  #measure(target: DebugTarget<C>, checkpoint: C, previous: C | undefined): number {
    return target.checkpointBytes?.(checkpoint, previous) ?? 0;
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
