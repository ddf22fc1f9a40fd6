/**
 * One compiled block: its header (one test charges the block's gas, counts its steps, and checks
 * whatever the stack-height analysis could not prove about the stack), then its instructions.
 * Values pushed inside the block live in JavaScript constants and reach the value stack only when
 * the block ends. An instruction that would fault, or touch memory outside the flat window (the
 * bus: MMIO), bails at its own pc with its own gas and steps and the rest of the block's given
 * back, so the run loop's precise stream raises the fault, or makes the bus access, exactly as it
 * would have. See codegen.ts for how blocks are put together into a region function.
 */
import { BLOCK_ENDING_OPCODES, GAS_COST, Op, opcodeInfo } from '../../isa/opcodes.js';
import { Status } from '../../isa/status.js';
import type { DecodedProgram } from '../decode.js';
import { callSummary, isCallTarget } from './analysis.js';
import { ATOMIC_UPDATES, BINARY, DIVISION, INT_RESULTS, LOADS, STORES, UNARY, literal } from './expressions.js';
import { Exit, UNWINDING_LOST, UNWINDING_NATIVE, UNWINDING_NONE } from './exits.js';
import type { Block, RegionMap } from './regions.js';

const INT32_MAX = 0x7fffffff;
/** Instructions compiled as a conditional or unconditional jump. */
const JUMPS: ReadonlySet<number> = new Set<number>([Op.JMP, Op.JZ, Op.JNZ]);

/** Stack instructions as permutations: values popped (deepest first), then the popped values pushed by index. */
const SHUFFLES: ReadonlyMap<number, { readonly pops: number; readonly pushes: readonly number[] }> = new Map([
  [Op.POP, { pops: 1, pushes: [] }],
  [Op.DUP, { pops: 1, pushes: [0, 0] }],
  [Op.SWAP, { pops: 2, pushes: [1, 0] }],
  [Op.OVER, { pops: 2, pushes: [0, 1, 0] }],
  [Op.ROT, { pops: 3, pushes: [1, 2, 0] }],
]);

/** The abstract value stack at one point of a block: memory up to `sp + memTop`, then the pending values. */
interface StackState {
  readonly pending: readonly string[];
  readonly memTop: number;
}

/**
 * Where an exit goes: `leave` saves the cached locals into the current frame first; `out` skips
 * that, for exits where the locals are on the stack already (a call's new frame, `iret`, a guard).
 */
type ExitLabel = 'leave' | 'out';

/** How an exit leaves: the Exit code (source), the pc, what to add to sp and gas, and the steps counted but not run. */
interface ExitTo {
  readonly kind: number | string;
  readonly pc: number | string;
  readonly sp?: number;
  readonly gas?: number;
  readonly steps?: number;
  readonly label?: ExitLabel;
  /** The label `leave` breaks to (an inlined function's own: see Naming). */
  readonly leaveLabel?: string;
}

/**
 * Source that leaves the region function through its epilogue (see codegen's generateRegion),
 * which writes the state back with no call (a call could find the JavaScript stack exhausted half-way).
 */
export function exit({ kind, pc, sp = 0, gas = 0, steps = 0, label = 'leave', leaveLabel = 'leave' }: ExitTo): string {
  const extra = [sp === 0 ? '' : ` xs = ${sp};`, gas === 0 ? '' : ` xg = ${gas};`, steps === 0 ? '' : ` xb = ${steps};`].join('');
  return `{ xk = ${kind}; xpc = ${pc};${extra} break ${label === 'leave' ? leaveLabel : 'out'}; }`;
}

/** `sp` plus a constant, as source. */
function spPlus(offset: number): string {
  if (offset === 0) return 'sp';
  return offset > 0 ? `sp + ${offset}` : `sp - ${-offset}`;
}

/**
 * How generated code names what a function compiled into another (inlined, see codegen) must
 * keep apart: its cached locals, its labels, its exit to the epilogue that saves its locals, and
 * its reserve of stack room; and, for an inlined function, how its `ret` goes back.
 */
export interface Naming {
  /** Prefix of the locals' variables and of the labels. */
  readonly prefix: string;
  /** The reserve of stack room its blocks rely on (a name or a number, as source). */
  readonly reserve: string;
  /** For an inlined function: the label its `ret` leaves, and the caller's fp and depth to restore. */
  readonly inlined?: { readonly done: string; readonly callerFp: string; readonly callerDepth: string };
}

/** The naming of a region function's own code. */
export const OWN: Naming = { prefix: '', reserve: 'R' };

/** Source that stores the cached locals into their stack slots. */
export function saveLocals(cached: number, naming: Naming = OWN): string {
  return Array.from({ length: cached }, (_, k) => `stack[fp + ${k}] = ${naming.prefix}L${k};`).join(' ');
}

/** Source that is true when `value` (a name) is not an int32 (a fraction, NaN, out of range, or -0). */
export function notInt32(value: string): string {
  return `((${value} | 0) !== ${value} || (${value} === 0 && 1 / ${value} < 0))`;
}

