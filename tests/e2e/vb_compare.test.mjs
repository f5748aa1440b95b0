// EM and variational Bayes side by side (issue 22, features/vbcompare.js): "Compare EM and VB"
// puts a second canvas beside the main plot with the other method's run from the same start, in
// lockstep. On PRML Fig. 10.6's case (Old Faithful, K = 6, "Show a case"): play and step keep
// both captions at the same half-step, VB ends with two components in use while EM keeps all
// six, the history's Back keeps them together, switching the method swaps the runs, reset and a
// new K start both again; the captions in Korean and Japanese; the two canvases side by side,
// and stacked on a 390×844 phone with nothing scrolling sideways. The numbers of the other run
// are checked against runs stepped alone in crates/emviz-app (vb_compare).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT, state, until, sidewaysInPage } from './helpers.mjs';
import { LANGS, openIn } from './chapter.mjs';
import { pageTests } from './browser.mjs';

const glossary = JSON.parse(await readFile(path.join(ROOT, 'crates', 'emviz-app', 'src', 'glossary.json'), 'utf8'));
const term = (id, lang) => glossary.concepts.find((c) => c.id === id)[lang];

/** What the captions say of VB's two components in use out of six, and of EM's six. */
const IN_USE = { en: '2 of 6 components in use', ko: '성분 6개 중 2개 사용 중', ja: '成分6個のうち2個を使用中' };
const ALL_K = { en: 'all 6 components', ko: '성분 6개 모두 사용', ja: '成分6個すべてを使用' };

/** Both captions' numbers (kept on the elements beside their words) and words. */
const captions = (page) => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('.vb-compare-caption')].map((el) => [el.dataset.side, {
  method: el.dataset.method, halfSteps: Number(el.dataset.halfSteps), iteration: Number(el.dataset.iteration),
  phase: el.dataset.phase, inUse: Number(el.dataset.inUse), text: el.textContent,
}])));

/** A screenshot of the two plots with their captions (and the controls under them). */
const shotPlots = async ({ page, shot }, name, options = {}) => {
  const clip = await page.evaluate(() => {
    const els = ['.canvas-wrap', '.vb-compare-figure', '.vb-compare'].map((s) => document.querySelector(s).getBoundingClientRect());
    const [x, y] = [Math.min(...els.map((r) => r.left)), Math.min(...els.map((r) => r.top))];
    const [r, b] = [Math.max(...els.map((e) => e.right)), Math.max(...els.map((e) => e.bottom))];
    return { x: Math.max(0, x - 4 + window.scrollX), y: Math.max(0, y - 4 + window.scrollY), width: r - x + 8, height: b - y + 8 };
  });
  return shot(name, { clip, fullPage: true, ...options });
};

/** Turns the comparison on and loads the case, as a learner would. */
const openCase = async (page) => {
  await page.locator('#vbc-toggle').check();
  await page.locator('#vbc-case').click();
};

/** The two captions are at the page's half-step (and so at the same iteration and half-step). */
const together = async (page, expect, what) => {
  const s = await state(page);
  const c = await captions(page);
  for (const side of ['main', 'other']) {
    expect.equal(c[side].halfSteps, s.cursor, `${what}: ${side} at half-step ${c[side].halfSteps}, the page at ${s.cursor}`);
    expect.equal(c[side].iteration, s.iteration, `${what}: ${side}'s iteration`);
    expect.equal(c[side].phase, s.phase, `${what}: ${side}'s phase`);
  }
  return { s, c };
};

/** Sets the settings form as a learner would (the fields, then one change). */
const setForm = (page, values) => page.evaluate((values) => {
  const root = document.querySelector('[data-ref="settings"]');
  for (const [name, value] of Object.entries(values)) root.querySelector(`[data-ref="${name}"]`).value = value;
  root.querySelector('[data-ref="method"]').dispatchEvent(new Event('change', { bubbles: true }));
}, values);

