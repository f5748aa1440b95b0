#!/usr/bin/env node
// End-to-end test harness for the emviz page.
//
//   node tests/e2e/run.mjs [filter]
//
// Serves dist/ (the output of `trunk build --release`) on 127.0.0.1 at a free port, launches Debian's
// Chromium through playwright-core, and runs every tests/e2e/*.test.mjs (sorted by file name). With a
// filter, only the tests whose full name ("<file>: <test name>") contains it run.
//
// Writing tests. A test file exports its tests as
//
//   export const tests = [
//     { name: 'page loads', fn: async ({ page, goto, shot, expect }) => { ... } },
//     { name: 'slow one', timeout: 120_000, fn: async (t) => { ... } },
//   ];
//
// or `export default` an array of the same, or one async function (a single test named after the file).
// Each test gets a fresh browser context and page, and this object:
//   page      Playwright Page (https://playwright.dev/docs/api/class-page); locator waits time out after 15 s
//   context   its BrowserContext
//   baseUrl   'http://127.0.0.1:<port>/' (dist/ is its root)
//   goto(p)   page.goto(baseUrl + p) (p defaults to ''), waiting for the load event; returns the response
//   shot(n)   saves a full-page screenshot as tests/e2e/screenshots/<n>.png; returns the path
//   expect    node:assert/strict (expect.equal, expect.ok, expect.match, expect.deepEqual, expect.rejects, ...)
//   log(...)  adds a line to the test's output (shown when the test fails)
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
// Pages that are not in dist/ but in tests/e2e/fixtures/ (test-only pages) are served at the root too.
// A failing test prints its error, the guard violations and the page's whole console log, and saves
// screenshots/FAILED-<test>.png. Each test has a timeout (default 60 s, `timeout` in ms overrides).
// Output: `ok - name` / `not ok - name` per test, then "N passed, N failed" alone on the last line;
// exit code 1 if anything failed or no test ran.
//
// Environment: CHROMIUM (browser binary, default /usr/bin/chromium), EMVIZ_E2E_DIST (directory to
// serve, default dist/), EMVIZ_E2E_DIR (test directory, default this one), EMVIZ_E2E_SCREENSHOTS
// (default tests/e2e/screenshots), EMVIZ_E2E_HEADED=1 (show the browser, needs a display).

