/**
 * Real headless Chromium for the end-to-end tests: Debian's /usr/bin/chromium driven by
 * playwright-core, each browser with a fresh profile. Screenshots go to test-artifacts/web/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { repoPath } from '../helpers/paths.js';

/** Where Debian's chromium package puts the browser. */
export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined. Set EXVM_SKIP_BROWSER=1 to skip them knowingly. */
export function browserMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const message = `${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium), as .ci/run does`;
  if (process.env.EXVM_SKIP_BROWSER === '1') return message;
  throw new Error(message);
}

/** A browser with its own fresh profile (so its cookies are its own: a separate client). */
export interface Browser {
  readonly context: BrowserContext;
  page(): Promise<Page>;
  close(): Promise<void>;
}

/** Launches headless Chromium with a fresh profile; the network is closed, so nothing optional may phone home. */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'exvm-chromium-'));
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args, viewport: { width: 1280, height: 720 } });
  return {
    context,
    page: async () => context.pages()[0] ?? context.newPage(),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a screenshot of `page` as test-artifacts/web/NAME.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const folder = repoPath('test-artifacts', 'web');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** A local HTTP server for a test page. */
interface PageServer {
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  close(): Promise<void>;
}

/** Serves `handler` on 127.0.0.1 at a free port. */
async function serve(handler: RequestListener): Promise<PageServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A page server and a browser with a fresh profile: what a browser test file opens once. */
export interface Site {
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  readonly browser: Browser;
  close(): Promise<void>;
}

/** Serves `handler` and launches the browser. */
export async function openSite(handler: RequestListener): Promise<Site> {
  const server = await serve(handler);
  const browser = await launchBrowser();
  return {
    origin: server.origin,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}
