#!/usr/bin/env node
// The page in the other browser engines: Firefox ESR and WebKit (Safari's engine), beside the
// Chromium of tests/e2e/.
//
//   node tests/engines/run.mjs [filter]
//
// Serves dist/ (the output of `trunk build --release`) on 127.0.0.1 at a free port and, at a second
// free port (another origin), a page holding an <em-gmm> element that loads its module from the
// first; then runs every tests/engines/*.test.mjs (sorted by file name) in each engine, one engine
// after the other: Firefox ESR through puppeteer-core over WebDriver BiDi (./firefox.mjs), WebKit
// through WebKitWebDriver and Xvfb over classic WebDriver (./webkit.mjs). With a filter, only the
// tests whose full name ("<engine>: <file>: <test name>") contains it run.
//
// Both adapters give a test the same small page API (a fresh page per test):
//   page.open(url)                     navigate, wait for the load event
//   page.evaluate(fn | script, ...args) run in the page, await it, return the value (JSON; numbers
//                                      exact); fn's source is sent, so it must not close over anything
//   page.screenshot(path)              PNG of the whole page
// and a test's fn gets { page, engine, baseUrl, otherUrl, expect, log, shot }: engine is 'firefox'
// or 'webkit', baseUrl 'http://127.0.0.1:<port>/' (dist/), otherUrl the second origin's root,
// expect node:assert/strict, log(...) a note shown on failure, shot(name) a screenshot saved as
// tests/engines/screenshots/<engine>-<name>.png.
//
// Guards: a test fails, even if its body passed, when the page throws an uncaught error, leaves a
// promise rejection unhandled or logs console.error (Firefox: BiDi's log events; WebKit: the hook of
// ./guard.js, which the server puts first in every HTML page it serves and the adapter adds after
// the load on file:// pages), when it fetches anything but the two test servers (and its own file,
// data: and blob:), or when a test server answers with a status >= 400. Both browsers also have
// their HTTP(S) proxy pointed at a closed port on 127.0.0.1, so nothing leaves the machine.
// A failing test prints its error, the guard's findings and the page's log, and saves
// screenshots/FAILED-<engine>-<test>.png. Each test has a timeout (default 90 s; `timeout` in ms).
// Output: `ok - <engine>: <name>` / `not ok - <engine>: <name>` per test, then "N passed, N failed"
// alone on the last line; exit code 1 if anything failed or no test ran.
//
// Environment: EMVIZ_ENGINES (default "firefox,webkit"), FIREFOX (default /usr/bin/firefox-esr),
// WEBKIT_WEBDRIVER (default WebKitWebDriver on PATH), EMVIZ_E2E_DIST (directory to serve, default
// dist/), EMVIZ_ENGINES_HEADED=1 (Firefox with a window; needs a display).

import { createServer } from 'node:http';
import { readdir, readFile, stat, mkdir, rm } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { DIST, ROOT } from '../e2e/helpers.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOT_DIR = path.join(HERE, 'screenshots');
const GUARD_PATH = '/__engines/guard.js';
const GUARD_TAG = `<script src="${GUARD_PATH}"></script>`;
const DEFAULT_TIMEOUT_MS = 90_000;
const ENGINES = { firefox: './firefox.mjs', webkit: './webkit.mjs' };
// The single-file page, the only file:// page a test opens.
const SINGLE_FILE = pathToFileURL(path.join(ROOT, 'dist-single', 'emviz.html')).href;

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

// ---------------------------------------------------------------------------------------------------
// Two static servers on 127.0.0.1 (as tests/e2e/run.mjs's): dist/ at the first origin, the
// cross-origin <em-gmm> page at the second.

/** Every response with status >= 400, from either server. */
const serverErrors = [];

/** HTML with the guard's <script> first in <head>. */
const withGuard = (html) => html.replace(/<head(\s[^>]*)?>/i, (m) => `${m}\n${GUARD_TAG}`);

