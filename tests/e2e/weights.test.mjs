// Sample weights on the page: a pasted column chosen as weights (the Weights column select beside
// Fit) weights the fit — the status says "weighted (Σw = …)", each point's drawn area follows its
// weight and a caption says so — and with integer weights the page shows the very numbers of the
// rows repeated, from the same start; a bad weight shows the core's message with its line and
// column and keeps the old data; the choice travels in a link; Choose K weighs its fits.

import { whenReady, ready, state, weightedRows, repeatedRows, fitRows as fit, inkAround } from './helpers.mjs';
import { pageTests } from './browser.mjs';

const chooseWeights = (page, name) => page.getByLabel('Weights column').selectOption({ label: name });

/** What the page shows of the fit: the component table's text and the status's log-likelihood. */
const shown = (page) => page.evaluate(() => {
  const root = window.emviz.instance.root;
  const status = root.querySelector('[data-ref="status"]').textContent;
  return {
    table: root.querySelector('[data-ref="components"] tbody').innerText,
    ll: /log-likelihood (-?[\d.]+)/.exec(status)?.[1],
    status,
  };
});

const close = (a, b) => Math.abs(a - b) <= 1e-12 * (1 + Math.max(Math.abs(a), Math.abs(b)));

export const tests = [
  {
    name: 'a chosen weights column weights the fit, sizes the points and equals the repeated rows',
    fn: async ({ page, goto, shot, expect }) => {
      await ready({ page, goto });
      await fit(page, weightedRows());
      const plain = await state(page);
      expect.equal(plain.sampleWeights, null);
      expect.deepEqual(plain.tableNames, ['x', 'y', 'w']);
      expect.ok(await page.getByLabel('Weights column').isVisible());
      await page.evaluate(() => window.scrollTo(0, 0));
      const inkPlain = [await inkAround(page, 40), await inkAround(page, 41)];
      // The far points are drawn alike before weights are chosen.
      expect.ok(Math.abs(inkPlain[0] - inkPlain[1]) <= 2, `unweighted: ${inkPlain}`);

      await chooseWeights(page, 'w');
      const weighted = await state(page);
      expect.deepEqual(weighted.names, ['x', 'y']);
      expect.equal(weighted.n, 42);
      expect.deepEqual(weighted.sampleWeights, { column: 2, name: 'w', total: 84 });
      expect.match(await page.getByRole('status').first().innerText(), /weighted \(Σw = 84\)/);
      const caption = page.locator('[data-ref="weightsCaption"]');
      expect.ok(await caption.isVisible());
      expect.match(await caption.innerText(), /area shows its sample weight \(column “w”\)/);
      // Area ∝ weight: the point of weight 4 is drawn larger than the point of weight 1.
      const [heavy, light] = [await inkAround(page, 40), await inkAround(page, 41)];
      expect.ok(heavy > 2 * light, `weight 4: ${heavy} pixels, weight 1: ${light}`);
      expect.ok(heavy > inkPlain[0] && light < inkPlain[1], `weighted ${[heavy, light]}, plain ${inkPlain}`);
      await page.screenshot({ path: await shot('weights-start'), fullPage: false });

      // Without the far points (a far point of weight 4 makes a component of its own): the
      // weighted run from its start, then the repeated rows from the very same start.
      await fit(page, weightedRows(false));
      expect.deepEqual((await state(page)).sampleWeights, { column: 2, name: 'w', total: 79 });
      const start = await page.evaluate(() => window.emviz.instance.session.export('model'));
      const end = await page.evaluate(() => window.emviz.runToConvergence());
      expect.ok(end.converged && end.iteration > 3, `converged after ${end.iteration}`);
      const shownWeighted = await shown(page);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: await shot('weights-fitted'), fullPage: false });

      await page.getByLabel('Weights column').selectOption({ label: 'none (each point counts once)' });
      await fit(page, repeatedRows());
      expect.equal((await state(page)).n, 79);
      expect.equal(await page.getByLabel('Weights column').inputValue(), '');
      await page.evaluate((json) => {
        const { instance } = window.emviz;
        instance.session.import_model(json);
        instance.restarted();
      }, start);
      const repeated = await page.evaluate(() => window.emviz.runToConvergence());
      expect.equal(repeated.iteration, end.iteration);
      for (const key of ['weights', 'means', 'covariances']) {
        const a = end[key].flat(2);
        const b = repeated[key].flat(2);
        expect.ok(a.every((v, i) => close(v, b[i])), `${key}: ${a} vs ${b}`);
      }
      expect.ok(close(end.logLikelihood, repeated.logLikelihood));
      const shownRepeated = await shown(page);
      expect.equal(shownRepeated.table, shownWeighted.table);
      expect.equal(shownRepeated.ll, shownWeighted.ll);
      expect.ok(!/weighted/.test(shownRepeated.status));
    },
  },
  {
    name: 'a bad weight shows its line and column and keeps the old data',
    fn: async ({ page, goto, expect }) => {
      await ready({ page, goto });
      await fit(page, weightedRows());
      await chooseWeights(page, 'w');
      const before = await state(page);
      const bad = weightedRows();
      bad[5] = bad[5].replace(/,\d$/, ',-2'); // line 6 of the text
      await page.getByLabel('Data', { exact: true }).fill(bad.join('\n'));
      await page.getByRole('button', { name: 'Fit', exact: true }).click();
      const error = page.locator('[data-ref="dataError"]');
      expect.match(await error.innerText(), /line 6, column 3: the weight of point 5 is -2; a sample weight must be a finite number ≥ 0/);
      expect.deepEqual(await state(page), before);
      expect.equal(await page.getByLabel('Weights column').inputValue(), '2');
      // NaN and all-zero weights too; a column of the weights' own is needed.
      const nan = weightedRows();
      nan[3] = nan[3].replace(/,\d$/, ',NaN');
      await page.getByLabel('Data', { exact: true }).fill(nan.join('\n'));
      await page.getByRole('button', { name: 'Fit', exact: true }).click();
      expect.match(await error.innerText(), /line 4, column 3: /); // the parser's own: NaN is no number
      await page.getByLabel('Data', { exact: true }).fill('a,b,w\n1,2,0\n3,4,0\n5,7,0');
      await page.getByRole('button', { name: 'Fit', exact: true }).click();
      expect.match(await error.innerText(), /all 3 weights are zero/);
      expect.deepEqual(await state(page), before);
    },
  },
  {
    name: 'the weights column travels in a link',
    fn: async ({ page, context, goto, expect }) => {
      await ready({ page, goto });
      await fit(page, weightedRows());
      await chooseWeights(page, 'w');
      for (let i = 0; i < 5; i++) await page.evaluate(() => window.emviz.step());
      const before = await state(page);
      expect.ok(before.iteration >= 1, `iteration ${before.iteration}`);
      await page.getByRole('button', { name: 'Copy link' }).click();
      const field = page.getByLabel('Link to this view');
      await field.waitFor();
      const link = await field.inputValue();
      expect.match(link, /wcol=2/);
      const other = await context.newPage();
      await other.goto(link, { waitUntil: 'load' });
      await whenReady(other);
      expect.deepEqual(await state(other), before);
      expect.equal(await other.getByLabel('Weights column').inputValue(), '2');
      expect.match(await other.getByRole('status').first().innerText(), /weighted \(Σw = 84\)/);
    },
  },
  {
    name: 'Choose K on weighted data weighs its fits: K = 1 is the repeated rows\' row, for every type',
    fn: async ({ page, goto, expect, shot }) => {
      await ready({ page, goto });
      const panel = page.locator('section.teach-select');
      const table = page.getByRole('table', { name: 'BIC, AIC and ICL' });
      /** Choose K over K = 1…2 on the data shown; the K = 1 cells of each type and criterion. */
      const firstRow = async () => {
        await panel.getByLabel('Largest K').selectOption('2');
        await panel.getByLabel('Starts per K').fill('1');
        await panel.getByRole('button', { name: 'Fit K = 1…2' }).click();
        await panel.getByRole('button', { name: /^Use / }).waitFor({ timeout: 60_000 });
        const cells = {};
        for (const type of ['full', 'tied', 'diag', 'spherical']) {
          for (const criterion of ['bic', 'aic', 'icl']) {
            const texts = await table.locator(`td[data-type="${type}"][data-criterion="${criterion}"]`).allInnerTexts();
            cells[`${type} ${criterion}`] = texts[0].replace(/\s*\*.*$/s, '').trim();
          }
        }
        return cells;
      };
      await fit(page, weightedRows(false));
      await chooseWeights(page, 'w');
      await page.getByRole('status').first().filter({ hasText: 'weighted (Σw = 79)' }).waitFor();
      const weighted = await firstRow();
      expect.equal((await panel.getByRole('alert').innerText()).trim(), '');
      await panel.screenshot({ path: await shot('weights-select') });
      // A fresh page for the repeated rows, so no earlier table can be read as theirs.
      await ready({ page, goto });
      await fit(page, repeatedRows());
      const repeated = await firstRow();
      // K = 1 needs no start: the weighted fit's criteria (n = Σw = 79) are the repeated rows'.
      expect.deepEqual(weighted, repeated);
      expect.ok(Object.values(weighted).every((v) => /^-?\d+\.\d\d$/.test(v)), JSON.stringify(weighted));
    },
  },
];

pageTests(import.meta, tests);
