// The Chromium fixture of the end-to-end tests: `pageTests(import.meta, tests)` registers a test
// file's tests with node:test (see ./harness.mjs) and gives each a fresh browser context and page,
// guarded. Per process (node --test runs each file in its own), dist/ is served on 127.0.0.1 at a
// free port (with tests/e2e/fixtures' pages beside it, ./server.mjs) and Debian's Chromium is
// launched through playwright-core when the first test runs, and closed after the last.
//
// A test's fn gets:
//   page      Playwright Page (https://playwright.dev/docs/api/class-page); locator waits time out after 15 s
//   context   its BrowserContext (viewport 1280×800, locale en-GB, time zone UTC, service workers blocked)
//   baseUrl   'http://127.0.0.1:<port>/' (dist/ is its root)
//   goto(p)   page.goto(baseUrl + p) (p defaults to ''), waiting for the load event; returns the response
//   shot(n, { of, ...options })  saves a screenshot as <screenshots>/<n>.png (the whole page, or
//             the element of the locator `of`; options go to Playwright's screenshot); returns the path
//   expect    node:assert/strict (expect.equal, expect.ok, expect.match, expect.deepEqual, expect.rejects, ...)
//   log(...)  adds a line to the test's report (shown when the test fails)
//   allow(kind, pattern)  tolerates guard events matching a RegExp for this test only; kind is one of
//             'console' (console errors), 'pageerror', 'request' (failed requests and HTTP >= 400)
//
// Guards: a test fails, even if its body passed, when during it the page
//   - throws an uncaught exception or rejects a promise unhandled (`pageerror`),
//   - logs a console message of type `error`, or a warning about a preload or an `integrity` attribute,
//   - requests anything not from our server (other host or port; data: and blob: are fine): such
//     requests are aborted and reported; WebSockets likewise,
//   - has a request fail, or gets an HTTP status >= 400 from our server (the server also records its
//     error responses, in case Chromium fetched something Playwright did not report).
// A failing test reports its error, the guard violations, its notes and the page's whole console
// log, and saves <screenshots>/FAILED-<test>.png. Each test has a timeout (default 60 s, `timeout`
// in ms overrides); then its page is closed and the test fails.
//
// Environment: CHROMIUM (browser binary, default /usr/bin/chromium), EMVIZ_E2E_DIST (directory to
// serve, default dist/), EMVIZ_E2E_SCREENSHOTS (default tests/e2e/screenshots), EMVIZ_E2E_HEADED=1
// (show the browser, needs a display).

import { test, after } from 'node:test';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { DIST } from './helpers.mjs';
import { serve } from './server.mjs';
import { fileTests, throwOutcome, safeName, withTimeout, SETUP_MS } from './harness.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Test-only pages (two iframes, two <em-gmm> elements), served at the root beside dist/'s files. */
const FIXTURES = path.join(HERE, 'fixtures');
export const SHOT_DIR = path.resolve(process.env.EMVIZ_E2E_SCREENSHOTS || path.join(HERE, 'screenshots'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const LOCATOR_TIMEOUT_MS = 15_000;
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--disable-default-apps',
  '--disable-extensions',
];

/** The server and the browser of this process, started by the first test. */
let started = null;
const start = () => {
  started ??= (async () => {
    if (!(await stat(path.join(DIST, 'index.html')).catch(() => null))) {
      throw new Error(`${path.join(DIST, 'index.html')} not found: build the page first (trunk build --release).`);
    }
    const server = await serve({ root: DIST, fixtures: FIXTURES });
    // Imported here, not above: a file whose tests a filter leaves out starts no browser at all.
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: !process.env.EMVIZ_E2E_HEADED,
      args: CHROMIUM_ARGS,
      timeout: 60_000,
    });
    return { server, browser };
  })();
  return started;
};

const stop = async () => {
  const env = await started?.catch(() => null);
  if (!env) return;
  await withTimeout(env.browser.close(), 20_000, 'closing Chromium').catch(() => {});
  await env.server.close();
};

/** Registers the tests of the file `meta` (its import.meta), each run in a fresh page. */
export function pageTests(meta, tests) {
  const list = fileTests(meta, tests);
  if (!list.length) return;
  after(stop);
  for (const t of list) {
    test(t.name, { timeout: t.timeout + SETUP_MS }, async () => throwOutcome(await run(await start(), t)));
  }
}

