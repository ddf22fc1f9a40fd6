/**
 * Review of calls compiled in place (codegen.ts `inliner`, block.ts `inlineCall`/`afterCall`/`ret`
 * with an inlined Naming): adversarial programs whose small functions the compiled tier inlines,
 * run on the interpreter and on the compiled and auto tiers, compared on every observable field
 * after every run slice. Tests named "fixed:" found a divergence when they were written (each
 * comment says what differed, and whether inlining introduced it), fixed since; the others are
 * regression tests.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Program } from '../../../src/image/program.js';
import type { TierName } from '../../../src/machine/compiled/tier.js';
import type { MachineOptions } from '../../../src/machine/machine.js';
import { Machine } from '../../../src/machine/machine.js';
import type { NativeLibrary } from '../../../src/machine/natives.js';
import type { Instruction } from '../harness.js';
import { frame, ins, program, stateOf } from '../harness.js';
import { agree, imageOf, pendingInMemory, slicesOf } from './agreement.js';
import { RANDOM_CONSTANTS, RANDOM_IMPORTS, RANDOM_LIBRARIES, plainInstructions, randomPrelude, randomRun } from './random-instructions.js';

/** Asserts that compiling `code` inlines at least one call (so that a test exercises the mechanism). */
function assertInlines(code: Program | readonly Instruction[], options: MachineOptions = {}): void {
  const sources: string[] = [];
  const machine = new Machine(imageOf(code), { ...options, tier: 'compiled', functionFactory: (parameter, body) => { sources.push(body); return new Function(parameter, body) as never; } });
  assert.equal(machine.tierStats.fallback, undefined);
  assert.ok(sources.some((source) => /\bi\d+_done:/.test(source)), 'no call was compiled in place');
}

const nops = (n: number): Instruction[] => Array.from({ length: n }, () => ins('nop'));

// ---- confirmed divergences

test('fixed: an interrupt pending at an inlined call whose stack reserve check fails is taken late', () => {
  // Introduced by inlining (the commit before it agrees). The pending word is guest memory, so
  // `st32` to 252 makes interrupt 1 pending in the middle of main's block; the `call` at pc 6 is
  // the next interrupt point. f (pc 11) is inlined; its reserve (8 values on the untaken branch)
  // does not fit in a stack of 6. Interpreter: takes the interrupt at the call (depth 1, before
  // f's enter): 9 instructions, gasUsed 11, exit code 99. Compiled: 12 instructions, gasUsed 14 —
  // block.ts inlineCall() tests `sp > capacity - reserve` (exit NEXT at the callee's entry) BEFORE
  // its interrupt point, and Exit.NEXT is no interrupt point for the driver, so f's first blocks
  // run in the precise stream and the interrupt is taken at f's `jz`. The non-inlined path in
  // call() polls first, then lets the callee's prologue check the reserve.
  const code = [
    ins('push', 9), ins('setvec', 1), ins('ei'),
    ins('push', 252), ins('push', 2), ins('st32'), ins('call', 11), ins('halt'), ins('nop'),
    // 9: handler
    ins('push', 99), ins('halt'),
    // 11: f
    ins('enter', frame(0, 0)), ins('push', 0), ins('jz', 20),
    ins('push', 1), ins('push', 2), ins('push', 3), ins('push', 4), ins('push', 5), ins('push', 6),
    // 20
    ins('push', 7), ins('ret', 1),
  ];
  assertInlines(code, { ...pendingInMemory(), stackSize: 6 });
  agree(code, [{}], () => ({ ...pendingInMemory(), stackSize: 6 }));
});

