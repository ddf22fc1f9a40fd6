/**
 * What the page shows of one machine (a process's kernel, a vCPU): its registers, stack, frames,
 * status and fault, for targets with several machines. Same layout as the program target's.
 */
import type { Machine } from '../machine/machine.js';
import { FRAME_WORDS } from '../machine/core.js';
import { statusName } from '../isa/status.js';
import type { FaultInfo } from '../isa/status.js';
import { showValue } from './listing.js';
import type { TargetState } from './target.js';

/** The parts of a state one machine gives. */
export type MachineView = Pick<TargetState, 'status' | 'fault' | 'registers' | 'stack' | 'frames'>;

/** `Status at pc N: message`. */
export function describeMachineFault(fault: FaultInfo): string {
  return `${statusName(fault.status)} at pc ${fault.pc}: ${fault.message}`;
}

/** The view of `machine`; `extra` registers go after the machine's own. */
export function machineView(machine: Machine, extra: readonly (readonly [string, string | number])[] = []): MachineView {
  const snapshot = machine.snapshot();
  const stack = Array.from(snapshot.stack, showValue);
  const depth = snapshot.frames.length / FRAME_WORDS;
  // A frame's values run from its own fp (the next frame's saved fp, or the current fp) to the next one's.
  const framePointer = (index: number): number => (index + 1 < depth ? snapshot.frames[(index + 1) * FRAME_WORDS + 1] : snapshot.fp);
  const frames = Array.from({ length: depth }, (_, index) => {
    const fp = framePointer(index);
    const end = index + 1 < depth ? framePointer(index + 1) : stack.length;
    return { returnPc: snapshot.frames[index * FRAME_WORDS], fp, values: stack.slice(fp, Math.max(fp, end)) };
  });
  const registers: (readonly [string, string | number])[] = [
    ['pc', snapshot.pc], ['fp', snapshot.fp], ['sp', snapshot.stack.length], ['depth', depth], ['gas left', snapshot.gas],
    ['interrupts', snapshot.interruptsEnabled ? 'enabled' : 'disabled'], ['exit code', snapshot.exitCode], ...extra,
  ];
  return {
    status: statusName(snapshot.status),
    fault: snapshot.fault ? describeMachineFault(snapshot.fault) : null,
    registers: registers.map(([name, value]) => ({ name, value: String(value) })),
    stack,
    frames,
  };
}
