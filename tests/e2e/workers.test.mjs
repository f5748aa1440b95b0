// Large data beside the main thread: from 2·10⁵ points the M-steps' passes are made by Web Workers
// (www/js/workers.js). The run they make is the in-thread run's, number for number and pixel for
// pixel (the same page with ?workers=0 makes the same shards on the main thread); the status line
// says which; weighted points too (each worker holds its rows' weights); the single-file page
// opened from file:// starts its workers too.
import { pathToFileURL } from 'node:url';
import { singleFile, whenReady } from './helpers.mjs';
import { pageTests } from './browser.mjs';

const N = 200_000;

/** Loads N points (three clusters, an integer LCG) through window.emviz.load; `weighted`: with a
 *  third column of sample weights 0–3 chosen as the weights. */
async function loadLarge(page, weighted = false) {
  await whenReady(page);
  const loaded = await page.evaluate(async ([n, weighted]) => {
    let s = 12345;
    const rnd = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 4294967296; };
    const rows = [weighted ? 'x y w' : 'x y'];
    for (let i = 0; i < n; i++) {
      const [cx, cy] = [[0, 0], [5, 2], [1, 6]][i % 3];
      const u = rnd() + rnd() + rnd() - 1.5;
      const v = rnd() + rnd() + rnd() - 1.5;
      const w = weighted ? ` ${(i * 7) % 4}` : '';
      rows.push(`${(cx + 2 * u).toFixed(6)} ${(cy + 1.5 * (v + 0.5 * u)).toFixed(6)}${w}`);
    }
    return window.emviz.load(rows.join('\n'), { weightsColumn: weighted ? 2 : null });
  }, [N, weighted]);
  if (!loaded.ok) throw new Error(loaded.error);
  // K = 4 from random points, tol = 0: the run keeps going.
  await page.getByLabel('K', { exact: true }).selectOption('4');
  await page.getByLabel('Initialisation').selectOption('random');
  await page.getByLabel('Max iterations').fill('10000');
  await page.getByLabel('Tolerance').fill('0');
  await page.getByLabel('Tolerance').dispatchEvent('change');
}

/** Steps (one iteration at a time, through the animation loop, as the Step button does) until
 *  `iterations` are done. */
async function stepTo(page, iterations) {
  for (;;) {
    const s = await page.evaluate((target) => {
      const { instance } = window.emviz;
      const state = instance.session.state();
      if ((state.iteration >= target && state.phase === 'M') || state.done) return state;
      if (instance.player.queued === 0 && !instance.player.pending) instance.stepOnce();
      return null;
    }, iterations);
    if (s && s.done && s.iteration < iterations) throw new Error(`the run ended after ${s.iteration} iterations`);
    if (s) return s;
    await page.waitForTimeout(20);
  }
}

const pool = (page) => page.evaluate(() => {
  const p = window.emviz.instance.workers;
  return { state: p.state, workers: p.workers.length, jobs: p.jobs, reason: p.reason };
});

/** The run and the picture after `iterations` iterations (`weighted`: of weighted points). */
async function runOn(page, goto, query, iterations, weighted = false) {
  await goto(query);
  await loadLarge(page, weighted);
  await stepTo(page, 1);
  if (query !== '?workers=0') {
    await page.waitForFunction(() => window.emviz.instance.workers.state !== 'starting' && window.emviz.instance.workers.state !== 'idle');
  }
  const state = await stepTo(page, iterations);
  await page.waitForTimeout(700); // the M-step's ellipses glide for up to 450 ms
  const pixels = await page.evaluate(() => {
    window.emviz._redraw();
    return document.querySelector('canvas[data-ref="scatter"]').toDataURL();
  });
  // Every point's responsibilities (the colours' source), as the export gives them.
  const resp = await page.evaluate(() => window.emviz.instance.session.export('responsibilities'));
  const status = (await page.getByRole('status').first().innerText()).trim();
  return { state, pixels, resp, status, pool: await pool(page) };
}