test('fixed: a native that rewrites the caller\'s locals below the callee\'s frame without lowering sp leaves the caller\'s cached locals stale', () => {
  // Not introduced by inlining: the commit before it diverges the same way, inlined (f as here) or
  // not (f padded past 32 instructions). x.swap pops main's two locals (below f's frame: f has no
  // arguments) and pushes them back changed; sp ends where it was, so block.ts ncall()'s
  // `sp < fp && depth > base` exit does not fire, and main's afterCall() keeps L0/L1
  // (keepsLocals: f's summary takes no argument). Interpreter: main's locals are now [104, 103]:
  // stack [104, 103, 104], exit code 103. Compiled: the stale L0/L1 are read: stack [3, 4, 3], exit
  // code 4.
  const libraries: NativeLibrary[] = [{ name: 'x', functions: [{ name: 'swap', fn: (c) => { const b = c.popInt(); const a = c.popInt(); c.pushInt(b + 100); c.pushInt(a + 100); } }] }];
  const imports = [{ index: 0, name: 'x', functions: [{ index: 0, name: 'swap' }] }];
  const code = [
    ins('enter', frame(0, 2)), ins('push', 3), ins('lset', 0), ins('push', 4), ins('lset', 1), ins('call', 9), ins('lget', 0), ins('lget', 1), ins('halt'),
    // 9: f
    ins('enter', frame(0, 0)), ins('ncall', 0), ins('ret', 0),
  ];
  agree(program(code, { imports, memorySize: 256 }), [{}], () => ({ libraries }));
});

test('fixed: a callee whose `enter` takes arguments from below its caller\'s frame leaves its caller\'s caller\'s cached local stale', () => {
  // Not introduced by inlining: the commit before it diverges the same way (g inlined or not).
  // main keeps local 0 (5) in L0 and calls g (no arguments); g pushes one value and calls f,
  // whose `enter 2, 0` takes that value and main's local 0 as arguments; f returns 7 at its fp,
  // which is main's local 0 slot. Interpreter: main's `lget 0` reads 7 (exit code 7). Compiled:
  // exit code 5 — main's afterCall() keeps L0 because g's summary (0 arguments, 0 results) says
  // g leaves main's frame alone; nothing checks that f's arguments lie above its caller's fp
  // (block.ts enter()/call(): keepsLocals only protects the direct caller).
  const code = [
    ins('enter', frame(0, 1)), ins('push', 5), ins('lset', 0), ins('call', 6), ins('lget', 0), ins('halt'),
    // 6: g
    ins('enter', frame(0, 0)), ins('push', 3), ins('call', 10), ins('ret', 0),
    // 10: f
    ins('enter', frame(2, 0)), ins('push', 7), ins('ret', 1),
  ];
  assertInlines(code);
  agree(code);
});

// ---- regression tests: what held

const CONSTANTS = new Float64Array([1.5, -0, 2 ** 31 + 5, NaN, 4294967295]);

