// Helpers shared by the engine tests (not a test file: node --test runs only *.test.mjs).

/** The book's run (Old Faithful, K = 2, the book's start): the weights after 9 iterations, the same
 *  bits in Chromium, natively and in every engine. */
export const BOOK_WEIGHTS = [0.35595101391670264, 0.6440489860832974];
export const BOOK_ITERATIONS = 9;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` in the page until it returns a truthy value; returns that value. */
export async function poll(page, fn, args = [], what = 'a condition', timeout = 30_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await page.evaluate(fn, ...args);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** Evaluates `fn` until `good(value)` holds or `timeout` ms have passed; returns the last value
 *  (for an assertion to describe). */
export async function settle(page, fn, args, good, timeout = 5_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await page.evaluate(fn, ...args);
    if (good(v) || Date.now() > end) return v;
    await sleep(100);
  }
}

/** Waits until `window.emviz.ready` exists, then awaits it (wasm and the data loaded). Fails at
 *  once if the page shows its fatal message. */
export async function whenReady(page, timeout = 45_000) {
  const status = await poll(page, () => {
    const fatal = document.getElementById('fatal');
    if (fatal && !fatal.hidden) return { fatal: fatal.textContent };
    return window.emviz && window.emviz.ready ? { ok: true } : null;
  }, [], 'window.emviz.ready', timeout);
  if (status.fatal) throw new Error(`the page could not start: ${status.fatal}`);
  return page.evaluate(async () => {
    await window.emviz.ready;
    return true;
  });
}

/** Opens the page at `url` and waits until it is ready. */
export async function openReady(page, url) {
  await page.open(url);
  await whenReady(page);
}

/** Checks the book's run in the page: runToConvergence(), then state(). */
export async function checkBookRun(page, expect, api = 'window.emviz') {
  const s = await page.evaluate(`
    await ${api}.runToConvergence();
    const s = await ${api}.state();
    return { iteration: s.iteration, weights: s.weights, converged: s.converged, means: s.means };`);
  expect.equal(s.iteration, BOOK_ITERATIONS, `iterations: ${s.iteration}`);
  expect.ok(s.converged, 'converged');
  // Exactly, as JS numbers (JSON keeps every bit).
  expect.ok(s.weights.length === 2 && s.weights.every((w, i) => Object.is(w, BOOK_WEIGHTS[i])),
    `weights ${JSON.stringify(s.weights)}, want ${JSON.stringify(BOOK_WEIGHTS)}`);
  return s;
}
