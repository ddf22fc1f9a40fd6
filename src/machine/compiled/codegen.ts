/**
 * Code generation: one region (see regions.ts) becomes the source of JavaScript functions: the
 * entry function (for calls and the region's first block) and the resume function (entered at any
 * block). Its blocks are laid out as structured code (see generateWith): a jump forward leaves a
 * labelled statement, an innermost loop is a JavaScript loop (see structure.ts), and small called
 * functions are compiled in place (see inliner). Blocks are compiled by block.ts.
 *
 * State: `sp`, `fp`, `depth` and an int32 part of the gas left are parameters and locals (the
 * rest of the gas sits in `T.gasHigh`, so that no call passes a double). The step budget is not
 * tested: the driver passes no more gas than the budget has steps, and every instruction costs at
 * least 1 gas. Steps are counted in a local and added to `T.steps` as a function leaves. Up to 8
 * locals live in the variables L0.., typed int32 where every value the region stores in them is one
 * (checked where a value comes from memory). Every exit writes the state back and returns `~Exit`.
 *
 * Calls: a call to a compiled function is a JavaScript call, and its frame record stays implicit
 * while the callee runs: frames from `base` (the depth at which the driver entered) up live only on
 * the JavaScript stack. A `ret` to such a frame returns the gas left; a callee that leaves otherwise
 * returns its (negative) exit code, and each caller on the way out writes its frame record and
 * returns the same code, so the driver finds the machine state complete.
 */
import { BLOCK_ENDING_OPCODES, GAS_COST, Op } from '../../isa/opcodes.js';
import type { DecodedProgram } from '../decode.js';
import { blockHeights, callSummary } from './analysis.js';
import type { BlockContext, BlockMode, InlinedCall, Naming, Reach } from './block.js';
import { BlockCompiler, CHECKED, OWN, exit, notInt32, quietEnding, saveLocals } from './block.js';
import { Exit } from './exits.js';
import { frameBytes } from './headroom.js';
import type { Block, Region, RegionMap } from './regions.js';
import type { Loop } from './structure.js';
import { innermostLoops } from './structure.js';

/** The names a generated function uses, bound once per machine by the factory (see tier.ts). */
export const ENVIRONMENT = [
  'core', 'T', 'nesting', 'fns', 'stack', 'frames', 'view', 'flat', 'words', 'pending', 'constants',
  'capacity', 'maxDepth', 'flatSize', 'codeLength', 'cpuId',
] as const;

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
      if (op === Op.ENTER) frame = Math.min(frame, (decoded.args[pc] & 0xffff) + (decoded.args[pc] >>> 16)); // enter
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

/** A region's generated blocks, and what its prologue needs to know about them. */
export interface GeneratedRegion {
  /** Source that opens the labelled statements the blocks end (see generateWith). */
  readonly scopes: string;
  /** Source of the `switch` that enters at block `b`. */
  readonly entry: string;
  /** Source of the blocks, structured (see generateWith). */
  readonly blocks: string;
  /** Whether a jump back starts again at the top (`continue dispatch`): then every entry goes through the `switch`. */
  readonly dispatch: boolean;
  readonly cached: number;
  readonly intLocals: readonly boolean[];
  /** Stack height (sp - fp) at each block's start, NaN where unknown. */
  readonly heights: Float64Array;
  /** Room above fp the blocks of known height need (the prologue and each `enter` check it). */
  readonly reserve: number;
  /** Which blocks have a case (the others are inside a structured loop). */
  readonly enterable: readonly boolean[];
  /** Characters of source of each block (fit.ts cuts regions by them). */
  readonly sizes: readonly number[];
  /** Temporaries the blocks declare (for the frame estimate: see headroom.ts). */
  readonly names: number;
}

/** Instructions that read or charge gas beyond their block's fixed cost: a loop with one is charged block by block. */
const READS_GAS: ReadonlySet<number> = new Set<number>([Op.GAS, Op.MCOPY, Op.MFILL]);

/** Gas and steps of the instructions [start, end). */
function costOf(decoded: DecodedProgram, { start, end }: Block): { gas: number; steps: number } {
  let gas = 0;
  for (let pc = start; pc < end; pc++) gas += GAS_COST[decoded.ops[pc]];
  return { gas, steps: end - start };
}

/**
 * A structured loop (see structure.ts), charged block by block. When none of its blocks can make
 * an interrupt pending (none ends in a call, `ncall`, `int`, `ei`, `wfi` or `iret`), reads gas, or
 * charges more than its fixed cost, and nothing outside can make one pending (see BlockContext's
 * pendingPrivate), a quiet copy runs first: one test per iteration instead of two per block. It runs as
 * many iterations as gas suffices for even if every block of the loop ran in each, charges
 * its head block for all of them as it leaves (on every way out: a `finally` would cost V8 more),
 * and the others untested; when those iterations are used up, the checked copy goes on from the head.
 */
