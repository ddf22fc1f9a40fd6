/**
 * The console of an application under `exvm run`: stdin read line by line without blocking the
 * other processes, every line kept (empty ones too), output flushed while the run waits, and the
 * runtime's input (`svm_machine_input`) reaching plugin modules.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { repoPath } from '../helpers/paths.js';
import { exvm, scratch } from '../cli/cli.js';

const PLUGINS = '[plugins.int]\n[plugins.com]\n[plugins.run]\n';
const process = (name: string): string => `[[process]]\nname = "${name}"\ncode = "${name}.exa"\n`;
const DEVICE = '.value d com.device\n.value s STR ""\n.value e BLN FALSE\n:com.open CONSOLE -> @d\n';

test('a process waiting for a console line lets the others run and their output shows before the line comes', async () => {
  const dir = scratch({
    'app.toml': `${PLUGINS}${process('reader')}${process('ticker')}`,
    'reader.exa': `${DEVICE}:com.read @d -> @s\n:com.print "got" @s\npush 0\nhalt`,
    'ticker.exa': ':com.print "tick"\npush 0\nhalt',
  });
  // The timeout only guards against a hang (a blocking read waits forever for the line never sent): the child is killed.
  const child = spawn(globalThis.process.execPath, [repoPath('dist', 'src', 'cli', 'main.js'), 'run', `${dir}/app.toml`], { stdio: 'pipe', timeout: 30_000 });
  let stdout = '';
  const ticked = new Promise<string>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (stdout === 'tick\n') resolve('ticked');
    });
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(await Promise.race([ticked, exited.then(() => 'exited')]), 'ticked', 'the ticker runs while the reader waits for its line');
  child.stdin.end('hello\n');
  assert.equal(await exited, 0);
  assert.equal(stdout, 'tick\ngot hello\n');
});

test('console lines are read one at a time and empty lines, the last ones too, are lines', () => {
  const dir = scratch({
    'app.toml': `${PLUGINS}${process('main')}`,
    'main.exa': `${DEVICE}:com.read @d -> @s\n:com.print "1:" @s\n:com.read @d -> @s\n:com.print "2:" @s\n:com.read @d -> @s\n:com.print "3:" @s\n:com.eof @d -> @e\n:com.print "eof" @e\npush 0\nhalt`,
  });
  const result = exvm(['run', `${dir}/app.toml`], ' a \n\n\n');
  assert.equal(result.stderr, '');
  assert.equal(result.stdout, '1:  a \n2: \n3: \neof TRUE\n');
  assert.equal(result.status, 0);
});

test('a plugin module reads the console input with svm_machine_input under exvm run', () => {
  const api = pathToFileURL(repoPath('dist', 'src', 'index.js')).href;
  const echo = `import { definePlugin, pluginApi as api } from ${JSON.stringify(api)};
export default definePlugin({
  configuration: 'PLUGIN echo\\nDEFINE\\n  WAITING INSTRUCTION echo.line -> STR',
  instruction_line: (svm) => api.svm_machine_input(svm).then((line) => api.svm_value_string_new(svm, line ?? '(end)')),
});
`;
  const dir = scratch({
    'app.toml': `${PLUGINS}[plugins.echo]\npath = "echo.mjs"\n${process('main')}`,
    'echo.mjs': echo,
    'main.exa': '.value s STR ""\n:echo.line -> @s\n:com.print @s\n:echo.line -> @s\n:com.print @s\npush 0\nhalt',
  });
  const result = exvm(['run', `${dir}/app.toml`], 'first line\n');
  assert.equal(result.stderr, '');
  assert.equal(result.stdout, 'first line\n(end)\n');
  assert.equal(result.status, 0);
});
