// The engine tests' fixture: `engineTests(import.meta, tests)` registers a test file's tests with
// node:test (see ../e2e/harness.mjs) once per engine, named "<engine>: <file>: <name>", Firefox ESR's
// first, then WebKit's (Safari's engine). Per process (node --test runs each file in its own):
//
// * dist/ is served on 127.0.0.1 at a free port (../e2e/server.mjs) and, at a second free port
//   (another origin), a page holding an <em-gmm> element that loads its module from the first (the
//   first sends `Access-Control-Allow-Origin: *`, as GitHub Pages does: a cross-origin module needs it);
//   beside dist/ is /__engines/frame.html?src=<path>&width=<w>&height=<h>, a page holding the page
//   at <path> in an iframe of that size (a phone's screen: WebKit's window cannot be so narrow);
// * each engine starts when its first test runs and stops when the other one starts (or at the
//   end): Firefox ESR through puppeteer-core over WebDriver BiDi (./firefox.mjs), WebKit through
//   WebKitWebDriver and Xvfb over classic WebDriver (./webkit.mjs). An engine that cannot start
//   fails each of its tests with the reason.
//
// Both adapters give a test the same small page API (a fresh page per test):
//   page.open(url)                     navigate, wait for the load event
//   page.evaluate(fn | script, ...args) run in the page, await it, return the value (JSON; numbers
//                                      exact); fn's source is sent, so it must not close over anything
//   page.viewport(width, height)       the size of the page's viewport in CSS pixels (default 1280×800)
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
// A failing test reports its error, the guard's findings and the page's log, and saves
// screenshots/FAILED-<engine>-<test>.png. Each test has a timeout (default 60 s; `timeout` in ms).
//
// Environment: EMVIZ_ENGINES (default "firefox,webkit"), FIREFOX (default /usr/bin/firefox-esr),
// WEBKIT_WEBDRIVER (default WebKitWebDriver on PATH), EMVIZ_E2E_DIST (directory to serve, default
// dist/), EMVIZ_ENGINES_HEADED=1 (Firefox with a window; needs a display).

import { test, after } from 'node:test';
import { readFile, stat, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { DIST, ROOT } from '../e2e/helpers.mjs';
import { serve, MIME } from '../e2e/server.mjs';
import { fileTests, throwOutcome, safeName, withTimeout, SETUP_MS } from '../e2e/harness.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOT_DIR = path.join(HERE, 'screenshots');
const GUARD_PATH = '/__engines/guard.js';
const GUARD_TAG = `<script src="${GUARD_PATH}"></script>`;
const ADAPTERS = { firefox: './firefox.mjs', webkit: './webkit.mjs' };
// The single-file page, the only file:// page a test opens.
const SINGLE_FILE = pathToFileURL(path.join(ROOT, 'dist-single', 'emviz.html')).href;
const CORS = { 'Access-Control-Allow-Origin': '*' };

/** The engines to test, from EMVIZ_ENGINES. */
const ENGINES = (process.env.EMVIZ_ENGINES || 'firefox,webkit').split(',').map((s) => s.trim()).filter(Boolean);

/** HTML with the guard's <script> first in <head>. */
const withGuard = (html) => html.replace(/<head(\s[^>]*)?>/i, (m) => `${m}\n${GUARD_TAG}`);

/** A page holding the page `src` (a path beside it) in an iframe `width`×`height` CSS pixels, whose
 *  inside is made exactly `width` wide (a classic scrollbar taken off is given back). */
const FRAME_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>emviz in a phone-sized frame</title>
  <link rel="icon" href="data:,">
  <style>body { margin: 0; } iframe { display: block; border: 0; }</style>
</head>
<body>
  <iframe title="emviz"></iframe>
  <script>
    const q = new URLSearchParams(location.search);
    const frame = document.querySelector('iframe');
    const width = Number(q.get('width'));
    frame.width = width;
    frame.height = q.get('height');
    frame.addEventListener('load', () => { frame.width = 2 * width - frame.contentDocument.documentElement.clientWidth; }, { once: true });
    frame.src = q.get('src');
  </script>
</body>
</html>
`;

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

/** The two servers of this process, started by the first test. */
let servers = null;
const startServers = () => {
  servers ??= (async () => {
    if (!(await stat(path.join(DIST, 'index.html')).catch(() => null))) {
      throw new Error(`${path.join(DIST, 'index.html')} not found: build the page first (trunk build --release).`);
    }
    const guard = async () => ({ type: MIME['.js'], body: await readFile(path.join(HERE, 'guard.js')) });
    const frame = async () => ({ type: MIME['.html'], body: withGuard(FRAME_PAGE) });
    const dist = await serve({ root: DIST, headers: CORS, html: withGuard, routes: { [GUARD_PATH]: guard, '/__engines/frame.html': frame } });
    const element = async () => ({ type: MIME['.html'], body: withGuard(elementPage(dist.url)) });
    const other = await serve({ headers: CORS, routes: { [GUARD_PATH]: guard, '/': element, '/element.html': element } });
    const origins = new Set([new URL(dist.url).origin, new URL(other.url).origin]);
    const allowed = (u) => {
      let url;
      try { url = new URL(u); } catch { return false; }
      if (['data:', 'blob:', 'about:'].includes(url.protocol)) return true;
      if (url.protocol === 'file:') return `file://${url.pathname}` === SINGLE_FILE;
      return origins.has(url.origin);
    };
    return { dist, other, allowed, urls: { baseUrl: dist.url, otherUrl: other.url } };
  })();
  return servers;
};