function structuredLoop(loop: Loop, units: readonly Block[], decoded: DecodedProgram, generation: Generation, compile: (k: number, mode: BlockMode) => string): string {
  const { prefix } = generation.naming;
  const emit = (body: (k: number) => string, head = ''): string => {
    const inside: string[] = [head];
    for (let j = loop.head; j <= loop.last; j++) {
      for (const scope of loop.scopes.filter((s) => s.start === j).sort((a, b) => b.target - a.target)) inside.push(`${prefix}skip_${scope.target}: {`);
      inside.push(body(j));
      if (loop.scopes.some((s) => s.target === j + 1)) inside.push('}');
    }
    return `${prefix}loop_${loop.head}: for (;;) {\n${inside.join('\n')}\n}`;
  };
  const checked = emit((k) => compile(k, CHECKED));
  let quiet = true;
  let gas = 0;
  for (let k = loop.head; k <= loop.last; k++) {
    quiet &&= quietEnding(decoded.ops[units[k].end - 1]);
    for (let pc = units[k].start; pc < units[k].end; pc++) quiet &&= !READS_GAS.has(decoded.ops[pc]);
    gas += costOf(decoded, units[k]).gas;
  }
  if (!quiet || !generation.pendingPrivate) return checked;
  const head = costOf(decoded, units[loop.head]);
  const fuel = `${prefix}fuel${loop.head}`;
  const start = `${prefix}start${loop.head}`;
  // Charges the head block for the iterations begun; runs once on every way out of the quiet copy.
  const settle = `gas -= (${start} - ${fuel}) * ${head.gas}; steps += (${start} - ${fuel}) * ${head.steps};`;
  const lazy = emit((k) => compile(k, { poll: false, charge: k === loop.head ? 'lazy' : 'unchecked' }), `if (${fuel} <= 0) break; ${fuel}--;`)
    .replace(/break (\w*leave|out|\w*block_\d+);|b = \d+; continue dispatch;/g, (leave) => `${settle} ${leave}`);
  return [`{\nconst ${start} = (gas / ${gas}) | 0; let ${fuel} = ${start};`, lazy, settle, '}', checked].join('\n');
}

/** How block `k` continues at block-starting `pc`, given the loop it is in (if any): see generateWith. */
function reachFrom(map: RegionMap, region: Region, k: number, loop: Loop | undefined, prefix: string): Reach {
  return (pc, fall) => {
    const inRegion = map.regionOf[pc] === region.index;
    const target = map.blockOf[pc];
    if (!inRegion) return exit({ kind: Exit.NEXT, pc, leaveLabel: `${prefix}leave` });
    if (loop !== undefined && target === loop.head) return `continue ${prefix}loop_${loop.head};`;
    if (loop !== undefined && target > k && target <= loop.last) return fall && target === k + 1 ? '' : `break ${prefix}skip_${target};`;
    if (loop === undefined && fall && target === k + 1) return '';
    return target > k ? `break ${prefix}block_${target};` : `b = ${target}; continue dispatch;`;
  };
}

/** What a region's blocks are generated with. */
interface Generation {
  readonly pendingPrivate: boolean;
  readonly cached: number;
  readonly intLocals: readonly boolean[];
  /** Collects the int32 locals a block stores something else in (see generateCases). */
  readonly demoted: Set<number>;
  readonly naming: Naming;
  /** Names of temporaries, shared with the code this code is inlined into. */
  readonly names: { next: number };
  /** Compiles calls in place where it can (see inliner). */
  readonly inline?: (target: number) => InlinedCall | undefined;
}

/** Most instructions of a function compiled into its callers. */
const INLINE_LIMIT = 32;
/** How deep calls are compiled in place. */
const INLINE_DEPTH = 2;
/** Most instructions compiled in place at one call, inlined calls within included (a block's code must not depend on its region: fit.ts measures blocks). */
const INLINE_BUDGET = 128;

/**
 * Compiles calls to small functions in place, INLINE_DEPTH levels deep and INLINE_BUDGET
 * instructions at most per call: a function of at most INLINE_LIMIT instructions that makes up
 * its region alone (its call summary known, no jump back through the region's `switch`) becomes
 * code of its caller, typed as when it is compiled on its own. A guest call then costs no
 * JavaScript call (recursive fib makes several times fewer).
 */
