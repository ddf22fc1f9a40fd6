/**
 * Sequencers choose which kernel of a process runs. The default one runs the kernels in the order
 * they were attached; a plugin sequencer (`SEQUENCER p.name`) decides through its callbacks.
 */
import type { SVM_Parameter } from '../plugin/api/index.js';
import type { DefinedObject } from '../plugin/registry/index.js';
import type { CallbackHost } from './callbacks.js';
import { invokerOf } from './callbacks.js';
import type { Kernel } from './kernel.js';
import { membership } from './members.js';
import type { Process } from './process.js';

/** A sequencer of one process. */
export interface SequencerInstance {
  readonly name: string;
  attach(kernel: Kernel, argv: readonly SVM_Parameter[]): boolean;
  detach(kernel: Kernel, argv: readonly SVM_Parameter[]): boolean;
  /** The kernel to run now, or null when none. */
  current(): Kernel | null;
  print(): string;
  delete(): void;
}

/** The name of the default sequencer. */
export const DEFAULT_SEQUENCER = 'default';

/** The default sequencer: the first kernel that has not ended. */
export function defaultSequencer(): SequencerInstance {
  const kernels: Kernel[] = [];
  return {
    name: DEFAULT_SEQUENCER,
    ...membership(kernels),
    current: () => kernels.find((k) => !k.ended) ?? null,
    print: () => `default sequencer: ${kernels.map((k) => `kernel ${k.id} ${k.state}`).join(', ') || 'no kernel'}`,
    delete: () => undefined,
  };
}

type Callback<A extends unknown[], R> = (...args: A) => R;

/** A sequencer backed by the callbacks of a plugin's `SEQUENCER` object. */
export function pluginSequencer(object: DefinedObject, process: Process, host: CallbackHost): SequencerInstance {
  const name = object.declaration.name;
  const callback = <A extends unknown[], R>(suffix: string) => object.callbacks.get(suffix) as unknown as Callback<A, R>;
  const invoke = invokerOf(host, object);
  const handler = invoke(`sequencer ${name} create`, process, (svm) => callback<[unknown], unknown>('create')(svm));
  const attachOrDetach = (suffix: 'attach' | 'detach') => (kernel: Kernel, argv: readonly SVM_Parameter[]) =>
    invoke(`sequencer ${name} ${suffix}`, process, (svm, tools) =>
      callback<unknown[], unknown>(suffix)(svm, handler, tools.kernelHandle(kernel), argv.length, argv) === true);
  return {
    name,
    attach: attachOrDetach('attach'),
    detach: attachOrDetach('detach'),
    current: () => invoke(`sequencer ${name} current`, process, (svm, tools) =>
      tools.kernelOf(callback<unknown[], unknown>('current')(svm, handler), `the result of sequencer_${name.slice(name.indexOf('.') + 1)}_current`)),
    print: () => invoke(`sequencer ${name} print`, process, (svm) => String(callback<unknown[], unknown>('print')(svm, handler))),
    delete: () => invoke(`sequencer ${name} delete`, process, (svm) => void callback<unknown[], unknown>('delete')(svm, handler)),
  };
}