function serve(handler) {
  const server = createServer(async (req, res) => {
    res.on('finish', () => {
      if (res.statusCode >= 400) serverErrors.push(`HTTP ${res.statusCode} for ${req.method} ${req.headers.host}${req.url} (test server)`);
    });
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      const urlPath = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
      if (urlPath === GUARD_PATH) {
        send(res, req, 200, MIME['.js'], await readFile(path.join(HERE, 'guard.js')));
        return;
      }
      await handler(req, res, urlPath);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(err));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function send(res, req, status, type, body) {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    // Static hosts such as GitHub Pages send this too; an <em-gmm> on another site loads its module
    // (a cross-origin module script, fetched in CORS mode), the glue and the wasm from here.
    'Access-Control-Allow-Origin': '*',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** dist/ as it is, but with the guard in every HTML page. */
const distServer = () => serve(async (req, res, urlPath) => {
  let file = path.resolve(DIST, '.' + urlPath);
  if (file !== DIST && !file.startsWith(DIST + path.sep)) {
    res.writeHead(403).end('forbidden');
    return;
  }
  let info = await stat(file).catch(() => null);
  if (info && info.isDirectory()) {
    file = path.join(file, 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!info || !info.isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`not found: ${urlPath}`);
    return;
  }
  const type = MIME[path.extname(file).toLowerCase()] || 'application/octet-stream';
  if (type.startsWith('text/html')) {
    send(res, req, 200, type, withGuard(await readFile(file, 'utf8')));
    return;
  }
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': info.size, 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
});

/** A page of another origin with one <em-gmm>, its module from `distUrl`. */
const elementPage = (distUrl) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>An em-gmm element from another origin</title>
  <link rel="icon" href="data:,">
  <script type="module" src="${new URL('js/element.js', distUrl).href}"></script>
</head>
<body>
  <h1>A blog post on another site</h1>
  <p>The element below comes from ${distUrl}.</p>
  <em-gmm preset="old-faithful"></em-gmm>
</body>
</html>
`;

const otherServer = (distUrl) => serve(async (req, res, urlPath) => {
  if (urlPath === '/' || urlPath === '/element.html') {
    send(res, req, 200, MIME['.html'], withGuard(elementPage(distUrl)));
    return;
  }
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`not found: ${urlPath}`);
});

// ---------------------------------------------------------------------------------------------------

async function loadTests() {
  const files = (await readdir(HERE)).filter((f) => f.endsWith('.test.mjs')).sort();
  const all = [];
  for (const file of files) {
    const base = file.replace(/\.test\.mjs$/, '');
    try {
      const mod = await import(pathToFileURL(path.join(HERE, file)).href);
      const list = mod.tests ?? mod.default;
      if (!Array.isArray(list)) throw new Error(`${file} exports no \`tests\` array`);
      for (const t of list) {
        if (!t || typeof t.fn !== 'function' || typeof t.name !== 'string') throw new Error(`malformed test in ${file}: ${String(t?.name)}`);
        all.push({ ...t, name: `${base}: ${t.name}` });
      }
    } catch (err) {
      all.push({ name: `${base}: (could not load ${file})`, fn: () => { throw err; } });
    }
  }
  return all;
}

const safeName = (name) => name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'shot';
const indent = (text, prefix = '    ') => String(text).split('\n').map((l) => prefix + l).join('\n');

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runTest(engine, urls, test) {
  const notes = [];
  const errorsBefore = serverErrors.length;
  const started = Date.now();
  let page = null;
  let error = null;
  let problems = [];
  try {
    page = await withTimeout(engine.newPage(), 75_000, 'opening a page');
    const t = {
      page,
      engine: engine.name,
      ...urls,
      expect: assert,
      log: (...args) => notes.push(args.map(String).join(' ')),
      shot: async (name) => {
        await mkdir(SHOT_DIR, { recursive: true });
        return page.screenshot(path.join(SHOT_DIR, `${engine.name}-${safeName(name)}.png`));
      },
    };
    await withTimeout(Promise.resolve().then(() => test.fn(t)), test.timeout ?? DEFAULT_TIMEOUT_MS, 'test');
    await new Promise((r) => setTimeout(r, 100)); // late events
  } catch (err) {
    error = err;
  }
  if (page) {
    problems = await withTimeout(page.problems(), 20_000, 'reading the guard').catch((err) => [`(could not read the guard: ${err.message})`]);
    if (error || problems.length) {
      await mkdir(SHOT_DIR, { recursive: true });
      await withTimeout(page.screenshot(path.join(SHOT_DIR, `FAILED-${engine.name}-${safeName(test.name)}.png`)), 20_000, 'failure screenshot').catch(() => {});
    }
  }
  problems.push(...serverErrors.slice(errorsBefore));
  const log = page ? page.log() : [];
  if (page) await withTimeout(page.close(), 30_000, 'closing the page').catch(() => {});
  return { error, problems, notes, log, ms: Date.now() - started };
}

