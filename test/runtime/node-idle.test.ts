/**
 * The Node idle watch: in a Node process whose event loop empties while a WAITING instruction is
 * still pending, the run ends with the process reported stalled (instead of Node exiting silently).
 * Run in a child process: the test runner itself fails a test whose event loop empties.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { repoPath } from '../helpers/paths.js';

const url = (path: string): string => pathToFileURL(repoPath('dist', 'src', path)).href;

const script = `
import { PluginRegistry } from '${url('plugin/registry/index.js')}';
import { Runtime } from '${url('runtime/index.js')}';
import { nodeIdleWatch } from '${url('runtime/node/idle.js')}';
const registry = new PluginRegistry();
registry.add({ configuration: 'PLUGIN nv\\nDEFINE\\n  WAITING INSTRUCTION nv.wait', instruction_wait: () => new Promise(() => undefined) });
const runtime = new Runtime(registry.boot(), { idleWatch: nodeIdleWatch });
runtime.addProcess({ name: 'stuck', code: ':nv.wait\\npush 0\\nhalt' });
const report = await runtime.run();
console.log(JSON.stringify(report.stalled));
`;

test('nodeIdleWatch: an empty event loop ends the run and the waiting process is reported stalled', () => {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.deepEqual(JSON.parse(child.stdout), ['process stuck is WAITING in a WAITING instruction nothing can settle and nothing can make it run again']);
});