/** One test in a fresh context and page, guarded; its outcome for throwOutcome. */
async function run({ server, browser }, test) {
  const baseUrl = server.url;
  const origin = new URL(baseUrl).origin;
  const failedShot = path.join(SHOT_DIR, `FAILED-${safeName(test.name)}.png`);
  await rm(failedShot, { force: true }); // an earlier run's would mislead
  const log = [];          // everything the page said, in order
  const violations = [];   // guard failures
  const notes = [];
  const allowed = { console: [], pageerror: [], request: [] };
  const isAllowed = (kind, text) => allowed[kind].some((re) => re.test(text));
  const violate = (kind, text) => {
    if (!isAllowed(kind, text)) violations.push(text);
  };
  const blocked = new Set();
  const seenErrors = new Set();   // "<status> <path>" already reported from the browser side
  const serverErrorsBefore = server.errors.length;

  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    serviceWorkers: 'block',
    locale: 'en-GB',
    timezoneId: 'UTC',
    ...test.contextOptions,
  });
  const isLocal = (u) => u.protocol === 'data:' || u.protocol === 'blob:' || u.origin === origin;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    let parsed;
    try { parsed = new URL(url); } catch { parsed = null; }
    if (parsed && isLocal(parsed)) return route.continue();
    blocked.add(url);
    violations.push(`off-origin request blocked: ${route.request().method()} ${url}`);
    return route.abort('blockedbyclient');
  });
  await context.routeWebSocket(/.*/, (ws) => {
    const url = ws.url();
    if (new URL(url).host === new URL(origin).host) return ws.connectToServer();
    violations.push(`off-origin WebSocket blocked: ${url}`);
    ws.close();
  });
  context.on('console', (msg) => {
    const loc = msg.location();
    const where = loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : '';
    log.push(`[${msg.type()}] ${msg.text()}${where}`);
    if (msg.type() === 'error') violate('console', `console error: ${msg.text()}${where}`);
    // A preload the browser cannot use as written (e.g. an `integrity` attribute on a preload of a
    // kind that does not support it) is a build mistake: it must not be warned about on any page.
    if (msg.type() === 'warning' && /integrity|preload/i.test(msg.text())) violate('console', `console warning: ${msg.text()}${where}`);
  });
  context.on('weberror', (e) => {
    const err = e.error();
    const text = err && err.stack ? err.stack : String(err);
    log.push(`[pageerror] ${text}`);
    violate('pageerror', `uncaught page error: ${text}`);
  });
  context.on('requestfailed', (req) => {
    if (blocked.has(req.url())) return; // already reported as off-origin
    violate('request', `request failed: ${req.method()} ${req.url()} (${req.failure()?.errorText ?? 'unknown'})`);
  });
  context.on('response', (res) => {
    if (res.status() >= 400 && res.url().startsWith(origin)) {
      const u = new URL(res.url());
      seenErrors.add(`${res.status()} ${u.pathname}${u.search}`);
      violate('request', `HTTP ${res.status()} for ${res.request().method()} ${res.url()}`);
    }
  });

  const page = await context.newPage();
  page.setDefaultTimeout(LOCATOR_TIMEOUT_MS);
  const t = {
    page,
    context,
    baseUrl,
    expect: assert,
    goto: (p = '') => page.goto(new URL(p, baseUrl).href, { waitUntil: 'load' }),
    shot: async (name, { of = null, ...options } = {}) => {
      await mkdir(SHOT_DIR, { recursive: true });
      const file = path.join(SHOT_DIR, `${safeName(name)}.png`);
      await (of ? of.screenshot({ path: file, ...options }) : page.screenshot({ path: file, fullPage: true, ...options }));
      return file;
    },
    log: (...args) => notes.push(args.map(String).join(' ')),
    allow: (kind, pattern) => {
      if (!(kind in allowed)) throw new Error(`allow(): unknown kind ${kind}; use one of ${Object.keys(allowed).join(', ')}`);
      allowed[kind].push(pattern instanceof RegExp ? pattern : new RegExp(String(pattern)));
    },
  };

  let error = null;
  try {
    await withTimeout(Promise.resolve().then(() => test.fn(t)), test.timeout, 'test');
    // Let late events (a console error right after the last action, a pending request) arrive.
    await page.waitForTimeout(100).catch(() => {});
  } catch (err) {
    error = err;
  }
  if (error || violations.length) {
    try {
      await mkdir(SHOT_DIR, { recursive: true });
      await withTimeout(page.screenshot({ path: failedShot }), 10_000, 'failure screenshot');
    } catch { /* the page may be gone */ }
  }
  await withTimeout(context.close(), 10_000, 'closing the context').catch(() => {});
  for (const e of server.errors.slice(serverErrorsBefore)) {
    if (seenErrors.has(`${e.status} ${e.path}`)) continue;
    const text = `HTTP ${e.status} for ${e.method} ${origin}${e.path} (seen by the server only)`;
    if (!isAllowed('request', text)) violations.push(text);
  }
  return { error, violations, notes, log };
}
