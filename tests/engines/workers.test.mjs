// Large data on Web Workers: 200 000 points (two overlapping 2-D blobs, made in the page from a fixed-seed
// integer generator, so the text is the same in every engine) loaded through window.emviz.load;
// played, the M-steps' passes are made by the page's Web Workers (www/js/workers.js) and the
// status line says so; the log-likelihood stays finite and rises.
import { openReady, poll } from './helpers.mjs';
import { engineTests } from './engines.mjs';

const N = 200_000;

export const tests = [
  {
    name: '2e5 points play on Web Workers, the log-likelihood finite and rising',
    timeout: 120_000,
    fn: async ({ page, baseUrl, expect, log, shot }) => {
      await openReady(page, baseUrl);
      const loaded = await page.evaluate(async (n) => {
        // An LCG and sums of uniforms (Irwin–Hall): integer and IEEE-exact arithmetic only.
        let s = 20261206;
        const rnd = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 4294967296; };
        const normal = () => rnd() + rnd() + rnd() + rnd() - 2;
        const rows = ['x,y'];
        for (let i = 0; i < n; i++) {
          const [cx, cy, sx, sy] = i % 2 ? [0, 0, 1.2, 0.8] : [1.5, 1, 0.9, 1.5];
          const u = normal();
          const v = normal();
          rows.push(`${(cx + sx * u).toFixed(5)},${(cy + sy * (v + 0.4 * u)).toFixed(5)}`);
        }
        return window.emviz.load(rows.join('\n'));
      }, N);
      expect.ok(loaded && loaded.ok !== false, `load: ${JSON.stringify(loaded)}`);
      // K = 2 from random points, tolerance 0 (the run goes on), fastest speed; then play.
      await page.evaluate(() => {
        const { instance } = window.emviz;
        instance.ref('k').value = '2';
        instance.ref('init').value = 'random';
        instance.ref('maxIter').value = '10000';
        const tol = instance.ref('tol');
        tol.value = '0';
        tol.dispatchEvent(new Event('change', { bubbles: true }));
        const speed = instance.ref('speed');
        speed.value = '10';
        speed.dispatchEvent(new Event('input', { bubbles: true }));
      });
      const start = await page.evaluate(async () => window.emviz.state());
      expect.equal(start.n, N);
      expect.equal(start.settings.tol, 0, `settings ${JSON.stringify(start.settings)}`);
      await page.evaluate(() => window.emviz.play());
      const pool = await poll(page, () => {
        const p = window.emviz.instance.workers;
        const s = window.emviz.instance.session.state();
        if (p.state === 'failed') return { state: p.state, reason: p.reason };
        return p.state === 'ready' && p.jobs >= 4 && s.iteration >= 5 ? { state: p.state, workers: p.workers.length, jobs: p.jobs } : null;
      }, [], 'five iterations, four of their M-steps on the workers', 90_000);
      await page.evaluate(() => window.emviz.pause());
      log('pool', JSON.stringify(pool));
      expect.equal(pool.state, 'ready', `the workers: ${JSON.stringify(pool)}`);
      const after = await page.evaluate(async () => ({
        state: await window.emviz.state(),
        status: document.querySelector('[data-ref="status"]').textContent,
      }));
      log('status', after.status);
      // The status line's note is 'EM on {n} Web Workers' (its fallback, 'Web Workers unavailable
      // (…)', would name them too).
      expect.match(after.status, new RegExp(`EM on ${pool.workers} Web Workers`));
      const { trace } = after.state;
      log('trace', JSON.stringify(trace));
      expect.ok(trace.length >= 6, `trace of ${trace.length}`);
      expect.ok(trace.every(Number.isFinite), `finite: ${trace}`);
      // EM never lowers the log-likelihood (near convergence it may wobble at rounding level).
      for (let i = 1; i < trace.length; i++) {
        expect.ok(trace[i] >= trace[i - 1] - 1e-12 * Math.abs(trace[i - 1]), `falls at iteration ${i}: ${trace}`);
      }
      expect.ok(trace[trace.length - 1] > trace[0], `rises: ${trace}`);
      expect.ok(Number.isFinite(after.state.logLikelihood));
      await new Promise((r) => setTimeout(r, 300)); // the panels, throttled while playing, catch up
      await shot('workers');
    },
  },
];

engineTests(import.meta, tests);
