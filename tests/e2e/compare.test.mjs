// EM beside k-means in lockstep, the preset where they disagree, dragging a starting mean, and
// the Runs list. Numbers are read from the wasm Session (window.emviz.instance.session) and from
// the page's text; the k-means numbers themselves are checked against the core in
// crates/emviz-wasm/tests/compare.rs.

import { ready as open, state, until, meanOnPage, dragMean } from './helpers.mjs';
import { pageTests } from './browser.mjs';

/** The page, with the chapter's EM vs k-means section shown. */
const ready = async (t, p) => {
  await open(t, p);
  await t.page.locator('[role="tab"][data-section="kmeans"]').click();
};

const kmeans = (page) => page.evaluate(() => window.emviz.instance.session.chapter({ kmeans: true }).kmeans);

export const tests = [
  {
    name: 'k-means runs beside EM in lockstep from the same start',
    fn: async (t) => {
      const { page, shot, expect } = t;
      await ready(t);
      await page.getByLabel('Compare with k-means').check();
      const plot = page.getByRole('img', { name: 'k-means plot' });
      await plot.waitFor();
      let km = await kmeans(page);
      const start = await state(page);
      expect.deepEqual(km.startCenters, start.means, 'k-means starts from the EM start means');
      expect.deepEqual(km.centers, start.means);
      expect.equal(km.assignments + km.updates, 0);

      // One E-step and one M-step ↔ one assignment and one update.
      await page.evaluate(() => { window.emviz.step(); window.emviz.step(); });
      km = await kmeans(page);
      expect.equal(km.assignments, 1);
      expect.equal(km.updates, 1);
      // Its centres are the means of the points nearest to each EM start mean (hard assignment).
      const rows = (await page.getByLabel('Data', { exact: true }).inputValue())
        .trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/).map(Number));
      const d2 = (a, b) => a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0);
      const sums = start.means.map(() => [0, 0, 0]);
      for (const r of rows) {
        const j = d2(r, start.means[0]) <= d2(r, start.means[1]) ? 0 : 1;
        sums[j][0] += r[0]; sums[j][1] += r[1]; sums[j][2] += 1;
      }
      sums.forEach(([x, y, n], j) => {
        expect.ok(Math.abs(km.centers[j][0] - x / n) < 1e-9 && Math.abs(km.centers[j][1] - y / n) < 1e-9, `centre ${j}: ${km.centers[j]} vs ${x / n}, ${y / n}`);
      });
      expect.equal(km.sizes.reduce((a, b) => a + b, 0), rows.length, 'every point has a cluster');

      // n Step presses: n assignment and n update steps.
      for (let i = 0; i < 3; i++) {
        const it = (await state(page)).iteration;
        await page.getByRole('button', { name: 'Step', exact: true }).click();
        await until(page, (s) => s.iteration === it + 1 && s.phase === 'M', `iteration ${it + 1}`);
      }
      const s = await state(page);
      km = await kmeans(page);
      expect.equal(s.iteration, 4);
      expect.equal(km.assignments, 4);
      expect.equal(km.updates, 4);
      // Both objectives are shown, as computed in wasm.
      const panel = page.locator('.teach-compare');
      await expect.doesNotReject(panel.getByText(`mean log-likelihood ${s.logLikelihood.toFixed(4).replace('-', '−')}`).waitFor());
      await expect.doesNotReject(panel.getByText(`distances ${km.inertia.toFixed(3)}`).waitFor());
      await expect.doesNotReject(panel.getByText('4 assignment steps and 4 update steps').waitFor());

      // Scrubbing back: k-means follows (replayed from the start).
      await page.evaluate(() => { window.emviz.instance.session.run({ kind: 'seek', index: 3 }); window.emviz.instance.refresh(); });
      km = await kmeans(page);
      expect.equal(km.assignments, 2);
      expect.equal(km.updates, 1);
      await page.evaluate(() => { window.emviz.instance.session.run({ kind: 'seek', index: 8 }); window.emviz.instance.refresh(); });
      await plot.scrollIntoViewIfNeeded();
      await shot('compare-lockstep');
    },
  },
  {
    name: 'on the elongated preset EM and k-means end in different partitions',
    fn: async (t) => {
      const { page, shot, expect } = t;
      await ready(t);
      await page.getByRole('button', { name: 'Show a case where they disagree' }).click();
      expect.equal(await page.getByLabel('Preset').inputValue(), 'elongated');
      await expect.doesNotReject(page.getByRole('img', { name: 'k-means plot' }).waitFor());
      const s = await page.evaluate(() => window.emviz.runToConvergence());
      expect.ok(s.converged, 'EM converged');
      const st = await kmeans(page);
      expect.ok(st.converged, 'k-means converged: its labels are the nearest centres');
      // Each point's cluster by hand: EM's most responsible component (the responsibilities
      // CSV: the data's columns, then q1…qK) and k-means' nearest centre.
      const { em, km } = await page.evaluate((centers) => {
        const rows = window.emviz.instance.session.export('responsibilities').trim().split('\n').slice(1)
          .map((line) => line.split(',').map(Number));
        const d = centers[0].length;
        const argBest = (xs, better) => xs.reduce((best, v, i) => (better(v, xs[best]) ? i : best), 0);
        return {
          em: rows.map((r) => argBest(r.slice(d), (a, b) => a > b)),
          km: rows.map((r) => argBest(centers.map((c) => c.reduce((s, v, j) => s + (r[j] - v) ** 2, 0)), (a, b) => a < b)),
        };
      }, st.centers);
      expect.equal(em.length, s.n);
      expect.equal(km.length, s.n);
      const differ = em.filter((l, i) => l !== km[i]).length;
      expect.ok(differ > 0, 'the partitions differ');
      expect.equal(st.disagreements, differ);
      await expect.doesNotReject(page.getByText(`Points the two methods put in different clusters: ${differ} of ${s.n}.`).waitFor());
      await page.getByRole('img', { name: 'k-means plot' }).scrollIntoViewIfNeeded();
      await shot('compare-disagree');
    },
  },
  {
    name: 'dragging a mean moves the start and the run restarts at iteration 0',
    fn: async (t) => {
      const { page, shot, expect } = t;
      await open(t);
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      await until(page, (s) => s.iteration === 1 && s.phase === 'M', 'iteration 1');
      const before = await state(page);
      const [x, y] = await meanOnPage(page, 0);
      const to = [x + 120, y - 90];
      await dragMean(page, 0, to);
      const s = await state(page);
      expect.equal(s.iteration, 0);
      expect.equal(s.phase, 'start');
      expect.equal(s.n, before.n, 'the drag added no point');
      const startMeans = (await state(page)).startMeans;
      expect.deepEqual(s.means, startMeans, 'the run shows its start');
      expect.notDeepEqual(s.means[0], before.means[0]);
      const [nx, ny] = await meanOnPage(page, 0);
      expect.ok(Math.abs(nx - to[0]) < 1.5 && Math.abs(ny - to[1]) < 1.5, `mean drawn at ${nx}, ${ny}, dropped at ${to}`);
      await shot('drag-start');
      // Reset comes back to the dragged start.
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      await until(page, (st) => st.iteration === 1, 'a step');
      await page.getByRole('button', { name: 'Reset' }).click();
      expect.deepEqual((await state(page)).means, startMeans);
      // A plain click away from the means still adds a point.
      const box = await page.getByRole('img', { name: 'Scatter plot' }).boundingBox();
      await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.2);
      expect.equal((await state(page)).n, before.n + 1);
    },
  },
  {
    name: 'two starts reach different final log-likelihoods, listed under Runs',
    timeout: 90_000,
    fn: async (t) => {
      const { page, shot, expect } = t;
      await ready(t);
      await page.getByRole('button', { name: 'Show a case where they disagree' }).click();
      const first = await page.evaluate(() => window.emviz.runToConvergence());
      const runs = page.getByRole('list', { name: 'Finished runs' });
      await expect.doesNotReject(runs.getByRole('listitem').first().waitFor());
      expect.equal(await runs.getByRole('listitem').count(), 1);
      // Both means on the middle line, one left and one right.
      await page.evaluate(() => window.scrollTo(0, 0));
      const box = await page.getByRole('img', { name: 'Scatter plot' }).boundingBox();
      // The strips are centred on y = 0, the middle of the plot area (margins 14 and 44 CSS px).
      const mid = box.y + 14 + (box.height - 14 - 44) / 2;
      await dragMean(page, 0, [box.x + box.width * 0.3, mid]);
      await dragMean(page, 1, [box.x + box.width * 0.8, mid]);
      const restarted = await state(page);
      expect.equal(restarted.iteration, 0);
      const second = await page.evaluate(() => window.emviz.runToConvergence());
      expect.ok(second.converged);
      await expect.doesNotReject(runs.getByRole('listitem').nth(1).waitFor());
      const lls = await runs.getByRole('listitem').evaluateAll((items) => items.map((li) => Number(li.dataset.logLikelihood)));
      expect.deepEqual(lls, [first.logLikelihood, second.logLikelihood]);
      expect.ok(Math.abs(lls[0] - lls[1]) > 0.05, `different optima: ${lls}`);
      const text = await runs.innerText();
      expect.match(text, new RegExp(first.logLikelihood.toFixed(4).replace('-', '\\-')));
      expect.match(text, new RegExp(second.logLikelihood.toFixed(4).replace('-', '\\-')));
      await page.getByRole('heading', { name: 'Runs' }).scrollIntoViewIfNeeded();
      await shot('compare-runs');
    },
  },
];

pageTests(import.meta, tests);
