// A custom scheduler: batch.fifo runs its processes one at a time, each to its end, in the order
// they were attached (a process that waits keeps the machine: nobody else runs meanwhile).
import { definePlugin, pluginApi as api } from 'exvm';

const ENDED = ['ZOMBIE', 'INTERRUPTED', 'ERROR'];

/** Starts the next process when none is running. */
function next(svm, batch) {
  if (batch.running !== null || batch.queue.length === 0) return;
  batch.running = batch.queue.shift();
  api.svm_process_run__raw(svm, batch.processes.get(batch.running), 0);
}

export default definePlugin({
  configuration: `PLUGIN batch
DEFINE
  SCHEDULER batch.fifo`,
  scheduler_fifo_create: () => ({ queue: [], running: null, processes: new Map() }),
  scheduler_fifo_delete: () => undefined,
  scheduler_fifo_attach: (svm, batch, process) => {
    const name = api.svm_process_get_name(svm, process);
    api.svm_variable_scope_set_global(svm, process); // process handles live only during a callback otherwise
    batch.processes.set(name, process);
    batch.queue.push(name);
    return true;
  },
  scheduler_fifo_detach: () => false,
  scheduler_fifo_schedule: (svm, batch, process, state) => {
    const name = api.svm_process_get_name(svm, process);
    if (name === batch.running && state === 'SUSPENDED') api.svm_process_run__raw(svm, batch.processes.get(name), 0);
    if (name === batch.running && ENDED.includes(state)) batch.running = null;
    next(svm, batch);
    return 0;
  },
  scheduler_fifo_print: (svm, batch) => `batch.fifo: running ${batch.running ?? 'nothing'}; queued ${batch.queue.join(', ') || 'none'}`,
});
