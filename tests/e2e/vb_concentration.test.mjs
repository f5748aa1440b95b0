// The concentration panel (issue 22; scikit-learn's example "Concentration Prior Type Analysis of
// Variation Bayesian Gaussian Mixture", live): under variational Bayes on Old Faithful with K = 6
// the slider of the weight concentration prior refits the run from the same start — at 0.001 few
// components keep weight, at 1000 more (all six under the Dirichlet distribution) — the chart's
// sweep says the same for both weight priors, a link carries the prior, a bad one in a link is
// Rust's message and leaves the page usable, and the panel speaks Korean and Japanese. The counts
// themselves are checked against scikit-learn natively (crates/emviz-app/tests/concentration.rs).
import { state } from './helpers.mjs';
import { LANGS, openIn } from './chapter.mjs';
import { pageTests } from './browser.mjs';

/** Components in use at the slider's ends, as scikit-learn gives them from the same start. */
const EXPECTED = {
  dirichlet_process: { low: 2, high: 3 },
  dirichlet_distribution: { low: 3, high: 6 },
};

/** Sets the settings form as a learner would (every field, then one change). */
const setForm = (page, values) => page.evaluate((values) => {
  const root = document.querySelector('[data-ref="settings"]');
  for (const [name, value] of Object.entries(values)) root.querySelector(`[data-ref="${name}"]`).value = value;
  root.querySelector('[data-ref="method"]').dispatchEvent(new Event('change', { bubbles: true }));
}, values);

const prml = (page, method) => setForm(page, { init: 'kmeans++', regCovar: '1e-6', k: '6', method });

/** The panel's numbers as Rust gives them (no canvas: nothing drawn). */
const panelView = (page) => page.evaluate(() => window.emviz.instance.session.concentration(
  { kind: 'show', words: { x: '', y: '', weights: '', component: '', priors: [], default: '' } }, undefined));

/** Moves the slider with the keyboard (Home: 0.001, End: 1000) and waits for the refitted run. */
const slide = async (page, key) => {
  const slider = page.locator('.vb-concentration input[type="range"]');
  await slider.focus();
  await page.keyboard.press(key);
  const want = key === 'Home' ? '0.001' : '1000';
  await page.waitForFunction((want) => document.querySelector('.vb-concentration').dataset.value === want, want);
  return refitted(page);
};

/** The run once the panel has taken it to its end (a few milliseconds of half-steps a frame). */
const refitted = async (page) => {
  await page.waitForFunction(() => !document.querySelector('.vb-concentration').dataset.running
    && window.emviz.instance.session.state().done);
  return state(page);
};

/** Waits for the chart's sweep: every fit made, a few each frame. */
const swept = (page) => page.waitForFunction(() => document.querySelector('.vb-concentration').getAttribute('aria-busy') === 'false');

const inUse = (s) => s.weights.filter((w) => w > 0.01).length;