/** Small programs whose callees the compiled tier inlines (each checked by assertInlines). */
const INLINED: Record<string, Instruction[]> = {
  divisionByZero: [ins('push', 5), ins('push', 0), ins('call', 4), ins('halt'),
    ins('enter', frame(2, 1)), ins('lget', 0), ins('lget', 1), ins('divs'), ins('ret', 1)],
  memoryFault: [ins('push', 5), ins('push', 1000), ins('call', 4), ins('halt'),
    ins('enter', frame(2, 1)), ins('lget', 1), ins('ld32'), ins('lget', 0), ins('add'), ins('ret', 1)],
  badReturn: [ins('push', 5), ins('call', 3), ins('halt'), ins('enter', frame(1, 0)), ins('pop'), ins('ret', 1)],
  // The `ret` is reachable past the undefined opcode (else f has no call summary and is not inlined).
  undefinedOpcode: [ins('push', 5), ins('call', 3), ins('halt'), ins('enter', frame(1, 0)), ins('lget', 0), ins('jz', 7), [0xff, 0], ins('push', 1), ins('ret', 1)],
  noResult: [ins('push', 5), ins('push', 6), ins('call', 5), ins('push', 1), ins('halt'),
    ins('enter', frame(1, 2)), ins('lget', 0), ins('lset', 2), ins('ret', 0)],
  twoResults: [ins('push', 5), ins('push', 6), ins('call', 5), ins('add'), ins('halt'),
    ins('enter', frame(2, 2)), ins('lget', 0), ins('lget', 1), ins('ret', 2)],
  fiveResults: [ins('push', 5), ins('push', 6), ins('call', 5), ins('add'), ins('halt'),
    ins('enter', frame(2, 0)), ins('push', 1), ins('push', 2), ins('push', 3), ins('push', 4), ins('push', 5), ins('ret', 5)],
  argumentsFromCallerLocals: [ins('enter', frame(0, 2)), ins('push', 3), ins('lset', 0), ins('push', 4), ins('lset', 1), ins('push', 9), ins('call', 10), ins('lget', 0), ins('lget', 1), ins('halt'),
    ins('enter', frame(3, 0)), ins('lget', 0), ins('push', 100), ins('add'), ins('lset', 0), ins('lget', 1), ins('pushf', 0), ins('lset', 1), ins('ret', 2)],
  popsBelowFrame: [ins('enter', frame(0, 2)), ins('push', 3), ins('lset', 0), ins('push', 4), ins('lset', 1), ins('push', 9), ins('call', 10), ins('lget', 0), ins('lget', 1), ins('halt'),
    ins('enter', frame(0, 0)), ins('add'), ins('push', 77), ins('push', 78), ins('ret', 1)],
  floats: [ins('pushf', 0), ins('pushf', 1), ins('pushf', 2), ins('push', 0x80000005), ins('call', 6), ins('halt'),
    ins('enter', frame(4, 2)), ins('lget', 0), ins('lset', 4), ins('lget', 1), ins('lget', 2), ins('fadd'), ins('lset', 5), ins('lget', 3), ins('lget', 4), ins('lget', 5), ins('pushf', 3), ins('ret', 4)],
  negativeZero: [ins('pushf', 1), ins('call', 3), ins('halt'),
    ins('enter', frame(1, 1)), ins('lget', 0), ins('lset', 1), ins('lget', 1), ins('push', 0), ins('fadd'), ins('lget', 1), ins('ret', 2)],
  halt: [ins('push', 1), ins('call', 3), ins('halt'), ins('enter', frame(1, 1)), ins('lget', 0), ins('jz', 8), ins('push', 42), ins('halt'), ins('push', 0), ins('ret', 1)],
  breakpoints: [ins('push', 1), ins('call', 3), ins('halt'), ins('enter', frame(1, 1)), ins('lget', 0), ins('brk'), ins('lset', 1), ins('lget', 1), ins('push', 3), ins('brk'), ins('add'), ins('ret', 1)],
  hypercalls: [ins('push', 1), ins('call', 3), ins('halt'), ins('enter', frame(1, 1)), ins('lget', 0), ins('hcall', 77), ins('lset', 1), ins('lget', 1), ins('push', 3), ins('hcall', 0xffffffff), ins('add'), ins('ret', 1)],
  waits: [ins('push', 1), ins('call', 3), ins('halt'), ins('enter', frame(1, 1)), ins('lget', 0), ins('wfi'), ins('lset', 1), ins('lget', 1), ins('push', 3), ins('add'), ins('ret', 1)],
  // A structured loop (the `jmp` keeps the loop test from being copied onto the `enter` block).
  loop: [ins('push', 10), ins('call', 4), ins('call', 4), ins('halt'),
    /* 4 */ ins('enter', frame(1, 1)), ins('jmp', 6),
    /* 6 */ ins('lget', 0), ins('jz', 16),
    /* 8 */ ins('lget', 1), ins('lget', 0), ins('add'), ins('lset', 1), ins('lget', 0), ins('addi', -1), ins('lset', 0), ins('jmp', 6),
    /* 16 */ ins('lget', 1), ins('ret', 1)],
  // A loop on floats and loads, charged with lazy fuel, with a load that faults in some iteration.
  floatLoop: [ins('pushf', 0), ins('push', 70), ins('call', 5), ins('ftoi'), ins('halt'),
    /* 5 */ ins('enter', frame(2, 1)), ins('jmp', 7),
    /* 7 */ ins('lget', 1), ins('jz', 22),
    /* 9 */ ins('lget', 0), ins('pushf', 0), ins('fmul'), ins('lset', 0), ins('lget', 1), ins('push', 4), ins('mul'), ins('ld32'), ins('pop'), ins('lget', 1), ins('addi', -1), ins('lset', 1), ins('jmp', 7),
    /* 22 */ ins('lget', 0), ins('ret', 1)],
  manyLocals: [ins('push', 7), ins('call', 3), ins('halt'),
    ins('enter', frame(1, 20)), ins('lget', 0), ins('lset', 19), ins('lget', 19), ins('addi', 1), ins('lset', 9), ins('lget', 9), ins('lget', 0), ins('mul'), ins('ret', 1)],
  fib: [ins('push', 12), ins('call', 3), ins('halt'),
    /* 3 */ ins('enter', frame(1, 0)), ins('lget', 0), ins('push', 2), ins('lts'), ins('jz', 10),
    /* 8 */ ins('lget', 0), ins('ret', 1),
    /* 10 */ ins('lget', 0), ins('addi', -1), ins('call', 3), ins('lget', 0), ins('addi', -2), ins('call', 3), ins('add'), ins('ret', 1)],
  mutual: [ins('push', 9), ins('call', 3), ins('halt'),
    /* 3: even */ ins('enter', frame(1, 0)), ins('lget', 0), ins('jz', 10), ins('lget', 0), ins('addi', -1), ins('call', 12), ins('ret', 1),
    /* 10 */ ins('push', 1), ins('ret', 1),
    /* 12: odd */ ins('enter', frame(1, 0)), ins('lget', 0), ins('jz', 19), ins('lget', 0), ins('addi', -1), ins('call', 3), ins('ret', 1),
    /* 19 */ ins('push', 0), ins('ret', 1)],
  jumpsOutOfRegion: [ins('push', 3), ins('call', 6), ins('halt'), ins('push', 50), ins('add'), ins('ret', 1),
    /* 6 */ ins('enter', frame(1, 0)), ins('lget', 0), ins('jnz', 3), ins('push', 1), ins('ret', 1)],
  enteredByJump: [ins('push', 3), ins('call', 9), ins('push', 4), ins('call', 6), ins('add'), ins('halt'),
    /* 6: g, a tail jump into f */ ins('enter', frame(0, 0)), ins('push', 5), ins('jmp', 9),
    /* 9: f */ ins('enter', frame(1, 0)), ins('lget', 0), ins('addi', 10), ins('ret', 1)],
  interruptsInside: [ins('push', 12), ins('setvec', 1), ins('ei'), ins('push', 4), ins('call', 15), ins('call', 15), ins('halt'), ...nops(5),
    /* 12: handler */ ins('push', 1), ins('pop'), ins('iret'),
    /* 15: f */ ins('enter', frame(1, 1)), ins('lget', 0), ins('int', 1), ins('lset', 1), ins('di'), ins('lget', 1), ins('ei'), ins('addi', 3), ins('ret', 1)],
  handlerCalls: [ins('push', 10), ins('setvec', 1), ins('ei'), ins('push', 6), ins('call', 14), ins('halt'), ...nops(4),
    /* 10: handler */ ins('push', 2), ins('call', 14), ins('pop'), ins('iret'),
    /* 14: f */ ins('enter', frame(1, 1)), ins('lget', 0), ins('jz', 23), ins('lget', 0), ins('addi', -1), ins('call', 14), ins('lget', 0), ins('add'), ins('ret', 1),
    /* 23 */ ins('push', 7), ins('ret', 1)],
};