/**
 * How a block is compiled: `poll` false leaves out its interrupt points (in a loop that runs while
 * none can become pending); `charge` says whether its header tests and charges gas (and counts
 * steps: `checked`), charges it untested (`unchecked`: its loop checked enough for a whole
 * iteration), or neither (`lazy`: its loop charges it per iteration; see codegen's structuredLoop).
 */
export interface BlockMode {
  readonly poll: boolean;
  readonly charge: 'checked' | 'unchecked' | 'lazy';
}

/** The usual mode: interrupt points, and gas tested and charged at the header. */
export const CHECKED: BlockMode = { poll: true, charge: 'checked' };

/** How the region function reaches a block (see codegen): '' when control falls into it. */
export type Reach = (pc: number, fall: boolean) => string;

/** What a block compiler needs to know about its region. */
export interface BlockContext {
  readonly decoded: DecodedProgram;
  readonly map: RegionMap;
  /** Names of generated temporaries: unique in the region. */
  readonly names: { next: number };
  /** How many locals live in the JavaScript variables L0.. (see codegen's cachedLocals). */
  readonly cached: number;
  /** Which of the cached locals hold only int32 values (see codegen's typing). */
  readonly intLocals: readonly boolean[];
  /** Set when a block stores a value that may not be an int32 into an int32 local: codegen tries again. */
  readonly demoted: Set<number>;
  /**
   * Whether only this machine's own code can make an interrupt pending (its pending word is neither
   * shared with other threads nor in guest memory). Then "pending and enabled" can only turn true
   * at an `int`, `ei` or `ncall` (or in the run loop, which takes the interrupt before it hands
   * over), so only those need an interrupt point in compiled code: the others are left out.
   */
  readonly pendingPrivate: boolean;
  /** How this code names its locals and labels (OWN, or an inlined function's). */
  readonly naming: Naming;
  /** The code of a call to `target` compiled in place (see codegen's inlining), or undefined to call it. */
  readonly inline?: (target: number) => InlinedCall | undefined;
}

/** A function compiled into its caller at a call (see codegen): its blocks and what they need. */
export interface InlinedCall {
  /** Declarations of its cached locals. */
  readonly declarations: string;
  /** Its blocks, structured; its `ret` leaves to the label `done` of `naming.inlined`. */
  readonly body: string;
  /** Cached locals it keeps (saved by its own exit label `leave`). */
  readonly cached: number;
  /** Its reserve of stack room above its fp (checked before it starts). */
  readonly reserve: number;
  readonly naming: Required<Naming>;
}

/** Whether a block ending in `op` cannot make an interrupt pending (so a loop of such blocks need not poll). */
export function quietEnding(op: number): boolean {
  return JUMPS.has(op) || op === Op.MCOPY || op === Op.MFILL || !BLOCK_ENDING_OPCODES.has(op);
}

/** Compiles one block; keeps the abstract stack and the facts the block header must check. */
export class BlockCompiler {
  readonly lines: string[] = [];
  private pending: string[] = [];
  /** Pending or temporary names known to hold int32 values. */
  private readonly ints = new Set<string>();
  private memTop = 0;
  /** Values the block pops below its entry sp (the header checks sp >= it). */
  private needs = 0;
  /** Highest stack top relative to the entry sp: room the header checks for, or the region reserves. */
  grows = 0;
  /** Largest k - memTop of a local k read or written relative to the entry fp (header: fp + it < sp). */
  private localReach = -Infinity;
  /** Once an `enter` ran in this block, fp = sp + this. */
  private frameOffset: number | undefined = undefined;
  /** Set when the block has left (returned, jumped, or bailed unconditionally). */
  private ended = false;
  /** Whether an `enter` ran yet in this block. */
  private entered = false;
  /** Values popped below the entry sp before the first `enter` (they must not reach the cached locals). */
  private needsBeforeEnter = 0;
  /** Whether a cached local is used before the first `enter` (the header checks it is in the frame). */
  private framedBeforeEnter = false;
  /** Whether the block pops below the frame an `enter` in it made. */
  private popsBelowNewFrame = false;
  /** How far below the block's entry sp an `enter` takes arguments from below the frame (Infinity: known to, 0: none). */
  private entersBelowFrame = 0;
  private readonly gasAfter: number[];
  private readonly cached: number;

  /**
   * `block` is the accounting unit (a region block, possibly with a copy of the short block it
   * falls into); `height` is sp - fp at its start when the analysis knows it (else NaN); `reach`
   * says how to continue at a block.
   */
  constructor(
    private readonly context: BlockContext,
    private readonly block: Block,
    private readonly height: number,
    private readonly reach: Reach,
    private readonly mode: BlockMode = CHECKED,
  ) {
    const { start, end } = block;
    this.cached = context.cached;
    this.gasAfter = new Array<number>(end - start + 1).fill(0);
    for (let pc = end - 1; pc >= start; pc--) this.gasAfter[pc - start] = this.gasAfter[pc - start + 1] + GAS_COST[context.decoded.ops[pc]];
  }