function inliner(decoded: DecodedProgram, map: RegionMap, pendingPrivate: boolean, names: { next: number }, typed = new Map<number, GeneratedRegion>(), depth = 1, budget = { left: 0 }): (target: number) => InlinedCall | undefined {
  return (target) => {
    const shared = depth === 1 ? { left: INLINE_BUDGET } : budget;
    const index = map.regionOf[target];
    const callee = map.regions[index];
    const size = callee.blocks.reduce((sum, block) => sum + block.end - block.start, 0);
    if (map.blockOf[target] !== 0 || size > INLINE_LIMIT || size > shared.left || callSummary(decoded, target) === null) return undefined;
    let own = typed.get(index);
    if (own === undefined) typed.set(index, (own = generateCases(decoded, map, callee, pendingPrivate, false)));
    if (own.dispatch) return undefined;
    shared.left -= size;
    const prefix = `i${names.next++}_`;
    const naming = { prefix, reserve: String(own.reserve), inlined: { done: `${prefix}done`, callerFp: `${prefix}fp`, callerDepth: `${prefix}depth` } };
    const deeper = depth < INLINE_DEPTH ? inliner(decoded, map, pendingPrivate, names, typed, depth + 1, shared) : undefined;
    const inner = generateWith(decoded, map, callee, { pendingPrivate, cached: own.cached, intLocals: own.intLocals, demoted: new Set(), naming, names, ...(deeper === undefined ? {} : { inline: deeper }) });
    const declarations = own.cached === 0 ? '' : `let ${Array.from({ length: own.cached }, (_, k) => `${prefix}L${k} = 0`).join(', ')};`;
    return { declarations, body: `${inner.scopes}\n${inner.blocks}`, cached: own.cached, reserve: inner.reserve, naming };
  };
}

/**
 * Generates the region's blocks with a given typing of its cached locals, laid out in order as
 * structured code: each block B but the first ends a labelled statement `block_B: { ... }` that
 * begins at the top, so a jump forward to B leaves it (`break block_B`), and a `switch` at the top
 * enters at any block that is not inside a structured loop the same way. A jump back (other than
 * a structured loop's) sets `b` and starts again at the top (`continue dispatch`).
 */
function generateWith(decoded: DecodedProgram, map: RegionMap, region: Region, generation: Generation): GeneratedRegion {
  const { cached, intLocals, naming } = generation;
  const { prefix } = naming;
  const heights = blockHeights(decoded, map, region);
  const units = region.blocks.map((_, k) => extent(decoded, region, k));
  const loops = innermostLoops(decoded, map, region, units);
  const loopOf = new Array<Loop | undefined>(units.length).fill(undefined);
  for (const loop of loops) for (let k = loop.head; k <= loop.last; k++) loopOf[k] = loop;
  const enterable = units.map((_, k) => loopOf[k] === undefined || loopOf[k]?.head === k);
  const context: BlockContext = { decoded, map, ...generation };
  let reserve = 0;
  const sizes: number[] = [];
  const compile = (k: number, mode: BlockMode): string => {
    const unit = units[k];
    const compiler = new BlockCompiler(context, unit, heights[k], reachFrom(map, region, k, loopOf[k], prefix), mode);
    const body = compiler.compile();
    if (!Number.isNaN(heights[k])) reserve = Math.max(reserve, heights[k] + compiler.grows);
    sizes[k] = (sizes[k] ?? 0) + body.length;
    return `{ // pc ${unit.start}..${unit.end - 1}\n${body}\n}`;
  };
  const starts = units.flatMap((_, k) => (enterable[k] ? [k] : []));
  const items = starts.map((k) => {
    const loop = loopOf[k];
    return loop === undefined ? compile(k, CHECKED) : structuredLoop(loop, units, decoded, generation, compile);
  });
  const entries = starts.slice(1).map((k) => `case ${k}: break block_${k};`);
  const scopes = starts.slice(1).reverse().map((k) => `${prefix}block_${k}: {`).join('\n');
  const entry = `switch (b) { case 0: break; ${entries.join(' ')} default: ${exit({ kind: Exit.BAIL, pc: 'STARTS[b] ?? core.pc' })} }`;
  const blocks = items.flatMap((item, j) => (j + 1 < items.length ? [item, '}'] : [item])).join('\n');
  const dispatch = blocks.includes('continue dispatch;');
  return { scopes, entry, blocks, dispatch, cached, intLocals, heights, reserve, enterable, sizes, names: generation.names.next };
}

/**
 * The region's generated blocks (fit.ts measures them) for machines whose pending-interrupt word
 * is private or not (see BlockContext): locals are typed int32 until a block stores something else in one.
 */
