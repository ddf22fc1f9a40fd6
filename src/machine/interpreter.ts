/**
 * The run loop: the machine's fast path, over the two streams built by `layout.ts`.
 *
 * Hot state (slot, sp, fp, depth, gas, budget) lives in locals and is written back when the loop
 * stops or calls out. Each case does its quick checks and either completes (`continue`), ends a
 * basic block (`break`: the interrupt check and the block entry below the switch run next), enters
 * a block by falling into its header (`break entered`: the block entry only), or refuses
 * (`break refused`).
 * A refused fast slot gives back the gas and steps charged for it and the rest of its block and
 * replays from the precise stream; a refused precise slot goes to `executeSlowly`, which finishes
 * it through the memory bus or raises the fault. So every fault is raised in the precise stream,
 * with exact pc, gas and step counts.
 */
import { GAS_COST } from '../isa/opcodes.js';
import { FRAME_WORDS } from './core.js';
import type { MachineCore } from './core.js';
import { binop } from './fusion.js';
import { executeSlowly } from './slowpath.js';
import { Status } from '../isa/status.js';
import { popcount, saturateSigned, saturateUnsigned } from './numeric.js';

const INT32_MAX = 0x7fffffff;

/** How the code-generating tier's driver (compiled/tier.ts) runs the loop; plain runs use neither. */
export const LoopMode = {
  /** TIER headers hand over (stop with status Ok at their pc) once hot; no interrupt is taken at the start (the driver did). */
  YIELD: 1,
  /** Start in the precise stream even at a block start (the driver's compiled block refused to run). */
  PRECISE_START: 2,
  /** With YIELD: TIER headers do not hand over (the driver could not enter compiled code: the JavaScript stack is full). */
  STAY: 4,
  /**
   * With YIELD: TIER headers do not hand over while an interrupt is pending and enabled (compiled
   * code for a private pending word only looks for one where it could have been raised: the run
   * loop takes it at its next interrupt point first).
   */
  QUIET: 8,
} as const;