  /** The block's source: header, then its instructions. */
  compile(): string {
    const { start, end } = this.block;
    for (let pc = start; pc < end && !this.ended; pc++) this.instruction(pc);
    if (!this.ended) {
      this.flush();
      this.goto(end, false);
    }
    const gas = this.gasAfter[0];
    const steps = end - start;
    const charge = [`gas -= ${gas};`, `steps += ${steps};`];
    if (this.mode.charge === 'checked') {
      const tests = [`gas < ${gas}`, ...this.stackTests()];
      return [`if (${tests.join(' || ')}) ${this.exit({ kind: Exit.BAIL, pc: start })}`, ...charge, ...this.lines].join('\n');
    }
    const tests = this.stackTests();
    // A lazily charged block has been charged already: a bail at its start gives that back.
    const refund = this.mode.charge === 'lazy' ? { gas, steps } : {};
    const header = tests.length === 0 ? [] : [`if (${tests.join(' || ')}) ${this.exit({ kind: Exit.BAIL, pc: start, ...refund })}`];
    return [...header, ...(this.mode.charge === 'lazy' ? [] : charge), ...this.lines].join('\n');
  }

  /**
   * The header's stack tests: at a known height they are decided here (a test that always fails
   * becomes `true`, one that never does disappears; room to grow is reserved for the whole region
   * when it is entered), otherwise they compare sp and fp at run time.
   */
  private stackTests(): string[] {
    const h = this.height;
    const known = !Number.isNaN(h);
    const tests: string[] = [];
    // The value stack below the cached locals' slots is theirs: the block's stack accesses must stay above them.
    const reach = this.entered ? this.needsBeforeEnter : this.needs;
    const framed = this.cached > 0 && (!this.entered || reach > 0 || this.framedBeforeEnter);
    if (this.needs > 0 && !(known && this.needs <= h)) tests.push(`sp < ${this.needs}`);
    if (!known && this.grows > 0) tests.push(`sp > capacity - ${this.grows}`);
    if (this.localReach > -Infinity) tests.push(known ? String(this.localReach >= h) : `fp + ${literal(this.localReach)} >= sp`);
    if (framed) tests.push(known ? String(this.cached + reach > h) : `fp + ${this.cached + reach} > sp`);
    // A callee must leave its caller's frame alone (its caller keeps locals in variables): one that
    // pops below its own frame runs in the precise stream, once its callers have left.
    if (this.popsBelowNewFrame || this.entersBelowFrame === Infinity) tests.push('depth > base');
    else if (this.entersBelowFrame > 0) tests.push(`depth > base && sp - ${this.entersBelowFrame} < fp`);
    else if (this.needsBeforeEnter > 0 && !(known && this.needsBeforeEnter <= h)) tests.push(known ? 'depth > base' : `depth > base && sp - ${this.needsBeforeEnter} < fp`);
    return tests.filter((test) => test !== 'false');
  }

  // ---- names

  /** The variable of cached local `k`. */
  private L(k: number): string {
    return `${this.context.naming.prefix}L${k}`;
  }

  /** An exit (see `exit`) from this code: its `leave` saves this code's own locals. */
  private exit(to: ExitTo): string {
    return exit(to.label === 'out' ? to : { ...to, label: 'leave', leaveLabel: `${this.context.naming.prefix}leave` });
  }

  /** Source that stores this code's cached locals. */
  private saveLocals(count: number): string {
    return saveLocals(count, this.context.naming);
  }

  // ---- the abstract stack

  private temp(expression: string, int = false): string {
    const name = `t${this.context.names.next++}`;
    this.lines.push(`const ${name} = ${expression};`);
    if (int) this.ints.add(name);
    return name;
  }

  private isInt(value: string): boolean {
    return /^(\d+|\(-\d+\))$/.test(value) || this.ints.has(value);
  }

  private push(expression: string, int = false): void {
    const simple = /^(t\d+|\d+|\(-\d+\))$/.test(expression);
    this.pending.push(simple ? expression : this.temp(expression, int));
    this.grows = Math.max(this.grows, this.memTop + this.pending.length);
  }

  private pop(): string {
    const value = this.pending.pop();
    if (value !== undefined) return value;
    this.memTop--;
    this.needs = Math.max(this.needs, -this.memTop);
    if (!this.entered) this.needsBeforeEnter = this.needs;
    else if (this.frameOffset !== undefined && this.memTop < this.frameOffset) this.popsBelowNewFrame = true;
    return this.temp(`stack[${spPlus(this.memTop)}]`);
  }

  private state(): StackState {
    return { pending: [...this.pending], memTop: this.memTop };
  }

  /** The stores that write `state`'s pending values, and the resulting stack pointer (relative to sp). */
  private written(state: StackState): { stores: string; sp: number } {
    const stores = state.pending.map((value, k) => `stack[${spPlus(state.memTop + k)}] = ${value};`).join(' ');
    return { stores, sp: state.memTop + state.pending.length };
  }

  /** Writes the pending values to the stack. */
  private flush(): void {
    const { stores } = this.written(this.state());
    if (stores) this.lines.push(stores);
    this.memTop += this.pending.length;
    this.pending = [];
  }

  /** sp - fp now (NaN when unknown): after an `enter`, relative to its frame. */
  private heightNow(): number {
    const top = this.memTop + this.pending.length;
    return this.frameOffset === undefined ? this.height + top : top - this.frameOffset;
  }

  /** Makes the runtime `sp` the current stack top (after a flush). */
  private rebase(): void {
    if (this.memTop !== 0) this.lines.push(`sp = ${spPlus(this.memTop)};`);
    this.memTop = 0;
  }