function imageFor(code: Instruction[]): Program {
  return program(code, { memorySize: 256, constants: CONSTANTS });
}

test('faults, results, frames, floats, stops and loops inside inlined callees: stack and depth limits', () => {
  for (const [name, code] of Object.entries(INLINED)) {
    const image = imageFor(code);
    assert.doesNotThrow(() => assertInlines(image), name);
    for (const options of [{}, { stackSize: 3 }, { stackSize: 6 }, { stackSize: 8 }, { stackSize: 12 }, { maxCallDepth: 1 }, { maxCallDepth: 2 }, { maxCallDepth: 5 }]) {
      assert.doesNotThrow(() => agree(image, [{}, {}, {}, {}, {}], () => options), `${name} ${JSON.stringify(options)}`);
    }
  }
});

test('inlined callees: out of gas at every gas limit, and every step budget', () => {
  for (const [name, code] of Object.entries(INLINED)) {
    const image = imageFor(code);
    for (let gas = 0; gas < 260; gas++) assert.doesNotThrow(() => agree(image, [{}, {}, {}], () => ({ gas })), `${name} gas ${gas}`);
    for (let n = 1; n < 24; n++) assert.doesNotThrow(() => agree(image, slicesOf(n, 700)), `${name} steps ${n}`);
  }
});

