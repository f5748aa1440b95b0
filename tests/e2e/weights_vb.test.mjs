// Variational Bayes on weighted data (issue 23, "sample weights everywhere"): with a pasted column
// chosen as weights, the Method switch to VB runs — no message, the weights stay chosen and shown
// (the status's Σw, each point's area by its weight) — and the run converges with a finite bound at
// every half-step; from the same start, integer weights give the very numbers of the rows
// repeated. The run's numbers against the core's weighted VB are checked in crates/emviz-app
// (tests/weights.rs).

import { ready, state, weightedRows, repeatedRows, fitRows as fit, inkAround } from './helpers.mjs';
import { pageTests } from './browser.mjs';

/** Sets the settings form as a learner would (every field, then one change). */
const setForm = (page, values) => page.evaluate((values) => {
  const root = document.querySelector('[data-ref="settings"]');
  for (const [name, value] of Object.entries(values)) root.querySelector(`[data-ref="${name}"]`).value = value;
  root.querySelector('[data-ref="method"]').dispatchEvent(new Event('change', { bubbles: true }));
}, values);

const settingsError = (page) => page.evaluate(() => window.emviz.instance.root.querySelector('[data-ref="settingsError"]').textContent);

const close = (a, b) => Math.abs(a - b) <= 1e-12 * (1 + Math.max(Math.abs(a), Math.abs(b)));

export const tests = [
  {
    name: 'a weighted paste runs variational Bayes: no message, the weights and drawn sizes stay',
    timeout: 60_000,
    fn: async ({ page, goto, shot, expect }) => {
      await ready({ page, goto });
      await fit(page, weightedRows());
      await page.getByLabel('Weights column').selectOption({ label: 'w' });
      expect.deepEqual((await state(page)).sampleWeights, { column: 2, name: 'w', total: 84 });

      await setForm(page, { k: '3', method: 'dirichlet_process' });
      const start = await state(page);
      expect.equal(await settingsError(page), '');
      expect.equal(start.settings.method, 'dirichlet_process');
      expect.equal(start.k, 3);
      expect.equal(start.n, 42);
      expect.deepEqual(start.sampleWeights, { column: 2, name: 'w', total: 84 });
      expect.equal(await page.getByLabel('Weights column').inputValue(), '2');
      expect.match(await page.getByRole('status').first().innerText(), /weighted \(Σw = 84\)/);
      expect.ok(start.componentsInUse >= 1, `in use: ${start.componentsInUse}`);
      // Area ∝ weight under VB too: the point of weight 4 is drawn larger than the point of weight 1.
      await page.evaluate(() => window.scrollTo(0, 0));
      const [heavy, light] = [await inkAround(page, 40), await inkAround(page, 41)];
      expect.ok(heavy > 2 * light, `weight 4: ${heavy} pixels, weight 1: ${light}`);

      // Half-steps: a finite full bound after each, never falling.
      const bounds = [];
      for (let i = 0; i < 6; i++) {
        await page.evaluate(() => window.emviz.step());
        bounds.push((await state(page)).vbBound);
      }
      expect.ok(bounds.every(Number.isFinite), `${bounds}`);
      expect.ok(bounds.every((b, i) => i === 0 || b >= bounds[i - 1] - 1e-9 * Math.abs(b)), `${bounds}`);
      const end = await page.evaluate(() => window.emviz.runToConvergence());
      expect.ok(end.done && end.converged, `converged after ${end.iteration}`);
      expect.ok(Number.isFinite(end.vbBound) && Number.isFinite(end.logLikelihood));
      expect.ok(Math.abs(end.weights.reduce((a, b) => a + b, 0) - 1) < 1e-12);
      expect.equal(await settingsError(page), '');
      expect.deepEqual(end.sampleWeights, { column: 2, name: 'w', total: 84 });
      const [heavyEnd, lightEnd] = [await inkAround(page, 40), await inkAround(page, 41)];
      expect.ok(heavyEnd > 2 * lightEnd, `weight 4: ${heavyEnd} pixels, weight 1: ${lightEnd}`);
      await page.screenshot({ path: await shot('weights-vb-fitted'), fullPage: false });
    },
  },
  {
    name: 'variational Bayes on integer weights shows the numbers of the rows repeated',
    timeout: 60_000,
    fn: async ({ page, goto, expect }) => {
      await ready({ page, goto });
      await fit(page, weightedRows(false));
      await page.getByLabel('Weights column').selectOption({ label: 'w' });
      await setForm(page, { k: '3', method: 'dirichlet_process' });
      const weighted = await state(page);
      expect.equal(weighted.settings.method, 'dirichlet_process');
      expect.deepEqual(weighted.sampleWeights, { column: 2, name: 'w', total: 79 });
      const start = await page.evaluate(() => window.emviz.instance.session.export('model'));
      const end = await page.evaluate(() => window.emviz.runToConvergence());
      expect.ok(end.converged && end.iteration > 3, `converged after ${end.iteration}`);

      await page.getByLabel('Weights column').selectOption({ label: 'none (each point counts once)' });
      await fit(page, repeatedRows());
      await setForm(page, { k: '3', method: 'dirichlet_process' });
      expect.equal((await state(page)).n, 79);
      await page.evaluate((json) => {
        const { instance } = window.emviz;
        instance.session.import_model(json);
        instance.restarted();
      }, start);
      const repeated = await page.evaluate(() => window.emviz.runToConvergence());
      expect.equal(repeated.settings.method, 'dirichlet_process');
      expect.equal(repeated.iteration, end.iteration);
      for (const key of ['weights', 'means', 'covariances']) {
        const a = end[key].flat(2);
        const b = repeated[key].flat(2);
        expect.ok(a.every((v, i) => close(v, b[i])), `${key}: ${a} vs ${b}`);
      }
      expect.ok(close(end.logLikelihood, repeated.logLikelihood), `${end.logLikelihood} vs ${repeated.logLikelihood}`);
      expect.ok(close(end.vbBound, repeated.vbBound), `${end.vbBound} vs ${repeated.vbBound}`);
    },
  },
];

pageTests(import.meta, tests);
