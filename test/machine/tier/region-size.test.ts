/**
 * Generated functions stay small enough for V8 to optimise: every region function's source is at
 * most MAX_REGION_SOURCE characters, whatever the instructions (a realistic loop body, blocks that
 * keep many values pending across instructions that may bail, long runs of calls), and the cut
 * regions give the interpreter's results.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Program } from '../../../src/image/program.js';
import type { FunctionFactory } from '../../../src/machine/compiled/cache.js';
import { newFunction } from '../../../src/machine/compiled/cache.js';
import { MAX_REGION_SOURCE } from '../../../src/machine/compiled/fit.js';
import { Machine } from '../../../src/machine/machine.js';
import type { Instruction } from '../harness.js';
import { frame, ins, program, stateOf } from '../harness.js';

/** A loop of `iterations` over `groups` copies of lget/ld32/lget/add/lset/lget/push/divu/push/swap/st32 (11 instructions). */
function realisticLoop(groups: number, iterations: number): Program {
  const code: Instruction[] = [ins('enter', frame(0, 8)), ins('push', iterations), ins('lset', 7)];
  const loop = code.length;
  for (let g = 0; g < groups; g++) {
    code.push(
      ins('lget', g % 3), ins('ld32', 4 * (g % 8)), ins('lget', 3 + (g % 3)), ins('add'), ins('lset', g % 6),
      ins('lget', 1 + (g % 4)), ins('push', 16), ins('divu'), ins('push', 4 * (g % 8)), ins('swap'), ins('st32', 64),
    );
  }
  code.push(ins('lget', 7), ins('addi', -1), ins('ltee', 7), ins('jnz', loop), ins('push', 0), ins('halt'));
  return program(code, { memorySize: 256 });
}

/** Blocks of 100 pushes and 98 loads (each may bail, and a bail writes out every pending value), `blocks` times. */
function pendingHeavy(blocks: number): Program {
  const code: Instruction[] = [];
  for (let b = 0; b < blocks; b++) {
    for (let k = 0; k < 100; k++) code.push(ins('push', k + 1));
    for (let k = 0; k < 98; k++) code.push(ins('ld8u'));
    code.push(ins('jmp', code.length + 1));
  }
  code.push(ins('push', 0), ins('halt'));
  return program(code, { memorySize: 256 });
}

/** main calls a small function `calls` times (each call site is a long stretch of generated code). */
function manyCalls(calls: number): Program {
  const code: Instruction[] = [ins('push', 0)];
  for (let k = 0; k < calls; k++) code.push(ins('push', k), ins('call', 3 * calls + 2), ins('add'));
  code.push(ins('halt'), ins('enter', frame(1, 0)), ins('lget', 0), ins('addi', 1), ins('ret', 1));
  return program(code);
}

/** The sources a compiled machine on `p` generated, and its final state beside the interpreter's. */
function compileAndRun(p: Program): { sources: string[]; compiled: ReturnType<typeof stateOf>; interpreted: ReturnType<typeof stateOf> } {
  const sources: string[] = [];
  const factory: FunctionFactory = (parameter, source) => (sources.push(source), newFunction(parameter, source));
  const compiled = new Machine(p, { tier: 'compiled', functionFactory: factory, stackSize: 1000 });
  compiled.run();
  const interpreted = new Machine(p, { tier: 'interpreter', stackSize: 1000 });
  interpreted.run();
  return { sources, compiled: stateOf(compiled), interpreted: stateOf(interpreted) };
}

describe('the size of generated functions', () => {
  const cases: [string, Program][] = [
    ['a realistic loop body of 559 instructions', realisticLoop(50, 20)],
    ['a realistic loop body of 1,100 instructions', realisticLoop(100, 20)],
    ['blocks keeping 100 values pending across 98 loads', pendingHeavy(6)],
    ['300 calls in a row', manyCalls(300)],
  ];
  for (const [name, p] of cases) {
    test(`is bounded for ${name}, with the interpreter's results`, () => {
      const { sources, compiled, interpreted } = compileAndRun(p);
      const largest = Math.max(...sources.map((source) => source.length));
      assert.ok(largest <= MAX_REGION_SOURCE, `a region function of ${largest} characters`);
      assert.deepStrictEqual(compiled, interpreted);
    });
  }
});
