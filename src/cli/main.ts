#!/usr/bin/env node
/**
 * The `exvm` executable. Every outcome becomes an exit code and, for problems, lines on stderr
 * (see report.ts); no stack trace ever reaches the user.
 */
import { CommanderError } from 'commander';
import { exvmCommand } from './commands.js';
import { stderr, stdout } from './node-io.js';
import type { CliFailure } from './report.js';
import { ExitCode, describeError } from './report.js';

/** Parses `argv` and runs the command it names; returns the command's exit code. */
async function parse(argv: readonly string[]): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  try {
    await exvmCommand((code) => (exitCode = code)).parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // Commander has already printed its message (through `outputError`); help and version exit 0.
    exitCode = error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
  }
  return exitCode;
}

/** Runs the command line `argv` (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  let failure: CliFailure | undefined;
  try {
    exitCode = await parse(argv);
  } catch (error) {
    failure = describeError(error);
  }
  try {
    stdout.flush(); // before any report, so the output made so far comes first
  } catch (error) {
    failure ??= describeError(error);
  }
  if (failure) exitCode = failure.exitCode;
  try {
    for (const line of failure?.lines ?? []) stderr.writeText(`${line}\n`);
    stderr.flush();
  } catch {
    // stderr itself is closed or full: there is nowhere left to report anything.
  }
  return exitCode;
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  // Only a failure of the reporting itself lands here.
  process.stderr.write(`exvm: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  return ExitCode.BadInput;
});