async function main() {
  const filter = process.argv[2];
  if (!(await stat(path.join(DIST, 'index.html')).catch(() => null))) {
    console.error(`${path.join(DIST, 'index.html')} not found: build the page first (trunk build --release).`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  const names = (process.env.EMVIZ_ENGINES || 'firefox,webkit').split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (!ENGINES[n]) throw new Error(`unknown engine ${n} in EMVIZ_ENGINES (known: ${Object.keys(ENGINES).join(', ')})`);
  const tests = await loadTests();
  const plan = names.map((engine) => ({ engine, tests: tests.filter((t) => !filter || `${engine}: ${t.name}`.includes(filter)) }))
    .filter((p) => p.tests.length);
  if (!plan.length) {
    console.error(filter ? `no test name contains "${filter}"` : `no tests in ${HERE}/*.test.mjs`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  await Promise.all(plan.flatMap((p) => p.tests.map((t) => rm(path.join(SHOT_DIR, `FAILED-${p.engine}-${safeName(t.name)}.png`), { force: true }))));

  const dist = await distServer();
  const baseUrl = `http://127.0.0.1:${dist.address().port}/`;
  const other = await otherServer(baseUrl);
  const otherUrl = `http://127.0.0.1:${other.address().port}/`;
  const origins = new Set([new URL(baseUrl).origin, new URL(otherUrl).origin]);
  const allowed = (u) => {
    let url;
    try { url = new URL(u); } catch { return false; }
    if (['data:', 'blob:', 'about:'].includes(url.protocol)) return true;
    if (url.protocol === 'file:') return `file://${url.pathname}` === SINGLE_FILE;
    return origins.has(url.origin);
  };
  console.log(`# serving ${path.relative(process.cwd(), DIST) || '.'} at ${baseUrl}, the <em-gmm> page at ${otherUrl}`);

  let passed = 0;
  let failed = 0;
  for (const { engine: name, tests: list } of plan) {
    const started = Date.now();
    let engine;
    try {
      const { launch } = await import(ENGINES[name]);
      engine = await withTimeout(launch({ allowed }), 120_000, `starting ${name}`);
    } catch (err) {
      for (const test of list) {
        failed++;
        console.log(`not ok - ${name}: ${test.name}`);
        console.log(indent(`${name} did not start: ${err.stack || err}`));
      }
      continue;
    }
    console.log(`# ${name}: ${engine.version}; ${list.length} test(s)`);
    for (const test of list) {
      const { error, problems, notes, log, ms } = await runTest(engine, { baseUrl, otherUrl }, test);
      const full = `${name}: ${test.name}`;
      if (!error && !problems.length) {
        passed++;
        console.log(`ok - ${full} (${(ms / 1000).toFixed(1)} s)`);
        continue;
      }
      failed++;
      console.log(`not ok - ${full} (${(ms / 1000).toFixed(1)} s)`);
      if (error) console.log(indent(error.stack || String(error)));
      if (problems.length) console.log(`  guard:\n${indent(problems.join('\n'))}`);
      if (notes.length) console.log(`  notes:\n${indent(notes.join('\n'))}`);
      console.log(log.length ? `  page log:\n${indent(log.join('\n'))}` : '  page log: (empty)');
    }
    await withTimeout(engine.close(), 30_000, `closing ${name}`).catch(() => {});
    console.log(`# ${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  await Promise.all([dist, other].map((s) => new Promise((resolve) => { s.closeAllConnections?.(); s.close(resolve); })));
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : err);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