import { createServer } from 'node:http';
import { readdir, stat, mkdir, rm } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { DIST } from './helpers.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TEST_DIR = path.resolve(process.env.EMVIZ_E2E_DIR || HERE);
// Test-only pages (two iframes, two <em-gmm> elements), served at the root beside dist/'s files but
// never part of dist/ (the product).
const FIXTURES = path.join(HERE, 'fixtures');
const SHOT_DIR = path.resolve(process.env.EMVIZ_E2E_SCREENSHOTS || path.join(HERE, 'screenshots'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const DEFAULT_TIMEOUT_MS = 60_000;
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

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

// ---------------------------------------------------------------------------------------------------
// Static file server for DIST, on 127.0.0.1 at a free port.

// Every response with status >= 400, as the server saw it: a second check besides Playwright's
// events, which do not report every request Chromium makes (e.g. an automatic /favicon.ico).
const serverErrors = [];

function startServer(root) {
  const server = createServer(async (req, res) => {
    res.on('finish', () => {
      if (res.statusCode >= 400) serverErrors.push({ status: res.statusCode, method: req.method, path: req.url });
    });
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      const urlPath = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
      let file = path.resolve(root, '.' + urlPath);
      if (file !== root && !file.startsWith(root + path.sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      let info = await stat(file).catch(() => null);
      if (!info && root === DIST && /^\/[\w.-]+\.html$/.test(urlPath)) {
        file = path.join(FIXTURES, urlPath.slice(1));
        info = await stat(file).catch(() => null);
      }
      if (info && info.isDirectory()) {
        file = path.join(file, 'index.html');
        info = await stat(file).catch(() => null);
      }
      if (!info || !info.isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`not found: ${urlPath}`);
        return;
      }
      res.writeHead(200, {
        'Content-Type': MIME[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'Content-Length': info.size,
        'Cache-Control': 'no-store',
      });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// ---------------------------------------------------------------------------------------------------
// Test discovery.

async function loadTests(filter) {
  const files = (await readdir(TEST_DIR)).filter((f) => f.endsWith('.test.mjs')).sort();
  const all = [];
  for (const file of files) {
    const base = file.replace(/\.test\.mjs$/, '');
    let mod;
    try {
      mod = await import(pathToFileURL(path.join(TEST_DIR, file)).href);
    } catch (err) {
      all.push({ name: `${base}: (failed to import ${file})`, fn: () => { throw err; } });
      continue;
    }
    let list = mod.tests ?? mod.default;
    if (typeof list === 'function') list = [{ name: base, fn: list }];
    if (!Array.isArray(list)) {
      all.push({
        name: `${base}: (no tests)`,
        fn: () => { throw new Error(`${file} exports neither \`tests\` nor a default array/function`); },
      });
      continue;
    }
    for (const t of list) {
      if (!t || typeof t.fn !== 'function' || typeof t.name !== 'string') {
        all.push({ name: `${base}: (malformed test)`, fn: () => { throw new Error(`malformed test in ${file}: ${String(t?.name)}`); } });
        continue;
      }
      all.push({ ...t, name: `${base}: ${t.name}` });
    }
  }
  return { files, tests: filter ? all.filter((t) => t.name.includes(filter)) : all };
}

// ---------------------------------------------------------------------------------------------------
// One test: fresh context + page, guards, timeout.

function safeName(name) {
  return name.replace(/\.png$/i, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'shot';
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runTest(browser, baseUrl, test) {
  const origin = new URL(baseUrl).origin;
  const consoleLog = [];   // everything the page said, in order
  const violations = [];   // guard failures
  const allowed = { console: [], pageerror: [], request: [] };
  const isAllowed = (kind, text) => allowed[kind].some((re) => re.test(text));
  const violate = (kind, text) => {
    if (!isAllowed(kind, text)) violations.push(text);
  };
  const blocked = new Set();
  const seenErrors = new Set();   // "<status> <path>" already reported from the browser side
  const serverErrorsBefore = serverErrors.length;

  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    serviceWorkers: 'block',
    locale: 'en-GB',
    timezoneId: 'UTC',
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
    const line = `[${msg.type()}] ${msg.text()}${where}`;
    consoleLog.push(line);
    if (msg.type() === 'error') violate('console', `console error: ${msg.text()}${where}`);
    // A preload the browser cannot use as written (e.g. an `integrity` attribute on a preload of a
    // kind that does not support it) is a build mistake: it must not be warned about on any page.
    if (msg.type() === 'warning' && /integrity|preload/i.test(msg.text())) violate('console', `console warning: ${msg.text()}${where}`);
  });
  context.on('weberror', (e) => {
    const err = e.error();
    const text = err && err.stack ? err.stack : String(err);
    consoleLog.push(`[pageerror] ${text}`);
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
  const notes = [];
  const t = {
    page,
    context,
    baseUrl,
    expect: assert,
    goto: (p = '') => page.goto(new URL(p, baseUrl).href, { waitUntil: 'load' }),
    shot: async (name) => {
      await mkdir(SHOT_DIR, { recursive: true });
      const file = path.join(SHOT_DIR, `${safeName(name)}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    log: (...args) => notes.push(args.map(String).join(' ')),
    allow: (kind, pattern) => {
      if (!(kind in allowed)) throw new Error(`allow(): unknown kind ${kind}; use one of ${Object.keys(allowed).join(', ')}`);
      allowed[kind].push(pattern instanceof RegExp ? pattern : new RegExp(String(pattern)));
    },
  };

  const started = Date.now();
  let error = null;
  try {
    await withTimeout(Promise.resolve().then(() => test.fn(t)), test.timeout ?? DEFAULT_TIMEOUT_MS, 'test');
    // Let late events (a console error right after the last action, a pending request) arrive.
    await page.waitForTimeout(100).catch(() => {});
  } catch (err) {
    error = err;
  }
  if (error || violations.length) {
    try {
      await mkdir(SHOT_DIR, { recursive: true });
      await withTimeout(page.screenshot({ path: path.join(SHOT_DIR, `FAILED-${safeName(test.name)}.png`) }), 10_000, 'failure screenshot');
    } catch { /* the page may be gone */ }
  }
  await withTimeout(context.close(), 10_000, 'closing the context').catch(() => {});
  for (const e of serverErrors.slice(serverErrorsBefore)) {
    if (seenErrors.has(`${e.status} ${e.path}`)) continue;
    const text = `HTTP ${e.status} for ${e.method} ${origin}${e.path} (seen by the server only)`;
    if (!isAllowed('request', text)) violations.push(text);
  }
  return { error, violations, consoleLog, notes, ms: Date.now() - started };
}

function indent(text, prefix = '    ') {
  return String(text).split('\n').map((l) => prefix + l).join('\n');
}

// ---------------------------------------------------------------------------------------------------

async function main() {
  const filter = process.argv[2];
  const distIndex = await stat(path.join(DIST, 'index.html')).catch(() => null);
  if (!distIndex) {
    console.error(`${path.join(DIST, 'index.html')} not found: build the page first (trunk build --release).`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  const { files, tests } = await loadTests(filter);
  if (tests.length === 0) {
    console.error(filter
      ? `no test name contains "${filter}" (files: ${files.join(', ') || 'none'})`
      : `no tests found in ${TEST_DIR}/*.test.mjs`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }

  // Failure screenshots of an earlier run would mislead: remove those of the tests about to run.
  await Promise.all(tests.map((t) => rm(path.join(SHOT_DIR, `FAILED-${safeName(t.name)}.png`), { force: true })));

  const server = await startServer(DIST);
  const baseUrl = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: !process.env.EMVIZ_E2E_HEADED,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
  console.log(`# serving ${path.relative(process.cwd(), DIST) || '.'} at ${baseUrl}; Chromium ${browser.version()}; ${tests.length} test(s)`);

  let passed = 0;
  let failed = 0;
  for (const test of tests) {
    let result;
    try {
      result = await runTest(browser, baseUrl, test);
    } catch (err) {
      result = { error: err, violations: [], consoleLog: [], notes: [], ms: 0 };
    }
    const { error, violations, consoleLog, notes, ms } = result;
    if (!error && violations.length === 0) {
      passed++;
      console.log(`ok - ${test.name} (${(ms / 1000).toFixed(1)} s)`);
      continue;
    }
    failed++;
    console.log(`not ok - ${test.name} (${(ms / 1000).toFixed(1)} s)`);
    if (error) console.log(indent(error.stack || String(error)));
    if (violations.length) console.log(`  guard violations:\n${indent(violations.join('\n'))}`);
    if (notes.length) console.log(`  notes:\n${indent(notes.join('\n'))}`);
    console.log(consoleLog.length ? `  console log:\n${indent(consoleLog.join('\n'))}` : '  console log: (empty)');
  }

  await browser.close().catch(() => {});
  await new Promise((resolve) => server.close(resolve));
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : err);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
