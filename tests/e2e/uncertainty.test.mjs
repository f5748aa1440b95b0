// ICL and uncertainty on the page (issue 23, part 2): Choose K's criterion switch (BIC / AIC / ICL)
// moves the best K, its line, the table's emphasis and the chart as `emviz select --json` says; the
// point inspector shows the point's uncertainty 1 − max q(z) in en/ko/ja (EM and VB runs); the
// "Outline by uncertainty" toggle rings the uncertain points (the pixels change). The numbers
// themselves are the core's (tested in crates/emviz-app and emviz-cli).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, ready, state } from './helpers.mjs';
import { LANGS, openIn, halfSteps, pixelHash } from './chapter.mjs';
import { pageTests } from './browser.mjs';

const DATA = path.join(ROOT, 'data/old_faithful.txt');
const CLI = path.join(path.resolve(ROOT, process.env.CARGO_TARGET_DIR || 'target'), 'debug', 'emviz');

/** `emviz select --json` on Old Faithful (builds the CLI first if it is missing). */
function cliSelect(covariance, { nInit, seed, kMax }) {
  if (!existsSync(CLI)) execFileSync('cargo', ['build', '-q', '-p', 'emviz-cli'], { cwd: ROOT, stdio: 'inherit' });
  const args = ['select', DATA, '--k-max', String(kMax), '--covariance', covariance, '--n-init', String(nInit), '--seed', String(seed), '--json'];
  return JSON.parse(execFileSync(CLI, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
}

/** The inspector's uncertainty line in each language: its words before the number. */
const LINE = {
  en: /^Uncertainty 1 − maxₖ q⁽ⁿ⁾\(z = k\) = [\d.]+: 0 for a point surely in one component/,
  ko: /^불확실성 1 − maxₖ q⁽ⁿ⁾\(z = k\) = [\d.]+: 한 성분에 확실히 속하는 점은 0/,
  ja: /^不確実性 1 − maxₖ q⁽ⁿ⁾\(z = k\) = [\d.]+：一つの成分に確実に属する点で 0/,
};

export const tests = [
  {
    name: 'Choose K ranks by BIC, AIC or ICL: best K, its line, the table and the chart follow `emviz select`',
    timeout: 120_000,
    fn: async (t) => {
      const { page, shot, expect } = t;
      await ready(t);
      const panel = page.locator('section.teach-select');
      const criterion = panel.getByLabel('Rank by');
      expect.equal(await criterion.inputValue(), 'bic', 'BIC first');
      await panel.getByLabel('Covariance types').selectOption('full');
      await panel.getByLabel('Starts per K').fill('2');
      await panel.getByRole('button', { name: 'Fit K = 1…10' }).click();
      await panel.getByRole('button', { name: /^Use K = \d+$/ }).waitFor({ timeout: 100_000 });
      const cli = cliSelect('full', { nInit: 2, seed: (await state(page)).seed, kMax: 10 });
      const table = page.getByRole('table', { name: 'BIC, AIC and ICL' });
      const icl = await table.locator('td[data-type="full"][data-criterion="icl"]').allInnerTexts();
      expect.deepEqual(icl.map((s) => s.replace(/ \*.*$/s, '')), cli.rows.map((r) => r.icl.toFixed(2)), 'the ICL column is the CLI\'s');
      const chart = panel.locator('canvas.select-chart');
      let lastChart = await pixelHash(chart);
      for (const [name, best] of [['icl', cli.best_icl], ['aic', cli.best_aic], ['bic', cli.best_bic]]) {
        await criterion.selectOption(name);
        expect.equal(await panel.getAttribute('data-best-k'), String(best), `best K by ${name}`);
        expect.match(await panel.locator('.select-best').innerText(), new RegExp(`^Lowest ${name.toUpperCase()}: K = ${best} with full covariances`));
        expect.equal(await panel.getByRole('button', { name: /^Use K = \d+$/ }).innerText(), `Use K = ${best}`);
        const chosen = await table.locator('td.chosen').evaluateAll((tds) => [...new Set(tds.map((td) => td.dataset.criterion))]);
        expect.deepEqual(chosen, [name], 'the chosen column is emphasised');
        const starred = await table.locator(`td[data-criterion="${name}"].best`).innerText();
        expect.ok(starred.startsWith(cli.rows[best - 1][name].toFixed(2)), `${starred}`);
        const now = await pixelHash(chart);
        expect.notEqual(now, lastChart, `the chart redraws for ${name}`);
        lastChart = now;
        if (name === 'icl') await shot('uncertainty-select-icl');
      }
      // "Use K" follows the criterion chosen.
      await criterion.selectOption('icl');
      await panel.getByRole('button', { name: /^Use K = \d+$/ }).click();
      expect.equal((await state(page)).settings.k, cli.best_icl);
    },
  },
  ...LANGS.map((lang) => ({
    name: `the inspector shows the point's uncertainty 1 − max q(z) (${lang})`,
    fn: async (t) => {
      const { page, shot, expect } = t;
      await openIn(t, lang);
      await halfSteps(page, 5); // E, M, E, M, E: q is the last E-step's
      await page.evaluate(() => window.emviz.instance.inspectPoint(7));
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      const line = dialog.getByTestId('inspect-uncertainty');
      expect.match(await line.innerText(), LINE[lang]);
      const u = Number(await line.getAttribute('data-value'));
      const resp = await dialog.locator('td.resp').evaluateAll((tds) => tds.map((td) => Number(td.dataset.value)));
      // After an E-step q is the responsibility: the uncertainty is 1 − its largest.
      expect.ok(Math.abs(u - (1 - Math.max(...resp))) < 1e-12, `${u} vs ${resp}`);
      if (lang === 'en') await shot('uncertainty-inspector');
    },
  })),
  {
    name: 'under variational Bayes the uncertainty is of q(z), the colour',
    fn: async (t) => {
      const { page, expect } = t;
      await ready(t, '#k=6&init=kmeans%2B%2B&reg=1e-6&method=dp');
      expect.equal((await state(page)).settings.method, 'dirichlet_process');
      await halfSteps(page, 7);
      await page.evaluate(() => window.emviz.instance.inspectPoint(3));
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      const q = await dialog.locator('td.q').evaluateAll((tds) => tds.map((td) => Number(td.dataset.value)));
      expect.equal(q.length, 6, 'the q column shows under VB');
      const u = Number(await dialog.getByTestId('inspect-uncertainty').getAttribute('data-value'));
      expect.ok(Math.abs(u - (1 - Math.max(...q))) < 1e-12, `${u} vs ${q}`);
    },
  },
  {
    name: '"Outline by uncertainty" rings the uncertain points and off draws the plot as before',
    fn: async (t) => {
      const { page, shot, expect } = t;
      await ready(t);
      const toggle = page.getByLabel('Outline by uncertainty');
      const box = page.locator('.teach-uncertainty');
      const plot = page.locator('canvas[data-ref="scatter"]');
      // Before the first E-step there is nothing to ring.
      await toggle.check();
      await page.waitForTimeout(100);
      expect.equal(await box.getAttribute('data-rings'), '0');
      await toggle.uncheck();
      await halfSteps(page, 3);
      await page.waitForTimeout(100);
      const off = await pixelHash(plot);
      await toggle.check();
      await page.waitForFunction(() => Number(document.querySelector('.teach-uncertainty').dataset.rings) > 0);
      const rings = Number(await box.getAttribute('data-rings'));
      expect.ok(rings > 0 && rings < (await state(page)).n, `${rings} points ringed, not all`);
      expect.notEqual(await pixelHash(plot), off, 'the rings change the picture');
      await shot('uncertainty-outline');
      await toggle.uncheck();
      await page.waitForFunction(() => document.querySelector('.teach-uncertainty').dataset.rings === '0');
      await page.waitForTimeout(100);
      expect.equal(await pixelHash(plot), off, 'off again: the plot as it was');
    },
  },
];

pageTests(import.meta, tests);