test('inlined callees: host interrupts between slices, private and SharedArrayBuffer pending words', () => {
  for (const [name, code] of Object.entries(INLINED)) {
    const image = imageFor(code);
    for (const shared of [false, true]) {
      for (let n = 1; n < 16; n++) {
        for (const every of [1, 3]) {
          const options = (): MachineOptions => ({ maxCallDepth: 30, ...(shared ? { interrupts: new Int32Array(new SharedArrayBuffer(4)) } : {}) });
          assert.doesNotThrow(() => agree(image, slicesOf(n, 500, (k) => (k % every === 0 ? { interrupt: 1 } : {})), options), `${name} shared ${shared} steps ${n} every ${every}`);
        }
      }
    }
  }
});

test('natives called from inlined callees: push, pop below the frame, charge gas, raise interrupts, fail', () => {
  let running: Machine | undefined;
  const libraries: NativeLibrary[] = [{
    name: 'x',
    functions: [
      { name: 'add', fn: (c) => { const b = c.popInt(); c.pushInt(c.popInt() + b); } },
      { name: 'burn', fn: (c) => c.chargeGas(9) },
      { name: 'raise', fn: () => { running?.raiseInterrupt(1); } },
      { name: 'boom', fn: (c) => c.fail('boom') },
      { name: 'half', fn: (c) => { c.pushFloat(c.popFloat() / 2); } },
    ],
  }];
  const imports = [{ index: 0, name: 'x', functions: libraries[0].functions.map((f, index) => ({ index, name: f.name })) }];
  for (let slot = 0; slot < 5; slot++) {
    const code = [
      ins('push', 12), ins('setvec', 1), ins('ei'), ins('enter', frame(0, 2)), ins('push', 5), ins('lset', 0), ins('push', 6), ins('call', 16), ins('lget', 0), ins('add'), ins('halt'), ins('nop'),
      /* 12: handler */ ins('push', 1), ins('pop'), ins('iret'), ins('nop'),
      /* 16: f */ ins('enter', frame(1, 1)), ins('lget', 0), ins('push', 3), ins('ncall', slot), ins('lset', 1), ins('lget', 1), ins('ret', 1),
    ];
    const image = program(code, { imports, memorySize: 256 });
    assertInlines(image, { libraries });
    const before = (machine: Machine): void => { running = machine; };
    for (let gas = 0; gas < 80; gas++) agree(image, [{ before }, { before }], () => ({ gas, libraries }));
    for (let n = 1; n < 12; n++) agree(image, slicesOf(n, 60, () => ({ before })), () => ({ libraries }));
  }
});

test('inlined code: the per-image cache (two machines, one image), snapshots and restores between slices, host pushes at breakpoints', () => {
  const image = imageFor([ins('push', 9), ins('call', 3), ins('halt'),
    /* 3 */ ins('enter', frame(1, 2)), ins('lget', 0), ins('jz', 14), ins('lget', 0), ins('addi', -1), ins('call', 3), ins('lset', 1), ins('lget', 1), ins('lget', 0), ins('add'), ins('ret', 1),
    /* 14 */ ins('push', 1), ins('brk'), ins('ret', 1)]);
  assertInlines(image);
  const observe = (machine: Machine): unknown => ({ ...stateOf(machine), memory: Array.from(machine.memory) });
  for (let k = 1; k < 100; k += 3) {
    const play = (tier: TierName): unknown[] => {
      const [machine, other] = [new Machine(image, { tier, hotThreshold: 1 }), new Machine(image, { tier, hotThreshold: 1 })];
      machine.run(k);
      const snapshot = machine.snapshot();
      machine.run(7);
      const mid = observe(machine);
      machine.restore(snapshot);
      machine.run(3);
      const again = observe(machine);
      other.restore(snapshot);
      other.run(5);
      machine.run();
      if (machine.status !== 1) {
        machine.push(1000);
        machine.run();
      }
      return [mid, again, observe(other), observe(machine)];
    };
    const expected = play('interpreter');
    assert.deepStrictEqual(play('compiled'), expected, `compiled at ${k}`);
    assert.deepStrictEqual(play('auto'), expected, `auto at ${k}`);
  }
});