const halves = (page, n) => page.evaluate((n) => { for (let i = 0; i < n; i++) window.emviz.step(); }, n);

export const tests = [
  {
    name: 'EM and VB in lockstep on PRML Fig. 10.6: play, step, back, switch the method, reset, new K',
    timeout: 120_000,
    fn: async (t) => {
      const { page, expect } = t;
      await openIn(t, 'en');
      const figure = page.locator('.vb-compare-figure');
      expect.ok(await figure.isHidden(), 'nothing beside the plot until asked');
      expect.ok(await page.locator('.vb-compare-about').isHidden());
      await openCase(page);
      expect.ok(await figure.isVisible());
      const about = await page.locator('.vb-compare-about').textContent();
      expect.ok(about.includes('E[π]') && about.includes('prior'), about);
      const start = await state(page);
      expect.deepEqual([start.k, start.settings.init, start.settings.regCovar, start.settings.method, start.n], [6, 'kmeans++', 1e-6, 'em', 272]);
      let { c } = await together(page, expect, 'the start');
      expect.deepEqual([c.main.method, c.other.method], ['em', 'dirichlet_process']);
      expect.ok(c.main.text.includes('EM algorithm') && c.main.text.includes('all 6 components'), c.main.text);
      expect.ok(c.other.text.includes('variational Bayes (Dirichlet process)'), c.other.text);

      // Step half-step by half-step: an E-step, an M-step, another E-step.
      for (const phase of ['E', 'M', 'E']) {
        await page.evaluate(() => window.emviz.step());
        ({ c } = await together(page, expect, `after a step to ${phase}`));
        expect.equal(c.other.phase, phase);
      }
      expect.ok(c.other.text.includes('E-step 2'), c.other.text);
      // The Step button: the rest of the iteration.
      await page.locator('[data-ref="step"]').click();
      await until(page, (s) => s.cursor === 4 && s.phase === 'M', 'the Step button');
      ({ c } = await together(page, expect, 'the Step button'));
      expect.ok(c.other.text.includes('lower bound'), c.other.text);

      // Play to the end: the captions follow every half-step; VB keeps two, EM all six.
      await page.locator('[data-ref="play"]').click();
      const end = await until(page, (s) => s.done, 'the end of the run', 60_000);
      await page.waitForTimeout(200);
      ({ c } = await together(page, expect, 'the end'));
      expect.ok(end.converged);
      expect.equal(c.other.inUse, 2, c.other.text);
      expect.equal(c.main.inUse, 6, c.main.text);
      expect.ok(c.other.text.includes(IN_USE.en) && c.other.text.includes('converged'), c.other.text);
      expect.ok(c.main.text.includes(ALL_K.en), c.main.text);
      await shotPlots(t, 'vb-compare-side-by-side');
      // Side by side: the same size, on one row.
      const [a, b] = await Promise.all(['[data-ref="scatter"]', '.vb-compare-figure canvas'].map((s) => page.locator(s).boundingBox()));
      expect.ok(Math.abs(a.y - b.y) < 2 && b.x > a.x + a.width - 1, `beside: ${JSON.stringify([a, b])}`);
      expect.ok(Math.abs(a.width - b.width) < 2 && Math.abs(a.height - b.height) < 2);

      // The history's Back: both go back together, and seeking far back too.
      for (let i = 0; i < 3; i++) await page.locator('.teach-history [data-act="back"]').click();
      ({ c } = await together(page, expect, 'three half-steps back'));
      expect.equal(c.main.halfSteps, end.cursor - 3);
      await page.locator('.teach-history input[type="range"]').fill('7');
      ({ c } = await together(page, expect, 'the history at half-step 7'));
      await page.locator('.teach-history [data-act="back"]').click();
      ({ c } = await together(page, expect, 'back to half-step 6'));
      expect.equal(c.other.halfSteps, 6);
      expect.ok(c.other.inUse > 2, `VB still uses ${c.other.inUse} at half-step 6`);

      // Switching the method swaps the runs: VB in the main plot, EM beside it, from the start.
      await setForm(page, { method: 'dirichlet_process' });
      ({ c } = await together(page, expect, 'the method switched'));
      expect.deepEqual([c.main.method, c.other.method, c.main.halfSteps], ['dirichlet_process', 'em', 0]);
      await halves(page, 5);
      ({ c } = await together(page, expect, 'VB main, five half-steps'));
      expect.equal(c.other.inUse, 6);
      const vb = await page.evaluate(() => window.emviz.runToConvergence());
      ({ c } = await together(page, expect, 'VB main at its end'));
      expect.equal(vb.componentsInUse, 2);
      expect.ok(c.main.text.includes(IN_USE.en) && c.other.text.includes(ALL_K.en), `${c.main.text} | ${c.other.text}`);

      // Reset and a new K start both again, together.
      await page.locator('[data-ref="reset"]').click();
      ({ c } = await together(page, expect, 'reset'));
      expect.equal(c.other.halfSteps, 0);
      await setForm(page, { k: '3' });
      await halves(page, 2);
      ({ c } = await together(page, expect, 'K = 3'));
      expect.ok(c.main.text.includes('of 3 components') && c.other.text.includes('all 3 components'), `${c.main.text} | ${c.other.text}`);
      // Off: the plot is whole again.
      await page.locator('#vbc-toggle').uncheck();
      expect.ok(await figure.isHidden());
    },
  },
  ...LANGS.filter((l) => l !== 'en').map((lang) => ({
    name: `the captions in ${lang}: VB's components in use beside EM's all K, the method in the glossary's words`,
    timeout: 60_000,
    fn: async (t) => {
      const { page, expect } = t;
      await openIn(t, lang);
      await openCase(page);
      await page.evaluate(() => window.emviz.runToConvergence());
      const { c } = await together(page, expect, 'the end');
      expect.ok(c.main.text.includes(term('em', lang)) && c.main.text.includes(ALL_K[lang]), c.main.text);
      expect.ok(c.other.text.includes(term('variational-bayes', lang)) && c.other.text.includes(IN_USE[lang]), c.other.text);
      expect.ok(c.other.text.includes(term('lower-bound', lang)), c.other.text);
      const about = await page.locator('.vb-compare-about').textContent();
      for (const id of ['prior', 'component', 'mixing-weight', 'covariance', 'variational-bayes', 'log-likelihood']) {
        expect.ok(about.includes(term(id, lang)), `${id}: ${about}`);
      }
      await shotPlots(t, `vb-compare-${lang}`);
    },
  })),
  {
    name: 'on a 390×844 phone the two plots are stacked and nothing scrolls sideways',
    contextOptions: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
    timeout: 60_000,
    fn: async (t) => {
      const { page, expect, shot } = t;
      await openIn(t, 'en');
      await openCase(page);
      await halves(page, 12);
      await together(page, expect, 'twelve half-steps on a phone');
      const [a, b] = await Promise.all(['[data-ref="scatter"]', '.vb-compare-figure canvas'].map((s) => page.locator(s).boundingBox()));
      expect.ok(b.y >= a.y + a.height, `stacked: ${JSON.stringify([a, b])}`);
      expect.ok(b.x >= 0 && b.x + b.width <= 390, `on the screen: ${JSON.stringify(b)}`);
      const s = await page.evaluate(sidewaysInPage);
      expect.ok(s.scrollWidth <= s.width, JSON.stringify(s));
      await page.locator('.vb-compare-figure').scrollIntoViewIfNeeded();
      await shot('vb-compare-phone-390', { scale: 'css' });
      await shotPlots(t, 'vb-compare-phone-390-plots', { scale: 'css' });
    },
  },
];

pageTests(import.meta, tests);
