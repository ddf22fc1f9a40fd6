/** End to end in real headless Chromium: the static playground assembles, shows errors inline, runs and shares. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Site } from './browser.js';
import { browserMissing, openSite, screenshot } from './browser.js';
import { sendStatic } from '../../src/debug/node/static-files.js';
import { repoPath } from '../helpers/paths.js';

const skip = browserMissing();
let site: Site;

before(async () => {
  if (skip !== undefined) return;
  // Any static file server will do: the playground needs nothing but the built files.
  site = await openSite((request, response) => sendStatic(response, repoPath('web', 'dist'), new URL(request.url ?? '/', 'http://x').pathname));
});

after(async () => {
  if (skip !== undefined) return;
  await site.close();
});

test('the playground shows assembly errors inline', { skip }, async () => {
  const page = await site.browser.page();
  await page.goto(`${site.origin}/`);
  await page.locator('#disassembly .row').first().waitFor();
  await page.locator('#editor').fill('main:\n    push 1\n    frobnicate 2\n    halt\n');
  await page.locator('#assemble').click();
  const diagnostic = page.locator('#source .diagnostic');
  await diagnostic.waitFor();
  assert.match(await diagnostic.innerText(), /^3:5: unknown instruction 'frobnicate'/);
  assert.equal(await page.locator('#source .row.has-error').getAttribute('data-line'), '3');
  assert.ok(await page.locator('#error').isVisible());
  await screenshot(page, 'playground-error');
});

test('the playground runs a program, and shares it through the URL', { skip }, async () => {
  const page = await site.browser.page();
  await page.goto(`${site.origin}/`);
  await page.locator('#editor').fill('main:\n    push 6\n    push 7\n    mul\n    ncall io.print_int\n    push 0\n    halt\n');
  await page.keyboard.press('Control+Enter');
  await page.locator('#source [data-line="4"]').waitFor();
  await page.locator('#continue').click();
  await page.locator('#status', { hasText: 'ENDED' }).waitFor();
  assert.equal(await page.locator('#console').innerText(), '42');
  await page.locator('#share').click();
  await page.locator('#share-link').waitFor(); // visible once the link is made
  const link = await page.locator('#share-link').inputValue();
  assert.match(link, /#src=[A-Za-z0-9_-]+$/);
  await page.goto('about:blank');
  await page.goto(link);
  await page.locator('#source [data-line="4"]').waitFor();
  assert.match(await page.locator('#editor').inputValue(), /push 7\n {4}mul/);
  await screenshot(page, 'playground-shared');
});

test('the playground example: a watchpoint set from the page stops the run and the memory view highlights the change', { skip }, async () => {
  const page = await site.browser.page();
  await page.goto(`${site.origin}/`);
  await page.locator('#disassembly .row').first().waitFor();
  await page.locator('#watch-address').fill('0x0');
  await page.locator('#watch-length').fill('4');
  await page.locator('#watch-form button').click();
  await page.locator('#watchpoints li').waitFor();
  await page.keyboard.press('F5');
  await page.locator('#status', { hasText: 'watchpoint 0x0..0x4 changed' }).waitFor();
  assert.deepEqual(await page.locator('#memory .changed').allTextContents(), ['37']); // fib(10) = 55 = 0x37
  assert.equal(await page.locator('#source .row.current .text').innerText(), '    ncall io.print_int');
  await screenshot(page, 'playground-watchpoint');
});

test('a run that never ends keeps the page responsive, and Pause (F6) stops it', { skip }, async () => {
  const page = await site.browser.page();
  await page.goto(`${site.origin}/`);
  await page.locator('#editor').fill('loop:\n    push 1\n    pop\n    jmp loop\n');
  await page.locator('#assemble').click();
  await page.locator('#source [data-line="4"]').waitFor();
  await page.keyboard.press('F5');
  await page.locator('#status', { hasText: 'RUNNING' }).waitFor();
  assert.ok(await page.locator('#pause').isEnabled());
  assert.ok(await page.locator('#restart').isDisabled(), 'restart is refused while running, so it is disabled');
  assert.doesNotMatch(await page.locator('#status').innerText(), /RUNNING running/);
  await page.keyboard.press('F6');
  await page.locator('#status', { hasText: 'PAUSED paused' }).waitFor();
  const time = Number(/time (\d+)/.exec(await page.locator('#status').innerText())?.[1]);
  assert.ok(time > 0);
  await screenshot(page, 'playground-paused');
});

test('target views are drawn as tables: the interrupt vectors', { skip }, async () => {
  const page = await site.browser.page();
  await page.goto(`${site.origin}/`);
  await page.locator('#editor').fill('    push handler\n    setvec 3\n    push 0\n    halt\nhandler:\n    iret\n');
  await page.locator('#assemble').click();
  await page.locator('#source [data-line="6"]').waitFor();
  assert.equal(await page.locator('#views table').count(), 0);
  await page.keyboard.press('F11');
  await page.keyboard.press('F11');
  await page.locator('#views h2', { hasText: 'Interrupt vectors' }).waitFor();
  assert.deepEqual(await page.locator('#views td').allTextContents(), ['3', 'pc 4', '']);
});

/** The hash the page would make for `source` (deflate-raw, base64url), made here with Node's zlib. */
async function hashOf(source: string): Promise<string> {
  const { deflateRawSync } = await import('node:zlib');
  return `#src=${deflateRawSync(Buffer.from(source)).toString('base64url')}`;
}

test('a huge shared program shows a window of its listing; a link that inflates past the limit is refused', { skip }, async () => {
  const page = await site.browser.page();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('about:blank'); // a hash change alone does not load the page again
  await page.goto(`${site.origin}/${await hashOf('    nop\n'.repeat(120_000) + '    halt\n')}`);
  const more = page.locator('#disassembly .more');
  await more.waitFor();
  assert.equal(await page.locator('#disassembly .row').count(), 2000, 'only a window of the 120,001 instructions is in the page');
  assert.match(await more.innerText(), /118001 more rows below/);
  await more.click();
  await page.locator('#disassembly .row[data-pc="3000"]').waitFor();
  assert.deepEqual(errors, []);

  await page.goto('about:blank');
  await page.goto(`${site.origin}/${await hashOf('    nop\n'.repeat(300_000))}`);
  await page.locator('#error', { hasText: 'larger than 1 MiB' }).waitFor();
  assert.deepEqual(errors, []);
});