// ---- random call-heavy programs of small functions


interface RandomFunction {
  readonly args: number;
  readonly locals: number;
  readonly results: number;
  readonly seeds: readonly number[];
  readonly loop: boolean;
}

/** A small function (one call in three seeds); calls any function (recursion included), jumps into others. */
function functionCode(f: RandomFunction, base: number, starts: readonly number[]): Instruction[] {
  const n = f.args + f.locals;
  const code: Instruction[] = [ins('enter', frame(f.args, f.locals))];
  // A jump to the loop head keeps its test from being copied onto the `enter` block (the loop stays structured, the function inlinable).
  if (f.loop) code.push(ins('jmp', base + 2));
  const head = base + code.length;
  const skips: number[] = [];
  for (const s of f.seeds) {
    const local = n > 0 ? (s >> 4) % n : 0;
    const pick = s % 3 === 0 ? 16 : (s >> 2) % 39;
    const add = (...more: Instruction[]): void => void code.push(...more);
    const plain = plainInstructions(pick === 28 ? 2 : pick === 29 ? 3 : pick, s, n, local);
    if (plain !== undefined) add(...plain);
    else if (pick === 16 || pick === 30 || pick === 31) {
      for (let j = 0; j < (s >> 9) % 3; j++) add(ins('push', j + 1));
      add(ins('call', starts[(s >> 3) % starts.length]));
    } else if (pick === 17) add(ins('ncall', (s >> 3) % 6));
    else if (pick === 18) add(ins('int', 1));
    else if (pick === 19) add(ins('ei'));
    else if (pick === 20) add(ins('di'));
    else if (pick === 21) add(ins('gas'));
    else if (pick === 22) add(ins('neg'));
    else if (pick === 23 && n) { skips.push(code.length + 1); add(ins('lget', local), ins('jz', 0)); }
    else if (pick === 24) add(ins('rot'));
    else if (pick === 25) { const r = (s >> 3) % 8; add(r === 0 ? ins('brk') : r === 1 ? ins('hcall', 5) : r === 2 ? ins('wfi') : ins('nop')); }
    else if (pick === 26) add(ins('ftou'));
    else if (pick === 27) add(ins('push', 252), ins('push', 2), ins('st32'));
    else if (pick === 34) add(ins('lget', local), ins('jnz', starts[(s >> 3) % starts.length] + 1 + ((s >> 6) % 3)));
    else if (pick === 35) add(ins('push', 1), ins('jnz', starts[(s >> 3) % starts.length]));
    else if (pick === 36) add(ins('iret'));
    else if (pick === 37) add(ins('push', (s >> 5) % 200), ins('push', 7), ins('push', (s >> 9) % 80), ins('mfill'));
    else if (pick === 38) add(ins('push', 0), ins('push', (s >> 5) % 200), ins('push', (s >> 9) % 80), ins('mcopy'));
    else add(ins('push', (s >> 3) % 20));
  }
  if (f.loop && n > 0) code.push(ins('lget', 0), ins('addi', 1), ins('ltee', 0), ins('push', 3), ins('lts'), ins('jnz', head));
  const end = base + code.length;
  for (const at of skips) code[at] = ins('jz', Math.min(end, base + at + 1 + (at % 4)));
  code.push(ins('ret', f.results));
  return code;
}

const randomFunction = fc.record({
  args: fc.nat(3), locals: fc.nat(3), results: fc.nat(3),
  seeds: fc.array(fc.nat(1e9), { minLength: 1, maxLength: 9 }), loop: fc.boolean(),
});

