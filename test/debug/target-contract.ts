/**
 * What every DebugTarget must do for the session to be right, as reusable checks: application and
 * VM targets run the same checks (`checkTargetContract(() => new TheirTarget(...))`).
 */
import assert from 'node:assert/strict';
import type { DebugTarget, TargetState } from '../../src/debug/target.js';

/** The target's state and the bytes at the start of its memory: what "the same moment" means. */
function moment(target: DebugTarget): { state: TargetState; memory: number[] } {
  return { state: target.state(), memory: Array.from(target.readMemory(0, 256)) };
}

/**
 * Steps a fresh target up to `steps` times and checks: time counts instructions; rewinding to a
 * checkpoint and advancing gives exactly the moment recorded then (state, memory, console);
 * restart goes back to time 0 and the first moment.
 */
export function checkTargetContract(make: () => DebugTarget, steps = 60): void {
  const target = make();
  const first = moment(target);
  assert.equal(target.time(), 0, 'a new target is at time 0');
  assert.ok(first.state.contexts.some((context) => context.id === first.state.focus), 'the focused context is one of the contexts');
  for (const context of first.state.contexts) assert.ok(target.focus(context.id), `context ${context.id} can be focused`);
  assert.ok(target.focus(first.state.focus));
  const checkpoint = target.checkpoint();
  const moments = [first];
  for (let i = 0; i < steps && !target.ended(); i++) {
    const before = target.time();
    const outcome = target.step();
    assert.equal(target.time(), before + 1, 'a step executes one instruction');
    assert.equal(outcome.ended, target.ended(), 'a step says whether the target ended');
    moments.push(moment(target));
  }
  for (let time = moments.length - 1; time >= 0; time--) {
    target.rewind(checkpoint);
    target.advance(time);
    assert.equal(target.time(), time, `advance(${time}) reaches time ${time}`);
    assert.deepEqual(moment(target), moments[time], `the moment at time ${time} is exactly the same again`);
  }
  target.restart();
  assert.equal(target.time(), 0, 'restart goes back to time 0');
  assert.deepEqual(moment(target), first, 'restart gives the first moment again');
  assert.ok(target.info.instructions.every((instruction, pc) => instruction.pc === pc), 'the listing has one entry per pc, in order');
}
