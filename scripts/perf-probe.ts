import { Machine } from '../src/machine/machine.js';
import { Op } from '../src/isa/opcodes.js';
import { encodeInstructions, makeProgram } from '../src/image/program.js';

// fib(n): 0 push 27; 1 call 4; 2 halt ;; 3 nop
// 4 enter 1,0 ; 5 lget 0 ; 6 push 2 ; 7 lts ; 8 jz 11 ; 9 lget 0 ; 10 ret 1
// 11 lget 0; 12 addi -1; 13 call 4; 14 lget 0; 15 addi -2; 16 call 4; 17 add; 18 ret 1
const fib = makeProgram({ code: encodeInstructions([
  [Op.PUSH, 27], [Op.CALL, 4], [Op.HALT, 0], [Op.NOP, 0],
  [Op.ENTER, 1], [Op.LGET, 0], [Op.PUSH, 2], [Op.LTS, 0], [Op.JZ, 11], [Op.LGET, 0], [Op.RET, 1],
  [Op.LGET, 0], [Op.ADDI, -1 >>> 0], [Op.CALL, 4], [Op.LGET, 0], [Op.ADDI, -2 >>> 0], [Op.CALL, 4], [Op.ADD, 0], [Op.RET, 1],
]) });
// loop: i=0,s=0; while(i<N){s=s+i; i=i+1}
// 0 enter 0,2 ; 1 lget 0; 2 push N; 3 lts; 4 jz 13; 5 lget 1; 6 lget 0; 7 add; 8 lset 1; 9 lget 0; 10 addi 1; 11 lset 0; 12 jmp 1; 13 lget 1; 14 halt
const loop = makeProgram({ code: encodeInstructions([
  [Op.ENTER, 2 << 16], [Op.LGET, 0], [Op.PUSH, 10_000_000], [Op.LTS, 0], [Op.JZ, 13], [Op.LGET, 1], [Op.LGET, 0], [Op.ADD, 0], [Op.LSET, 1],
  [Op.LGET, 0], [Op.ADDI, 1], [Op.LSET, 0], [Op.JMP, 1], [Op.LGET, 1], [Op.HALT, 0],
]) });
function jsfib(n: number): number { return n < 2 ? n : jsfib(n - 1) + jsfib(n - 2); }
function jsloop(): number { let s = 0; for (let i = 0; i < 10_000_000; i++) s = (s + i) | 0; return s; }
for (let round = 0; round < 5; round++) {
  for (const [name, p, js] of [['fib', fib, () => jsfib(27)], ['loop', loop, jsloop]] as const) {
    const m = new Machine(p);
    let t = performance.now(); const st = m.run(); const vm = performance.now() - t;
    t = performance.now(); const r = js(); const jt = performance.now() - t;
    console.log(name, 'status', st, 'exit', m.exitCode, 'js', r, 'vm ms', vm.toFixed(1), 'js ms', jt.toFixed(2), 'ratio', (vm / jt).toFixed(1), 'instr', m.instructionsExecuted, 'Minstr/s', (m.instructionsExecuted / vm / 1000).toFixed(0));
  }
}
