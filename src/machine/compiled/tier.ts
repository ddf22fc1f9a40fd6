/**
 * The code-generating tier of one machine: which regions are compiled, and the driver that runs
 * a machine by alternating between compiled regions and the run loop.
 *
 * The run loop stays in charge of everything irregular. A compiled block that cannot run (too
 * little gas, a fault coming, a bus access) returns to the driver, which replays that
 * instruction and the rest of its block in the run loop's precise stream; the run loop hands back
 * at the next block header the tier watches (a TIER header). In `auto` mode TIER headers sit at
 * function entries and loop heads and count their entries; once one reaches the threshold its
 * region is compiled and every block header of the region a region function can enter hands over
 * from then on (the others, inside structured loops, go back to ordinary headers).
 */
import { Status } from '../../isa/status.js';
import { errorReason } from '../../messages.js';
import type { MachineCore } from '../core.js';
import { Internal } from '../fusion.js';
import { LoopMode, runLoop } from '../interpreter.js';
import type { CompiledImage, FunctionFactory, RegionEnvironment, RegionFactory } from './cache.js';
import { compiledImage, newFunction } from './cache.js';
import type { ENVIRONMENT, GeneratedRegion } from './codegen.js';
import { generateCases, generateRegion } from './codegen.js';
import type { RegionFunction } from './exits.js';
import { Exit, UNWINDING_LOST, UNWINDING_NATIVE, UNWINDING_NONE, nesting } from './exits.js';
import { FIRST_HEADROOM, extendHeadroom, hasHeadroom } from './headroom.js';
import { watchedPcs } from './regions.js';

/** The execution tiers a machine can use. */
export const TIERS = ['interpreter', 'compiled', 'auto'] as const;

/** `interpreter`: the run loop only; `compiled`: everything compiled up front; `auto`: hot regions compiled. */
export type TierName = (typeof TIERS)[number];

/** Block entries (function entries and loop heads) after which `auto` compiles a region. */
export const DEFAULT_HOT_THRESHOLD = 1000;

/** Heat of a compiled block: its TIER header always hands over. */
const COMPILED_HEAT = 0x3fffffff;

/** What the tier did so far, for tools and tests. */
export interface TierStats {
  /** The tier the machine was asked for. */
  readonly requested: TierName;
  /** The tier it uses: `interpreter` when code generation is unavailable. */
  readonly active: TierName;
  /** Regions the program was cut into (0 for the interpreter). */
  readonly regions: number;
  /** Regions compiled so far (compiled here or taken from the per-image cache). */
  readonly compiledRegions: number;
  /** Instructions in the compiled regions. */
  readonly compiledInstructions: number;
  /** Milliseconds this machine spent generating and compiling code (cache hits cost almost nothing). */
  readonly compileMs: number;
  /** Why code generation is unavailable, when it is. */
  readonly fallback?: string;
}

/** Whether the default factory (`new Function`) was refused once: then it is not tried again. */
let newFunctionRefused: string | undefined;

/** Region functions get at most this much gas as an int32; the rest waits in `gasHigh`. */
const SPLIT = 0x3fffffff;

/** What generated code and the driver share besides the machine state (`T` in generated code). */
interface Registers {
  /** The int32 part of the gas left, written at every exit. */
  gas: number;
  /** The gas above `gas` (constant while region functions run). */
  gasHigh: number;
  /** Instructions run: each region function adds its own as it leaves. */
  steps: number;
  /** sp after a `ret` to a region function (the gas left is its return value). */
  sp: number;
  /** What is unwinding when an exception is on its way up (UNWINDING_* in exits.ts). */
  unwinding: number;
  /** Estimated JavaScript stack region functions may take (their `nest`) before they check for more (see headroom.ts). */
  allowance: number;
  /** Set by a region function the driver entered, as it starts: tells one that started from one that could not. */
  entered: number;
  /** Checks for more room beyond `nest` (see headroom.ts); false where there is none. */
  extend(nest: number): boolean;
}

