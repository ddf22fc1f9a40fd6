/**
 * The debug session: breakpoints, watchpoints, stepping, runs in time slices (so pausing works and
 * nothing freezes), and step back through checkpoints. Isomorphic: the Node server and the
 * browser playground drive the same session; every client gets the same messages.
 */
import type { ClientMessage, DebugState, ServerMessage } from './protocol.js';
import { MAX_WATCHPOINTS, decodeClientMessage } from './protocol.js';
import { History } from './history.js';
import { ReverseScan } from './reverse-scan.js';
import type { DebugTarget } from './target.js';
import { errorReason } from '../messages.js';

/** How a session runs. Every field is optional. */
export interface SessionOptions {
  /** Milliseconds of execution per slice before yielding to the event loop. Default 20. */
  readonly sliceMs?: number;
  /** Milliseconds between state pushes during a run. Default 200. */
  readonly pushEveryMs?: number;
  /** Instructions between checkpoints at first. Default 2048. */
  readonly checkpointInterval?: number;
  /** Most checkpoints kept. Default 256. */
  readonly maxCheckpoints?: number;
  /** Most bytes the checkpoints may retain, as the target counts them (always at least 2 checkpoints). Default 256 MiB. */
  readonly checkpointBytes?: number;
  /** Bytes in the memory view. Default 256. */
  readonly memoryWindow?: number;
  /** Builds a target from assembly source and its input (the playground's `load`); without it, `load` is refused. */
  readonly loader?: (source: string, input: string) => DebugTarget;
}

/** Receives the session's messages. */
export type Listener = (message: ServerMessage) => void;

/** When a run stops besides breakpoints, watchpoints and the target's own stops. */
type Goal =
  | { readonly kind: 'continue' }
  | { readonly kind: 'stepOver'; readonly depth: number }
  | { readonly kind: 'stepOut'; readonly depth: number }
  | { readonly kind: 'runTo'; readonly pc: number };

interface Watchpoint {
  readonly address: number;
  readonly length: number;
  bytes: Uint8Array;
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((byte, index) => byte === b[index]);
const hex = (value: number): string => `0x${value.toString(16)}`;

/** Steps executed between clock readings during a run. */
const BATCH = 256;

/** A debug session over one target at a time. */
export class DebugSession {
  readonly #options: Required<Omit<SessionOptions, 'loader'>> & Pick<SessionOptions, 'loader'>;
  readonly #listeners = new Set<Listener>();
  #target: DebugTarget;
  #history: History<unknown>;
  readonly #breakpoints = new Set<number>();
  readonly #watchpoints = new Map<string, Watchpoint>();
  #mode: DebugState['mode'] = 'paused';
  #reason = 'start';
  #goal: Goal | undefined;
  /** The reverse continue in progress, if any. */
  #scan: ReverseScan<unknown> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastPush = 0;
  #memoryAddress = 0;
  /** The memory window when the target last started moving: changes are highlighted against it. */
  #baseline: { address: number; bytes: Uint8Array } = { address: 0, bytes: new Uint8Array(0) };

  /** Starts a session paused at the target's start. */
  constructor(target: DebugTarget, options: SessionOptions = {}) {
    this.#options = {
      sliceMs: options.sliceMs ?? 20,
      pushEveryMs: options.pushEveryMs ?? 200,
      checkpointInterval: options.checkpointInterval ?? 2048,
      maxCheckpoints: Math.max(2, options.maxCheckpoints ?? 256),
      checkpointBytes: options.checkpointBytes ?? 1 << 28,
      memoryWindow: options.memoryWindow ?? 256,
      loader: options.loader,
    };
    this.#target = target;
    this.#history = new History(this.#options.checkpointInterval, this.#options.maxCheckpoints, this.#options.checkpointBytes);
    this.#history.restart(target);
    this.#baseline = this.#memoryWindowNow();
  }

  /** The target being debugged. */
  get target(): DebugTarget {
    return this.#target;
  }

