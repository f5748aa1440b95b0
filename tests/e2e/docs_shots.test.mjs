// The README's pictures, taken from the built page: with EMVIZ_DOCS_SHOTS=1 they are written to
// docs/ (docs/screenshot.png, docs/ch5-*.png, docs/exercise.png, docs/vb.png, docs/bic-models.png, …); otherwise to the screenshots directory like any
// other test's. Each picture's panel must be visible and filled.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ready } from './helpers.mjs';
import { pageTests } from './browser.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DOCS = path.resolve(HERE, '..', '..', 'docs');
const OUT = process.env.EMVIZ_DOCS_SHOTS === '1' ? DOCS : path.resolve(process.env.EMVIZ_E2E_SCREENSHOTS || path.join(HERE, 'screenshots'));

/** Opens section `s` of the chapter and returns its panel `.teach-<name>`. */
const section = async (page, s, name) => {
  await page.locator(`[role="tab"][data-section="${s}"]`).click();
  const panel = page.locator(`.teach-${name}`);
  await panel.waitFor();
  await page.waitForTimeout(300);
  return panel;
};

export const tests = [
  {
    name: 'pictures of the page and the chapter\'s sections for the README',
    timeout: 120_000,
    fn: async (t) => {
      const { page, expect } = t;
      await page.setViewportSize({ width: 1280, height: 1100 });
      await ready(t);
      // The README's picture: the book's run converged, §5.4 open under the plot.
      await page.evaluate(() => window.emviz.runToConvergence());
      await section(page, 'gmmEm', 'formulas');
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: path.join(OUT, 'screenshot.png') });
      // §5.4: eq. 5.8 after an M-step of the book's run.
      await page.evaluate(() => window.emviz.instance.session.run({ kind: 'reset' }));
      await page.evaluate(() => { window.emviz.instance.restarted(); });
      for (let i = 0; i < 6; i++) await page.evaluate(() => window.emviz.step());
      const formulas = await section(page, 'gmmEm', 'formulas');
      expect.ok(JSON.parse(await formulas.getAttribute('data-objective')).atNew !== null);
      await formulas.screenshot({ path: path.join(OUT, 'ch5-mstep.png') });
      // §5.2.2 on the book's run: point 40's q set by hand, q from iteration 2 for the data.
      await page.evaluate(() => window.emviz.step());
      await page.evaluate(() => window.emviz.step());
      const bound = await section(page, 'derivation1', 'bound');
      await page.evaluate(() => window.emviz.instance.choosePoint(39));
      await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
      await bound.locator('.bound-slider input').nth(0).fill('0.8');
      await bound.locator('.bound-slider input').nth(1).fill('0.2');
      await bound.locator('.bound-from input').fill('2');
      await page.waitForTimeout(300);
      await bound.screenshot({ path: path.join(OUT, 'ch5-bound.png') });
      // §5.1.3 on the known mixture, from a far start.
      await page.getByRole('combobox', { name: 'Preset' }).selectOption('known-mixture');
      await page.getByLabel('Seed', { exact: true }).fill('4');
      await page.getByLabel('Seed', { exact: true }).blur(); // the browser's own change event
      for (let i = 0; i < 12; i++) await page.evaluate(() => window.emviz.iterate());
      const truth = await section(page, 'kl', 'truth');
      expect.equal(await truth.getAttribute('data-known'), 'true');
      await truth.screenshot({ path: path.join(OUT, 'ch5-truth.png') });
      // The blog in 1-D: the true labels shown, Bayes' rule for one point.
      await page.getByRole('combobox', { name: 'Preset' }).selectOption('one-d');
      for (let i = 0; i < 3; i++) await page.evaluate(() => window.emviz.step());
      await section(page, 'blog', 'blog');
      await page.locator('.teach-observe input[type="checkbox"]').check();
      await page.evaluate(() => window.emviz.instance.choosePoint(7));
      await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
      await page.waitForTimeout(300);
      await page.locator('.stage').screenshot({ path: path.join(OUT, 'ch5-blog.png') });
      // Principal components of four columns.
      const rows = ['a b c d'];
      for (let i = 0; i < 240; i++) {
        const g = i % 3;
        rows.push([g * 3 + Math.sin(i * 0.37) * 1.2, g * 1.5 + Math.cos(i * 0.71), Math.sin(i * 1.3) * 0.8 - g, g * 2 + Math.cos(i * 0.11) * 1.5].map((v) => v.toFixed(4)).join(' '));
      }
      await page.evaluate((txt) => window.emviz.load(txt), rows.join('\n'));
      await page.getByLabel('K', { exact: true }).selectOption('3');
      await page.evaluate(() => window.emviz.runToConvergence());
      const pca = page.locator('.teach-pca');
      await pca.waitFor();
      await page.waitForTimeout(300);
      await pca.screenshot({ path: path.join(OUT, 'ch5-pca.png') });
    },
  },
  ...[['ko', 'kl', 'kl', 'ch5-kl-ko.png'], ['ja', 'derivation2', 'lowerbound', 'ch5-elbo-ja.png']].map(([lang, s, name, file]) => ({
    name: `the chapter in ${lang === 'ko' ? 'Korean' : 'Japanese'} for the README`,
    fn: async (t) => {
      const { page } = t;
      await page.setViewportSize({ width: 1280, height: 1100 });
      await ready(t, `?lang=${lang}`);
      for (let i = 0; i < 6; i++) await page.evaluate(() => window.emviz.step());
      const panel = await section(page, s, name);
      await panel.screenshot({ path: path.join(OUT, file) });
    },
  })),
  {
    name: 'variational Bayes on Old Faithful with K = 6 (PRML Fig. 10.6) for the README',
    timeout: 90_000,
    fn: async (t) => {
      const { page, expect } = t;
      await page.setViewportSize({ width: 1280, height: 1000 });
      await ready(t, '?k=6&init=kmeans%2B%2B&reg=1e-6&method=dirichlet_process');
      const end = await page.evaluate(() => window.emviz.runToConvergence());
      expect.equal(end.componentsInUse, 2);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(OUT, 'vb.png') });
    },
  },
  {
    name: 'presenter mode at 1280×720 for the README',
    fn: async (t) => {
      const { page, expect } = t;
      await page.setViewportSize({ width: 1280, height: 720 });
      await ready(t, '?present');
      for (let i = 0; i < 3; i++) await page.evaluate(() => window.emviz.iterate());
      await page.evaluate(() => window.emviz.instance.inspectPoint(39));
      expect.equal(await page.evaluate(() => window.emviz.instance.presenter.presenting()), true);
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(OUT, 'present.png') });
    },
  },
  {
    name: 'the lecture (lecture.html) at its M-step for the README',
    timeout: 90_000,
    fn: async ({ page, goto, expect }) => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await goto('lecture.html');
      await page.waitForFunction(() => document.querySelector('em-gmm')?.instance?.lecture?.count === 10);
      // Scrolled to the seventh step (the first M-step) as a reader would, through the ones before.
      for (const i of [4, 5, 6]) {
        await page.evaluate((i) => {
          const el = document.querySelectorAll('article:not([hidden]) [data-emviz]')[i];
          scrollTo(0, el.getBoundingClientRect().top + scrollY - innerHeight * 0.25);
        }, i);
        await page.waitForFunction((i) => document.querySelector('em-gmm').dataset.lectureStep === String(i), i);
      }
      await page.waitForFunction(() => document.querySelector('em-gmm').instance.player.queued === 0);
      expect.equal(await page.evaluate(() => document.querySelector('em-gmm').instance.session.state().phase), 'M');
      await page.waitForTimeout(600);
      await page.screenshot({ path: path.join(OUT, 'lecture.png') });
    },
  },
  {
    name: 'an exercise solved through the page, for the README',
    fn: async (t) => {
      const { page, expect } = t;
      await page.setViewportSize({ width: 1280, height: 1100 });
      // Exercise 8 as a homework link opens it: the E-step taken, the M-step done by hand.
      await ready(t, '?ex=8');
      const li = page.locator('.ex-item[data-ex="8"]');
      await li.locator('[data-out="work"]').waitFor();
      await page.evaluate(() => window.emviz.step());
      const table = li.locator('.ex-points');
      await table.waitFor();
      const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [Number(tr.children[1].textContent), Number(tr.children[2].dataset.value)]));
      const sb = rows.reduce((s, [, b]) => s + b, 0);
      const mean = rows.reduce((s, [x, b]) => s + b * x, 0) / sb;
      const variance = rows.reduce((s, [x, b]) => s + b * (x - mean) ** 2, 0) / sb;
      await li.locator('[data-in="mean"]').fill(mean.toFixed(3));
      await li.locator('[data-in="variance"]').fill(variance.toFixed(3));
      await li.locator('[data-act="check"]').click();
      await li.locator('[data-out="explain"]').waitFor();
      expect.equal(await li.getAttribute('data-verdict'), 'solved');
      await li.scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      await li.screenshot({ path: path.join(OUT, 'exercise.png') });
    },
  },
  {
    name: "BIC per model over mclust's 14 models on Old Faithful, K up to 9, for the README",
    timeout: 600_000,
    fn: async (t) => {
      const { page, expect, log } = t;
      await page.setViewportSize({ width: 1280, height: 1100 });
      await ready(t);
      // The core's test's settings (k-means++, 5 starts per fit, seed 0); the page's fits take
      // reg_covar 1e-6 where the run's is 0.
      const panel = page.locator('section.teach-select');
      await panel.getByLabel('Covariance types').selectOption('mclust');
      await panel.getByLabel('Largest K').selectOption('9');
      await panel.getByLabel('Starts per K').fill('5');
      await panel.getByRole('button', { name: 'Fit K = 1…9' }).click();
      await panel.getByRole('button', { name: /^Use / }).waitFor({ timeout: 540_000 });
      const r = await page.evaluate(() => window.emviz.instance.session.select({ kind: 'peek' }).result);
      log(`best by BIC: ${r.bestModel}, K = ${r.bestK}`);
      expect.deepEqual([r.bestModel, r.bestK], ['EEE', 3], "mclust's choice on Old Faithful");
      await panel.scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      await panel.screenshot({ path: path.join(OUT, 'bic-models.png') });
    },
  },
];

pageTests(import.meta, tests);