export const tests = [
  {
    name: '2e5 points: Web Workers make the M-steps, with the in-thread run\'s numbers and colours',
    timeout: 120_000,
    fn: async ({ page, goto, expect, log }) => {
      const workers = await runOn(page, goto, '?workers=2', 4);
      log('workers', workers.pool, workers.status);
      expect.equal(workers.pool.state, 'ready', `workers: ${JSON.stringify(workers.pool)}`);
      expect.equal(workers.pool.workers, 2);
      expect.ok(workers.pool.jobs >= 3, `M-steps made by the workers: ${workers.pool.jobs}`);
      expect.match(workers.status, /EM on 2 Web Workers/);
      const here = await runOn(page, goto, '?workers=0', 4);
      log('in-thread', here.pool, here.status);
      expect.equal(here.pool.jobs, 0);
      expect.match(here.status, /Web Workers unavailable .*page’s thread/);
      expect.equal(here.state.n, N);
      // The very same numbers (log-likelihood, ELBO/KL, parameters, trace) and the same picture.
      const strip = (s) => ({ ...s, status: undefined });
      expect.deepEqual(strip(workers.state), strip(here.state));
      expect.ok(workers.resp === here.resp, 'the responsibilities differ');
      expect.ok(workers.resp.split('\n').length > N, 'every point has its responsibilities');
      expect.ok(workers.pixels === here.pixels, 'the scatter plots differ');
    },
  },
  {
    name: '2e5 weighted points: the Web Workers hold the weights and make the in-thread run\'s weighted M-steps',
    timeout: 120_000,
    fn: async ({ page, goto, expect, log }) => {
      const workers = await runOn(page, goto, '?workers=2', 3, true);
      log('workers', workers.pool, workers.status);
      expect.equal(workers.pool.state, 'ready', `workers: ${JSON.stringify(workers.pool)}`);
      expect.ok(workers.pool.jobs >= 2, `M-steps made by the workers: ${workers.pool.jobs}`);
      expect.match(workers.status, /EM on 2 Web Workers/);
      expect.match(workers.status, /weighted \(Σw = \d+\)/);
      const here = await runOn(page, goto, '?workers=0', 3, true);
      expect.equal(here.pool.jobs, 0);
      const strip = (s) => ({ ...s, status: undefined });
      expect.deepEqual(strip(workers.state), strip(here.state));
      expect.ok(workers.resp === here.resp, 'the responsibilities differ');
      expect.ok(workers.pixels === here.pixels, 'the scatter plots differ');
    },
  },
  {
    name: '2e5 points play with Web Workers, small data start none',
    timeout: 90_000,
    fn: async ({ page, goto, expect }) => {
      await goto();
      await whenReady(page);
      await page.getByRole('button', { name: 'Play' }).click();
      await page.waitForTimeout(500);
      expect.equal((await pool(page)).state, 'idle', 'no worker for Old Faithful');
      await page.evaluate(() => window.emviz.pause());
      await loadLarge(page);
      await page.getByLabel('Speed').fill('10');
      await page.getByLabel('Speed').dispatchEvent('input');
      await page.evaluate(() => window.emviz.play());
      await page.waitForFunction(() => window.emviz.instance.workers.jobs >= 5, null, { timeout: 60_000 });
      await page.evaluate(() => window.emviz.pause());
      const s = await page.evaluate(() => window.emviz.state());
      // While playing, an M-step is begun in the workers as soon as its E-step is shown: the
      // fifth begun, four iterations are done.
      expect.ok(s.iteration >= 4 && Number.isFinite(s.logLikelihood), `iteration ${s.iteration}`);
      expect.match(await page.getByRole('status').first().innerText(), /Web Workers/);
      // Ended (as when the visualiser leaves the page), the workers start again on demand, their
      // shards sent anew, and the run goes on where it was.
      const jobs = await page.evaluate(() => { const p = window.emviz.instance.workers; p.stop(); return p.jobs; });
      expect.equal((await pool(page)).workers, 0, 'stopped');
      await page.evaluate(() => window.emviz.play());
      await page.waitForFunction((j) => window.emviz.instance.workers.jobs >= j + 3, jobs, { timeout: 60_000 });
      await page.evaluate(() => window.emviz.pause());
      const again = await page.evaluate(() => window.emviz.state());
      expect.ok(again.iteration > s.iteration, `iteration ${again.iteration} after ${s.iteration}`);
      expect.equal((await pool(page)).state, 'ready');
    },
  },
  {
    name: 'where a compiled Module cannot be posted (DataCloneError), the workers compile the wasm\'s bytes: the same numbers and colours',
    timeout: 120_000,
    fn: async ({ page, goto, expect, log }) => {
      // As reported for Safari: posting a WebAssembly.Module to a worker throws.
      await page.addInitScript(() => {
        const post = Worker.prototype.postMessage;
        window.postedWasm = [];
        Worker.prototype.postMessage = function postMessage(message, ...rest) {
          const wasm = message && message.module;
          if (wasm instanceof WebAssembly.Module) throw new DOMException('WebAssembly.Module object could not be cloned.', 'DataCloneError');
          if (wasm) window.postedWasm.push(Object.prototype.toString.call(wasm));
          return post.call(this, message, ...rest);
        };
      });
      const bytes = await runOn(page, goto, '?workers=2', 4);
      log('bytes', bytes.pool, bytes.status);
      expect.deepEqual(await page.evaluate(() => window.postedWasm), ['[object ArrayBuffer]', '[object ArrayBuffer]'], 'each worker was sent the bytes');
      expect.equal(bytes.pool.state, 'ready', `workers: ${JSON.stringify(bytes.pool)}`);
      expect.ok(bytes.pool.jobs >= 3, `M-steps made by the workers: ${bytes.pool.jobs}`);
      expect.match(bytes.status, /EM on 2 Web Workers/);
      const here = await runOn(page, goto, '?workers=0', 4);
      const strip = (s) => ({ ...s, status: undefined });
      expect.deepEqual(strip(bytes.state), strip(here.state));
      expect.ok(bytes.resp === here.resp, 'the responsibilities differ');
      expect.ok(bytes.pixels === here.pixels, 'the scatter plots differ');
    },
  },
  {
    name: 'a site whose Content-Security-Policy forbids workers from blob: URLs: EM runs on the page’s thread and the status line says why (en, ko, ja)',
    timeout: 120_000,
    fn: async ({ page, baseUrl, goto, expect, log, allow }) => {
      // A host's policy that allows the page (its inline loader, wasm) but names no worker-src.
      const policy = "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:";
      await page.route((u) => u.href.startsWith(baseUrl), async (route) => {
        if (route.request().resourceType() !== 'document') return route.fallback();
        const response = await route.fetch();
        return route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': policy } });
      });
      // The browser reports the refusal itself.
      allow('console', /Content Security Policy/);
      const why = {
        en: /Web Workers unavailable \(the site’s Content-Security-Policy does not allow them\): EM runs on the page’s thread/,
        ko: /웹 워커를 쓸 수 없음\(사이트의 콘텐츠 보안 정책이 허용하지 않음\): EM을 페이지 스레드에서 실행/,
        ja: /ウェブワーカーを使用できません（サイトのコンテンツセキュリティポリシーで許可されていません）：EMはページのスレッドで実行します/,
      };
      const res = await goto('?workers=2');
      expect.equal(res.headers()['content-security-policy'], policy);
      await loadLarge(page);
      await stepTo(page, 1);
      await page.waitForFunction(() => window.emviz.instance.workers.state === 'failed', null, { timeout: 20_000 });
      const s = await stepTo(page, 3);
      const p = await pool(page);
      log(JSON.stringify(p));
      expect.deepEqual(p, { state: 'failed', workers: 0, jobs: 0, reason: 'blocked' });
      expect.ok(s.iteration >= 3 && Number.isFinite(s.logLikelihood), `iteration ${s.iteration} on the page's thread`);
      for (const lang of ['en', 'ko', 'ja']) {
        await page.locator('.lang-switch select').selectOption(lang);
        const status = (await page.getByRole('status').first().innerText()).trim();
        log(lang, status);
        expect.match(status, why[lang]);
      }
    },
  },
  {
    name: 'the single-file page from file:// runs 2e5 points on Web Workers',
    timeout: 120_000,
    fn: async ({ page, expect, allow }) => {
      const file = await singleFile();
      allow('request', /^file:/);
      await page.route((u) => u.protocol === 'file:' && u.pathname === pathToFileURL(file).pathname, (route) => route.continue());
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      await loadLarge(page);
      await stepTo(page, 1);
      await page.waitForFunction(() => !['idle', 'starting'].includes(window.emviz.instance.workers.state));
      await stepTo(page, 3);
      const p = await pool(page);
      expect.equal(p.state, 'ready', `workers from file://: ${JSON.stringify(p)}`);
      expect.ok(p.jobs >= 1);
      expect.match(await page.getByRole('status').first().innerText(), /Web Workers/);
    },
  },
];

pageTests(import.meta, tests);