const randomPrograms = fc.tuple(fc.array(randomFunction, { minLength: 1, maxLength: 6 }), fc.boolean(), fc.nat(2)).map(([fns, enable, handlerKind]) => {
  const prelude = 12;
  let starts = fns.map(() => prelude);
  let bodies: Instruction[][] = [];
  for (let pass = 0; pass < 2; pass++) {
    let pc = prelude;
    bodies = fns.map((f) => {
      const body = functionCode(f, pc, starts);
      pc += body.length;
      return body;
    });
    let at = prelude;
    starts = bodies.map((body) => { const start = at; at += body.length; return start; });
  }
  const handler = handlerKind === 0
    ? [ins('push', 5), ins('pop'), ins('iret'), ins('nop')]
    : handlerKind === 1 ? [ins('ncall', 2), ins('iret'), ins('nop'), ins('nop')]
      : [ins('push', 1), ins('call', starts[fns.length - 1]), ins('pop'), ins('iret')];
  const code = [...randomPrelude(enable, starts[0], handler), ...bodies.flat()];
  return program(code, { constants: RANDOM_CONSTANTS, imports: RANDOM_IMPORTS, memorySize: 256 });
});

test('random call-heavy programs of small functions agree on every tier (slices, gas limits, interrupts, pending words, small stacks)', () => {
  const slice = fc.record({ steps: fc.oneof(fc.constant(1), fc.nat(40), fc.constant(100000)), interrupt: fc.option(fc.nat(1), { freq: 5, nil: undefined }) });
  fc.assert(
    fc.property(randomPrograms, fc.oneof(fc.constant(20000), fc.nat(400)), fc.array(slice, { minLength: 1, maxLength: 30 }), fc.nat(2), fc.nat(3), (image, gas, slices, word, size) => {
      const options = (): MachineOptions => ({
        libraries: RANDOM_LIBRARIES, gas, stackSize: [40, 12, 7, 200][size], maxCallDepth: [8, 3, 2, 50][size],
        ...(word === 1 ? { interrupts: new Int32Array(new SharedArrayBuffer(4)) } : word === 2 ? pendingInMemory() : {}),
      });
      agree(image, slices.map((s) => ({ ...s, before: (machine: Machine) => { randomRun.machine = machine; } })), options);
    }),
    { numRuns: 300, seed: 8 },
  );
});

test('fixed: in auto, a loop head that compiles inside another structured loop is no longer handed over to (was an endless driver loop)', () => {
  // Found by an earlier version of the random test above (seed 8). `auto` watches every loop head
  // (pc 23) and hands over there once it is hot; the region compiled it inside the structured loop
  // headed by the function's entry (pc 22: `jnz 22` jumps back to the `enter`), so the driver had
  // no function to enter at pc 23 and called the run loop again, which handed over again at once.
  const code = [
    ins('push', 8), ins('setvec', 1), ins('nop'), ins('push', 1), ins('push', 2), ins('call', 12), ins('halt'), ins('nop'),
    ins('push', 5), ins('pop'), ins('iret'), ins('nop'),
    // 12
    ins('enter', frame(0, 0)), ins('push', 1), ins('push', 2), ins('call', 22), ins('call', 12), ins('ret', 0),
    ins('enter', frame(0, 0)), ins('call', 12), ins('call', 12), ins('ret', 0),
    // 22: a loop back to its own enter, and one to pc 23
    ins('enter', frame(1, 0)), ins('push', 1), ins('jnz', 22), ins('push', 1), ins('call', 12), ins('call', 12),
    ins('lget', 0), ins('addi', 1), ins('ltee', 0), ins('push', 3), ins('lts'), ins('jnz', 23), ins('ret', 0),
  ];
  for (const shared of [false, true]) {
    for (const gas of [13, 400, 20000]) {
      agree(code, [{ steps: 12 }, { steps: 5 }, {}], () => ({ gas, stackSize: 40, maxCallDepth: 8, ...(shared ? { interrupts: new Int32Array(new SharedArrayBuffer(4)) } : {}) }));
    }
  }
});
