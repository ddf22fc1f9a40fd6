/**
 * The `run.stack` sequencer: the kernels of a process form a stack. The last kernel attached runs;
 * when it ends it is popped and the one below resumes, until the stack is empty.
 */
import type { SVM, SVM_Kernel } from '../../plugin/api/index.js';
import { svm_kernel_get_state, svm_variable_delete, svm_variable_scope_set_global } from '../../plugin/api/index.js';

const RUNNABLE = new Set(['RUNNING', 'SUSPENDED', 'WAITING', 'DEBUG']);

/** The stack of one process's kernels (handles kept global while stacked). */
export class KernelStack {
  readonly kernels: SVM_Kernel[] = [];

  /** `attach`: pushes the kernel. */
  push(svm: SVM, kernel: SVM_Kernel): boolean {
    svm_variable_scope_set_global(svm, kernel);
    this.kernels.push(kernel);
    return true;
  }

  /** `current`: the top kernel, after popping the ones that ended. */
  top(svm: SVM): SVM_Kernel | null {
    while (this.kernels.length > 0 && !RUNNABLE.has(svm_kernel_get_state(svm, this.kernels[this.kernels.length - 1]))) {
      svm_variable_delete(svm, this.kernels.pop()!);
    }
    return this.kernels[this.kernels.length - 1] ?? null;
  }

  /** `print`: the stack's size. */
  print(): string {
    return `run.stack: ${this.kernels.length} kernel${this.kernels.length === 1 ? '' : 's'}`;
  }
}