export function generateCases(decoded: DecodedProgram, map: RegionMap, region: Region, pendingPrivate: boolean, inlining = true): GeneratedRegion {
  const cached = cachedLocals(decoded, region);
  const intLocals = new Array<boolean>(cached).fill(true);
  for (;;) {
    const demoted = new Set<number>();
    const names = { next: 0 };
    const inline = inlining ? inliner(decoded, map, pendingPrivate, names) : undefined;
    const generated = generateWith(decoded, map, region, { pendingPrivate, cached, intLocals, demoted, naming: OWN, names, ...(inline === undefined ? {} : { inline }) });
    if (demoted.size === 0) return generated;
    for (const k of demoted) intLocals[k] = false;
  }
}

/**
 * The prologue's entry checks: a callee whose frame would not fit in the JavaScript stack the
 * driver checked (see headroom.ts) leaves for the driver before it does anything; a block of known
 * height is entered only at that height and with the region's reserve of stack room above fp; the
 * int32 locals must hold int32s (a slot above sp holds nothing the guest can see: its value is
 * replaced). A failed check bails at the block. `first`: for the function that is entered at the
 * region's first block only.
 */
function prologue(generated: GeneratedRegion, first: number | undefined): string[] {
  const { cached, intLocals } = generated;
  const start = first ?? 'STARTS[b]';
  const height = first === undefined ? 'HEIGHTS[b]' : heightTable(generated)[0];
  const bail = exit({ kind: Exit.BAIL, pc: start, label: 'out' });
  const lines = [
    // The driver needs to know whether a function it entered started (see tier.ts).
    'if (depth === base) T.entered = 1;',
    `if (nest > T.allowance && !T.extend(nest)) ${exit({ kind: Exit.NEXT, pc: start, label: 'out' })}`,
  ];
  if (height !== -1) lines.push(`if (${first === undefined ? `${height} >= 0 && (` : '('}sp - fp !== ${height} || fp > capacity - R)) ${bail}`);
  for (let k = 0; k < cached; k++) {
    if (!intLocals[k]) {
      lines.push(`L${k} = stack[fp + ${k}];`);
      continue;
    }
    lines.push(`if (fp + ${k} < sp) { const v = stack[fp + ${k}]; if (${notInt32('v')}) ${bail} L${k} = v | 0; }`);
  }
  return lines;
}

/** Height of each block as the prologue checks it: -1 where it does not (unknown, or inside a structured loop). */
function heightTable(generated: GeneratedRegion): number[] {
  return Array.from(generated.heights, (h, k) => (Number.isNaN(h) || h < 0 || !generated.enterable[k] ? -1 : h));
}

/** Which function to generate for a region: the one entered at any block, or the one entered at its first block only. */
export type RegionVariant = 'resume' | 'entry';

/**
 * The body of a factory `(env) => regionFunction` for one region (see ENVIRONMENT for env's
 * fields), from its generated blocks. The `entry` variant, for calls and for the driver at the
 * region's first block, leaves out the `switch` (which costs V8 a merge of every variable at every
 * block) unless jumps back need it anyway.
 */
export function generateRegion(region: Region, generated: GeneratedRegion, variant: RegionVariant): string {
  const first = region.blocks[0].start;
  const last = region.blocks[region.blocks.length - 1].end - 1;
  const entryOnly = variant === 'entry' && !generated.dispatch;
  const locals = Array.from({ length: generated.cached }, (_, k) => `L${k} = 0`);
  const body = [generated.scopes, ...(entryOnly ? [] : [generated.entry]), generated.blocks];
  return [
    `'use strict';`,
    `const { ${ENVIRONMENT.join(', ')} } = env;`,
    `const HEIGHTS = [${heightTable(generated).join(', ')}]; const R = ${generated.reserve}; const FRAME = ${frameBytes(generated.names + generated.cached + 16)};`,
    `const STARTS = [${region.blocks.map((block) => block.start).join(', ')}];`,
    // Parenthesised, so V8 compiles it now (measured as compile time), not lazily on its first call.
    `return (function region${region.index}_pc${first}_${last}${entryOnly ? '_entry' : ''}(b, nest, base, sp, fp, depth, gas) {`,
    ...(locals.length > 0 ? [`let ${locals.join(', ')};`] : []),
    'let steps = 0, xk = 0, xpc = 0, xs = 0, xg = 0, xb = 0;',
    'out: {',
    'leave: {',
    ...prologue(generated, entryOnly ? first : undefined),
    // A jump back (outside a structured loop) starts again at the top.
    ...(generated.dispatch ? ['dispatch: for (;;) {', ...body, '}'] : body),
    '}',
    saveLocals(generated.cached),
    '}',
    'core.pc = xpc; core.sp = sp + xs; core.fp = fp; core.depth = depth; T.gas = gas + xg; T.steps += steps - xb;',
    'return ~xk;',
    '});',
  ].join('\n');
}
