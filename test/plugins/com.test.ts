/** The com standard plugin: console and file devices, and their DEVICE interruptions. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCode } from './helpers.js';

const DEVICE = '.value d com.device\n.value line STR ""\n.value end BLN FALSE';

test('com: the console writes to the application output and reads the console input', async () => {
  const run = await runCode(`${DEVICE}
    :com.open CONSOLE -> @d
    :com.read @d -> @line
    :com.write @d "got " @line "\\n"
    :com.eof @d -> @end
    :com.print @end @d
    :com.read @d -> @line
    :com.eof @d -> @end
    :com.print @line @end
    push 0
    halt`, { input: ['first', 'second'] });
  assert.equal(run.output, 'got first\nFALSE console\nsecond TRUE\n');
});

test('com: files are written, appended to and read line by line or whole', async () => {
  const run = await runCode(`${DEVICE}
    :com.open FILE WRITE "out.txt" -> @d
    :com.write @d "a\\n" 42
    :com.close @d
    :com.open FILE APPEND "out.txt" -> @d
    :com.write @d "\\nb"
    :com.open FILE READ "out.txt" -> @d
    :com.read @d LINE -> @line
    :com.print @line
    :com.read @d ALL -> @line
    :com.print @line
    :com.eof @d -> @end
    :com.print @end
    push 0
    halt`, { files: { 'out.txt': 'old content' } });
  assert.equal(run.files.get('out.txt'), 'a\n42\nb');
  assert.equal(run.output, 'a\n42\nb\nTRUE\n');
});

test('com: misuse and host failures raise DEVICE interruptions', async () => {
  for (const [code, message] of [
    [':com.open FILE READ "missing.txt" -> @d', 'com.open: no file missing.txt'],
    [':com.open FILE WRITE "f" -> @d\n:com.read @d -> @line', 'com.read: file f (WRITE) is not open for reading'],
    [':com.open FILE READ "f" -> @d\n:com.write @d "x"', 'com.write: file f (READ) is not open for writing'],
    [':com.open CONSOLE -> @d\n:com.close @d\n:com.write @d "x"', 'com.write: console is closed'],
    [':com.open FILE READ "f" -> @d\n:com.read @d -> @line\n:com.read @d -> @line', 'com.read: file f (READ): nothing left to read (test com.eof first)'],
  ] as const) {
    const run = await runCode(`${DEVICE}\n${code}\npush 0\nhalt`, { files: { f: 'one line' } });
    assert.deepEqual(run.interruption, { kind: 'DEVICE', message }, code);
  }
});

test('com: open refuses a mode it does not know when the code is assembled', async () => {
  await assert.rejects(runCode(`${DEVICE}\n:com.open FILE DELETE "f" -> @d\nhalt`), /com\.open: argument 2: expected/);
});