  // ---- leaving the block

  /** Source that loads the cached locals from the current frame, leaving through `guardExit` where an int32 local finds a non-int32. */
  private loadLocals(guardExit: string): string {
    return Array.from({ length: this.cached }, (_, k) => {
      if (!this.context.intLocals[k]) return `${this.L(k)} = stack[fp + ${k}];`;
      const value = `v${this.context.names.next++}`;
      return `const ${value} = stack[fp + ${k}]; if (${notInt32(value)}) ${guardExit} ${this.L(k)} = ${value} | 0;`;
    }).join(' ');
  }

  /** Source that hands the instruction at `pc` (stack as in `state`) to the precise stream. */
  private bail(pc: number, state: StackState): string {
    const { stores, sp } = this.written(state);
    const k = pc - this.block.start;
    return `{ ${stores} ${this.exit({ kind: Exit.BAIL, pc, sp, gas: this.gasAfter[k], steps: this.block.end - pc })} }`;
  }

  private bailIf(condition: string, pc: number, state: StackState): void {
    this.lines.push(`if (${condition}) ${this.bail(pc, state)}`);
  }

  /** Bails unconditionally: the instruction (stack as in `state`) cannot run here. */
  private refuse(pc: number, state: StackState): void {
    this.lines.push(this.bail(pc, state).slice(2, -2));
    this.ended = true;
  }

  /** Continues at block-starting `pc` (stack flushed and rebased): `fall` when not inside a branch. */
  private goto(pc: number, jump: boolean): void {
    this.rebase();
    const source = this.reach(pc, !jump);
    if (source) this.lines.push(source);
  }

  /** Whether an interrupt point is needed: after an instruction that may make one pending (`raises`), or when others can. */
  private polls(raises: boolean): boolean {
    return this.mode.poll && (raises || !this.context.pendingPrivate);
  }

  /** The interrupt point after a block-ending instruction that goes on at `target` (source); `raises`: see polls. */
  private interruptPoint(target: string, raises = false): void {
    if (this.polls(raises)) this.lines.push(`if (pending[0] !== 0 && core.interruptsEnabled) ${this.exit({ kind: Exit.INTERRUPT, pc: target })}`);
  }

  /** Ends the block after a block-ending instruction that goes on at the next pc; `raises`: see polls. */
  private endAndContinue(pc: number, raises: boolean): void {
    this.flush();
    this.rebase();
    this.interruptPoint(String(pc + 1), raises);
    this.goto(pc + 1, false);
    this.ended = true;
  }

  /** Stops the machine: `status` set by `before`, pc afterwards `after`. */
  private stop(before: string, after: number): void {
    this.flush();
    this.lines.push(`${before} ${this.exit({ kind: Exit.STOP, pc: after, sp: this.memTop })}`);
    this.ended = true;
  }

  // ---- locals

  /** Where local `k` is: a stack slot (source), a pending value's index, or undefined when outside the frame. */
  private local(k: number, pc: number, before: StackState): { slot: string } | { pendingIndex: number } | undefined {
    if (k < this.cached) {
      if (!this.entered) this.framedBeforeEnter = true;
      return { slot: this.L(k) };
    }
    if (this.frameOffset === undefined) {
      this.localReach = Math.max(this.localReach, k - this.memTop);
      return { slot: `stack[fp + ${k}]` };
    }
    const at = this.frameOffset + k;
    if (at < this.memTop) return { slot: `stack[${spPlus(at)}]` };
    if (at < this.memTop + this.pending.length) return { pendingIndex: at - this.memTop };
    this.refuse(pc, before);
    return undefined;
  }

  // ---- instructions

  private instruction(pc: number): void {
    const { ops, args } = this.context.decoded;
    const op = ops[pc];
    const arg = args[pc];
    const before = this.state();
    const pops = opcodeInfo(op)?.pops ?? 0;
    if (this.frameOffset !== undefined && this.memTop - Math.max(0, pops - this.pending.length) < this.frameOffset + this.cached) {
      this.refuse(pc, before); // it would pop a cached local's slot: rare enough for the precise stream
      return;
    }
    const shuffle = SHUFFLES.get(op);
    if (shuffle) {
      const values: string[] = [];
      for (let k = 0; k < shuffle.pops; k++) values.unshift(this.pop());
      for (const k of shuffle.pushes) this.push(values[k]);
      return;
    }
    const binary = BINARY.get(op);
    if (binary) {
      const y = this.pop();
      this.push(binary(this.pop(), y), INT_RESULTS.has(op));
      return;
    }
    const unary = UNARY.get(op);
    if (unary) {
      this.push(unary(this.pop()), INT_RESULTS.has(op));
      return;
    }
    const division = DIVISION.get(op);
    if (division) {
      const y = this.pop();
      const x = this.pop();
      this.bailIf(`(${y} | 0) === 0`, pc, before);
      this.push(division(x, y), true);
      return;
    }
    this.memory(pc, op, arg, before);
  }

