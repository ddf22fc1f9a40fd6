/**
 * What the page shows of one machine (a program's, a process's kernel, a vCPU): its registers,
 * stack, frames, status and fault. Every target lays a machine out this way.
 */
import type { Machine } from '../machine/machine.js';
import type { MachineRegisters } from '../machine/snapshot.js';
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

/** How a target adjusts the view of its machine. */
export interface MachineViewOptions {
  /** The machine's registers when the caller has read them already (they are read otherwise). */
  readonly registers?: MachineRegisters;
  /** What to show as gas left instead of the number (e.g. 'unlimited'). */
  readonly gasLeft?: string;
}

/** The view of `machine`; `extra` registers go after the machine's own. */
export function machineView(machine: Machine, extra: readonly (readonly [string, string | number])[] = [], options: MachineViewOptions = {}): MachineView {
  // The registers only: the memory is not part of the view, and copying it on every push is costly.
  const snapshot = options.registers ?? machine.registers();
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
    ['pc', snapshot.pc], ['fp', snapshot.fp], ['sp', snapshot.stack.length], ['depth', depth], ['gas left', options.gasLeft ?? snapshot.gas],
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
