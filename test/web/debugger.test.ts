/**
 * End to end in real headless Chromium: `exvm debug` serves the page; a browser sets a breakpoint,
 * continues, reads the stack, steps back and reads it again; a second browser, invited by the first
 * (the printed URL works once), sees the same state.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Browser } from './browser.js';
import { browserMissing, launchBrowser, screenshot } from './browser.js';
import type { DebugProcess } from './debug-process.js';
import { startDebug } from './debug-process.js';

const skip = browserMissing();
let debug: DebugProcess;
let first: Browser;
let second: Browser;

before(async () => {
  if (skip !== undefined) return;
  debug = await startDebug(['examples/fib.exa']);
  first = await launchBrowser();
  second = await launchBrowser();
});

after(async () => {
  if (skip !== undefined) return;
  await Promise.all([first.close(), second.close()]);
  assert.equal(await debug.stop(), 0);
});

/** The stack as the page shows it, top first. */
const stackShown = (page: Page): Promise<string[]> => page.locator('#stack li').allTextContents();
const statusShown = (page: Page): Promise<string> => page.locator('#status').innerText();

test('the page refuses requests without the token', { skip }, async () => {
  const page = await first.page();
  const refused = await page.goto(debug.origin);
  assert.equal(refused?.status(), 403);
  assert.match(await page.locator('body').innerText(), /token/);
});

test('breakpoint, continue, the stack, step back, the stack again; a second browser sees the same', { skip }, async () => {
  const page = await first.page();
  await page.goto(debug.url);
  await page.locator('#source [data-line="47"]').waitFor();
  assert.match(await statusShown(page), /PAUSED start/);
  // Line 47 is `add` in fib: its first hit adds fib(1) and fib(0).
  await page.locator('#source [data-line="47"] .gutter').click();
  await page.locator('#source [data-line="47"].bp').waitFor();
  await page.keyboard.press('F5');
  await page.locator('#status', { hasText: 'breakpoint at pc' }).waitFor();
  assert.deepEqual((await stackShown(page)).slice(0, 2), ['0', '1']);
  assert.equal(await page.locator('#source .row.current').getAttribute('data-line'), '47');
  await screenshot(page, 'debugger-breakpoint');

  await page.locator('#step').click();
  await page.locator('#status', { hasText: 'step ·' }).waitFor();
  assert.deepEqual((await stackShown(page)).slice(0, 1), ['1']);
  const afterStep = await statusShown(page);

  await page.keyboard.press('Shift+F10');
  await page.locator('#status', { hasText: 'step back' }).waitFor();
  assert.deepEqual((await stackShown(page)).slice(0, 2), ['0', '1']);
  assert.equal(await page.locator('#source .row.current').getAttribute('data-line'), '47');
  const backStatus = await statusShown(page);
  assert.notEqual(backStatus, afterStep);
  await screenshot(page, 'debugger-step-back');

  // The printed URL works once: the second browser comes in through an invite link from the first page.
  const other = await second.page();
  assert.equal((await other.goto(debug.url))?.status(), 403);
  await page.locator('#invite').click();
  const invite = page.locator('#invite-link');
  await invite.waitFor();
  await other.goto(await invite.inputValue());
  await other.locator('#status', { hasText: 'step back' }).waitFor();
  assert.equal(await statusShown(other), backStatus);
  assert.deepEqual(await stackShown(other), await stackShown(page));
  assert.ok(await other.locator('#source [data-line="47"].bp').isVisible());
  // A step in one browser shows in the other.
  await other.keyboard.press('F11');
  await page.locator('#status', { hasText: 'step ·' }).waitFor();
  assert.deepEqual((await stackShown(page)).slice(0, 1), ['1']);
  await screenshot(other, 'debugger-second-client');
});
