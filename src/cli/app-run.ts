/**
 * `exvm run app.toml`: boots the application the TOML file describes (plugins, processes) and runs
 * it. Exit codes: 0 when every process ended normally (ZOMBIE); 70 when a process was interrupted,
 * failed or could never finish (its report goes to stderr); 1 when the application cannot boot (a
 * one-line message naming the file and the key).
 */
import { dirname, isAbsolute, join } from 'node:path';
import { loadPluginFile } from '../plugin/node/load-file.js';
import { standardPlugins } from '../plugins/index.js';
import type { RuntimeReport } from '../runtime/index.js';
import type { AppLoader } from '../runtime/app.js';
import { bootApplication } from '../runtime/app.js';
import { parseApplication } from '../runtime/app-config.js';
import { nodeComHost } from './app-com-host.js';
import { readInput, readText } from './files.js';
import { stdout } from './node-io.js';
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

/** Runs the application `file`; returns 0 when every process ended normally. */
export async function runApplicationCommand(file: string): Promise<number> {
  const description = parseApplication(readText(file), file);
  const folder = dirname(file);
  const located = (path: string): string => (isAbsolute(path) ? path : join(folder, path));
  const loader: AppLoader = {
    display: located,
    readFile: (path) => readInput(located(path)),
    importPlugin: (path) => loadPluginFile(located(path)),
    standard: standardPlugins(nodeComHost(folder)),
  };
  const runtime = await bootApplication(description, loader, { output: (text) => stdout.writeText(text) });
  const report = await runtime.run();
  stdout.check();
  if (!report.ok) throw new CliFailure(ExitCode.GuestFault, reportLines(report));
  return ExitCode.Ok;
}