  /** Loads, stores and atomics; then the rest. */
  private memory(pc: number, op: number, arg: number, before: StackState): void {
    const load = LOADS.get(op);
    if (load) {
      const address = this.temp(`(${this.pop()} >>> 0) + ${arg >>> 0}`);
      this.bailIf(`${address} + ${load[0]} > flatSize`, pc, before);
      this.push(load[1](address), INT_RESULTS.has(op));
      return;
    }
    const store = STORES.get(op);
    if (store) {
      const value = this.pop();
      const address = this.temp(`(${this.pop()} >>> 0) + ${arg >>> 0}`);
      this.bailIf(`${address} + ${store[0]} > flatSize`, pc, before);
      this.lines.push(store[1](address, value));
      return;
    }
    const update = ATOMIC_UPDATES.get(op);
    if (update || op === Op.ASTORE) {
      const value = this.pop();
      const address = this.temp(`(${this.pop()} >>> 0) + ${arg >>> 0}`);
      this.bailIf(`(${address} & 3) !== 0 || ${address} + 4 > flatSize`, pc, before);
      if (update) this.push(`Atomics.${update}(words, ${address} >>> 2, ${value} | 0)`, true);
      else this.lines.push(`Atomics.store(words, ${address} >>> 2, ${value} | 0);`);
      return;
    }
    if (op === Op.ALOAD || op === Op.ACAS) {
      const replacement = op === Op.ACAS ? this.pop() : '';
      const expected = op === Op.ACAS ? this.pop() : '';
      const address = this.temp(`(${this.pop()} >>> 0) + ${arg >>> 0}`);
      this.bailIf(`(${address} & 3) !== 0 || ${address} + 4 > flatSize`, pc, before);
      this.push(op === Op.ACAS
        ? `Atomics.compareExchange(words, ${address} >>> 2, ${expected} | 0, ${replacement} | 0)`
        : `Atomics.load(words, ${address} >>> 2)`, true);
      return;
    }
    this.other(pc, op, arg, before);
  }

  private other(pc: number, op: number, arg: number, before: StackState): void {
    switch (op) {
      case Op.NOP:
        return;
      case Op.PUSH:
        this.push(literal(arg), true);
        return;
      case Op.PUSHF:
        this.push(`constants[${arg}]`);
        return;
      case Op.LGET: {
        const where = this.local(arg, pc, before);
        if (where === undefined) return;
        const int = 'slot' in where && arg < this.cached && this.context.intLocals[arg];
        this.push('slot' in where ? this.temp(where.slot, int) : this.pending[where.pendingIndex]);
        return;
      }
      case Op.LSET:
      case Op.LTEE: {
        const value = this.pop();
        const where = this.local(arg, pc, before);
        if (where === undefined) return;
        if (arg < this.cached && this.context.intLocals[arg] && !this.isInt(value)) this.context.demoted.add(arg);
        if ('slot' in where) this.lines.push(`${where.slot} = ${value};`);
        else this.pending[where.pendingIndex] = value;
        if (op === Op.LTEE) this.push(value);
        return;
      }
      case Op.ADDI:
        this.push(`(${this.pop()} + ${literal(arg)}) | 0`, true);
        return;
      case Op.CPUID:
        this.push('cpuId', true);
        return;
      case Op.MSIZE:
        this.push('core.bus.size | 0', true);
        return;
      case Op.GAS: {
        const left = this.temp(`gas + T.gasHigh + ${this.gasAfter[pc - this.block.start + 1]}`);
        this.push(`${left} > ${INT32_MAX} ? ${INT32_MAX} : ${left}`, true);
        return;
      }
      case Op.DI:
        this.lines.push('core.interruptsEnabled = false;');
        return;
      case Op.SETVEC: {
        const handler = this.pop();
        this.bailIf(`!(${handler} >= 0 && ${handler} < codeLength && ${handler} === Math.floor(${handler}))`, pc, before);
        this.lines.push(`core.vectors[${arg}] = ${handler};`);
        return;
      }
      case Op.ENTER:
        this.enter(pc, arg, before);
        return;
      default:
        this.ending(pc, op, arg, before);
    }
  }

