/**
 * Code generation: one region (see regions.ts) becomes the source of one JavaScript function.
 *
 * The function is a `switch` over the region's blocks inside a loop; a block falls through into
 * the next case, and a jump inside the region is `b = k; continue dispatch` (a jump back to the
 * block's own start is a loop of its own: see compile). Each block starts like the run
 * loop's block header: one test charges the block's gas and step budget and checks that the value
 * stack has what the block pops and room for what it pushes, and that the locals it reads lie in
 * the frame; if anything is short, the block "bails": it hands the machine, unchanged, to the
 * precise stream of the run loop at the block's first pc. Inside a block, values pushed by the
 * block live in JavaScript constants and reach the value stack only when the block ends. An
 * instruction that would fault, or touch memory outside the flat window (the bus: MMIO), bails at
 * its own pc with the gas and budget of itself and the rest of the block given back, so the run
 * loop's precise stream raises the fault, or makes the bus access, exactly as it would have.
 *
 * Calls to a compiled function are JavaScript calls (`ret` returns from the JavaScript function);
 * everything else that leaves the region returns to the tier's driver with an `Exit` code.
 */
import { BLOCK_ENDING_OPCODES, GAS_COST, Op, opcodeInfo } from '../../isa/opcodes.js';
import { Status } from '../../isa/status.js';
import type { DecodedProgram } from '../decode.js';
import { ATOMIC_UPDATES, BINARY, DIVISION, LOADS, STORES, UNARY, literal } from './expressions.js';
import { Exit, MAX_NEST } from './exits.js';
import type { Block, Region, RegionMap } from './regions.js';

/** The names a generated function uses, bound once per machine by the factory (see tier.ts). */
export const ENVIRONMENT = [
  'core', 'T', 'nesting', 'fns', 'stack', 'frames', 'view', 'flat', 'words', 'pending', 'constants',
  'capacity', 'maxDepth', 'flatSize', 'codeLength', 'cpuId', 'pendingPrivate',
] as const;

const INT32_MAX = 0x7fffffff;
/**
 * Gas and budget are split: `gas` holds up to GAS_SPLIT as an int32 (so V8 charges blocks with
 * integer arithmetic), `gasHigh` the rest; likewise `budget`. A block finding the int32 part short
 * bails, and the driver's next entry splits again.
 */