/** The tier of one machine. */
export class CompiledTier {
  /** The region map and cached factories, looked up when first needed (`auto` machines that stay cold never need them). */
  private compiledImage: CompiledImage | undefined = undefined;
  /** Bound entry functions (see codegen's RegionVariant): entered by calls, and by the driver at a region's first block. */
  private fns: (RegionFunction | undefined)[] = [];
  /** Bound functions the driver enters at any other block, compiled when first needed. */
  private resumes: (RegionFunction | undefined)[] = [];
  private readonly registers: Registers = {
    gas: 0, gasHigh: 0, steps: 0, sp: 0, unwinding: UNWINDING_NONE, allowance: 0, entered: 0,
    extend(nest: number): boolean {
      // Where there is no room the limit stays: deeper calls go through the driver, which starts again at nest 0.
      const allowance = extendHeadroom(nest);
      if (allowance !== undefined) this.allowance = allowance;
      return allowance !== undefined;
    },
  };
  /** Whether only this thread's code can raise interrupts: the pending word is neither shared nor in guest memory. */
  private readonly pendingPrivate: boolean;
  /** 1 at the pcs of blocks a compiled region function can be entered at. */
  private entries: Uint8Array = new Uint8Array(0);
  private env: RegionEnvironment | undefined = undefined;
  private compiledRegions = 0;
  private compiledInstructions = 0;
  private compileMs = 0;
  private fallback: string | undefined = undefined;

  /** Prepares the tier; in `compiled` mode compiles every region now. */
  constructor(
    private readonly core: MachineCore,
    private readonly requested: 'compiled' | 'auto',
    hotThreshold: number,
    private readonly factory: FunctionFactory = newFunction,
  ) {
    core.hotAfter = requested === 'auto' ? hotThreshold : 0;
    const { pending, flat } = core;
    this.pendingPrivate = !(typeof SharedArrayBuffer !== 'undefined' && pending.buffer instanceof SharedArrayBuffer) && pending.buffer !== flat.buffer;
    if (factory === newFunction && newFunctionRefused !== undefined) {
      this.fallback = newFunctionRefused;
      return;
    }
    if (requested === 'compiled') {
      for (const region of this.image.map.regions) if (!this.compile(region.index)) return;
    } else {
      for (const pc of watchedPcs(core.decoded, core.program.entry)) this.watch(pc, 0);
    }
  }

  /** The compiled state of this machine's image (see cache.ts), and the per-machine table of bound region functions. */
  private get image(): CompiledImage {
    if (this.compiledImage === undefined) {
      // Counted as compilation: a new image's region map generates every region's code once to size it (fit.ts).
      const started = performance.now();
      this.compiledImage = compiledImage(this.factory, this.core.program, this.core.decoded, this.core.layout, this.pendingPrivate);
      this.compileMs += performance.now() - started;
      this.fns = new Array<RegionFunction | undefined>(this.compiledImage.map.regions.length).fill(undefined);
      this.resumes = new Array<RegionFunction | undefined>(this.compiledImage.map.regions.length).fill(undefined);
      this.entries = new Uint8Array(this.core.decoded.ops.length);
    }
    return this.compiledImage;
  }

  /** What the tier did so far. */
  get stats(): TierStats {
    return {
      requested: this.requested,
      active: this.fallback === undefined ? this.requested : 'interpreter',
      regions: this.compiledImage?.map.regions.length ?? 0,
      compiledRegions: this.compiledRegions,
      compiledInstructions: this.compiledInstructions,
      compileMs: this.compileMs,
      ...(this.fallback === undefined ? {} : { fallback: this.fallback }),
    };
  }