  private enter(pc: number, operand: number, before: StackState): void {
    const args = operand & 0xffff;
    const locals = operand >>> 16;
    const top = this.memTop + this.pending.length;
    this.needs = Math.max(this.needs, args - top);
    this.grows = Math.max(this.grows, top + locals);
    const firstEnter = !this.entered;
    // Arguments from below the frame, other than a function's own at its entry (its caller checks those).
    const functionEntry = firstEnter && pc === this.block.start && this.height === 0 && isCallTarget(this.context.decoded, pc);
    const inFrame = this.frameOffset === undefined ? this.height + top : top - this.frameOffset;
    if (!functionEntry && Number.isNaN(inFrame) && args > top) this.entersBelowFrame = Math.max(this.entersBelowFrame, args - top);
    else if (!functionEntry && args > inFrame) this.entersBelowFrame = Infinity;
    this.frameOffset = top - args;
    // The new frame's blocks rely on the room the region reserves (R) from their fp on; a frame no
    // higher than the block's own (of known height, so checked where it was made) has it.
    if (!firstEnter || !(this.height + this.frameOffset <= 0)) this.bailIf(`${spPlus(this.frameOffset)} > capacity - ${this.context.naming.reserve}`, pc, before);
    this.entered = true;
    if (this.cached > 0) {
      // The old frame's cached locals go back to the stack first (those in it: the others were never
      // touched, or the header bailed): arguments may be among them. Then arguments for int32
      // locals are checked before anything else changes.
      this.lines.push(this.saveLocals(firstEnter && this.height >= 0 ? Math.min(this.cached, this.height) : this.cached));
      const incoming: string[] = [];
      for (let k = 0; k < Math.min(args, this.cached); k++) {
        const at = this.frameOffset + k;
        const value = at >= this.memTop ? this.pending[at - this.memTop] : this.temp(`stack[${spPlus(at)}]`);
        if (this.context.intLocals[k] && !this.isInt(value)) this.bailIf(notInt32(value), pc, before);
        incoming.push(this.context.intLocals[k] && !this.isInt(value) ? `${value} | 0` : value);
      }
      // The new frame's cached locals come from the arguments or are 0.
      this.flush();
      this.lines.push(`fp = ${spPlus(this.frameOffset)};`, this.zeros(locals));
      this.memTop += locals;
      this.lines.push(Array.from({ length: this.cached }, (_, k) => `${this.L(k)} = ${k < args ? incoming[k] : '0'};`).join(' '));
      return;
    }
    this.lines.push(`fp = ${spPlus(this.frameOffset)};`);
    if (locals <= 16) {
      for (let k = 0; k < locals; k++) this.pending.push('0');
      return;
    }
    this.flush();
    this.lines.push(this.zeros(locals));
    this.memTop += locals;
  }

  /** Source that sets `count` stack slots from the memory top up to 0. */
  private zeros(count: number): string {
    if (count > 8) return `stack.fill(0, ${spPlus(this.memTop)}, ${spPlus(this.memTop + count)});`;
    return Array.from({ length: count }, (_, k) => `stack[${spPlus(this.memTop + k)}] = 0;`).join(' ');
  }

  /** Block-ending instructions and those that cannot run here. */
  private ending(pc: number, op: number, arg: number, before: StackState): void {
    if (JUMPS.has(op)) {
      this.jump(pc, op, arg);
      return;
    }
    switch (op) {
      case Op.CALL:
        this.call(pc, arg);
        return;
      case Op.RET:
        this.ret(pc, arg);
        return;
      case Op.HALT: {
        const code = this.pop();
        this.stop(`core.exitCode = ${code} | 0; core.status = ${Status.Halted};`, pc);
        return;
      }
      case Op.BRK:
        this.stop(`core.status = ${Status.Breakpoint};`, pc + 1);
        return;
      case Op.HCALL:
        this.stop(`core.hypercallNumber = ${arg >>> 0}; core.status = ${Status.Hypercall};`, pc + 1);
        return;
      case Op.WFI:
        this.flush();
        this.lines.push(`if (pending[0] === 0) { core.status = ${Status.Waiting}; ${this.exit({ kind: Exit.STOP, pc: pc + 1, sp: this.memTop })} }`);
        this.endAndContinue(pc, true);
        return;
      case Op.INT:
        this.lines.push(`Atomics.or(pending, 0, ${literal(1 << arg)});`);
        this.endAndContinue(pc, true);
        return;
      case Op.EI:
        this.lines.push('core.interruptsEnabled = true;');
        this.endAndContinue(pc, true);
        return;
      case Op.NCALL:
        this.ncall(pc, arg);
        return;
      case Op.MCOPY:
      case Op.MFILL:
        this.bulk(pc, op, before);
        return;
      case Op.IRET: {
        this.flush();
        const at = this.temp('(depth - 1) * 3');
        this.bailIf(`depth === 0 || depth > base || frames[${at} + 2] === -1`, pc, this.state());
        this.lines.push(
          this.saveLocals(this.cached),
          `const back${at} = frames[${at}]; fp = frames[${at} + 1]; sp = frames[${at} + 2]; depth--; core.interruptsEnabled = true;`,
          this.exit({ kind: `pending[0] !== 0 ? ${Exit.INTERRUPT} : ${Exit.NEXT}`, pc: `back${at}`, label: 'out' }),
        );
        this.ended = true;
        return;
      }
      default:
        // An undefined or malformed instruction: the precise stream raises its fault.
        this.refuse(pc, before);
    }
  }

  private jump(pc: number, op: number, target: number): void {
    const condition = op === Op.JMP ? undefined : this.pop();
    this.flush();
    this.rebase();
    if (condition === undefined) {
      this.interruptPoint(String(target));
      this.goto(target, true);
    } else {
      const taken = op === Op.JZ ? `${condition} === 0` : `${condition} !== 0`;
      this.interruptPoint(`${taken} ? ${target} : ${pc + 1}`);
      this.lines.push(`if (${taken}) {`);
      this.goto(target, true);
      this.lines.push('}');
      this.goto(pc + 1, false);
    }
    this.ended = true;
  }

