/**
 * `exvm run app.toml`: boots the application the TOML file describes (plugins, processes) and runs
 * it. Exit codes: 0 when every process ended normally (ZOMBIE); 70 when a process was interrupted,
 * failed or could never finish (its report goes to stderr); 1 when the application cannot boot (a
 * one-line message naming the file and the key).
 */
import { dirname, isAbsolute, join } from 'node:path';
import { loadPluginFile } from '../plugin/node/load-file.js';
import { standardPlugins } from '../plugins/index.js';
import type { Runtime, RuntimeReport } from '../runtime/index.js';
import type { AppLoader } from '../runtime/app.js';
import { bootApplication } from '../runtime/app.js';
import { parseApplication } from '../runtime/app-config.js';
import { ErrorCode, ExvmError } from '../errors.js';
import { nodeComHost } from './app-com-host.js';
import { checkReadable, readRegularFile } from './app-files.js';
import { stdout } from './node-io.js';
import { nodeConsole } from './app-console.js';
import type { RunOptions } from './run.js';
import { CliFailure, ExitCode, toolLines } from './report.js';

/** Whether `file` names an application description rather than a program. */
export const isApplicationFile = (file: string): boolean => file.toLowerCase().endsWith('.toml');

/** The stderr lines of a run that did not end well: each process that did not end normally, stalls, deadlocks, warnings. */
export function reportLines(report: RuntimeReport): string[] {
  const lines = report.processes.flatMap((process) => {
    if (process.state === 'ZOMBIE') return [];
    const kernels = process.kernels.flatMap((kernel) => (kernel.report === null ? [] : kernel.report.split('\n')));
    return [`process ${process.name} ended ${process.state}`, ...kernels];
  });
  return toolLines([...lines, ...report.stalled, ...report.deadlocks, ...report.warnings.map((w) => `warning: ${w}`)].join('\n'));
}

/** Refuses the program options of `exvm run`: an application gives each process its code and limits in its file. */
function checkNoProgramOptions(args: readonly string[], options: RunOptions): void {
  const given = [
    ...(args.length > 0 ? ['program arguments'] : []), ...(options.gas === undefined ? [] : ['--gas']), ...(options.maxSteps === undefined ? [] : ['--max-steps']),
    ...(options.trace === true ? ['--trace'] : []), ...(options.lib.length > 0 ? ['--lib'] : []),
  ];
  if (given.length > 0) throw new ExvmError(ErrorCode.Usage, `an application (.toml) takes no ${given.join(', ')}: its file gives each process its code and limits`);
}

/** Runs the application `file` (`args` and `options` must be empty); returns 0 when every process ended normally. */
export async function runApplicationCommand(file: string, args: readonly string[], options: RunOptions): Promise<number> {
  checkNoProgramOptions(args, options);
  const description = parseApplication(new TextDecoder().decode(readRegularFile(file)), file);
  const folder = dirname(file);
  const located = (path: string): string => (isAbsolute(path) ? path : join(folder, path));
  const loader: AppLoader = {
    display: located,
    readFile: (path) => readRegularFile(located(path)),
    importPlugin: async (path) => {
      checkReadable(located(path)); // importing a FIFO or a device would never end
      return loadPluginFile(located(path));
    },
    standard: standardPlugins(nodeComHost(folder)),
  };
  const appConsole = nodeConsole();
  try {
    const runtime = await bootApplication(description, loader, { output: appConsole.output, input: appConsole.input, ...(options.tier === undefined ? {} : { tier: options.tier }) });
    const report = await untilDrained(runtime);
    stdout.check();
    if (report === null) throw new CliFailure(ExitCode.GuestFault, toolLines(stuckLines(runtime).join('\n')));
    if (!report.ok) throw new CliFailure(ExitCode.GuestFault, reportLines(report));
    return ExitCode.Ok;
  } finally {
    appConsole.close();
  }
}

/**
 * Runs the application; null when Node's event loop drained first. The runtime waits for WAITING
 * instructions' promises: one that never settles leaves nothing to run, and Node would exit (code
 * 13) without a word. `beforeExit` is the moment to report it instead.
 */
async function untilDrained(runtime: Runtime): Promise<RuntimeReport | null> {
  let drained: () => void = () => undefined;
  const stuck = new Promise<null>((resolve) => (drained = () => resolve(null)));
  process.once('beforeExit', drained);
  try {
    return await Promise.race([runtime.run(), stuck]);
  } finally {
    process.removeListener('beforeExit', drained);
  }
}

/** The lines of a run that stopped with processes waiting for what never comes. */
function stuckLines(runtime: Runtime): string[] {
  const waiting = runtime.processes.filter((p) => !p.ended).map((p) => `process ${p.name} is ${p.state} and nothing can make it run again (a WAITING instruction that never completes)`);
  return ['the run stopped: nothing can happen any more', ...waiting];
}
