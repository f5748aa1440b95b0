// The page as a visitor uses it: the book's run, pasting data of 4 and 1 columns, a bad paste,
// clicking to add a point, the keyboard, and a collapsing component explained in words.

import { ready, state, until } from './helpers.mjs';
import { pageTests } from './browser.mjs';

export const tests = [
  {
    name: 'Play runs the book\'s EM to the book\'s answer with blended colours and moving ellipses',
    timeout: 90_000,
    fn: async (t) => {
      const { page, shot, expect } = t;
      await ready(t);
      await page.getByLabel('Speed').fill('10');
      await page.getByRole('button', { name: 'Step' }).click();
      await until(page, (s) => s.phase === 'M', 'the first M-step');
      await shot('02-after-first-iteration');
      await page.getByRole('button', { name: 'Play' }).click();
      await until(page, (s) => s.done, 'the end of the run', 60_000);
      const s = await state(page);
      expect.ok(s.converged, `converged: ${JSON.stringify({ ...s, trace: s.trace.slice(0, 4) })}`);
      expect.ok(Math.abs(s.weights[0] - 0.356) < 1e-3 && Math.abs(s.weights[1] - 0.644) < 1e-3, `weights ${s.weights}`);
      const want = [[2.04, 54.48], [4.29, 79.97]];
      want.forEach((m, j) => m.forEach((v, i) => expect.ok(Math.abs(s.means[j][i] - v) < 0.01, `mean ${j} ${s.means[j]}`)));
      expect.ok(Math.abs(s.covariances[0][0][0] - 0.069) < 0.001 && Math.abs(s.covariances[1][1][1] - 36.0) < 0.1, 'covariances');
      for (let i = 1; i < s.trace.length; i++) expect.ok(s.trace[i] >= s.trace[i - 1] - 1e-12, 'log-likelihood never falls');
      const status = await page.locator('#status').innerText();
      expect.match(status, new RegExp(`Converged after ${s.iteration} iterations`));
      const table = await page.getByRole('table', { name: 'Components' }).innerText();
      expect.match(table, /0\.356/);
      expect.match(table, /0\.644/);
      expect.match(table, /79\.97/);
      await page.getByRole('button', { name: 'Play' }).waitFor(); // back to Play when done
      await shot('03-converged');
    },
  },
  {
    name: 'a pasted 4-column data set fits and draws, with column pickers',
    fn: async (t) => {
      const { page, shot, expect } = t;
      await ready(t);
      const rows = ['a,b,c,d'];
      for (let i = 0; i < 120; i++) {
        const c = i % 2 ? 4 : -4;
        const u = Math.sin(i * 12.9898) * 0.9, v = Math.cos(i * 78.233) * 0.9;
        rows.push([c + u, c - v, u * v + c / 2, c + (u - v)].map((x) => x.toFixed(3)).join(','));
      }
      await page.getByLabel('Data', { exact: true }).fill(rows.join('\n'));
      await page.getByRole('button', { name: 'Fit', exact: true }).click();
      let s = await state(page);
      expect.equal(s.d, 4);
      expect.equal(s.n, 120);
      expect.deepEqual(s.names, ['a', 'b', 'c', 'd']);
      await page.getByLabel('X column').waitFor();
      await page.getByLabel('Y column').selectOption('c');
      s = await page.evaluate(() => window.emviz.runToConvergence());
      expect.ok(s.done && s.converged, 'converged');
      expect.ok(Math.abs(s.weights[0] - 0.5) < 0.01, `weights ${s.weights}`);
      expect.deepEqual(s.viewColumns, [0, 2]);
      await shot('04-four-columns');
    },
  },
  {
    name: 'a pasted 1-column data set fits and draws the histogram view',
    fn: async (t) => {
      const { page, shot, expect } = t;
      await ready(t);
      const values = [];
      for (let i = 0; i < 200; i++) values.push((i % 2 ? 3 : -2) + Math.sin(i * 3.1) * (i % 2 ? 1.2 : 0.6));
      const res = await page.evaluate((text) => window.emviz.load(text), 'x\n' + values.map((v) => v.toFixed(4)).join('\n'));
      expect.equal(res.ok, true);
      expect.equal(res.d, 1);
      const s = await page.evaluate(() => window.emviz.runToConvergence());
      expect.ok(s.done, 'done');
      const means = s.means.map((m) => m[0]).sort((a, b) => a - b);
      expect.ok(Math.abs(means[0] + 2) < 0.3 && Math.abs(means[1] - 3) < 0.3, `means ${means}`);
      await shot('05-one-column');
    },
  },
  {
    name: 'a bad paste shows line and column and keeps the old fit and the text',
    fn: async (t) => {
      const { page, shot, expect } = t;
      await ready(t);
      await page.evaluate(() => window.emviz.iterate());
      const before = await state(page);
      const bad = 'x,y\n1,2\n3,abc\n';
      await page.getByLabel('Data', { exact: true }).fill(bad);
      await page.getByRole('button', { name: 'Fit', exact: true }).click();
      const alert = page.locator('#data-error');
      await alert.waitFor();
      const msg = await alert.innerText();
      expect.match(msg, /line 3, column 2/);
      expect.match(msg, /abc/);
      expect.deepEqual(await state(page), before);
      expect.equal(await page.getByLabel('Data', { exact: true }).inputValue(), bad);
      await shot('06-bad-paste');
    },
  },
  {
    name: 'clicking the plot adds a point and the fit continues',
    fn: async (t) => {
      const { page, expect } = t;
      await ready(t);
      await page.evaluate(() => window.emviz.iterate());
      const before = await state(page);
      const box = await page.getByRole('img', { name: 'Scatter plot' }).boundingBox();
      await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.4);
      const after = await state(page);
      expect.equal(after.n, before.n + 1);
      expect.equal(after.iteration, before.iteration);
      const text = await page.getByLabel('Data', { exact: true }).inputValue();
      expect.equal(text.trim().split('\n').length, 273 + 1); // header + 273 rows
      const r = await page.evaluate(() => window.emviz.step());
      expect.equal(r.half, 'E');
    },
  },
  {
    name: 'keyboard: Space plays and pauses, ArrowRight steps',
    fn: async (t) => {
      const { page, expect } = t;
      await ready(t);
      await page.getByRole('img', { name: 'Scatter plot' }).focus();
      await page.keyboard.press('ArrowRight');
      await until(page, (s) => s.iteration === 1 && s.phase === 'M', 'one iteration');
      await page.keyboard.press(' ');
      await page.getByRole('button', { name: 'Pause' }).waitFor();
      await page.keyboard.press(' ');
      await page.getByRole('button', { name: 'Play' }).waitFor();
      const s = await state(page);
      expect.ok(s.iteration >= 1);
    },
  },
  {
    name: 'a collapsing component is explained in words, not NaN',
    fn: async (t) => {
      const { page, shot, expect } = t;
      await ready(t);
      await page.getByLabel('Preset').selectOption('degenerate');
      await page.getByLabel('reg_covar').fill('0');
      await page.getByLabel('reg_covar').dispatchEvent('change');
      // Depending on the start, the collapse is found when the start is made or during the run.
      await page.getByRole('button', { name: 'Play' }).click();
      const alert = page.getByRole('alert').filter({ hasText: /collapsed/ });
      await alert.first().waitFor({ timeout: 20_000 });
      const msg = await alert.first().innerText();
      expect.match(msg, /reg_covar/);
      const s = await state(page);
      expect.ok(s.weights.every(Number.isFinite) && Number.isFinite(s.logLikelihood), 'no NaN in the state');
      const body = await page.locator('body').innerText();
      expect.ok(!/NaN/.test(body), 'no NaN on the page');
      await shot('07-collapse');
    },
  },
  {
    name: 'very large data stays loaded in full while the Data box shows its start, and Show all brings it back',
    fn: async (t) => {
      const { page, expect } = t;
      await ready(t);
      const rows = ['x y'];
      for (let i = 0; i < 30000; i++) rows.push(`${(i % 7) * 1.25 + (i % 13) * 0.011} ${(i % 5) * 2.5 + (i % 11) * 0.017}`);
      const text = rows.join('\n') + '\n';
      const res = await page.evaluate((txt) => window.emviz.load(txt), text);
      expect.equal(res.ok, true);
      expect.equal(res.n, 30000);
      const box = page.getByLabel('Data', { exact: true });
      const shown = await box.inputValue();
      expect.ok(shown.length < text.length / 10, 'only the start is in the box');
      expect.match(shown, /more lines/);
      expect.ok(await box.evaluate((el) => el.readOnly), 'the preview is read-only');
      // Fit uses the whole data, not the preview.
      await page.getByRole('button', { name: 'Fit', exact: true }).click();
      expect.equal((await state(page)).n, 30000);
      // A click adds a point to the whole data.
      // (A click on an existing point inspects it instead: try spots until one is empty.)
      await page.getByRole('img', { name: 'Scatter plot' }).scrollIntoViewIfNeeded();
      const plot = await page.getByRole('img', { name: 'Scatter plot' }).boundingBox();
      for (const [fx, fy] of [[0.16, 0.5], [0.5, 0.42], [0.3, 0.3], [0.7, 0.62], [0.9, 0.9]]) {
        await page.mouse.click(plot.x + plot.width * fx, plot.y + plot.height * fy);
        if ((await state(page)).n > 30000) break;
        await page.keyboard.press('Escape');
      }
      expect.equal((await state(page)).n, 30001);
      await page.getByRole('button', { name: 'Show all' }).click();
      const all = await box.inputValue();
      expect.equal(all.trim().split('\n').length, 30002);
      expect.ok(!(await box.evaluate((el) => el.readOnly)));
    },
  },
];

pageTests(import.meta, tests);