  /**
   * `call`: a compiled callee is called as a JavaScript function, its frame record kept implicit
   * (see codegen's file comment); the caller writes it only if the callee leaves otherwise than by
   * `ret`, and then leaves the same way. A callee that is not compiled is called through the
   * driver, and so is one too deep for the JavaScript stack the driver checked (its prologue leaves).
   */
  private call(pc: number, target: number): void {
    this.flush();
    const summary = callSummary(this.context.decoded, target);
    // The callee's frame starts `args` below sp: above the cached locals' slots, it leaves them as they were.
    const keepsLocals = this.cached === 0 || summary !== null && this.heightNow() - summary.args >= this.cached;
    this.bailIf('depth === maxDepth', pc, this.state());
    // A callee whose `enter` takes more values than this frame holds reaches into the frame of this
    // function's caller, which may keep its locals in variables: only where the callers have left.
    const { ops, args } = this.context.decoded;
    const takes = ops[target] === Op.ENTER ? args[target] & 0xffff : 0;
    const height = this.heightNow();
    if (takes > 0 && !(height >= takes)) this.bailIf(Number.isNaN(height) ? `depth > base && sp + ${this.memTop - takes} < fp` : 'depth > base', pc, this.state());
    this.rebase();
    const { regionOf, blockOf } = this.context.map;
    const region = regionOf[target];
    const frame = `frames[depth * 3] = ${pc + 1}; frames[depth * 3 + 1] = fp; frames[depth * 3 + 2] = -1;`;
    // The caller's cached locals go back to the stack first: the callee, or the driver, may look at them.
    this.lines.push(this.saveLocals(this.cached));
    const inlined = region < 0 ? undefined : this.context.inline?.(target);
    if (inlined !== undefined) {
      this.inlineCall(target, frame, inlined);
      this.afterCall(pc, keepsLocals);
      return;
    }
    const viaDriver = `{ ${frame} depth++; fp = sp; ${this.exit({ kind: Exit.NEXT, pc: target, label: 'out' })} }`;
    if (this.polls(false)) this.lines.push(`if (pending[0] !== 0 && core.interruptsEnabled) { ${frame} depth++; fp = sp; ${this.exit({ kind: Exit.INTERRUPT, pc: target, label: 'out' })} }`);
    if (region < 0) {
      this.lines.push(viaDriver);
    } else {
      const g = `g${this.context.names.next++}`;
      const r = `r${this.context.names.next++}`;
      this.lines.push(
        `const ${g} = fns[${region}];`,
        `if (${g} === undefined) ${viaDriver}`,
        // What comes out of a callee goes on up, each caller writing its frame record: from a native
        // as the interpreter's loop would let it out, otherwise (the JavaScript stack ran out, which
        // the driver's headroom check should prevent: see headroom.ts) with the callee's state lost.
        `let ${r}; try { ${r} = ${g}(${blockOf[target]}, nest + FRAME, base, sp, sp, depth + 1, gas); } catch (e) {`,
        `${frame} T.steps += steps; if (T.unwinding === ${UNWINDING_NONE}) T.unwinding = ${UNWINDING_LOST}; throw e; }`,
        `if (${r} < 0) { ${frame} T.steps += steps; return ${r}; }`,
        // The callee returned the gas left; where it leaves sp is known from its summary, or it says.
        `gas = ${r}; sp = ${summary === null ? 'T.sp' : spPlus(summary.results - summary.args)};`,
      );
      this.afterCall(pc, keepsLocals);
      return;
    }
    this.goto(pc + 1, false);
    this.ended = true;
  }

  /**
   * A call compiled in place (see codegen's inlining): the frame record is written first (so every
   * exit of the callee's code leaves the interpreter's state), its `ret` restores the caller's fp
   * and depth and leaves to its label `done`, and its `leave` saves its own locals.
   */
  private inlineCall(target: number, frame: string, inlined: InlinedCall): void {
    const { prefix, inlined: back } = inlined.naming;
    this.lines.push(`${frame} const ${back.callerFp} = fp, ${back.callerDepth} = depth; depth++; fp = sp;`);
    // The call's interrupt point first, then the callee's reserve (as its prologue would check it).
    if (this.polls(false)) this.lines.push(`if (pending[0] !== 0 && core.interruptsEnabled) ${this.exit({ kind: Exit.INTERRUPT, pc: target, label: 'out' })}`);
    this.lines.push(`if (sp > capacity - ${inlined.reserve}) ${this.exit({ kind: Exit.NEXT, pc: target, label: 'out' })}`);
    this.lines.push(
      `{ ${inlined.declarations}`,
      `${back.done}: { ${prefix}leave: {`,
      inlined.body,
      `}`,
      `${saveLocals(inlined.cached, inlined.naming)} break out;`,
      `} }`,
    );
  }

  /** After a call returned: its interrupt point, then the caller's locals again if the callee may have changed them. */
  private afterCall(pc: number, keepsLocals: boolean): void {
    // The interrupt point after the return first: the callee may have changed the locals on the stack.
    if (this.polls(false)) this.lines.push(`if (pending[0] !== 0 && core.interruptsEnabled) ${this.exit({ kind: Exit.INTERRUPT, pc: pc + 1, label: keepsLocals ? 'leave' : 'out' })}`);
    if (!keepsLocals) this.lines.push(this.loadLocals(this.exit({ kind: Exit.NEXT, pc: pc + 1, label: 'out' })));
    this.goto(pc + 1, false);
    this.ended = true;
  }

