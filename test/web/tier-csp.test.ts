/**
 * End to end in real headless Chromium: the compiled tier compiles with `new Function` where the
 * page allows it, and where a Content-Security-Policy forbids it (no 'unsafe-eval') the machine
 * falls back to the interpreter with no error and identical results. The page (tier-page.ts) is
 * bundled from the TypeScript sources with Vite's JS API here.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { build } from 'vite';
import type { Site } from './browser.js';
import { browserMissing, openSite } from './browser.js';
import type { TierPageResult, TierRun } from './tier-page.js';
import { repoPath } from '../helpers/paths.js';

/** A CSP that allows the page's own scripts and nothing else: no 'unsafe-eval', so no `new Function`. */
const STRICT_CSP = "script-src 'self'";
const HTML = '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="/main.js"></script></head><body></body></html>';
/** The benchmark's recursive Fibonacci with n = 20 (6765): hot enough for `auto`, long enough to compare counts. */
const FIB = readFileSync(repoPath('examples', 'bench', 'fib.exa'), 'utf8').replace(/^n: +\.word 27/m, 'n:  .word 20');
/** The page's script: a file of its own, as STRICT_CSP refuses inline scripts. */
const MAIN = `import { publish } from '/tier-page.js';\nawait publish(${JSON.stringify(FIB)});\n`;
/**
 * The console error older Chromiums log when `new Function` meets STRICT_CSP: the browser's CSP
 * report, expected, not an error of the page. Newer ones (150) report it as a DevTools issue instead.
 */
const EVAL_REPORT = /^Refused to evaluate a string as JavaScript because 'unsafe-eval' is not an allowed source of script/;

const skip = browserMissing();
let site: Site;

/** Bundles test/web/tier-page.ts (and the sources it imports) into one ES module, in memory. */
async function bundle(): Promise<string> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'exvm-vite-'));
  try {
    const result = await build({
      configFile: false,
      root: repoPath(),
      cacheDir,
      publicDir: false,
      logLevel: 'warn',
      build: {
        write: false,
        target: 'es2022',
        minify: false,
        lib: { entry: repoPath('test', 'web', 'tier-page.ts'), formats: ['es'], fileName: 'tier-page' },
      },
    });
    const outputs = Array.isArray(result) ? result : [result];
    const chunk = outputs.flatMap((output) => ('output' in output ? output.output : [])).find((file) => file.type === 'chunk' && file.isEntry);
    assert.ok(chunk?.type === 'chunk', 'vite produced the entry chunk');
    return chunk.code;
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

before(async () => {
  if (skip !== undefined) return;
  const script = await bundle();
  // /open.html has no CSP; /strict.html has STRICT_CSP. Both load the same scripts.
  site = await openSite((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/main.js') response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(MAIN);
    else if (path === '/tier-page.js') response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(script);
    else if (path === '/open.html') response.writeHead(200, { 'Content-Type': 'text/html' }).end(HTML);
    else if (path === '/strict.html') response.writeHead(200, { 'Content-Type': 'text/html', 'Content-Security-Policy': STRICT_CSP }).end(HTML);
    else response.writeHead(404).end();
  });
});

after(async () => {
  if (skip !== undefined) return;
  await site.close();
});

/** Loads `path` and returns what the page published, with the page errors and console errors seen meanwhile. */
async function load(path: string): Promise<{ result: TierPageResult; pageErrors: string[]; consoleErrors: string[] }> {
  const page = await site.browser.context.newPage();
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  try {
    await page.goto(`${site.origin}${path}`);
    const handle = await page.waitForFunction(() => (globalThis as { tierResult?: TierPageResult }).tierResult);
    return { result: (await handle.jsonValue()) as TierPageResult, pageErrors, consoleErrors };
  } finally {
    await page.close();
  }
}

/** The run on `tier`, which must have ended normally. */
function runOn(result: TierPageResult, tier: TierRun['tier']): TierRun {
  const run = result.runs.find((r) => r.tier === tier);
  assert.ok(run, `a run on ${tier}`);
  assert.equal(run.error, undefined, `${tier} threw`);
  assert.equal(run.status, 'Halted');
  assert.equal(run.exitCode, 6765, 'fib(20)');
  return run;
}

/** What must be the same on every tier. */
const outcome = ({ exitCode, status, instructionsExecuted, gasUsed }: TierRun): Partial<TierRun> => ({ exitCode, status, instructionsExecuted, gasUsed });

test('without a CSP the compiled tier compiles in the browser, with the interpreter\'s results', { skip }, async () => {
  const { result, pageErrors, consoleErrors } = await load('/open.html');
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(result.violations, []);
  const interpreter = runOn(result, 'interpreter');
  assert.equal(interpreter.tierStats?.active, 'interpreter');
  for (const tier of ['compiled', 'auto'] as const) {
    const run = runOn(result, tier);
    assert.equal(run.tierStats?.requested, tier);
    assert.equal(run.tierStats?.active, tier);
    assert.equal(run.tierStats?.fallback, undefined);
    assert.ok((run.tierStats?.compiledRegions ?? 0) > 0, `${tier} compiled regions`);
    assert.deepEqual(outcome(run), outcome(interpreter));
  }
});

test('under a CSP without \'unsafe-eval\' the machine falls back to the interpreter, silently, with identical results', { skip }, async () => {
  const { result, pageErrors, consoleErrors } = await load('/strict.html');
  assert.deepEqual(pageErrors, [], 'nothing thrown out of the page');
  // The browser reports the one refusal of `new Function` (the tier remembers it: no later machine
  // tries again) to the page as a violation event, and perhaps to the console: no other error.
  assert.deepEqual(result.violations, [{ violatedDirective: 'script-src', blockedURI: 'eval' }]);
  assert.deepEqual(consoleErrors.filter((text) => !EVAL_REPORT.test(text)), []);
  assert.ok(consoleErrors.length <= 1, consoleErrors.join('\n'));
  const interpreter = runOn(result, 'interpreter');
  for (const tier of ['compiled', 'auto'] as const) {
    const run = runOn(result, tier);
    assert.equal(run.tierStats?.requested, tier);
    assert.equal(run.tierStats?.active, 'interpreter');
    assert.match(run.tierStats?.fallback ?? '', /^EvalError: .*'unsafe-eval'/);
    assert.equal(run.tierStats?.compiledRegions, 0);
    assert.deepEqual(outcome(run), outcome(interpreter));
  }
});