/** The engine running now: { name, engine: promise of the adapter's engine }. */
let current = null;
const stopEngine = async () => {
  const engine = await current?.engine.catch(() => null);
  current = null;
  if (engine) await withTimeout(engine.close(), 30_000, 'closing the engine').catch(() => {});
};
/** The engine `name`, started now if it is not the one running (the other one is stopped). */
const engineFor = async (name, allowed) => {
  if (current?.name !== name) {
    await stopEngine();
    current = {
      name,
      engine: import(ADAPTERS[name]).then(({ launch }) => withTimeout(launch({ allowed }), 120_000, `starting ${name}`)),
    };
  }
  try {
    return await current.engine;
  } catch (err) {
    throw new Error(`${name} did not start: ${err.stack || err}`);
  }
};

/** Registers the tests of the file `meta` (its import.meta) in each engine of EMVIZ_ENGINES. */
export function engineTests(meta, tests) {
  const list = fileTests(meta, tests);
  if (!list.length) return;
  after(async () => {
    await stopEngine();
    const s = await servers?.catch(() => null);
    if (s) await Promise.all([s.dist.close(), s.other.close()]);
  });
  for (const name of ENGINES) {
    if (!ADAPTERS[name]) {
      test(`${name}: (unknown engine)`, () => { throw new Error(`unknown engine ${name} in EMVIZ_ENGINES (known: ${Object.keys(ADAPTERS).join(', ')})`); });
      continue;
    }
    for (const t of list) {
      test(`${name}: ${t.name}`, { timeout: t.timeout + 2 * SETUP_MS }, async () => {
        const s = await startServers();
        const engine = await engineFor(name, s.allowed);
        throwOutcome(await run(engine, s, { ...t, name: `${name}: ${t.name}` }));
      });
    }
  }
}

/** One test in a fresh page of `engine`, guarded; its outcome for throwOutcome. */
async function run(engine, { dist, other, urls }, test) {
  const notes = [];
  const errorsBefore = [dist.errors.length, other.errors.length];
  const failedShot = path.join(SHOT_DIR, `FAILED-${safeName(test.name)}.png`);
  await rm(failedShot, { force: true }); // an earlier run's would mislead
  let page = null;
  let error = null;
  let violations = [];
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
    await withTimeout(Promise.resolve().then(() => test.fn(t)), test.timeout, 'test');
    await new Promise((r) => setTimeout(r, 100)); // late events
  } catch (err) {
    error = err;
  }
  if (page) {
    violations = await withTimeout(page.problems(), 20_000, 'reading the guard').catch((err) => [`(could not read the guard: ${err.message})`]);
    if (error || violations.length) {
      await mkdir(SHOT_DIR, { recursive: true });
      await withTimeout(page.screenshot(failedShot), 20_000, 'failure screenshot').catch(() => {});
    }
  }
  for (const [i, s] of [dist, other].entries()) {
    violations.push(...s.errors.slice(errorsBefore[i]).map((e) => `HTTP ${e.status} for ${e.method} ${e.host}${e.path} (test server)`));
  }
  const log = page ? page.log() : [];
  if (page) await withTimeout(page.close(), 30_000, 'closing the page').catch(() => {});
  return { error, violations, notes, log, logName: 'page log' };
}
