/** Programs and helpers for the debug session tests. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ClientMessage, DebugState, ServerMessage } from '../../src/debug/protocol.js';
import { sourceTarget } from '../../src/debug/playground.js';
import type { ProgramTarget } from '../../src/debug/program-target.js';
import type { SessionOptions } from '../../src/debug/session.js';
import { DebugSession } from '../../src/debug/session.js';

/** Recursive Fibonacci that stores its result at `result` (address 0) and prints it. Lines are fixed: tests name them. */
export const FIB = [
  '.data', //              1
  'result: .zero 4', //    2
  '.text', //              3
  'main:', //              4
  '    push 6', //         5
  '    call fib', //       6
  '    dup', //            7
  '    push result', //    8
  '    swap', //           9
  '    st32 0', //        10
  '    ncall io.print_int', // 11
  '    push 0', //        12
  '    halt', //          13
  'fib:', //              14
  '    enter 1, 0', //    15
  '    lget 0', //        16
  '    push 2', //        17
  '    lts', //           18
  '    jz recurse', //    19
  '    lget 0', //        20
  '    ret 1', //         21
  'recurse:', //          22
  '    lget 0', //        23
  '    addi -1', //       24
  '    call fib', //      25
  '    lget 0', //        26
  '    addi -2', //       27
  '    call fib', //      28
  '    add', //           29
  '    ret 1', //         30
].join('\n');

/** Reads two lines, prints them in reverse order with the clock's parity between (input and clock are replayed). */
export const ECHO = [
  '.data',
  'a: .zero 16',
  'b: .zero 16',
  '.text',
  '    push a',
  '    push 16',
  '    ncall io.read_line',
  '    push b',
  '    push 16',
  '    ncall io.read_line',
  '    ncall sys.time_ms',
  '    pop',
  '    push b',
  '    swap',
  '    ncall io.print_str',
  '    push a',
  '    swap',
  '    ncall io.print_str',
  '    push 0',
  '    halt',
].join('\n');

/** A loop that never ends. */
export const FOREVER = 'loop:\n    push 1\n    pop\n    jmp loop\n';

/** A session on `source` (standard libraries, `input` as stdin, `gas` if limited), recording every message it sends. */
export function open(source: string, options: SessionOptions = {}, input = '', gas?: number): { session: DebugSession; target: ProgramTarget; messages: ServerMessage[]; send: (message: ClientMessage) => string | undefined } {
  const target = sourceTarget(source, input, gas);
  const session = new DebugSession(target, options);
  const messages: ServerMessage[] = [];
  session.subscribe((message) => messages.push(message));
  return { session, target, messages, send: (message) => session.dispatch(message) };
}

/** Waits (without a time limit of its own: the test runner has one) until a run stops. */
export async function settled(session: DebugSession): Promise<DebugState> {
  while (session.state().mode === 'running') await sleep(1);
  return session.state();
}