const GAS_SPLIT = 0x3fffffff;
const GAS = 'gas + gasHigh';
const BUDGET = 'budget + budgetHigh';
/** Source that splits `gas` (just loaded whole) into gas and gasHigh. */
const SPLIT_GAS = `gasHigh = 0; if (gas > ${GAS_SPLIT}) { gasHigh = gas - ${GAS_SPLIT}; gas = ${GAS_SPLIT}; } gas |= 0;`;
/** Source that splits `budget` (just loaded whole) into budget and budgetHigh. */
const SPLIT_BUDGET = `budgetHigh = 0; if (budget > ${GAS_SPLIT}) { budgetHigh = budget - ${GAS_SPLIT}; budget = ${GAS_SPLIT}; } budget |= 0;`;
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
 * that, for exits after the locals went to the stack and fp changed (a call's new frame, `iret`).
 */
type ExitLabel = 'leave' | 'out';

/** How an exit leaves: the Exit code (source), the pc, and what to add to sp, gas and budget. */
interface ExitTo {
  readonly kind: number | string;
  readonly pc: number | string;
  readonly sp?: number;
  readonly gas?: number;
  readonly budget?: number;
  readonly label?: ExitLabel;
}

/** Source that stores the cached locals L0.. into their stack slots. */
function saveLocals(cached: number): string {
  return Array.from({ length: cached }, (_, k) => `stack[fp + ${k}] = L${k};`).join(' ');
}

/**
 * Source that leaves the region function through its epilogue (see generateRegion), which writes
 * the state back with no call (a call could find the JavaScript stack exhausted half-way).
 */
function exit({ kind, pc, sp = 0, gas = 0, budget = 0, label = 'leave' }: ExitTo): string {
  const extra = [sp === 0 ? '' : ` xs = ${sp};`, gas === 0 ? '' : ` xg = ${gas};`, budget === 0 ? '' : ` xb = ${budget};`].join('');
  return `{ xk = ${kind}; xpc = ${pc};${extra} break ${label}; }`;
}

/** `sp` plus a constant, as source. */
function spPlus(offset: number): string {
  if (offset === 0) return 'sp';
  return offset > 0 ? `sp + ${offset}` : `sp - ${-offset}`;
}

/** Compiles one block; keeps the abstract stack and the facts the block header must check. */
class BlockCompiler {
  readonly lines: string[] = [];
  private pending: string[] = [];
  private memTop = 0;
  /** Values the block pops below its entry sp (the header checks sp >= it). */
  private needs = 0;
  /** Highest stack top relative to the entry sp (the header checks room for it). */
  private grows = 0;
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
  /** Set when the block ends by jumping to its own start: it is compiled as a loop (see compile). */
  private selfLoop = false;
  /** Whether that jump leaves the stack pointer as the block found it (the stack tests then hold for every iteration). */
  private balanced = false;
  /** For a self-loop: the number of lines up to the loop's end, and the line that polls for interrupts at its jump. */
  private loopEnd = 0;
  private pollLine = '';
  private readonly gasAfter: number[];

  /**
   * `block` is the accounting unit: a region block, possibly with a copy of the short block it falls
   * into (see `extent`). `cached` locals live in the JavaScript variables L0.. (see generateRegion).
   */
  constructor(
    private readonly decoded: DecodedProgram,
    private readonly map: RegionMap,
    private readonly region: Region,
    private readonly block: Block,
    private readonly names: { next: number },
    private readonly cached: number,
    /** The pc the next case of the switch starts at (where falling out of this case lands). */
    private readonly nextCase: number,
  ) {
    const { start, end } = block;
    this.gasAfter = new Array<number>(end - start + 1).fill(0);
    for (let pc = end - 1; pc >= start; pc--) this.gasAfter[pc - start] = this.gasAfter[pc - start + 1] + GAS_COST[decoded.ops[pc]];
  }

  /**
   * The block's source: header, then its instructions. A block that jumps back to its own start
   * runs as a JavaScript loop instead of through the switch; if the stack is as high at the jump
   * as at the start, its stack tests run once before the loop, and when nothing outside can raise
   * an interrupt meanwhile (the pending word is neither shared nor in guest memory, and nothing was
   * pending and enabled at the start) a copy of the loop that does not poll at its jump runs (the
   * loop itself cannot raise one: `int`, `ei`, `iret` and `ncall` end blocks).
   */
  compile(): string {
    const { start, end } = this.block;
    for (let pc = start; pc < end && !this.ended; pc++) this.instruction(pc);
    if (!this.ended) {
      this.flush();
      this.goto(end, false);
    }
    const fuel = [`gas < ${this.gasAfter[0]}`, `budget < ${end - start}`];
    const stack: string[] = [];
    if (this.needs > 0) stack.push(`sp < ${this.needs}`);
    if (this.grows > 0) stack.push(`sp > capacity - ${this.grows}`);
    if (this.localReach > -Infinity) stack.push(`fp + ${literal(this.localReach)} >= sp`);
    // The value stack below the cached locals' slots is theirs: the block's stack accesses must stay above them.
    const reach = this.entered ? this.needsBeforeEnter : this.needs;
    if (this.cached > 0 && (!this.entered || reach > 0 || this.framedBeforeEnter)) stack.push(`fp + ${this.cached + reach} > sp`);
    const bail = exit({ kind: Exit.BAIL, pc: start });
    const charge = [`gas -= ${this.gasAfter[0]};`, `budget -= ${end - start};`];
    if (!this.selfLoop) return [`if (${[...fuel, ...stack].join(' || ')}) ${bail}`, ...charge, ...this.lines].join('\n');
    const hoisted = this.balanced && !this.entered;
    const loop = (poll: boolean): string[] => [
      'for (;;) {',
      `if (${[...fuel, ...(hoisted ? [] : stack)].join(' || ')}) ${bail}`,
      ...charge,
      ...this.lines.slice(0, this.loopEnd).filter((line) => poll || line !== this.pollLine),
    ];
    return [
      ...(hoisted && stack.length > 0 ? [`if (${stack.join(' || ')}) ${bail}`] : []),
      'if (pendingPrivate && !(pending[0] !== 0 && core.interruptsEnabled)) {',
      ...loop(false),
      '} else {',
      ...loop(true),
      '}',
      ...this.lines.slice(this.loopEnd),
    ].join('\n');
  }

  // ---- the abstract stack

  private temp(expression: string): string {
    const name = `t${this.names.next++}`;
    this.lines.push(`const ${name} = ${expression};`);
    return name;
  }

  private push(expression: string): void {
    this.pending.push(/^(t\d+|\d+|\(-\d+\))$/.test(expression) ? expression : this.temp(expression));
    this.grows = Math.max(this.grows, this.memTop + this.pending.length);
  }

  private pop(): string {
    const value = this.pending.pop();
    if (value !== undefined) return value;
    this.memTop--;
    this.needs = Math.max(this.needs, -this.memTop);
    if (!this.entered) this.needsBeforeEnter = this.needs;
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

  /** Makes the runtime `sp` the current stack top (after a flush). */
  private rebase(): void {
    if (this.memTop !== 0) this.lines.push(`sp = ${spPlus(this.memTop)};`);
    this.memTop = 0;
  }

  // ---- leaving the block

  /** Stores the cached locals back into their stack slots. */
  private saveLocals(): string {
    return saveLocals(this.cached);
  }

  /** Loads the cached locals from their stack slots. */
  private loadLocals(): string {
    return Array.from({ length: this.cached }, (_, k) => `L${k} = stack[fp + ${k}];`).join(' ');
  }

  /** Source that hands the instruction at `pc` (stack as in `state`) to the precise stream. */
  private bail(pc: number, state: StackState): string {
    const { stores, sp } = this.written(state);
    const k = pc - this.block.start;
    return `{ ${stores} ${exit({ kind: Exit.BAIL, pc, sp, gas: this.gasAfter[k], budget: this.block.end - pc })} }`;
  }

  private bailIf(condition: string, pc: number, state: StackState): void {
    this.lines.push(`if (${condition}) ${this.bail(pc, state)}`);
  }

  /** Bails unconditionally: the instruction (stack as in `state`) cannot run here. */
  private refuse(pc: number, state: StackState): void {
    this.lines.push(this.bail(pc, state).slice(2, -2));
    this.ended = true;
  }

  /** Continues at block-starting `pc` (stack flushed and rebased): inside the region, or through the driver. */
  private goto(pc: number, jump: boolean): void {
    this.rebase();
    const inRegion = this.map.regionOf[pc] === this.region.index;
    const index = this.map.blockOf[pc];
    if (inRegion && !jump && pc === this.nextCase) return; // falls through into the next case
    if (inRegion) this.lines.push(`b = ${index}; continue dispatch;`);
    else this.lines.push(exit({ kind: Exit.NEXT, pc }));
  }

  /** The interrupt point after a block-ending instruction that goes on at `target` (source). */
  private interruptPoint(target: string): void {
    this.lines.push(`if (pending[0] !== 0 && core.interruptsEnabled) ${exit({ kind: Exit.INTERRUPT, pc: target })}`);
  }

  /** Ends the block after a block-ending instruction that goes on at the next pc. */
  private endAndContinue(pc: number): void {
    this.flush();
    this.rebase();
    this.interruptPoint(String(pc + 1));
    this.goto(pc + 1, false);
    this.ended = true;
  }

  /** Stops the machine: `status` set by `before`, pc afterwards `after`. */
  private stop(before: string, after: number): void {
    this.flush();
    this.lines.push(`${before} ${exit({ kind: Exit.STOP, pc: after, sp: this.memTop })}`);
    this.ended = true;
  }

  // ---- locals

  /** Where local `k` is: a stack slot (source), a pending value's index, or undefined when outside the frame. */
  private local(k: number, pc: number, before: StackState): { slot: string } | { pendingIndex: number } | undefined {
    if (k < this.cached) {
      if (!this.entered) this.framedBeforeEnter = true;
      return { slot: `L${k}` };
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
    const op = this.decoded.ops[pc];
    const arg = this.decoded.args[pc];
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
      this.push(binary(this.pop(), y));
      return;
    }
    const unary = UNARY.get(op);
    if (unary) {
      this.push(unary(this.pop()));
      return;
    }
    const division = DIVISION.get(op);
    if (division) {
      const y = this.pop();
      const x = this.pop();
      this.bailIf(`(${y} | 0) === 0`, pc, before);
      this.push(division(x, y));
      return;
    }
    const load = LOADS.get(op);
    if (load) {
      const address = this.temp(`(${this.pop()} >>> 0) + ${arg >>> 0}`);
      this.bailIf(`${address} + ${load[0]} > flatSize`, pc, before);
      this.push(load[1](address));
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
      if (update) this.push(`Atomics.${update}(words, ${address} >>> 2, ${value} | 0)`);
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
        : `Atomics.load(words, ${address} >>> 2)`);
      return;
    }
    this.other(pc, op, arg, before);
  }

  private other(pc: number, op: number, arg: number, before: StackState): void {
    switch (op) {
      case Op.NOP:
        return;
      case Op.PUSH:
        this.push(literal(arg));
        return;
      case Op.PUSHF:
        this.push(`constants[${arg}]`);
        return;
      case Op.LGET: {
        const where = this.local(arg, pc, before);
        if (where === undefined) return;
        this.push('slot' in where ? this.temp(where.slot) : this.pending[where.pendingIndex]);
        return;
      }
      case Op.LSET:
      case Op.LTEE: {
        const value = this.pop();
        const where = this.local(arg, pc, before);
        if (where === undefined) return;
        if ('slot' in where) this.lines.push(`${where.slot} = ${value};`);
        else this.pending[where.pendingIndex] = value;
        if (op === Op.LTEE) this.push(value);
        return;
      }
      case Op.ADDI:
        this.push(`(${this.pop()} + ${literal(arg)}) | 0`);
        return;
      case Op.CPUID:
        this.push('cpuId');
        return;
      case Op.MSIZE:
        this.push('core.bus.size | 0');
        return;
      case Op.GAS: {
        const left = this.temp(`${GAS} + ${this.gasAfter[pc - this.block.start + 1]}`);
        this.push(`${left} > ${INT32_MAX} ? ${INT32_MAX} : ${left}`);
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
        this.enter(arg);
        return;
      default:
        this.ending(pc, op, arg, before);
    }
  }

  private enter(operand: number): void {
    const args = operand & 0xffff;
    const locals = operand >>> 16;
    const top = this.memTop + this.pending.length;
    this.needs = Math.max(this.needs, args - top);
    this.grows = Math.max(this.grows, top + locals);
    this.frameOffset = top - args;
    this.entered = true;
    if (this.cached > 0) {
      // The old frame's cached locals go back to the stack, the new frame's come from it (arguments) or are 0.
      this.lines.push(this.saveLocals());
      this.flush();
      this.lines.push(`fp = ${spPlus(this.frameOffset)};`, this.zeros(locals));
      this.memTop += locals;
      this.lines.push(Array.from({ length: this.cached }, (_, k) => `L${k} = ${k < args ? `stack[fp + ${k}]` : '0'};`).join(' '));
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
        this.lines.push(`if (pending[0] === 0) { core.status = ${Status.Waiting}; ${exit({ kind: Exit.STOP, pc: pc + 1, sp: this.memTop })} }`);
        this.endAndContinue(pc);
        return;
      case Op.INT:
        this.lines.push(`Atomics.or(pending, 0, ${literal(1 << arg)});`);
        this.endAndContinue(pc);
        return;
      case Op.EI:
        this.lines.push('core.interruptsEnabled = true;');
        this.endAndContinue(pc);
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
        this.bailIf(`depth === 0 || frames[${at} + 2] === -1`, pc, this.state());
        this.lines.push(
          this.saveLocals(),
          `const back${at} = frames[${at}]; fp = frames[${at} + 1]; sp = frames[${at} + 2]; depth--; core.interruptsEnabled = true;`,
          exit({ kind: `pending[0] !== 0 ? ${Exit.INTERRUPT} : ${Exit.NEXT}`, pc: `back${at}`, label: 'out' }),
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
    this.balanced = this.memTop === 0;
    this.rebase();
    const taken = condition === undefined ? 'true' : op === Op.JZ ? `${condition} === 0` : `${condition} !== 0`;
    if (target === this.block.start && this.map.regionOf[target] === this.region.index) {
      // Back to this block's start: the loop compile() opens around the block.
      this.selfLoop = true;
      this.pollLine = `if (pending[0] !== 0 && core.interruptsEnabled) ${exit({ kind: Exit.INTERRUPT, pc: target })}`;
      this.lines.push(`if (${taken}) {`, this.pollLine, 'continue;', '}', 'break;', '}');
      this.loopEnd = this.lines.length;
      if (condition === undefined) {
        this.ended = true;
        return;
      }
      this.interruptPoint(String(pc + 1));
      this.goto(pc + 1, false);
    } else if (condition === undefined) {
      this.interruptPoint(String(target));
      this.goto(target, true);
    } else {
      this.interruptPoint(`${taken} ? ${target} : ${pc + 1}`);
      this.lines.push(`if (${taken}) {`);
      this.goto(target, true);
      this.lines.push('}');
      this.goto(pc + 1, false);
    }
    this.ended = true;
  }

  private call(pc: number, target: number): void {
    this.flush();
    this.bailIf('depth === maxDepth', pc, this.state());
    this.rebase();
    const region = this.map.regionOf[target];
    const block = this.map.blockOf[target];
    // The caller's cached locals go back to the stack first: the callee, or the driver, may look at them.
    this.lines.push(this.saveLocals(), 'frames[depth * 3] = ' + (pc + 1) + '; frames[depth * 3 + 1] = fp; frames[depth * 3 + 2] = -1; depth++; fp = sp;');
    // The caller's locals are on the stack and fp is the callee's: these exits skip saving them.
    const viaDriver = exit({ kind: Exit.NEXT, pc: target, label: 'out' });
    this.lines.push(`if (pending[0] !== 0 && core.interruptsEnabled) ${exit({ kind: Exit.INTERRUPT, pc: target, label: 'out' })}`);
    if (region < 0) {
      this.lines.push(viaDriver);
    } else {
      const g = `g${this.names.next++}`;
      const r = `r${this.names.next++}`;
      this.lines.push(
        `const ${g} = fns[${region}];`,
        `if (${g} === undefined || nest >= ${MAX_NEST}) ${viaDriver}`,
        // A callee that finds the JavaScript stack full throws on entry, having changed nothing: go through the driver.
        `let ${r}; try { ${r} = ${g}(${block}, nest + 1, sp, fp, depth, ${GAS}, ${BUDGET}); } catch (e) { if (T.unwinding) throw e; ${viaDriver} }`,
        `if (${r} !== ${Exit.RETURNED} || core.pc !== ${pc + 1}) return ${r} === ${Exit.RETURNED} ? ${Exit.NEXT} : ${r};`,
        `sp = core.sp; fp = core.fp; depth = core.depth; gas = core.gas; budget = T.budget; ${SPLIT_GAS} ${SPLIT_BUDGET} ${this.loadLocals()}`,
      );
    }
    this.goto(pc + 1, false);
    this.ended = true;
  }

  private ret(pc: number, count: number): void {
    const top = this.memTop + this.pending.length;
    const at = this.temp('(depth - 1) * 3');
    this.bailIf(`depth === 0 || frames[${at} + 2] !== -1 || ${spPlus(top - count)} < fp`, pc, this.state());
    if (this.cached > 0 && count > this.pending.length) this.lines.push(this.saveLocals()); // results may sit in cached slots
    if (count <= 4) {
      const results: string[] = [];
      for (let k = 0; k < count; k++) results.unshift(this.pop());
      results.forEach((value, k) => this.lines.push(`stack[fp + ${k}] = ${value};`));
    } else {
      this.flush();
      this.lines.push(`stack.copyWithin(fp, ${spPlus(top - count)}, ${spPlus(top)});`);
    }
    this.lines.push(
      `sp = fp + ${count}; fp = frames[${at} + 1]; depth--;`,
      `core.pc = frames[${at}]; core.sp = sp; core.fp = fp; core.depth = depth; core.gas = ${GAS}; T.budget = ${BUDGET};`,
      `return pending[0] !== 0 && core.interruptsEnabled ? ${Exit.INTERRUPT} : ${Exit.RETURNED};`,
    );
    this.ended = true;
  }

  /**
   * `ncall`: the native runs with the state written back and `nesting` saying how many region
   * functions are below it. `callNative` catches what the native throws; if something still comes
   * out of it (the JavaScript stack ran out in its own error handling, after the native may have
   * run), it goes on up as it does out of the interpreter's loop, with the state at the `ncall`
   * written back and `T.unwinding` set, so that no caller takes it for a callee that could not start.
   */
  private ncall(pc: number, slot: number): void {
    this.flush();
    const saved = `n${this.names.next++}`;
    const ok = `ok${this.names.next++}`;
    this.lines.push(
      `${this.saveLocals()} core.sp = ${spPlus(this.memTop)}; core.gas = ${GAS};`,
      `const ${saved} = nesting.depth; nesting.depth = nest + 1; let ${ok};`,
      `try { ${ok} = core.callNative(${slot}, ${pc}); } catch (e) {`,
      `nesting.depth = ${saved}; T.unwinding = true; core.pc = ${pc}; core.fp = fp; core.depth = depth; T.budget = ${BUDGET}; throw e; }`,
      `nesting.depth = ${saved};`,
    );
    this.lines.push(
      `if (!${ok}) { core.pc = ${pc}; core.fp = fp; core.depth = depth; T.budget = ${BUDGET}; return ${Exit.STOP}; }`,
      `sp = core.sp; gas = core.gas; ${SPLIT_GAS} ${this.loadLocals()}`,
    );
    this.memTop = 0;
    this.endAndContinue(pc);
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
    this.endAndContinue(pc);
  }
}

/** Longest block copied onto the end of a block that falls into it (a loop's test onto its body). */
const TAIL_LIMIT = 6;
/** Most locals kept in JavaScript variables. */
const MAX_CACHED_LOCALS = 8;

/**
 * How many locals (0, 1, ...) the region keeps in JavaScript variables: those it uses, but never
 * more than any `enter` in it creates, so that a cached local is always a slot of the frame.
 */
function cachedLocals(decoded: DecodedProgram, region: Region): number {
  let used = 0;
  let frame = Infinity;
  for (const { start, end } of region.blocks) {
    for (let pc = start; pc < end; pc++) {
      const op = decoded.ops[pc];
      if (op === Op.LGET || op === Op.LSET || op === Op.LTEE) used = Math.max(used, decoded.args[pc] + 1);
      if (op === Op.ENTER) frame = Math.min(frame, (decoded.args[pc] & 0xffff) + (decoded.args[pc] >>> 16));
    }
  }
  return Math.min(used, frame, MAX_CACHED_LOCALS);
}

/** The accounting unit of block `index`: the block, plus a copy of the next one when it falls into a short block that ends in a transfer. */
function extent(decoded: DecodedProgram, region: Region, index: number): Block {
  const block = region.blocks[index];
  const next = region.blocks[index + 1];
  const endsBlock = (pc: number): boolean => BLOCK_ENDING_OPCODES.has(decoded.ops[pc]);
  if (next === undefined || endsBlock(block.end - 1) || next.end - next.start > TAIL_LIMIT || !endsBlock(next.end - 1)) return block;
  return { start: block.start, end: next.end };
}

/** The `case`s of a region function's `switch`, one per block (fit.ts measures them). */
export function generateCases(decoded: DecodedProgram, map: RegionMap, region: Region): string[] {
  const names = { next: 0 };
  const cached = cachedLocals(decoded, region);
  return region.blocks.map((block, index) => {
    const nextCase = region.blocks[index + 1]?.start ?? -1;
    const unit = extent(decoded, region, index);
    const body = new BlockCompiler(decoded, map, region, unit, names, cached, nextCase).compile();
    return `case ${index}: { // pc ${unit.start}..${unit.end - 1}\n${body}\n}`;
  });
}

/** The body of a factory `(env) => regionFunction` for one region (see ENVIRONMENT for env's fields); `cases` if already generated. */
export function generateRegion(decoded: DecodedProgram, map: RegionMap, region: Region, cases: readonly string[] = generateCases(decoded, map, region)): string {
  const cached = cachedLocals(decoded, region);
  const first = region.blocks[0].start;
  const last = region.blocks[region.blocks.length - 1].end - 1;
  const locals = Array.from({ length: cached }, (_, k) => `L${k} = stack[fp + ${k}]`);
  // The epilogue: exits set xk (the Exit code), xpc, and what to add to sp (xs), gas (xg) and budget (xb).
  return [
    `'use strict';`,
    `const { ${ENVIRONMENT.join(', ')} } = env;`,
    // Parenthesised, so V8 compiles it now (measured as compile time), not lazily on its first call.
    `return (function region${region.index}_pc${first}_${last}(b, nest, sp, fp, depth, gas, budget) {`,
    `let gasHigh, budgetHigh; ${SPLIT_GAS} ${SPLIT_BUDGET}`,
    ...(cached > 0 ? [`let ${locals.join(', ')};`] : []),
    'let xk = 0, xpc = 0, xs = 0, xg = 0, xb = 0;',
    'out: {',
    'leave: {',
    'dispatch: for (;;) switch (b) {',
    ...cases,
    `default: ${exit({ kind: Exit.BAIL, pc: 'core.pc' })}`,
    '}',
    '}',
    saveLocals(cached),
    '}',
    `core.pc = xpc; core.sp = sp + xs; core.fp = fp; core.depth = depth; core.gas = ${GAS} + xg; T.budget = ${BUDGET} + xb;`,
    'return xk;',
    '});',
  ].join('\n');
}
