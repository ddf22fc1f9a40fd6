/**
 * Machines nested by a native, as the connector's nested calls do: the guest recurses, then a
 * native builds and runs another machine on the same program, and so on. Run as a worker thread
 * (see stack.test.ts), it runs `runNested` with its workerData and posts the outcome.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Program } from '../../../src/image/program.js';
import { Status, statusName } from '../../../src/isa/status.js';
import type { TierName } from '../../../src/machine/compiled/tier.js';
import { Machine } from '../../../src/machine/machine.js';
import type { NativeLibrary } from '../../../src/machine/natives.js';
import { frame, ins, program } from '../harness.js';

/** How the outermost machine ended, and the first nested failure ('' when none). */
export interface NestedOutcome {
  readonly status: string;
  readonly exitCode: number;
  readonly failure: string;
}

/** f(n) = n ? f(n - 1) : nest(), called with `recursion`: the native runs at guest call depth `recursion + 1`. */
function nestingProgram(recursion: number): Program {
  return program([
    ins('push', recursion), ins('call', 3), ins('halt'),
    ins('enter', frame(1, 0)), ins('lget', 0), ins('jnz', 8), ins('ncall', 0), ins('ret', 1),
    ins('lget', 0), ins('addi', -1), ins('call', 3), ins('ret', 1),
  ], { imports: [{ index: 0, name: 'x', functions: [{ index: 0, name: 'nest' }] }] });
}

/**
 * Runs `nestingProgram(recursion)` on `tier` with `levels` machines nested through the native
 * `nest` (each runs a new machine on the same program and pushes its exit code + 1); returns the
 * outermost machine's status and exit code, and the first nested failure.
 */
export function runNested(tier: TierName, recursion: number, levels: number): NestedOutcome {
  const p = nestingProgram(recursion);
  const options = { tier, hotThreshold: 1, maxCallDepth: 1024, stackSize: 4096 };
  let level = 0;
  let failure = '';
  const libraries: NativeLibrary[] = [{ name: 'x', functions: [{ name: 'nest', fn: (context) => {
    if (level >= levels) {
      context.pushInt(1);
      return;
    }
    level++;
    const nested = new Machine(p, { ...options, libraries });
    const status = nested.run();
    level--;
    if (status !== Status.Halted) {
      failure ||= `level ${level + 1}: ${nested.fault?.message.slice(-120) ?? String(status)}`;
      context.fail('nested machine failed');
    }
    context.pushInt(nested.exitCode + 1);
  } }] }];
  const machine = new Machine(p, { ...options, libraries });
  machine.run();
  return { status: statusName(machine.status), exitCode: machine.exitCode, failure };
}

if (!isMainThread && parentPort !== null) {
  const { tier, recursion, levels } = workerData as { tier: TierName; recursion: number; levels: number };
  parentPort.postMessage(runNested(tier, recursion, levels));
}