  /** Adds a client: it gets the target and the state at once, then every broadcast. Returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    listener({ type: 'target', info: this.#target.info });
    listener({ type: 'state', state: this.state() });
    return () => void this.#listeners.delete(listener);
  }

  /** Handles a raw message from a client; problems go back to `reply` only, as an error message. */
  receive(raw: string, reply: Listener): void {
    const decoded = decodeClientMessage(raw);
    if (!decoded.ok) return reply({ type: 'error', message: `malformed message: ${decoded.error}` });
    const problem = this.dispatch(decoded.value);
    if (problem !== undefined) reply({ type: 'error', message: problem });
  }

  /** Carries out a checked message; returns why it was refused, if it was. */
  dispatch(message: ClientMessage): string | undefined {
    try {
      return this.#dispatch(message);
    } catch (error) {
      // A target that throws must not take the server down: report it and stay paused.
      this.#stop(`internal error: ${errorReason(error)}`);
      return `internal error: ${errorReason(error)}`;
    }
  }

  #dispatch(message: ClientMessage): string | undefined {
    const location = this.#target.location();
    switch (message.type) {
      case 'pause':
        if (this.#scan !== undefined) return this.#arrive(this.#scan.from, 'paused: reverse continue cancelled');
        if (this.#mode === 'running') this.#stop('paused');
        return undefined;
      case 'breakpoint':
        if (message.pc >= this.#target.info.instructions.length) return `there is no instruction ${message.pc}`;
        this.#toggle(message.pc, message.enabled);
        return undefined;
      case 'lineBreakpoint': {
        const first = this.#target.info.instructions.find((i) => i.line === message.line);
        if (first === undefined) return `line ${message.line} has no instruction`;
        this.#toggle(first.pc, message.enabled);
        return undefined;
      }
      case 'watchpoint':
        return this.#watch(message.address, message.length, message.enabled);
      case 'memory':
        this.#memoryAddress = message.address;
        this.#baseline = this.#memoryWindowNow();
        this.#broadcastState();
        return undefined;
      case 'load':
        return this.#load(message.source, message.input);
      default:
        break;
    }
    if (this.#mode === 'running') return `cannot ${message.type} while running: pause first`;
    if (message.type === 'focus') {
      if (!this.#target.focus(message.context)) return `there is no execution context ${JSON.stringify(message.context)}`;
      this.#broadcastState();
      return undefined;
    }
    // Everything below moves the target: the memory view will highlight what changes from here.
    this.#baseline = this.#memoryWindowNow();
    switch (message.type) {
      case 'restart':
        this.#target.restart();
        this.#history.restart(this.#target);
        this.#refreshWatchpoints();
        this.#stop('restarted');
        return undefined;
      case 'stepBack':
        return this.#stepBack();
      case 'continueBack':
        return this.#continueBack();
      default:
        break;
    }
    if (this.#target.ended()) return 'the program has ended: restart, or step back';
    switch (message.type) {
      case 'step':
        this.#stepOnce();
        return undefined;
      case 'continue':
        return this.#start({ kind: 'continue' });
      case 'stepOver':
        return this.#start({ kind: 'stepOver', depth: location.depth });
      case 'stepOut':
        return this.#start({ kind: 'stepOut', depth: location.depth });
      case 'runToCursor':
        if (message.pc >= this.#target.info.instructions.length) return `there is no instruction ${message.pc}`;
        return this.#start({ kind: 'runTo', pc: message.pc });
    }
  }

  /** The live state. */
  state(): DebugState {
    const window = this.#memoryWindowNow();
    const changed: number[] = [];
    if (window.address === this.#baseline.address) {
      window.bytes.forEach((byte, offset) => {
        if (byte !== this.#baseline.bytes[offset]) changed.push(offset);
      });
    }
    return {
      ...this.#target.state(),
      mode: this.#mode === 'running' ? 'running' : this.#target.ended() ? 'ended' : 'paused',
      reason: this.#reason,
      memory: { address: window.address, bytes: Array.from(window.bytes), changed },
      breakpoints: [...this.#breakpoints].sort((a, b) => a - b),
      watchpoints: [...this.#watchpoints.values()].map(({ address, length }) => ({ address, length })),
      canStepBack: this.#target.time() > 0 && this.#target.stepBackUnavailable?.() === undefined,
    };
  }

  /** Stops any run and forgets the clients. */
  close(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#mode = 'paused';
    this.#listeners.clear();
  }

  #memoryWindowNow(): { address: number; bytes: Uint8Array } {
    return { address: this.#memoryAddress, bytes: this.#target.readMemory(this.#memoryAddress, this.#options.memoryWindow) };
  }

  #broadcast(message: ServerMessage): void {
    for (const listener of this.#listeners) listener(message);
  }

  #broadcastState(): void {
    this.#lastPush = Date.now();
    this.#broadcast({ type: 'state', state: this.state() });
  }

  /** Ends a run (or a step) and pushes the state. */
  #stop(reason: string): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#goal = undefined;
    this.#scan = undefined;
    this.#mode = 'paused';
    this.#reason = reason;
    this.#broadcastState();
  }

  #toggle(pc: number, enabled: boolean): void {
    if (enabled) this.#breakpoints.add(pc);
    else this.#breakpoints.delete(pc);
    this.#broadcastState();
  }

  #watch(address: number, length: number, enabled: boolean): string | undefined {
    const key = `${address}:${length}`;
    if (!enabled) this.#watchpoints.delete(key);
    else {
      const bytes = this.#target.readMemory(address, length);
      if (bytes.length < length) return `watchpoint ${hex(address)}..${hex(address + length)} is outside memory`;
      if (!this.#watchpoints.has(key) && this.#watchpoints.size >= MAX_WATCHPOINTS) return `at most ${MAX_WATCHPOINTS} watchpoints: remove one first`;
      this.#watchpoints.set(key, { address, length, bytes });
    }
    this.#broadcastState();
    return undefined;
  }

  #refreshWatchpoints(): void {
    for (const watch of this.#watchpoints.values()) watch.bytes = this.#target.readMemory(watch.address, watch.length);
  }

  /** The first watchpoint whose bytes changed since the last check (all are brought up to date). */
  #watchHit(): string | undefined {
    let hit: string | undefined;
    for (const watch of this.#watchpoints.values()) {
      const now = this.#target.readMemory(watch.address, watch.length);
      if (!sameBytes(now, watch.bytes)) {
        hit ??= `watchpoint ${hex(watch.address)}..${hex(watch.address + watch.length)} changed`;
        watch.bytes = now;
      }
    }
    return hit;
  }

  #load(source: string, input: string): string | undefined {
    if (this.#options.loader === undefined) return 'load is only available in the playground';
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#target = this.#options.loader(source, input);
    this.#history.restart(this.#target);
    this.#breakpoints.clear();
    this.#watchpoints.clear();
    this.#baseline = this.#memoryWindowNow();
    this.#broadcast({ type: 'target', info: this.#target.info });
    this.#stop('loaded');
    return undefined;
  }

  /** Executes one instruction; returns why to stop now, if anything says so. */
  #advance(): string | undefined {
    const outcome = this.#target.step();
    this.#history.note(this.#target);
    return this.#watchHit() ?? outcome.stop;
  }

  #stepOnce(): void {
    this.#stop(this.#advance() ?? 'step');
  }

  /** Why a run must stop before the next instruction (the first instruction of a run always executes). */
  #goalReached(goal: Goal): string | undefined {
    const { pc, depth } = this.#target.location();
    if (this.#breakpoints.has(pc)) return `breakpoint at pc ${pc}`;
    switch (goal.kind) {
      case 'continue':
        return undefined;
      case 'stepOver':
        return depth <= goal.depth ? 'step over' : undefined;
      case 'stepOut':
        return depth < goal.depth ? 'step out' : undefined;
      case 'runTo':
        return pc === goal.pc ? `reached pc ${pc}` : undefined;
    }
  }

  #start(goal: Goal): string | undefined {
    const stop = this.#advance();
    if (stop !== undefined || this.#goalReached(goal) !== undefined) {
      this.#stop(stop ?? this.#goalReached(goal) ?? 'step');
      return undefined;
    }
    this.#goal = goal;
    this.#mode = 'running';
    this.#reason = 'running';
    this.#broadcastState();
    this.#schedule();
    return undefined;
  }

  #schedule(): void {
    this.#timer = setTimeout(() => this.#slice(), 0);
  }

  /** Runs for about `sliceMs`, then yields so that messages (pause) get through. */
  #slice(): void {
    this.#timer = undefined;
    const deadline = Date.now() + this.#options.sliceMs;
    if (this.#scan !== undefined) return this.#scanSlice(this.#scan, deadline);
    const goal = this.#goal;
    if (goal === undefined || this.#mode !== 'running') return;
    try {
      do {
        for (let count = 0; count < BATCH; count++) {
          const stop = this.#goalReached(goal) ?? this.#advance();
          if (stop !== undefined) return this.#stop(stop);
        }
      } while (Date.now() < deadline);
    } catch (error) {
      return this.#stop(`internal error: ${errorReason(error)}`);
    }
    if (Date.now() - this.#lastPush >= this.#options.pushEveryMs) this.#broadcastState();
    this.#schedule();
  }

  /** The time step back goes to: one instruction earlier. */
  #stepBack(): string | undefined {
    const refused = this.#target.stepBackUnavailable?.();
    if (refused !== undefined) return refused;
    const now = this.#target.time();
    let to = now - 1;
    if (this.#target.ended()) {
      // A stop that does not count as executed (out of gas) leaves the time as it was: the moment just
      // before it has the same time, and replaying to that time stops short of the failing instruction.
      this.#history.travel(this.#target, now);
      if (!this.#target.ended()) to = now;
    }
    if (to < 0) return 'already at the start';
    if (to < now) this.#history.travel(this.#target, to);
    this.#refreshWatchpoints();
    this.#stop('step back');
    return undefined;
  }

  /** Goes back to the latest breakpoint hit or watched change before now (or the start), in slices. */
  #continueBack(): string | undefined {
    const now = this.#target.time();
    if (now === 0) return 'already at the start';
    const refused = this.#target.stepBackUnavailable?.();
    if (refused !== undefined) return refused;
    const checks = {
      breakpointAt: (pc: number) => this.#breakpoints.has(pc),
      watchHit: () => this.#watchHit(),
      refreshWatchpoints: () => this.#refreshWatchpoints(),
    };
    this.#scan = new ReverseScan(this.#target, this.#history.before(now), now, checks);
    this.#mode = 'running';
    this.#reason = 'reverse continue';
    this.#broadcastState();
    this.#slice();
    return undefined;
  }

  #scanSlice(scan: ReverseScan<unknown>, deadline: number): void {
    let arrival: ReturnType<ReverseScan<unknown>['work']>;
    try {
      arrival = scan.work(deadline);
    } catch (error) {
      // The target failed while going back: rewinding it once more would fail again (and report a
      // second error instead of the first), so it stays where it is.
      this.#refreshWatchpoints();
      return this.#stop(`internal error: ${errorReason(error)}`);
    }
    if (arrival !== undefined) return void this.#arrive(arrival.time, arrival.reason);
    this.#schedule(); // no pushes meanwhile: the target is somewhere in the past being re-executed
  }

  #arrive(time: number, reason: string): undefined {
    this.#history.travel(this.#target, time);
    this.#refreshWatchpoints();
    this.#stop(reason);
    return undefined;
  }
}