  /** Executes at most `maxSteps` instructions, like `runLoop`, in compiled code where there is some. */
  run(maxSteps: number): Status {
    const core = this.core;
    if (this.fallback !== undefined) return runLoop(core, maxSteps);
    if (core.stopped) return core.status;
    core.status = Status.Ok;
    if (!core.takeInterrupt()) return core.status;
    let budget = maxSteps;
    let precise = false;
    let stay = false; // the JavaScript stack is too full for compiled code: interpret the rest of this run
    let probed = false;
    const registers = this.registers;
    registers.allowance = nesting.bytes; // this run's stack: no direct call before a callee checks for room
    for (;;) {
      // With a private pending word, compiled code only looks for an interrupt where one could be
      // raised (see block.ts's BlockContext): one pending and enabled already is for the run loop.
      const waiting = this.pendingPrivate && core.pending[0] !== 0 && core.interruptsEnabled;
      let fn: RegionFunction | undefined = precise || stay || waiting || budget === 0 ? undefined : this.enterable(core.pc);
      if (fn !== undefined && !probed) {
        // Once a run, where the stack is as deep as it will be whenever the driver enters compiled code.
        probed = true;
        if (!hasHeadroom(FIRST_HEADROOM)) fn = undefined;
        stay = fn === undefined;
      }
      if (fn === undefined) {
        const before = core.executed;
        runLoop(core, budget, LoopMode.YIELD | (precise ? LoopMode.PRECISE_START : 0) | (stay ? LoopMode.STAY : 0) | (this.pendingPrivate ? LoopMode.QUIET : 0));
        budget -= core.executed - before;
        precise = false;
        if (core.status !== Status.Ok || budget === 0) return core.status;
        continue; // the run loop handed over at a TIER header
      }
      // No more gas than the budget has steps (every instruction costs at least 1): compiled code
      // needs no step test, and stops (bails) before the budget could run out.
      const gas = Math.min(core.gas, budget, SPLIT);
      registers.gasHigh = core.gas - gas;
      registers.steps = 0;
      registers.entered = 0;
      let exit: number;
      try {
        exit = ~fn(this.image.map.blockOf[core.pc], nesting.bytes, core.depth, core.sp, core.fp, core.depth, gas);
      } catch (error) {
        const unwinding = registers.unwinding;
        registers.unwinding = UNWINDING_NONE;
        core.executed += registers.steps; // what ran before a native threw (0 when nothing started)
        // Out of a native call, as it would come out of the interpreter's loop.
        if (unwinding === UNWINDING_NATIVE) throw error;
        // A region function that could not start changed nothing: the run stays in the run loop.
        if (unwinding === UNWINDING_NONE && registers.entered === 0 && error instanceof RangeError) {
          stay = true;
          continue;
        }
        if (unwinding === UNWINDING_LOST || error instanceof RangeError) {
          // The JavaScript stack ran out in compiled code (which the headroom check should prevent:
          // see headroom.ts): what it did since its last exit is not written back. Never go on from
          // there as if it had not run.
          core.raise(Status.HostStackExhausted, core.pc, `the JavaScript stack ran out inside compiled code after pc ${core.pc}: ${errorReason(error)}`);
          throw error;
        }
        throw error;
      }
      core.gas = registers.gas + registers.gasHigh;
      core.executed += registers.steps;
      budget -= registers.steps;
      if (exit === Exit.STOP) return core.status;
      if (exit === Exit.BAIL) precise = true;
      else if (exit === Exit.INTERRUPT && !core.takeInterrupt()) return core.status;
    }
  }

  /** The compiled function to enter at block-starting `pc`, compiling its region if it is due; undefined to interpret. */
  private enterable(pc: number): RegionFunction | undefined {
    const core = this.core;
    if (this.requested === 'auto' && this.compiledImage === undefined && !(core.heat[pc] >= core.hotAfter)) return undefined;
    const { regionOf, blockOf } = this.image.map;
    if (!(pc >= 0 && pc < regionOf.length) || blockOf[pc] < 0) return undefined;
    const region = regionOf[pc];
    if (this.fns[region] === undefined && (this.requested === 'auto' && core.heat[pc] < core.hotAfter || !this.compile(region))) return undefined;
    if (this.entries[pc] !== 1) return undefined;
    return blockOf[pc] === 0 ? this.fns[region] : this.resumes[region] ?? this.compileResume(region);
  }

  /** Turns generated source into a factory, or says why it cannot (then the tier falls back to the interpreter). */
  private make(source: () => string): RegionFactory | undefined {
    const started = performance.now();
    try {
      return this.factory('env', source());
    } catch (error) {
      this.disable(error);
      return undefined;
    } finally {
      this.compileMs += performance.now() - started;
    }
  }

