/**
 * Runs the kernels of a process for one turn: machine slices, plugin calls at `hcall` sites,
 * quotas, and interruptions (machine faults included) delivered to the guest's handlers or ending
 * the kernel with a state report.
 */
import type { InstructionCallback, SVM_Value } from '../plugin/api/index.js';
import type { InstructionDeclaration } from '../plugin/config/index.js';
import { entryOf, matchArguments } from '../plugin/config/index.js';
import { Status, isFault } from '../isa/status.js';
import { errorReason } from '../messages.js';
import { describeParameter } from './api-backend.js';
import type { HandleTarget, RuntimeParameter } from './handles.js';
import { isLive } from './handles.js';
import type { Interruption } from './interruptions.js';
import { FAULT_INTERRUPTIONS, InterruptionSignal, interrupt } from './interruptions.js';
import type { Kernel } from './kernel.js';
import type { CallSite, ResultTarget } from './kernel-code.js';
import type { Process } from './process.js';
import { kernelStateReport } from './report.js';
import { resultMismatch } from './results.js';
import type { Runtime } from './runtime.js';
import type { RuntimeValue } from './values.js';
import { copyValue, deleteValue } from './values.js';

/** The machine's integers are 32-bit: the range an INT result pushed with `-> %` must fit. */
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

type InstructionSite = Extract<CallSite, { kind: 'instruction' }>;

/** The interruption a thrown error stands for: its own, or FAILURE for a plugin that threw. */
function asInterruption(error: unknown, where: string): Interruption {
  if (error instanceof InterruptionSignal) return error.interruption;
  return { kind: 'FAILURE', message: `${where} threw: ${errorReason(error)}` };
}

/** Runs turns of processes for a runtime. */
export class KernelRunner {
  /** The process whose turn it is, if any. */
  currentProcess: Process | null = null;
  /** The kernel running now, if any. */
  currentKernel: Kernel | null = null;

  constructor(readonly runtime: Runtime) {}

  /** Runs `process` for up to `budget` instructions (default: one slice; a debugger steps with 1). */
  turn(process: Process, budget = this.runtime.slice): void {
    this.currentProcess = process;
    try {
      while (budget > 0 && process.state === 'RUNNING' && !process.suspendRequested) {
        let kernel: Kernel | null;
        try {
          kernel = process.sequencer.current();
        } catch (error) {
          this.runtime.fail(process, `sequencer ${process.sequencer.name} failed: ${errorReason(error)}`);
          return;
        }
        if (kernel !== null && kernel.process !== process) {
          this.runtime.fail(process, `sequencer ${process.sequencer.name} chose kernel ${kernel.id}, which belongs to process ${kernel.process.name}`);
          return;
        }
        if (kernel === null || kernel.ended) {
          this.runtime.finish(process);
          return;
        }
        this.currentKernel = kernel;
        kernel.state = 'RUNNING';
        budget -= this.#slice(kernel, budget);
        if (kernel.ended) this.runtime.releaseMemory(kernel);
      }
    } finally {
      this.currentProcess = null;
      this.currentKernel = null;
    }
    if (process.kernels.every((k) => k.ended)) this.runtime.finish(process);
    else if (process.suspendRequested && process.state === 'RUNNING') {
      process.suspendRequested = false;
      this.runtime.setState(process, 'SUSPENDED');
    }
  }

