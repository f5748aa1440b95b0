// mclust's fourteen covariance models on the page: Choose K over the models (one line per model
// in the chart, a row per model in the table, the best (model, K) by the chosen criterion never a
// degenerate fit), "Use" runs the best model, the covariance setting offers the family grouped, a
// `cov=VEV` link opens a VEV run and a bad `cov=` is Rust's message.
import { ready, state, whenReady } from './helpers.mjs';
import { pageTests } from './browser.mjs';

/** Three round clusters of 30 points, two columns (small, so 14 models × K = 1…3 is quick). */
function threeClusters() {
  const rows = ['x y'];
  for (let i = 0; i < 90; i++) {
    const g = i % 3;
    rows.push(`${(g * 4 + Math.sin(i * 1.7) * 0.9).toFixed(4)} ${(g * 2 + Math.cos(i * 2.3) * 0.7 * (g + 1)).toFixed(4)}`);
  }
  return rows.join('\n');
}

/** The lowest non-degenerate value of `criterion` over the result's cells: [value, model, K]. */
const lowest = (result, criterion) => {
  let best = [Infinity, null, 0];
  for (const ts of result.types) {
    for (const row of ts.rows) {
      const v = row[criterion];
      if (v !== null && !row.degenerate && v < best[0]) best = [v, ts.model, row.k];
    }
  }
  return best;
};