/** Executes at most `maxSteps` instructions; returns the machine's status afterwards. `mode`: LoopMode bits. */
export function runLoop(core: MachineCore, maxSteps: number, mode = 0): Status {
  if (core.stopped) return core.status;
  const yields = (mode & LoopMode.YIELD) !== 0;
  const handsOver = yields && (mode & LoopMode.STAY) === 0;
  const quiet = (mode & LoopMode.QUIET) !== 0;
  if (!yields) {
    core.status = Status.Ok;
    if (!core.takeInterrupt()) return core.status;
  }

  const { code, arg, arg2, arg3, pcOf, refundGas, refundSteps, preciseOf, entry, preciseStart } = core.layout;
  const stack = core.stack;
  const frames = core.frames;
  const view = core.view;
  const flat = core.flat;
  const words = core.words;
  const pending = core.pending;
  const constants = core.program.constants;
  const capacity = stack.length;
  const maxDepth = core.maxDepth;
  const flatSize = flat.length;
  const codeLength = entry.length - 1;
  const heat = core.heat;
  const hotAfter = core.hotAfter;

  if (!(core.pc >= 0 && core.pc <= codeLength)) {
    return core.raise(Status.BadJump, core.pc, `pc ${core.pc} is outside the code (${codeLength} instructions)`);
  }
  let i = entry[core.pc];
  if ((mode & LoopMode.PRECISE_START) !== 0 && i < preciseStart) i = arg3[i];
  let pc = core.pc;
  let sp = core.sp;
  let fp = core.fp;
  let depth = core.depth;
  let gas = core.gas;
  let budget = maxSteps;
  let tierHeader = false; // the block entry below is to run the TIER header at slot i

  run: for (;;) {
    const op = code[i];
    refused: {
      // Cases `continue` when done, `break` after a block-ending instruction (to the interrupt
      // check), `break entered` to skip it, and `break refused` when they cannot run.
      entered: {
      switch (op) {
        // ---- stream control
        case 0xf0 /* HEADER */:
          break entered; // falling into a block is not an interrupt point; the block entry below runs the header
        case 0xf1 /* CHECK */:
          if (budget === 0) { pc = pcOf[i]; break run; }
          if (gas < arg[i]) {
            pc = pcOf[i];
            core.raise(Status.OutOfGas, pc, `out of gas: the instruction costs ${arg[i]}, ${gas} left`);
            break run;
          }
          gas -= arg[i];
          budget--;
          i++;
          continue;
        case 0xf2 /* RESUME */:
          i = arg[i];
          continue;
        case 0xf3 /* TIER */: {
          // A header the code-generating tier watches: under its driver, count and hand over once hot.
          const at = pcOf[i];
          if (handsOver && (heat[at] >= hotAfter || ++heat[at] >= hotAfter) && !(quiet && pending[0] !== 0 && core.interruptsEnabled)) { pc = at; break run; }
          tierHeader = true;
          break entered; // otherwise an ordinary header, run by the block entry below
        }
        // ---- superinstructions (fast stream only; they never fault, they refuse)
        case 0xe0 /* LOCAL_BIN */: {
          // lget a; (lget b | push k | addi k); op; then push, lset c, a branch, or push and call (see LocalBin).
          const packed = arg3[i];
          const x = fp + (packed & 0xffff);
          // The components push at most two values: a fused slot needs that room even when it pushes less.
          if (x >= sp || sp + 2 > capacity) break refused;
          let y: number;
          if ((packed & 0x1000000 /* LocalBin.RIGHT_IMMEDIATE */) !== 0) {
            y = arg2[i];
          } else {
            const slot = fp + arg2[i];
            if (slot >= sp) break refused;
            y = stack[slot];
          }
          const kind = (packed >>> 16) & 0xff;
          const result = kind === 0x20 /* add */ ? (stack[x] + y) | 0 : binop(kind, stack[x], y);
          const consumer = (packed >>> 25 /* LocalBin.CONSUMER_SHIFT */) & 3;
          if (consumer === 0 /* LocalBin.PUSH */) {
            stack[sp++] = result;
            i++;
            continue;
          }
          if (consumer === 1 /* LocalBin.SET */) {
            const z = fp + arg[i];
            if (z >= sp) break refused;
            stack[z] = result;
            i++;
            continue;
          }
          if (consumer === 3 /* LocalBin.CALL */) {
            if (depth === maxDepth) break refused;
            stack[sp++] = result;
            const at = depth * FRAME_WORDS;
            frames[at] = pcOf[i] + (packed >>> 28 /* LocalBin.LENGTH_SHIFT */);
            frames[at + 1] = fp;
            frames[at + 2] = -1;
            depth++;
            fp = sp;
            i = arg[i];
            break;
          }
          i = (result !== 0 ? 1 : 0) === ((packed >>> 27 /* LocalBin.JNZ_SHIFT */) & 1) ? arg[i] : i + 1;
          break;
        }
        case 0xe1 /* STACK_BIN */: {
          // top op k; or (second op top) then a branch or ret 1 (see StackBin).
          const packed = arg3[i];
          const consumer = (packed >>> 9 /* StackBin.CONSUMER_SHIFT */) & 3;
          let x: number;
          let y: number;
          if ((packed & 0x100 /* StackBin.FROM_STACK */) !== 0) {
            if (sp < 2) break refused;
            x = stack[sp - 2];
            y = stack[sp - 1];
          } else {
            if (sp < 1 || sp === capacity) break refused;
            x = stack[sp - 1];
            y = arg2[i];
          }
          const at = (depth - 1) * FRAME_WORDS;
          // ret 1 needs the result inside a call frame: the result lands at sp - 2, which must be >= fp.
          if (consumer === 2 /* StackBin.RETURN */ && (sp - 2 < fp || depth === 0 || frames[at + 2] !== -1)) break refused;
          const kind = packed & 0xff;
          const result = kind === 0x20 /* add */ ? (x + y) | 0 : binop(kind, x, y);
          if (consumer === 0 /* StackBin.REPLACE */) {
            stack[sp - 1] = result;
            i++;
            continue;
          }
          if (consumer === 1 /* StackBin.BRANCH */) {
            sp -= 2;
            i = (result !== 0 ? 1 : 0) === packed >>> 11 /* StackBin.JNZ_SHIFT */ ? arg[i] : i + 1;
            break;
          }
          stack[fp] = result;
          sp = fp + 1;
          fp = frames[at + 1];
          i = entry[frames[at]];
          depth--;
          break;
        }
        case 0xe8 /* L_RET */: {
          const x = fp + arg[i];
          const at = (depth - 1) * FRAME_WORDS;
          if (x >= sp || sp === capacity || depth === 0 || frames[at + 2] !== -1) break refused;
          stack[fp] = stack[x];
          sp = fp + 1;
          fp = frames[at + 1];
          i = entry[frames[at]];
          depth--;
          break;
        }
        // ---- control
        case 0x00 /* nop */:
          i++;
          continue;
        case 0x01 /* halt */:
          if (sp < 1) break refused;
          core.exitCode = stack[--sp] | 0;
          core.status = Status.Halted;
          pc = pcOf[i];
          break run;
        case 0x02 /* jmp */:
          i = arg[i];
          break;
        case 0x03 /* jz */:
          if (sp < 1) break refused;
          i = stack[--sp] === 0 ? arg[i] : i + 1;
          break;
        case 0x04 /* jnz */:
          if (sp < 1) break refused;
          i = stack[--sp] !== 0 ? arg[i] : i + 1;
          break;
        case 0x05 /* call */: {
          if (depth === maxDepth) break refused;
          const at = depth * FRAME_WORDS;
          frames[at] = pcOf[i] + 1;
          frames[at + 1] = fp;
          frames[at + 2] = -1;
          depth++;
          fp = sp;
          i = arg[i];
          break;
        }
        case 0x06 /* enter */: {
          const operand = arg[i];
          const argCount = operand & 0xffff;
          const localCount = operand >>> 16;
          if (sp < argCount || sp + localCount > capacity) break refused;
          fp = sp - argCount;
          for (let k = 0; k < localCount; k++) stack[sp++] = 0;
          i++;
          continue;
        }
        case 0x07 /* ret */: {
          const count = arg[i];
          const at = (depth - 1) * FRAME_WORDS;
          if (depth === 0 || frames[at + 2] !== -1 || sp - count < fp) break refused;
          const from = sp - count;
          for (let k = 0; k < count; k++) stack[fp + k] = stack[from + k];
          sp = fp + count;
          fp = frames[at + 1];
          i = entry[frames[at]];
          depth--;
          break;
        }
        case 0x08 /* brk */:
          core.status = Status.Breakpoint;
          pc = pcOf[i] + 1;
          break run;
        // ---- stack
        case 0x10 /* push */:
          if (sp === capacity) break refused;
          stack[sp++] = arg[i];
          i++;
          continue;
        case 0x11 /* pushf */:
          if (sp === capacity) break refused;
          stack[sp++] = constants[arg[i]];
          i++;
          continue;
        case 0x12 /* pop */:
          if (sp < 1) break refused;
          sp--;
          i++;
          continue;
        case 0x13 /* dup */:
          if (sp < 1 || sp === capacity) break refused;
          stack[sp] = stack[sp - 1];
          sp++;
          i++;
          continue;
        case 0x14 /* swap */: {
          if (sp < 2) break refused;
          const t = stack[sp - 1];
          stack[sp - 1] = stack[sp - 2];
          stack[sp - 2] = t;
          i++;
          continue;
        }
        case 0x15 /* over */:
          if (sp < 2 || sp === capacity) break refused;
          stack[sp] = stack[sp - 2];
          sp++;
          i++;
          continue;
        case 0x16 /* rot */: {
          if (sp < 3) break refused;
          const t = stack[sp - 3];
          stack[sp - 3] = stack[sp - 2];
          stack[sp - 2] = stack[sp - 1];
          stack[sp - 1] = t;
          i++;
          continue;
        }
        // ---- locals
        case 0x18 /* lget */: {
          const slot = fp + arg[i];
          if (slot >= sp || sp === capacity) break refused;
          stack[sp++] = stack[slot];
          i++;
          continue;
        }
        case 0x19 /* lset */: {
          const slot = fp + arg[i];
          if (slot >= sp - 1) break refused;
          stack[slot] = stack[--sp];
          i++;
          continue;
        }
        case 0x1a /* ltee */: {
          const slot = fp + arg[i];
          if (slot >= sp - 1) break refused;
          stack[slot] = stack[sp - 1];
          i++;
          continue;
        }
        // ---- integer: the fusable binary operations share one case
        case 0x20 /* add */: case 0x21 /* sub */: case 0x22 /* mul */: case 0x27 /* and */: case 0x28 /* or */: case 0x29 /* xor */: case 0x2a /* shl */: case 0x2b /* shrs */: case 0x2c /* shru */:
        case 0x30 /* eq */: case 0x31 /* ne */: case 0x32 /* lts */: case 0x33 /* ltu */: case 0x34 /* les */: case 0x35 /* leu */: case 0x36 /* gts */: case 0x37 /* gtu */: case 0x38 /* ges */: case 0x39 /* geu */:
          if (sp < 2) break refused;
          sp--;
          stack[sp - 1] = op === 0x20 /* add */ ? (stack[sp - 1] + stack[sp]) | 0 : binop(op, stack[sp - 1], stack[sp]);
          i++;
          continue;
        case 0x23 /* divs */: case 0x24 /* divu */: case 0x25 /* rems */: case 0x26 /* remu */: {
          if (sp < 2 || (stack[sp - 1] | 0) === 0) break refused;
          sp--;
          const x = stack[sp - 1];
          const y = stack[sp];
          if (op === 0x23 /* divs */) stack[sp - 1] = ((x | 0) / (y | 0)) | 0;
          else if (op === 0x24 /* divu */) stack[sp - 1] = ((x >>> 0) / (y >>> 0)) | 0;
          else if (op === 0x25 /* rems */) stack[sp - 1] = (x | 0) % (y | 0) | 0;
          else stack[sp - 1] = (x >>> 0) % (y >>> 0) | 0;
          i++;
          continue;
        }
        case 0x2d /* neg */:
          if (sp < 1) break refused;
          stack[sp - 1] = -stack[sp - 1] | 0;
          i++;
          continue;
        case 0x2e /* not */:
          if (sp < 1) break refused;
          stack[sp - 1] = ~stack[sp - 1];
          i++;
          continue;
        case 0x2f /* addi */:
          if (sp < 1) break refused;
          stack[sp - 1] = (stack[sp - 1] + arg[i]) | 0;
          i++;
          continue;
        case 0x3a /* eqz */:
          if (sp < 1) break refused;
          stack[sp - 1] = (stack[sp - 1] | 0) === 0 ? 1 : 0;
          i++;
          continue;
        case 0x3b /* clz */:
          if (sp < 1) break refused;
          stack[sp - 1] = Math.clz32(stack[sp - 1]);
          i++;
          continue;
        case 0x3c /* ctz */: {
          if (sp < 1) break refused;
          const x = stack[sp - 1] | 0;
          stack[sp - 1] = x === 0 ? 32 : 31 - Math.clz32(x & -x);
          i++;
          continue;
        }
        case 0x3d /* popcnt */:
          if (sp < 1) break refused;
          stack[sp - 1] = popcount(stack[sp - 1] | 0);
          i++;
          continue;
        // ---- float
        case 0x40 /* fadd */: case 0x41 /* fsub */: case 0x42 /* fmul */: case 0x43 /* fdiv */: case 0x44 /* frem */: case 0x4b /* fmin */: case 0x4c /* fmax */:
        case 0x50 /* feq */: case 0x51 /* fne */: case 0x52 /* flt */: case 0x53 /* fle */: case 0x54 /* fgt */: case 0x55 /* fge */: {
          if (sp < 2) break refused;
          sp--;
          const x = stack[sp - 1];
          const y = stack[sp];
          let r: number;
          switch (op) {
            case 0x40 /* fadd */: r = x + y; break;
            case 0x41 /* fsub */: r = x - y; break;
            case 0x42 /* fmul */: r = x * y; break;
            case 0x43 /* fdiv */: r = x / y; break;
            case 0x44 /* frem */: r = x % y; break;
            case 0x4b /* fmin */: r = Math.min(x, y); break;
            case 0x4c /* fmax */: r = Math.max(x, y); break;
            case 0x50 /* feq */: r = x === y ? 1 : 0; break;
            case 0x51 /* fne */: r = x !== y ? 1 : 0; break;
            case 0x52 /* flt */: r = x < y ? 1 : 0; break;
            case 0x53 /* fle */: r = x <= y ? 1 : 0; break;
            case 0x54 /* fgt */: r = x > y ? 1 : 0; break;
            default: r = x >= y ? 1 : 0; break;
          }
          stack[sp - 1] = r;
          i++;
          continue;
        }
        case 0x45 /* fneg */: case 0x46 /* fabs */: case 0x47 /* fsqrt */: case 0x48 /* ffloor */: case 0x49 /* fceil */: case 0x4a /* ftrunc */:
        case 0x58 /* itof */: case 0x59 /* utof */: case 0x5a /* ftoi */: case 0x5b /* ftou */: {
          if (sp < 1) break refused;
          const x = stack[sp - 1];
          let r: number;
          switch (op) {
            case 0x45 /* fneg */: r = -x; break;
            case 0x46 /* fabs */: r = Math.abs(x); break;
            case 0x47 /* fsqrt */: r = Math.sqrt(x); break;
            case 0x48 /* ffloor */: r = Math.floor(x); break;
            case 0x49 /* fceil */: r = Math.ceil(x); break;
            case 0x4a /* ftrunc */: r = Math.trunc(x); break;
            case 0x58 /* itof */: r = x | 0; break;
            case 0x59 /* utof */: r = x >>> 0; break;
            case 0x5a /* ftoi */: r = saturateSigned(x); break;
            default: r = saturateUnsigned(x); break;
          }
          stack[sp - 1] = r;
          i++;
          continue;
        }
        // ---- memory: address = popped value (unsigned) + offset; only the flat window is handled here
        case 0x60 /* ld8s */: case 0x61 /* ld8u */: case 0x62 /* ld16s */: case 0x63 /* ld16u */: case 0x64 /* ld32 */: case 0x65 /* ldf32 */: case 0x66 /* ldf64 */: {
          if (sp < 1) break refused;
          const address = (stack[sp - 1] >>> 0) + (arg[i] >>> 0);
          let value: number;
          switch (op) {
            case 0x60 /* ld8s */: if (address >= flatSize) break refused; value = view.getInt8(address); break;
            case 0x61 /* ld8u */: if (address >= flatSize) break refused; value = flat[address]; break;
            case 0x62 /* ld16s */: if (address + 2 > flatSize) break refused; value = view.getInt16(address, true); break;
            case 0x63 /* ld16u */: if (address + 2 > flatSize) break refused; value = view.getUint16(address, true); break;
            case 0x64 /* ld32 */: if (address + 4 > flatSize) break refused; value = view.getInt32(address, true); break;
            case 0x65 /* ldf32 */: if (address + 4 > flatSize) break refused; value = view.getFloat32(address, true); break;
            default: if (address + 8 > flatSize) break refused; value = view.getFloat64(address, true); break;
          }
          stack[sp - 1] = value;
          i++;
          continue;
        }
        case 0x68 /* st8 */: case 0x69 /* st16 */: case 0x6a /* st32 */: case 0x6b /* stf32 */: case 0x6c /* stf64 */: {
          if (sp < 2) break refused;
          const value = stack[sp - 1];
          const address = (stack[sp - 2] >>> 0) + (arg[i] >>> 0);
          switch (op) {
            case 0x68 /* st8 */: if (address >= flatSize) break refused; flat[address] = value; break;
            case 0x69 /* st16 */: if (address + 2 > flatSize) break refused; view.setInt16(address, value, true); break;
            case 0x6a /* st32 */: if (address + 4 > flatSize) break refused; view.setInt32(address, value, true); break;
            case 0x6b /* stf32 */: if (address + 4 > flatSize) break refused; view.setFloat32(address, value, true); break;
            default: if (address + 8 > flatSize) break refused; view.setFloat64(address, value, true); break;
          }
          sp -= 2;
          i++;
          continue;
        }
        case 0x70 /* msize */:
          if (sp === capacity) break refused;
          stack[sp++] = core.bus.size | 0;
          i++;
          continue;
        case 0x71 /* mcopy */: case 0x72 /* mfill */: {
          if (sp < 3) break refused;
          const length = stack[sp - 1] >>> 0;
          const source = stack[sp - 2];
          const target = stack[sp - 3] >>> 0;
          const extra = Math.ceil(length / 32);
          const from = source >>> 0;
          if (gas < extra || target + length > flatSize || (op === 0x71 /* mcopy */ && from + length > flatSize)) break refused;
          gas -= extra;
          if (op === 0x71 /* mcopy */) flat.copyWithin(target, from, from + length);
          else flat.fill(source & 0xff, target, target + length);
          sp -= 3;
          i++;
          break;
        }
        // ---- atomics: flat window only, 4-byte aligned
        case 0x78 /* aload */: {
          if (sp < 1) break refused;
          const address = (stack[sp - 1] >>> 0) + (arg[i] >>> 0);
          if ((address & 3) !== 0 || address + 4 > flatSize) break refused;
          stack[sp - 1] = Atomics.load(words, address >>> 2);
          i++;
          continue;
        }
        case 0x79 /* astore */: case 0x7a /* aadd */: case 0x7b /* aand */: case 0x7c /* aor */: case 0x7d /* axchg */: {
          if (sp < 2) break refused;
          const value = stack[sp - 1] | 0;
          const address = (stack[sp - 2] >>> 0) + (arg[i] >>> 0);
          if ((address & 3) !== 0 || address + 4 > flatSize) break refused;
          const index = address >>> 2;
          if (op === 0x79 /* astore */) {
            Atomics.store(words, index, value);
            sp -= 2;
          } else {
            sp--;
            if (op === 0x7a /* aadd */) stack[sp - 1] = Atomics.add(words, index, value);
            else if (op === 0x7b /* aand */) stack[sp - 1] = Atomics.and(words, index, value);
            else if (op === 0x7c /* aor */) stack[sp - 1] = Atomics.or(words, index, value);
            else stack[sp - 1] = Atomics.exchange(words, index, value);
          }
          i++;
          continue;
        }
        case 0x7e /* acas */: {
          if (sp < 3) break refused;
          const address = (stack[sp - 3] >>> 0) + (arg[i] >>> 0);
          if ((address & 3) !== 0 || address + 4 > flatSize) break refused;
          const old = Atomics.compareExchange(words, address >>> 2, stack[sp - 2] | 0, stack[sp - 1] | 0);
          sp -= 2;
          stack[sp - 1] = old;
          i++;
          continue;
        }
        // ---- system
        case 0x80 /* ncall */: {
          // ncall ends its block, so gas is exact here even in the fast stream.
          core.sp = sp;
          core.gas = gas;
          const ok = core.callNative(arg[i], pcOf[i]);
          sp = core.sp;
          gas = core.gas;
          if (!ok) { pc = pcOf[i]; break run; }
          i++;
          break;
        }
        case 0x81 /* hcall */:
          core.hypercallNumber = arg[i] >>> 0;
          core.status = Status.Hypercall;
          pc = pcOf[i] + 1;
          break run;
        case 0x82 /* cpuid */:
          if (sp === capacity) break refused;
          stack[sp++] = core.cpuId;
          i++;
          continue;
        case 0x83 /* gas */: {
          if (sp === capacity) break refused;
          // Gas is charged per block in advance: give back what the rest of the block has not used yet.
          const left = gas + refundGas[i] - GAS_COST[0x83 /* gas */];
          stack[sp++] = left > INT32_MAX ? INT32_MAX : left;
          i++;
          continue;
        }
        // ---- interrupts
        case 0x88 /* setvec */: {
          if (sp < 1) break refused;
          const handler = stack[sp - 1];
          if (!(handler >= 0 && handler < codeLength && handler === Math.floor(handler))) break refused;
          core.vectors[arg[i]] = handler;
          sp--;
          i++;
          continue;
        }
        case 0x89 /* ei */:
          core.interruptsEnabled = true;
          i++;
          break;
        case 0x8a /* di */:
          core.interruptsEnabled = false;
          i++;
          continue;
        case 0x8b /* iret */: {
          const at = (depth - 1) * FRAME_WORDS;
          if (depth === 0 || frames[at + 2] === -1) break refused;
          i = entry[frames[at]];
          fp = frames[at + 1];
          sp = frames[at + 2];
          depth--;
          core.interruptsEnabled = true;
          break;
        }
        case 0x8c /* wfi */:
          if (Atomics.load(pending, 0) !== 0) { i++; break; }
          core.status = Status.Waiting;
          pc = pcOf[i] + 1;
          break run;
        case 0x8d /* int */:
          Atomics.or(pending, 0, 1 << arg[i]);
          i++;
          break;
        default:
          break refused;
      }
      // After a block-ending instruction (the ISA's interrupt point): slot i is where execution goes on.
      if (pending[0] !== 0 && core.interruptsEnabled) {
        core.pc = pcOf[i];
        core.sp = sp;
        core.fp = fp;
        core.depth = depth;
        if (!core.takeInterrupt()) { pc = core.pc; break; }
        i = entry[core.pc];
        sp = core.sp;
        fp = core.fp;
        depth = core.depth;
      }
      }
      // Block entry: control mostly lands on a header, so run it here rather than through another dispatch.
      if (code[i] === 0xf0 /* HEADER */ || tierHeader) {
        tierHeader = false;
        if (gas >= arg[i] && budget >= arg2[i]) {
          gas -= arg[i];
          budget -= arg2[i];
          i++;
        } else {
          i = arg3[i];
        }
      }
      continue;
    }
    // The slot refused to run.
    if (i < preciseStart) {
      gas += refundGas[i];
      budget += refundSteps[i];
      i = preciseOf[i];
      continue;
    }
    pc = pcOf[i];
    core.sp = sp;
    core.fp = fp;
    core.depth = depth;
    core.gas = gas;
    if (!executeSlowly(core, op, arg[i], pc)) break;
    sp = core.sp;
    i++;
  }

  core.pc = pc;
  core.sp = sp;
  core.fp = fp;
  core.depth = depth;
  core.gas = gas;
  core.executed += maxSteps - budget;
  return core.status;
}