  /** Compiles region `index`'s entry function (or takes it from the cache) and binds it; false when code generation is unavailable. */
  private compile(index: number): boolean {
    const image = this.image;
    const region = image.map.regions[index];
    let factory = image.factories[index];
    let enterable = image.enterable[index];
    if (factory === undefined || enterable === undefined) {
      const generated = image.cases[index] ?? this.generate(index);
      factory = this.make(() => generateRegion(region, generated, 'entry'));
      if (factory === undefined) return false;
      enterable = generated.enterable;
      image.factories[index] = factory;
      image.enterable[index] = enterable;
      // A region that starts again at the top for jumps back enters through its switch anyway: one function does for both.
      if (generated.dispatch) image.resumeFactories[index] = factory;
      image.cases[index] = undefined;
    }
    this.env ??= this.environment();
    this.fns[index] = factory(this.env);
    this.compiledRegions++;
    region.blocks.forEach((block, k) => {
      this.compiledInstructions += block.end - block.start;
      if (enterable[k]) {
        this.entries[block.start] = 1;
        this.watch(block.start, COMPILED_HEAT);
      } else {
        // Inside a structured loop: `auto` may have watched it as a loop head; the run loop must not hand over there.
        this.unwatch(block.start);
      }
    });
    return true;
  }

  /** Compiles region `index`'s function entered at any of its blocks (when the driver first needs it), and binds it. */
  private compileResume(index: number): RegionFunction | undefined {
    const image = this.image;
    const factory = image.resumeFactories[index] ?? this.make(() => generateRegion(image.map.regions[index], this.generate(index), 'resume'));
    if (factory === undefined) return undefined;
    image.resumeFactories[index] = factory;
    this.env ??= this.environment();
    return (this.resumes[index] = factory(this.env));
  }

  /** The generated blocks of region `index` (timed as compilation). */
  private generate(index: number): GeneratedRegion {
    const started = performance.now();
    const generated = generateCases(this.core.decoded, this.image.map, this.image.map.regions[index], this.pendingPrivate);
    this.compileMs += performance.now() - started;
    return generated;
  }

  /** Makes the run loop's header at `pc` (if `pc` starts one of its blocks) a TIER header with heat `heat`. */
  private watch(pc: number, heat: number): void {
    const { code, entry } = this.core.layout;
    const slot = entry[pc];
    if (code[slot] !== Internal.HEADER && code[slot] !== Internal.TIER) return;
    code[slot] = Internal.TIER;
    this.core.heat[pc] = heat;
  }

  /** Makes the run loop's header at `pc` an ordinary header again, if the tier watched it. */
  private unwatch(pc: number): void {
    const { code, entry } = this.core.layout;
    if (code[entry[pc]] === Internal.TIER) code[entry[pc]] = Internal.HEADER;
  }

  /** Code generation is unavailable: back to plain headers, interpreter only, from now on. */
  private disable(error: unknown): void {
    this.fallback = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (this.factory === newFunction && error instanceof EvalError) newFunctionRefused = this.fallback;
    const { code } = this.core.layout;
    for (let slot = 0; slot < code.length; slot++) if (code[slot] === Internal.TIER) code[slot] = Internal.HEADER;
    this.fns.fill(undefined);
    this.resumes.fill(undefined);
  }

  /** The names generated code uses (codegen's ENVIRONMENT), bound to this machine. */
  private environment(): RegionEnvironment {
    const core = this.core;
    const registers = this.registers;
    const env: Record<(typeof ENVIRONMENT)[number], unknown> = {
      core, T: registers, nesting, fns: this.fns, stack: core.stack, frames: core.frames, view: core.view, flat: core.flat,
      words: core.words, pending: core.pending, constants: core.program.constants, capacity: core.stack.length,
      maxDepth: core.maxDepth, flatSize: core.flat.length, codeLength: core.decoded.ops.length - 1, cpuId: core.cpuId,
    };
    return env;
  }
}