export const tests = [
  {
    name: 'the slider refits the run: few components at 0.001, more at 1000, for both weight priors',
    timeout: 90_000,
    fn: async (t) => {
      const { page, shot, expect } = t;
      await openIn(t, 'en');
      const panel = page.locator('.vb-concentration');
      expect.ok(await panel.isHidden(), 'no concentration panel under EM');
      for (const method of ['dirichlet_process', 'dirichlet_distribution']) {
        await prml(page, method);
        expect.ok(await panel.isVisible(), `the panel shows under ${method}`);
        const start = await state(page);
        expect.equal(start.settings.concentration, null, 'the default');
        await swept(page);
        const view = await panelView(page);
        expect.equal(view.fitted, view.total);
        expect.equal(view.total, 26);
        // The default 1/K, marked; the slider 10⁻³ … 10³.
        expect.equal(view.default, 1 / 6);
        expect.equal(view.value, null);
        expect.equal(view.stops[0], 0.001);
        expect.equal(view.stops[view.stops.length - 1], 1000);
        expect.equal(view.rows, 272, 'Old Faithful is swept whole');
        expect.ok(await page.locator('.vb-concentration .conc-subset').isHidden());
        expect.match(await panel.locator('output').textContent(), /0\.167/);
        await panel.scrollIntoViewIfNeeded();
        await shot(`vb-concentration-${method}-default`, { of: panel });
        // The sweep's lines at the ends are what the slider gives.
        const line = (prior) => view.lines.find((l) => l.prior === prior).counts;
        for (const [prior, want] of Object.entries(EXPECTED)) {
          expect.equal(line(prior)[0], want.low, `${prior} at 0.001 in the sweep`);
          expect.equal(line(prior)[line(prior).length - 1], want.high, `${prior} at 1000 in the sweep`);
        }

        const low = await slide(page, 'Home');
        expect.equal(low.settings.concentration, 0.001);
        expect.ok(low.done, 'refitted to its end');
        expect.equal(low.componentsInUse, EXPECTED[method].low, `${method} at 0.001`);
        expect.equal(inUse(low), EXPECTED[method].low);
        // The same start: the EM run's start is untouched.
        expect.deepEqual(low.startMeans, start.startMeans);
        const lowStatus = await page.locator('[data-ref="status"]').first().textContent();
        expect.ok(lowStatus.includes(`${EXPECTED[method].low} of 6 components in use`), lowStatus);
        expect.match(await panel.locator('output').textContent(), /^0\.001$/);

        const high = await slide(page, 'End');
        expect.equal(high.settings.concentration, 1000);
        expect.equal(high.componentsInUse, EXPECTED[method].high, `${method} at 1000`);
        expect.ok(high.componentsInUse > low.componentsInUse, 'a larger prior keeps more components');
        // The bars follow the run: its expected weights.
        const after = await panelView(page);
        expect.deepEqual(after.weights, high.weights);
        expect.equal(after.weightPrior, method);
        // The figure with its faded components, and the panel under it.
        await page.evaluate(() => document.querySelector('[data-ref="scatter"]').scrollIntoView());
        await shot(`vb-concentration-${method}-1000`, { fullPage: false });

        // Back to the default: the run the method alone gives.
        await panel.getByRole('button', { name: 'Default 1/K' }).click();
        await page.waitForFunction(() => document.querySelector('.vb-concentration').dataset.value === '');
        const back = await refitted(page);
        expect.equal(back.settings.concentration, null);
        const plain = await page.evaluate(() => window.emviz.runToConvergence());
        expect.equal(back.componentsInUse, plain.componentsInUse);
      }
      // Back to EM: the panel goes, and the book's run is the book's to the bit.
      await setForm(page, { init: 'book', regCovar: '0', k: '2', method: 'em' });
      expect.ok(await panel.isHidden());
      const book = await page.evaluate(() => window.emviz.runToConvergence());
      expect.equal(book.iteration, 9);
      expect.deepEqual(book.weights, [0.35595101391670264, 0.6440489860832974]);
    },
  },
  {
    name: 'a link with concentration= reopens the same state; EM links have none',
    timeout: 60_000,
    fn: async (t) => {
      const { page, expect } = t;
      await openIn(t, 'en');
      await prml(page, 'dirichlet_distribution');
      const before = await slide(page, 'End');
      const params = await page.evaluate(() => window.emviz.instance.session.share_link({}).params);
      expect.match(params, /(^|&)concentration=1e3(&|$)/);
      await openIn(t, 'en', `&${params}`);
      await page.waitForFunction(() => window.emviz.instance.session.state().settings.concentration === 1000);
      const after = await state(page);
      for (const key of ['iteration', 'phase', 'weights', 'means', 'covariances', 'componentsInUse', 'vbBound', 'settings']) {
        expect.deepEqual(after[key], before[key], key);
      }
      expect.equal(await page.locator('.vb-concentration').getAttribute('data-value'), '1000');
      // A fresh session's (EM's) link says nothing of a concentration.
      const em = await page.evaluate(() => new window.emviz.instance.Session().share_link({}).params);
      expect.ok(!em.includes('concentration='), em);
    },
  },
  {
    name: "a bad concentration in a link is Rust's message, in every language, and the page stays usable",
    timeout: 60_000,
    fn: async (t) => {
      const { page, expect } = t;
      const words = { en: 'a number > 0', ko: '0보다 큰 수', ja: '0より大きい数' };
      for (const [lang, bad] of [['en', '-1'], ['en', 'abc'], ['ko', '-1'], ['ja', 'abc']]) {
        await openIn(t, lang, `#preset=old-faithful&k=6&init=kmeanspp&reg=1e-6&method=dirichlet_process&concentration=${bad}`);
        const alert = page.locator('.link-error');
        await alert.waitFor();
        const text = await alert.textContent();
        expect.ok(text.includes(`concentration="${bad}"`) && text.includes(words[lang]), `${lang} ${bad}: ${text}`);
        // The page as it was (nothing of the link applied), and it still runs.
        const s = await state(page);
        expect.equal(s.k, 2);
        expect.equal(s.settings.concentration, null);
        await page.evaluate(() => window.emviz.step());
        expect.equal((await state(page)).cursor, s.cursor + 1);
      }
    },
  },
  ...LANGS.filter((l) => l !== 'en').map((lang) => ({
    name: `the panel in ${lang}`,
    timeout: 60_000,
    fn: async (t) => {
      const { page, shot, expect } = t;
      await openIn(t, lang);
      await prml(page, 'dirichlet_process');
      const panel = page.locator('.vb-concentration');
      await slide(page, 'Home');
      const text = await panel.innerText();
      const want = {
        ko: ['집중도 사전 분포', '디리클레 과정', '혼합 가중치', '기본값 1/K'],
        ja: ['集中度の事前分布', 'ディリクレ過程', '混合係数', '既定値 1/K'],
      }[lang];
      for (const w of want) expect.ok(text.includes(w), `${w} in: ${text}`);
      expect.ok(!/[A-Za-z]{4,}/.test(text.replace(/scikit-learn|Dirichlet|γ|α/g, '')), `no English left: ${text}`);
      const status = await page.locator('[data-ref="status"]').first().textContent();
      expect.ok(status.includes(lang === 'ko' ? '성분 6개 중 2개 사용 중' : '成分6個のうち2個を使用中'), status);
      await swept(page);
      await panel.scrollIntoViewIfNeeded();
      await shot(`vb-concentration-${lang}`, { of: panel });
    },
  })),
];

pageTests(import.meta, tests);