export const tests = [
  {
    name: "Choose K over mclust's 14 models draws a line and a table row per model and Use runs the best",
    timeout: 180_000,
    fn: async (t) => {
      const { page, shot, expect, log } = t;
      await ready(t);
      await page.evaluate((txt) => window.emviz.load(txt), threeClusters());
      const panel = page.locator('section.teach-select');
      await panel.getByLabel('Covariance types').selectOption('mclust');
      await panel.getByLabel('Largest K').selectOption('3');
      await panel.getByLabel('Starts per K').fill('1');
      await panel.getByRole('button', { name: 'Fit K = 1…3' }).click();
      const use = panel.getByRole('button', { name: /^Use [EVI]{3}, K = \d$/ });
      await use.waitFor({ timeout: 120_000 });
      const result = await page.evaluate(() => window.emviz.instance.session.select({ kind: 'peek' }).result);
      expect.ok(result.models);
      expect.deepEqual(result.types.map((ts) => ts.model), ['EII', 'VII', 'EEI', 'VEI', 'EVI', 'VVI', 'EEE', 'VEE', 'EVE', 'VVE', 'EEV', 'VEV', 'EVV', 'VVV']);
      expect.ok(result.types.every((ts) => ts.rows.length === 3));
      const [value, model, k] = lowest(result, 'bic');
      log(`best by BIC: ${model}, K = ${k} (${value.toFixed(2)})`);
      expect.deepEqual([result.bestModel, result.bestK], [model, k]);
      // The table: a row per model, a column per K, the best cell marked.
      const table = panel.locator('table.select-table');
      expect.equal(await table.locator('tbody tr').count(), 14);
      expect.equal(await table.locator('thead th').count(), 4);
      const best = table.locator('td.best');
      expect.equal(await best.count(), 1);
      expect.equal(await best.getAttribute('data-model'), model);
      expect.equal(await best.getAttribute('data-k'), String(k));
      expect.match(await best.innerText(), new RegExp(`^${value.toFixed(1)} \\*`));
      expect.equal(await table.locator('td.degenerate').count(), result.types.flatMap((ts) => ts.rows).filter((r) => r.degenerate).length);
      expect.match(await panel.locator('.select-best').innerText(), new RegExp(`Lowest BIC: model ${model} with K = ${k} \\(42 fits, 1 starts each, seed 0\\)`));
      // The chart is drawn (a legend strip below the two panels).
      const inked = await panel.locator('canvas.select-chart').evaluate((c) => {
        const d = c.getContext('2d').getImageData(0, c.height - 30, c.width, 30).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] < 200) n++;
        return n;
      });
      expect.ok(inked > 200, `legend strip inked pixels ${inked}`);
      await panel.screenshot({ path: await shot('models-choose-k') });

      // Another criterion re-ranks: the best follows AIC.
      await panel.getByLabel('Rank by').selectOption('aic');
      const aic = await page.evaluate(() => window.emviz.instance.session.select({ kind: 'peek' }).result);
      const [, aModel, aK] = lowest(aic, 'aic');
      expect.deepEqual([aic.bestModel, aic.bestK], [aModel, aK]);
      expect.equal(await table.locator('td.best').getAttribute('data-model'), aModel);
      await panel.getByLabel('Rank by').selectOption('bic');

      // Use runs the best model with its K.
      await use.click();
      const s = await state(page);
      expect.equal(s.k, k);
      const sklearn = { VVV: 'full', EEE: 'tied', VVI: 'diag', VII: 'spherical' }[model];
      if (sklearn) expect.deepEqual([s.settings.covarianceType, s.settings.model], [sklearn, null]);
      else expect.equal(s.settings.model, model);
      expect.equal(await page.getByLabel('Covariance', { exact: true }).inputValue(), s.settings.model ?? s.settings.covarianceType);
      expect.equal(s.settings.init, 'kmeans++');
    },
  },
  {
    name: 'the covariance setting offers the family grouped; a cov=VEV link opens a VEV run; a bad cov= is explained',
    timeout: 60_000,
    fn: async (t) => {
      const { page, goto, shot, expect } = t;
      await ready(t, '#preset=old-faithful&k=3&cov=VEV&init=kmeanspp&seed=2');
      const s = await state(page);
      expect.deepEqual([s.k, s.settings.model, s.settings.covarianceType], [3, 'VEV', 'full']);
      const select = page.getByLabel('Covariance', { exact: true });
      expect.equal(await select.inputValue(), 'VEV');
      const groups = await select.evaluate((el) => [...el.querySelectorAll('optgroup')].map((g) => [g.label, g.querySelectorAll('option').length]));
      expect.deepEqual(groups, [["scikit-learn's types", 4], ["mclust's models", 10]]);
      expect.equal(await select.locator('option[value="VEV"]').innerText(), 'VEV — volume variable, shape equal, orientation variable');
      expect.equal(await select.locator('option[value="EII"]').innerText(), 'EII — volume equal, shape round, orientation along the axes');
      // The run converges under the model; today's names keep working.
      await page.evaluate(() => window.emviz.runToConvergence());
      expect.ok((await state(page)).iteration > 1);
      await page.screenshot({ path: await shot('models-vev-run') });
      await select.selectOption('diag');
      const d = await state(page);
      expect.deepEqual([d.settings.covarianceType, d.settings.model], ['diag', null]);
      // In Korean, the descriptions follow.
      await goto('about:blank').catch(() => {});
      await goto('?lang=ko#preset=old-faithful&cov=EVE');
      await whenReady(page);
      expect.equal(await page.locator('select option[value="EVE"]').first().innerText(), 'EVE — 부피 모두 같음, 모양 성분마다 다름, 방향 모두 같음');
      // A bad name: Rust's message, the page still works.
      await goto('about:blank').catch(() => {});
      await goto('#preset=old-faithful&cov=VXV');
      await whenReady(page);
      const alert = page.getByText('This link could not be opened');
      await alert.waitFor();
      expect.match(await alert.innerText(), /cov="VXV" should be full, diag, spherical, tied or one of mclust's models/);
      expect.equal((await state(page)).settings.covarianceType, 'full');
    },
  },
  {
    name: "the covariance setting's small picture shows what the chosen model keeps equal, drawn by Rust",
    timeout: 60_000,
    fn: async (t) => {
      const { page, shot, expect } = t;
      await ready(t, '#preset=old-faithful&k=2&cov=VEV');
      const picture = page.locator('canvas[data-ref="modelPicture"]');
      // The link's model is drawn, with its description as the picture's label.
      expect.equal(await picture.getAttribute('aria-label'), 'VEV — volume variable, shape equal, orientation variable');
      const pixels = () => picture.evaluate((c) => {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let coloured = 0;
        for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - d[i + 1]) + Math.abs(d[i + 1] - d[i + 2]) > 30) coloured++;
        return { coloured, sum: d.reduce((a, v, i) => a + v * ((i % 97) + 1), 0) };
      });
      const vev = await pixels();
      expect.ok(vev.coloured > 100, `the three components are drawn: ${vev.coloured}`);
      const select = page.getByLabel('Covariance', { exact: true });
      const drawn = {};
      for (const name of ['EII', 'full', 'spherical', 'tied']) {
        await select.selectOption(name);
        drawn[name] = await pixels();
        expect.ok(drawn[name].coloured > 100, name);
      }
      // Different models, different pictures; a round model's and a full one's differ from VEV's.
      expect.notEqual(drawn.EII.sum, drawn.full.sum);
      expect.notEqual(drawn.EII.sum, vev.sum);
      expect.notEqual(drawn.spherical.sum, drawn.tied.sum);
      expect.equal(await picture.getAttribute('aria-label'), 'EEE — volume equal, shape equal, orientation equal');
      await picture.locator('xpath=..').screenshot({ path: await shot('models-picture') });
      await select.selectOption('VEV');
      await picture.locator('xpath=..').screenshot({ path: await shot('models-picture-vev') });
    },
  },
  {
    name: 'a VEV run on 2e5 points: the Web Workers make its M-steps with the in-thread numbers',
    timeout: 180_000,
    fn: async ({ page, goto, expect, log }) => {
      /** The run after 4 iterations of VEV, K = 3, on `query`'s page. */
      const runOn = async (query) => {
        await goto(query);
        await whenReady(page);
        const loaded = await page.evaluate((n) => {
          let s = 7;
          const rnd = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 4294967296; };
          const rows = ['x y'];
          for (let i = 0; i < n; i++) {
            const [cx, cy, a] = [[0, 0, 1], [5, 2, 2], [1, 6, 0.5]][i % 3];
            const u = rnd() + rnd() + rnd() - 1.5;
            const v = rnd() + rnd() + rnd() - 1.5;
            rows.push(`${(cx + a * u).toFixed(6)} ${(cy + (v + 0.5 * u) / a).toFixed(6)}`);
          }
          return window.emviz.load(rows.join('\n'));
        }, 200_000);
        expect.ok(loaded.ok, loaded.error);
        await page.getByLabel('K', { exact: true }).selectOption('3');
        await page.getByLabel('Covariance', { exact: true }).selectOption('VEV');
        await page.getByLabel('Initialisation').selectOption('kmeans++');
        // tol = 0: the run keeps going.
        await page.getByLabel('Tolerance').fill('0');
        await page.getByLabel('Tolerance').dispatchEvent('change');
        const stepTo = async (iterations) => {
          for (;;) {
            const st = await page.evaluate((target) => {
              const { instance } = window.emviz;
              const now = instance.session.state();
              if ((now.iteration >= target && now.phase === 'M') || now.done) return now;
              if (instance.player.queued === 0 && !instance.player.pending) instance.stepOnce();
              return null;
            }, iterations);
            if (st) return st;
            await page.waitForTimeout(20);
          }
        };
        await stepTo(1);
        if (query !== '?workers=0') {
          await page.waitForFunction(() => !['starting', 'idle'].includes(window.emviz.instance.workers.state));
        }
        const state = await stepTo(4);
        log(query, await page.evaluate(() => JSON.stringify(window.emviz.instance.session.state().iteration)));
        return { state, jobs: await page.evaluate(() => window.emviz.instance.workers.jobs) };
      };
      const workers = await runOn('?workers=2');
      const here = await runOn('?workers=0');
      log(`worker M-steps ${workers.jobs}, in-thread ${here.jobs}`);
      expect.equal(workers.state.settings.model, 'VEV');
      expect.ok(workers.jobs >= 2, `M-steps made by the workers: ${workers.jobs}`);
      expect.equal(here.jobs, 0);
      const strip = (s) => ({ ...s, status: undefined });
      expect.deepEqual(strip(workers.state), strip(here.state));
    },
  },
];

pageTests(import.meta, tests);
