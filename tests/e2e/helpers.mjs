// Helpers shared by the end-to-end tests. Not a test file itself: node --test runs only *.test.mjs.

import path from 'node:path';
import { stat } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

/** The repository's root directory. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The built page the tests serve. */
export const DIST = path.resolve(process.env.EMVIZ_E2E_DIST || path.join(ROOT, 'dist'));

/** The single-file page (dist-single/emviz.html), made from DIST with scripts/inline.mjs first if
 *  it is missing or older than DIST's wasm; returns its path. */
export async function singleFile() {
  const file = path.join(ROOT, 'dist-single', 'emviz.html');
  const [single, wasm] = await Promise.all([file, path.join(DIST, 'emviz-wasm_bg.wasm')].map((f) => stat(f).catch(() => null)));
  if (!single || (wasm && wasm.mtimeMs > single.mtimeMs)) {
    await promisify(execFile)('node', [path.join(ROOT, 'scripts', 'inline.mjs'), DIST, file]);
  }
  return file;
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
  const [x, y] = instance.session.mean_at(c, k);
  const r = c.getBoundingClientRect();
  return [r.left + (x * r.width) / c.width, r.top + (y * r.height) / c.height];
}, k);
