/** Test programs shared by the machine-level tests. */
import { frame, ins, program } from './harness.js';

/**
 * Squares 0..9 into memory with a called function, copies them with `mcopy`, sums the copy and
 * halts with the sum (285). Starts with a hypercall and a breakpoint, so drivers must resume.
 */
export const SUM_OF_SQUARES = program([
  ins('hcall', 7), ins('brk'),
  ins('enter', frame(0, 2)), // local 0 = i, local 1 = sum
  // 3: loop 1: mem[4i] := sq(i)
  ins('lget', 0), ins('push', 10), ins('lts'), ins('jz', 17),
  ins('lget', 0), ins('push', 4), ins('mul'), ins('lget', 0), ins('call', 40), ins('st32'),
  ins('lget', 0), ins('addi', 1), ins('lset', 0), ins('jmp', 3),
  // 17: copy the 40 bytes to address 100, i := 0
  ins('push', 100), ins('push', 0), ins('push', 40), ins('mcopy'), ins('push', 0), ins('lset', 0),
  // 23: loop 2: sum += mem[100 + 4i]
  ins('lget', 0), ins('push', 10), ins('lts'), ins('jz', 38),
  ins('lget', 0), ins('push', 4), ins('mul'), ins('ld32', 100), ins('lget', 1), ins('add'), ins('lset', 1),
  ins('lget', 0), ins('addi', 1), ins('lset', 0), ins('jmp', 23),
  // 38: halt with the sum
  ins('lget', 1), ins('halt'),
  // 40: sq(x) = x * x
  ins('enter', frame(1, 0)), ins('lget', 0), ins('lget', 0), ins('mul'), ins('ret', 1),
], { memorySize: 1024, data: [{ address: 512, bytes: Uint8Array.of(1, 2, 3) }] });

/** The exit code of SUM_OF_SQUARES. */
export const SUM_OF_SQUARES_RESULT = 285;

/**
 * Raises its own interrupt three times; the handler counts its runs in memory word 0. Between
 * interrupts it calls a function and waits with `wfi` (nothing pending: Waiting). Halts with the
 * count (3).
 */
export const INTERRUPTS = program([
  ins('push', 16), ins('setvec', 2), ins('ei'), ins('push', 3),
  // 4: loop
  ins('int', 2), ins('call', 14), ins('wfi'), ins('addi', -1), ins('dup'), ins('jnz', 4),
  ins('pop'), ins('push', 0), ins('ld32'), ins('halt'),
  // 14: a function that does nothing
  ins('ret', 0), ins('nop'),
  // 16: handler: mem[0] += 1
  ins('push', 0), ins('push', 1), ins('aadd'), ins('pop'), ins('iret'),
]);

/** The exit code of INTERRUPTS. */
export const INTERRUPTS_RESULT = 3;
