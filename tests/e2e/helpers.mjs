// Helpers shared by the end-to-end tests. Not a test file itself: node --test runs only *.test.mjs.

import path from 'node:path';
import { stat } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository's root directory. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The built page the tests serve. */
export const DIST = path.resolve(process.env.EMVIZ_E2E_DIST || path.join(ROOT, 'dist'));

/** The single-file page (dist-single/emviz.html), made from DIST with scripts/inline.mjs first if
 *  it is missing or older than DIST's wasm; returns its path. */
export async function singleFile(page = 'index.html') {
  const file = path.join(ROOT, 'dist-single', page === 'index.html' ? 'emviz.html' : page);
  const entry = page === 'index.html' ? 'js/app.js' : `js/${page.replace(/\.html$/, '')}.js`;
  const [single, wasm] = await Promise.all([file, path.join(DIST, 'emviz-wasm_bg.wasm')].map((f) => stat(f).catch(() => null)));
  if (!single || (wasm && wasm.mtimeMs > single.mtimeMs)) {
    await promisify(execFile)('node', [path.join(ROOT, 'scripts', 'inline.mjs'), DIST, file, page, entry]);
  }
  return file;
}

/**
 * Opens the one-file page `file` from file:// (the harness aborts every request not to its server;
 * this file is let through: a page route takes precedence over the harness's context route).
 * Returns its URL and every URL the page requests from then on, for the test to check that
 * nothing else was fetched.
 */
export async function openFile({ page, allow }, file) {
  allow('request', /^file:/);
  await page.route((u) => u.protocol === 'file:' && u.pathname === pathToFileURL(file).pathname, (route) => route.continue());
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: 'load' });
  return { url, requests };
}

/** Waits until `target` (a page or a frame) has initialised wasm and loaded its data:
 * window.emviz.ready resolves then. */
export const whenReady = async (target) => {
  await target.waitForFunction(() => window.emviz && window.emviz.ready);
  await target.evaluate(() => window.emviz.ready);
};

/** Opens the page at `p` (relative to the served dist/, as the fixture's goto) and waits until it
 * is ready. */
export const ready = async ({ page, goto }, p = '') => {
  await goto(p);
  await whenReady(page);
};

/** window.emviz.state() of `target`. */
export const state = (target) => target.evaluate(() => window.emviz.state());

/** Polls window.emviz.state() until `pred` holds and returns that state (state() may return a
 * promise, so page.waitForFunction, which takes any promise as truthy, is not used). */
export const until = async (page, pred, what, timeout = 30_000) => {
  const end = Date.now() + timeout;
  for (;;) {
    const s = await state(page);
    if (pred(s)) return s;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; state: iteration ${s.iteration}, phase ${s.phase}`);
    await page.waitForTimeout(50);
  }
};

/** Viewport coordinates (CSS pixels) of component k's current mean on the visualiser's plot. */
export const meanOnPage = (page, k) => page.evaluate((k) => {
  const { instance } = window.emviz;
  const c = instance.canvas;
  const [x, y] = instance.session.position_of(c, { kind: 'mean', k });
  const r = c.getBoundingClientRect();
  return [r.left + (x * r.width) / c.width, r.top + (y * r.height) / c.height];
}, k);

/** Scrolls to the top, where the plot is, and drags component k's starting mean to page point
 *  `to` (viewport CSS pixels) in a few moves, as a hand does. */
export const dragMean = async (page, k, to) => {
  await page.evaluate(() => window.scrollTo(0, 0));
  const [x, y] = await meanOnPage(page, k);
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 5; i++) {
    await page.mouse.move(x + ((to[0] - x) * i) / 5, y + ((to[1] - y) * i) / 5);
    await page.waitForTimeout(30);
  }
  await page.mouse.up();
  await page.waitForTimeout(50);
};

/** Run in a page (page.evaluate(sidewaysInPage), in every engine), of its document or `doc` (a
 *  frame's): the document's width beside the screen's, and the elements that stick out of the
 *  screen (the outermost ones outside any element that scrolls or clips sideways), for a report. */
export function sidewaysInPage(doc = document) {
  const root = doc.documentElement;
  const width = root.clientWidth;
  // (Firefox does not clip MathML: only HTML elements count.)
  const clips = (el) => el.namespaceURI === 'http://www.w3.org/1999/xhtml'
    && ['auto', 'scroll', 'hidden', 'clip'].includes(doc.defaultView.getComputedStyle(el).overflowX);
  const out = [];
  const walk = (el) => {
    for (const child of el.children) {
      const r = child.getBoundingClientRect();
      // An equation is named as a whole.
      const whole = clips(child) || child.localName === 'math';
      if (r.width && r.right > width + 0.5) {
        const name = `${child.localName}${child.className && typeof child.className === 'string' ? `.${child.className.trim().split(/\s+/).join('.')}` : ''}`;
        if (whole || ![...child.children].some((c) => c.getBoundingClientRect().right > width + 0.5)) {
          out.push(`${name} right ${r.right.toFixed(0)} (${(child.textContent || '').trim().slice(0, 40).replace(/\s+/g, ' ')})`);
        }
      }
      if (!whole) walk(child);
    }
  };
  walk(doc.body);
  return { width, scrollWidth: root.scrollWidth, over: out.slice(0, 12) };
}

/** 40 points in two overlapping groups with integer weights 1–3 (the weights tests' data); with
 *  `far`, two far points too: one of weight 4 (the 41st), one of weight 1 (the 42nd). */
export function weightedRows(far = true) {
  const rows = ['x,y,w'];
  for (let i = 0; i < 40; i++) {
    const c = i % 2 ? 1.2 : -1; // overlapping: EM takes several iterations
    rows.push(`${(c + Math.sin(i * 12.9898)).toFixed(4)},${(c / 2 - Math.cos(i * 78.233)).toFixed(4)},${1 + (i % 3)}`);
  }
  if (far) rows.push('6,-6,4', '-6,6,1');
  return rows;
}

/** The points of `weightedRows(false)` without the weights, each row repeated as often as its
 *  weight says. */
export function repeatedRows() {
  const rows = ['x,y'];
  for (const line of weightedRows(false).slice(1)) {
    const [x, y, w] = line.split(',');
    for (let i = 0; i < Number(w); i++) rows.push(`${x},${y}`);
  }
  return rows;
}

/** Pastes `rows` and presses Fit. */
export const fitRows = async (page, rows) => {
  await page.getByLabel('Data', { exact: true }).fill(rows.join('\n'));
  await page.getByRole('button', { name: 'Fit', exact: true }).click();
};

/** Inked (not background) pixels of the plot within 12 canvas pixels of point `index`. */
export const inkAround = (page, index) => page.evaluate((index) => {
  const { instance } = window.emviz;
  const c = instance.canvas;
  const [x, y] = instance.session.position_of(c, { kind: 'point', index });
  const r = 12;
  const img = c.getContext('2d').getImageData(Math.round(x) - r, Math.round(y) - r, 2 * r + 1, 2 * r + 1).data;
  let inked = 0;
  for (let i = 0; i < img.length; i += 4) if (img[i] < 235 || img[i + 1] < 235 || img[i + 2] < 235) inked += 1;
  return inked;
}, index);
