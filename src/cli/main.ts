#!/usr/bin/env node
/**
 * The `exvm` executable. Every outcome becomes an exit code and, for problems, `exvm:`-prefixed
 * lines on stderr; no stack trace ever reaches the user.
 */
import { CommanderError } from 'commander';
import { exvmCommand } from './commands.js';
import { stderr, stdout } from './node-io.js';
import { ExitCode, describeError } from './report.js';

/** Commander's exit codes for help and version requests, which are not errors. */
const SUCCESSFUL_COMMANDER_CODES = new Set(['commander.helpDisplayed', 'commander.version']);

/** Runs the command line `argv` (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  try {
    await exvmCommand((code) => (exitCode = code)).parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (through `outputError`).
      exitCode = SUCCESSFUL_COMMANDER_CODES.has(error.code) ? ExitCode.Ok : ExitCode.Usage;
    } else {
      const failure = describeError(error);
      for (const line of failure.lines) stderr.writeText(`exvm: ${line}\n`);
      exitCode = failure.exitCode;
    }
  } finally {
    stdout.flush();
    stderr.flush();
  }
  return exitCode;
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  // Only a failure of the reporting itself lands here.
  process.stderr.write(`exvm: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  return ExitCode.BadInput;
});