  /** Runs `kernel` for at most `budget` instructions; returns how many ran. */
  #slice(kernel: Kernel, budget: number): number {
    const machine = kernel.machine;
    const quota = kernel.access.instructions;
    if (quota !== null && machine.instructionsExecuted >= quota) {
      this.#end(kernel, { kind: 'SECURITY', message: `instruction quota exceeded: the kernel may execute ${quota} instructions` }, machine.pc);
      return 0;
    }
    for (const interruption of kernel.process.pendingInterruptions.splice(0)) this.deliver(kernel, interruption, machine.pc);
    if (kernel.ended) return 1;
    const before = machine.instructionsExecuted;
    const status = machine.run(quota === null ? budget : Math.min(budget, quota - before));
    const ran = machine.instructionsExecuted - before;
    this.runtime.clock.executed(ran);
    if (status === Status.Halted) kernel.state = 'ZOMBIE';
    else if (status === Status.Hypercall) this.#hypercall(kernel);
    else if (isFault(status)) {
      const fault = machine.fault!;
      this.deliver(kernel, { kind: FAULT_INTERRUPTIONS[status], message: fault.message }, fault.pc + 1, fault.pc);
    } else if (status === Status.Waiting) {
      // wfi found no pending interrupt, and nothing else raises a kernel machine's interrupts: it would wait forever
      this.deliver(kernel, { kind: 'PROCESSOR', message: 'wfi: no machine interrupt can arrive in a kernel (wait with a WAITING instruction)' }, machine.pc, machine.pc - 1);
    }
    return Math.max(ran, 1); // a breakpoint (brk) is passed over: no debugger is attached
  }

  #hypercall(kernel: Kernel): void {
    const machine = kernel.machine;
    const site = kernel.code.sites[machine.hypercallNumber];
    const resume = machine.pc;
    try {
      if (site === undefined) interrupt('PROCESSOR', `hcall ${machine.hypercallNumber} is not a plugin call of this code`);
      if (site.kind === 'handler') {
        if (site.clear) kernel.clearHandler(site.interruption, site.level);
        else {
          const address = machine.pop();
          if (address === undefined) interrupt('PROCESSOR', ':interruption found no handler address on the stack');
          if (!Number.isInteger(address) || address < 0 || address >= machine.program.code.length / 5) interrupt('PROCESSOR', `:interruption handler address ${address} is outside the code`);
          kernel.setHandler(site.interruption, site.level, address);
        }
        return;
      }
      this.#callInstruction(kernel, site, resume);
    } catch (error) {
      this.deliver(kernel, asInterruption(error, site?.kind === 'instruction' ? `instruction ${site.object.declaration.name}` : 'hcall'), resume);
    }
  }

  /** The call's arguments, popping `%` ones from the machine stack (the last `%` is the top). */
  #parameters(kernel: Kernel, site: InstructionSite, temporaries: RuntimeValue[]): RuntimeParameter[] {
    const name = site.object.declaration.name;
    const pops = site.args.filter((a) => a.kind === 'pop').length;
    const popped: number[] = [];
    for (let i = 0; i < pops; i++) {
      const value = kernel.machine.pop();
      if (value === undefined) interrupt('PROCESSOR', `${name}: the machine stack holds ${i} of the ${pops} values '%' takes`);
      popped.unshift(value);
    }
    return site.args.map((arg): RuntimeParameter => {
      switch (arg.kind) {
        case 'constant':
          return { kind: 'value', value: { type: arg.type, data: arg.value }, mutable: false };
        case 'pluginConstant': {
          const value: RuntimeValue = { type: arg.type, data: this.runtime.types.constant(arg.type, arg.text) };
          temporaries.push(value);
          return { kind: 'value', value, mutable: false };
        }
        case 'cell':
          return { kind: 'value', value: kernel.read(arg.address), mutable: true };
        case 'pop':
          return { kind: 'value', value: { type: 'INT', data: Math.trunc(popped.shift()!) }, mutable: false };
        case 'marker':
        case 'keyword':
          return { kind: arg.kind, text: arg.text };
      }
    });
  }

  #callInstruction(kernel: Kernel, site: InstructionSite, resume: number): void {
    const declaration = site.object.declaration as InstructionDeclaration;
    const name = declaration.name;
    if (declaration.flags.system && kernel.access.protectedMode) interrupt('SECURITY', `${name} is a SYSTEM instruction: refused in protected mode`);
    const temporaries: RuntimeValue[] = [];
    const dropTemporaries = (): void => temporaries.forEach((value) => deleteValue(value, this.runtime.types));
    let parameters: RuntimeParameter[];
    try {
      parameters = this.#parameters(kernel, site, temporaries);
    } catch (error) {
      dropTemporaries();
      throw error;
    }
    const match = matchArguments(site.object.compiled!, parameters.map(describeParameter));
    if (!match.ok) {
      dropTemporaries();
      interrupt('PROCESSOR', `${name}: ${match.message}`);
    }
    const callback = site.object.callbacks.get('call') as unknown as InstructionCallback;
    const where = `instruction_${entryOf(name)} (plugin ${site.object.plugin.name})`;
    let outcome: RuntimeValue | null | Promise<RuntimeValue | null>;
    try {
      outcome = this.runtime.invoke(`instruction ${name}`, kernel.process, kernel, (svm, tools) => {
        const argv = parameters.map((p) => tools.parameterHandle(p));
        const result = callback(svm, argv.length, argv);
        if (result instanceof Promise) {
          if (!declaration.flags.waiting) {
            result.catch(() => undefined); // nothing can await it: the call fails below
            interrupt('FAILURE', `${name} is not a WAITING instruction: ${where} cannot wait (return a value, not a promise)`);
          }
          return result.then((value) => this.#adopt(declaration, value));
        }
        return this.#adopt(declaration, result);
      }, site.object.plugin);
    } catch (error) {
      dropTemporaries();
      throw error instanceof InterruptionSignal ? error : new InterruptionSignal(asInterruption(error, where));
    }
    if (!(outcome instanceof Promise)) {
      dropTemporaries();
      this.#store(kernel, site.result, outcome);
      return;
    }
    const process = kernel.process;
    kernel.state = 'WAITING';
    this.runtime.setState(process, 'WAITING');
    const done = this.runtime.beginWait();
    outcome
      .then(
        (value) => this.#withKernel(kernel, () => {
          if (!kernel.ended) this.#store(kernel, site.result, value);
          else if (value !== null) deleteValue(value, this.runtime.types); // terminated meanwhile: nowhere to store it
        }),
        (error: unknown) => this.deliver(kernel, asInterruption(error, where), resume),
      )
      .catch((error: unknown) => this.deliver(kernel, asInterruption(error, where), resume))
      .finally(() => {
        dropTemporaries();
        if (!kernel.ended) kernel.state = 'SUSPENDED';
        if (process.state === 'WAITING') this.runtime.setState(process, process.kernels.every((k) => k.ended) ? process.state : 'SUSPENDED');
        else if (process.state === 'LOCKED' && process.stateBeforeLock === 'WAITING') process.stateBeforeLock = 'SUSPENDED'; // runnable once unlocked
        if (process.kernels.every((k) => k.ended)) this.runtime.finish(process);
        done();
      });
  }

  #withKernel(kernel: Kernel, run: () => void): void {
    try {
      run();
    } catch (error) {
      this.deliver(kernel, asInterruption(error, 'storing the result'), kernel.machine.pc);
    }
  }

  /** Takes the value an instruction callback returned: checks it against the declaration and takes it over. */
  #adopt(declaration: InstructionDeclaration, result: SVM_Value | null | void): RuntimeValue | null {
    const name = declaration.name;
    const entry = result === null || result === undefined ? null : this.runtime.handles.entry(result);
    if (entry !== null && (!isLive(entry) || entry.target.kind !== 'value')) interrupt('FAILURE', `${name} returned something that is not a live value`);
    const mismatch = resultMismatch(name, declaration.returns, entry === null ? null : entry.target as Extract<HandleTarget, { kind: 'value' }>);
    if (mismatch !== null) interrupt('FAILURE', mismatch);
    if (entry === null) return null;
    const value = (entry.target as Extract<HandleTarget, { kind: 'value' }>).value;
    if (!entry.owned) return copyValue(value, this.runtime.types);
    entry.owned = false; // the kernel takes it over
    return value;
  }

  /** Puts a call's result where the guest asked (or deletes it). */
  #store(kernel: Kernel, target: ResultTarget | null, value: RuntimeValue | null): void {
    if (value === null) {
      if (target !== null) interrupt('FAILURE', 'the instruction returned no value to store');
      return;
    }
    if (target === null) return deleteValue(value, this.runtime.types);
    if (target.kind === 'cell') {
      try {
        kernel.write(target.address, value, this.runtime.types);
      } catch (error) {
        deleteValue(value, this.runtime.types);
        throw error;
      }
      return;
    }
    if (value.type !== 'INT' && value.type !== 'BLN') {
      deleteValue(value, this.runtime.types);
      interrupt('PROCESSOR', `a ${value.type} value cannot go on the machine stack ('-> %' takes INT and BLN results)`);
    }
    const word = value.type === 'BLN' ? (value.data === true ? 1 : 0) : (value.data as number);
    if ((word | 0) !== word) interrupt('NUMERIC', `the INT result ${word} does not fit a machine word: '-> %' takes ${INT32_MIN} to ${INT32_MAX}`);
    if (!kernel.machine.push(word)) interrupt('MEMORY', 'the machine stack is full');
  }

  /**
   * Delivers an interruption to `kernel`: to its handler (LOCAL, CASCADE, then GLOBAL), which runs
   * like an interrupt handler (`iret` returns to `resumePc`), else the kernel ends INTERRUPTED with
   * a state report. `pc` is where it happened, for the report.
   */
  deliver(kernel: Kernel, interruption: Interruption, resumePc: number, pc = resumePc): void {
    if (kernel.ended) return;
    const handler = kernel.findHandler(interruption.kind);
    if (handler !== undefined && this.#enterHandler(kernel, handler.address, resumePc)) {
      kernel.lastInterruption = interruption;
      return;
    }
    this.#end(kernel, interruption, pc);
  }

  #enterHandler(kernel: Kernel, address: number, resumePc: number): boolean {
    const machine = kernel.machine;
    const snapshot = machine.snapshot();
    const frames = new Int32Array(snapshot.frames.length + 3);
    frames.set(snapshot.frames);
    frames.set([resumePc, snapshot.fp, snapshot.stack.length], snapshot.frames.length);
    try {
      machine.restore({ ...snapshot, status: Status.Ok, fault: undefined, pc: address, fp: snapshot.stack.length, frames, interruptsEnabled: false });
      return true;
    } catch {
      return false; // no room for the handler's frame: the interruption is unhandled
    }
  }

  #end(kernel: Kernel, interruption: Interruption, pc: number): void {
    kernel.state = 'INTERRUPTED';
    kernel.interruption = interruption;
    kernel.report = kernelStateReport(kernel, interruption, pc, this.runtime.types);
  }
}