  /**
   * `ret`: to a caller on the JavaScript stack (depth above `base`), the results go to the stack, the
   * gas left is the return value and the new sp goes to `T.sp` (for callers that do not know it);
   * otherwise the frame record is in memory and the driver goes on.
   */
  private ret(pc: number, count: number): void {
    const top = this.memTop + this.pending.length;
    const back = this.context.naming.inlined;
    // Compiled into its caller, the function returns to a call frame for sure (its record is written).
    const frameTest = back === undefined ? ' || depth === 0 || depth === base && frames[(depth - 1) * 3 + 2] !== -1' : '';
    this.bailIf(`${spPlus(top - count)} < fp${frameTest}`, pc, this.state());
    if (this.cached > 0 && count > this.pending.length) this.lines.push(this.saveLocals(this.cached)); // results may sit in cached slots
    // Values this block left below the frame (it popped below it) stay: write everything, then move the results.
    const belowFrame = this.entered ? this.popsBelowNewFrame : !(this.needsBeforeEnter <= this.height);
    if (count <= 4 && !belowFrame) {
      const results: string[] = [];
      for (let k = 0; k < count; k++) results.unshift(this.pop());
      results.forEach((value, k) => this.lines.push(`stack[fp + ${k}] = ${value};`));
    } else {
      this.flush();
      this.lines.push(`stack.copyWithin(fp, ${spPlus(top - count)}, ${spPlus(top)});`);
    }
    if (back !== undefined) {
      this.lines.push(`sp = fp + ${count}; fp = ${back.callerFp}; depth = ${back.callerDepth}; break ${back.done};`);
      this.ended = true;
      return;
    }
    const at = `(depth - 1) * 3`;
    this.lines.push(
      `T.steps += steps; if (depth > base) { T.sp = fp + ${count}; return gas; }`,
      `core.pc = frames[${at}]; core.sp = fp + ${count}; core.fp = frames[${at} + 1]; core.depth = depth - 1; T.gas = gas;`,
      `return pending[0] !== 0 && core.interruptsEnabled ? ${~Exit.INTERRUPT} : ${~Exit.RETURNED};`,
    );
    this.ended = true;
  }

  /**
   * `ncall`: the native runs with the state written back. `callNative` catches what the native
   * throws; if something still comes out of it (the JavaScript stack ran out in its own error
   * handling, after the native may have run), it goes on up as it does out of the interpreter's
   * loop, with the state at the `ncall` written back and `T.unwinding` set, so that no caller takes
   * it for a callee that could not start.
   */
  private ncall(pc: number, slot: number): void {
    this.flush();
    const ok = `ok${this.context.names.next++}`;
    const state = `core.pc = ${pc}; core.fp = fp; core.depth = depth; T.steps += steps;`;
    this.lines.push(
      `${this.saveLocals(this.cached)} core.sp = ${spPlus(this.memTop)}; core.spLow = core.sp; core.gas = gas + T.gasHigh;`,
      `const n${ok} = nesting.bytes; nesting.bytes = nest + FRAME; let ${ok};`,
      `try { ${ok} = core.callNative(${slot}, ${pc}); } catch (e) { nesting.bytes = n${ok}; T.unwinding = ${UNWINDING_NATIVE}; ${state} throw e; }`,
      `nesting.bytes = n${ok};`,
      `if (!${ok}) { ${state} T.gas = core.gas - T.gasHigh; return ${~Exit.STOP}; }`,
      `sp = core.sp; gas = core.gas - T.gasHigh;`,
      // The interrupt point after the call comes first (the locals are on the stack, as the native may have changed them).
      `if (pending[0] !== 0 && core.interruptsEnabled) ${this.exit({ kind: Exit.INTERRUPT, pc: pc + 1, label: 'out' })}`,
      // A native that took values from below the frame (even to push others back) may have replaced
      // a caller's locals: let the callers go.
      `if (core.spLow < fp && depth > base) ${this.exit({ kind: Exit.NEXT, pc: pc + 1, label: 'out' })}`,
      this.loadLocals(this.exit({ kind: Exit.NEXT, pc: pc + 1, label: 'out' })),
    );
    this.memTop = 0;
    this.goto(pc + 1, false);
    this.ended = true;
  }

  private bulk(pc: number, op: number, before: StackState): void {
    const length = this.temp(`${this.pop()} >>> 0`);
    const source = this.pop();
    const target = this.temp(`${this.pop()} >>> 0`);
    const extra = this.temp(`Math.ceil(${length} / 32)`);
    if (op === Op.MCOPY) {
      const from = this.temp(`${source} >>> 0`);
      this.bailIf(`gas < ${extra} || ${target} + ${length} > flatSize || ${from} + ${length} > flatSize`, pc, before);
      this.lines.push(`gas -= ${extra};`, `flat.copyWithin(${target}, ${from}, ${from} + ${length});`);
    } else {
      this.bailIf(`gas < ${extra} || ${target} + ${length} > flatSize`, pc, before);
      this.lines.push(`gas -= ${extra};`, `flat.fill(${source} & 0xff, ${target}, ${target} + ${length});`);
    }
    this.endAndContinue(pc, false);
  }
}
