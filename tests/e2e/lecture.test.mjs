// Lecture notes that drive a figure (lecture.html, js/lecture.js, emviz_app::lecture): scrolling
// through the lecture brings each step's state — equal to the state its share link opens on the
// main page — with its panels, point and formula; scrolling back goes back; Tab walks the same
// steps; the Korean and Japanese lectures hold to the glossary; a faulty step is a console message
// naming the step and the column, and the figure stays usable; the one-file edition works from
// file://, and the lecture's modules work from another origin (an <em-gmm> embedded cross-origin).
import { DIST, singleFile, openFile, sidewaysInPage } from './helpers.mjs';
import { serve } from './server.mjs';
import { pageTests } from './browser.mjs';
import { ruledOut, englishOnly, visibleTexts } from './chapter_words.test.mjs';

const STEPS = 'article:not([hidden]) [data-emviz]';

/** Waits until the lecture drives the figure. */
const lectureReady = (page) => page.waitForFunction(() => {
  const f = document.querySelector('em-gmm');
  return f && f.instance && f.instance.lecture && f.instance.lecture.count > 0;
}, null, { timeout: 30_000 });

/** Scrolls step i (0-based) to the reading line and waits until it is shown and its animation is
 *  over; returns the figure's state and link. */
async function reach(page, i, selector = STEPS) {
  const shown = () => page.waitForFunction((i) => document.querySelector('em-gmm').dataset.lectureStep === String(i), i, { timeout: 5_000 });
  const scroll = (nudge) => page.evaluate(([i, sel, nudge]) => {
    const el = document.querySelectorAll(sel)[i];
    scrollTo(0, el.getBoundingClientRect().top + scrollY - innerHeight * 0.5 + nudge);
  }, [i, selector, nudge]);
  await scroll(0);
  // A scroll to where the page already is (a figure above the notes still growing as it loads
  // can leave the step there) fires no scroll event: then scroll as a reader would, a little.
  await shown().catch(async () => { await scroll(40); await shown(); });
  return settled(page);
}

/** The figure's state and link once its player has taken every queued half-step. */
async function settled(page) {
  await page.waitForFunction(() => {
    const p = document.querySelector('em-gmm').instance.player;
    return p.queued === 0 && !p.pending;
  }, null, { timeout: 20_000 });
  return page.evaluate(() => {
    const { session } = document.querySelector('em-gmm').instance;
    const link = session.share_link({});
    return { state: session.state(), link: link.kind === 'link' ? link.params : null };
  });
}

/** The run's own numbers of a state (not how it is shown). */
const runOf = (s) => ({
  k: s.k, n: s.n, cursor: s.cursor, iteration: s.iteration, phase: s.phase, done: s.done,
  logLikelihood: s.logLikelihood, weights: s.weights, means: s.means, covariances: s.covariances,
});

export const tests = [
  {
    name: 'scrolling through the lecture reaches every step, equal to its share link, and back',
    timeout: 150_000,
    fn: async ({ page, goto, expect, shot, context, baseUrl }) => {
      await goto('lecture.html');
      await lectureReady(page);
      const count = await page.locator(STEPS).count();
      expect.equal(count, 10, 'ten steps');
      expect.equal(await page.evaluate(() => document.querySelector('em-gmm').instance.lecture.count), 10);
      // What each step shows beside the run (from its data-emviz).
      const expected = [
        { panels: ['latent'], cursor: 0 },
        { panels: ['marginal'], point: 39, cursor: 0 },
        { panels: ['bound'], point: 39, cursor: 0 },
        { panels: ['lowerbound'], point: 39, cursor: 0 },
        { panels: ['toem', 'elbo'], cursor: 0 },
        { panels: ['elbo', 'formulas'], point: 39, lit: 'E', cursor: 1, phase: 'E' },
        { panels: ['elbo', 'formulas'], lit: 'M', cursor: 2, phase: 'M' },
        { panels: ['elbo'], cursor: 3, phase: 'E' },
        { panels: ['chart', 'history'], done: true },
        { panels: ['compare'], done: true },
      ];
      const other = await context.newPage();
      for (let i = 0; i < count; i++) {
        const { state, link } = await reach(page, i);
        const want = expected[i];
        if (want.cursor !== undefined) expect.equal(state.cursor, want.cursor, `step ${i + 1}: half-step`);
        if (want.phase) expect.equal(state.phase, want.phase, `step ${i + 1}: phase`);
        if (want.done) expect.ok(state.done && state.iteration >= 5, `step ${i + 1}: converged at ${state.iteration}`);
        // The panels the step names are shown; the chapter's other panels are not.
        const shown = await page.evaluate((names) => {
          const { instance } = document.querySelector('em-gmm');
          const visible = (el) => !el.classList.contains('emviz-off') && !el.closest('.emviz-off');
          const map = new Map();
          for (const el of instance.root.querySelectorAll('[data-panel], [class*="teach-"]')) {
            const cls = [...el.classList].find((c) => c.startsWith('teach-'));
            const name = el.dataset.panel || (cls && cls.replace(/^teach-/, ''));
            if (name) map.set(name, (map.get(name) || false) || visible(el));
          }
          // (The log-likelihood chart is one of the element's own panels: shown at every step.)
          return Object.fromEntries(['latent', 'marginal', 'bound', 'lowerbound', 'toem', 'elbo', 'formulas', 'compare', 'history']
            .map((n) => [n, names.includes(n) ? map.get(n) : !map.get(n)]));
        }, want.panels);
        for (const [name, ok] of Object.entries(shown)) expect.ok(ok, `step ${i + 1}: panel ${name} ${want.panels.includes(name) ? 'shown' : 'hidden'}`);
        const inspected = await page.evaluate(() => document.querySelector('em-gmm').instance.inspectedPoint());
        expect.equal(inspected, want.point ?? null, `step ${i + 1}: inspected point`);
        const lit = await page.evaluate(() => [...document.querySelectorAll('em-gmm .lecture-lit')].map((e) => e.dataset.phase));
        expect.deepEqual(lit, want.lit ? [want.lit] : [], `step ${i + 1}: formula lit`);
        expect.equal(await page.locator(`${STEPS}[aria-current="step"]`).count(), 1, 'one current step');
        // The same state from its share link on the main page.
        await other.goto(`${baseUrl}#${link}`);
        await other.waitForFunction(() => window.emviz && window.emviz.ready);
        await other.evaluate(() => window.emviz.ready);
        const opened = await other.evaluate(() => window.emviz.state());
        expect.deepEqual(runOf(opened), runOf(state), `step ${i + 1}: the link ${link} opens the same state`);
        if (i === 5 || i === 6) await shot(`lecture-step-${i + 1}`, { fullPage: false });
      }
      // Back up: the M-step, then the E-step, then the top (the first step, at the start).
      expect.equal((await reach(page, 6)).state.cursor, 2, 'back to the M-step');
      expect.equal((await reach(page, 5)).state.cursor, 1, 'back to the E-step');
      await page.evaluate(() => scrollTo(0, 0));
      await page.waitForFunction(() => document.querySelector('em-gmm').dataset.lectureStep === '0');
      expect.equal((await settled(page)).state.cursor, 0, 'at the top: the start');
    },
  },
  {
    name: 'Tab walks the same steps (each step focusable), and the figure follows',
    timeout: 90_000,
    fn: async ({ page, goto, expect }) => {
      await goto('lecture.html');
      await lectureReady(page);
      await page.evaluate(() => document.querySelector('.lecture-head a').focus());
      const seen = [];
      for (let presses = 0; presses < 8 && seen.length < 6; presses++) {
        await page.keyboard.press('Tab');
        const i = await page.evaluate((sel) => [...document.querySelectorAll(sel)].indexOf(document.activeElement), STEPS);
        if (i >= 0 && !seen.includes(i)) seen.push(i);
      }
      expect.deepEqual(seen, [0, 1, 2, 3, 4, 5], 'Tab reaches the steps in order');
      const { state } = await settled(page);
      expect.equal(await page.evaluate(() => document.querySelector('em-gmm').dataset.lectureStep), '5');
      expect.equal(state.phase, 'E', 'the sixth step shows the first E-step');
      expect.equal(await page.evaluate((sel) => document.activeElement.matches(`${sel}[aria-current="step"]`), STEPS), true);
    },
  },
  {
    name: 'the Korean and Japanese lectures: their article, the glossary\'s words, and the same states',
    timeout: 120_000,
    fn: async ({ page, goto, expect, shot }) => {
      for (const lang of ['ko', 'ja']) {
        await goto(`lecture.html?lang=${lang}`);
        await lectureReady(page);
        expect.equal(await page.locator(`article[data-emviz-lang="${lang}"]`).isVisible(), true, `${lang} article`);
        expect.equal(await page.locator('article[data-emviz-lang="en"]').isVisible(), false, 'English hidden');
        const { state } = await reach(page, 6);
        expect.deepEqual([state.cursor, state.phase], [2, 'M'], `${lang}: step 7 is the first M-step`);
        const texts = (await visibleTexts(page)).filter(({ where }) => where !== 'title');
        expect.deepEqual(ruledOut(texts, lang), [], `${lang}: words the glossary rules out`);
        expect.deepEqual(englishOnly(texts, ['Point', 'Old', 'Faithful', 'eruptions', 'waiting', 'Tab', 'Deep', 'Learning']), [], `${lang}: English left untranslated`);
        await shot(`lecture-${lang}`, { fullPage: false });
      }
      // The figure's language switch changes the article (and the steps that drive it).
      await goto('lecture.html');
      await lectureReady(page);
      await page.locator('em-gmm select[id$="lang-select"]').selectOption('ja');
      await page.locator('article[data-emviz-lang="ja"]').waitFor();
      expect.equal(await page.locator('article[data-emviz-lang="en"]').isVisible(), false);
      const { state } = await reach(page, 5);
      expect.equal(state.phase, 'E', 'the Japanese steps drive the figure');
    },
  },
  {
    name: 'presenter mode on the lecture: the digits jump to its steps, and leaving restores the notes',
    timeout: 90_000,
    fn: async ({ page, goto, expect, shot }) => {
      await page.setViewportSize({ width: 1280, height: 720 });
      await goto('lecture.html');
      await lectureReady(page);
      await reach(page, 2);
      const scrolled = await page.evaluate(() => scrollY);
      await page.locator('em-gmm').getByRole('button', { name: 'Present', exact: true }).click();
      await page.locator('.present-keys').filter({ hasText: '1–9 lecture step n' }).waitFor();
      await page.keyboard.press('7');
      await page.waitForFunction(() => document.querySelector('em-gmm').dataset.lectureStep === '6');
      let { state } = await settled(page);
      expect.deepEqual([state.cursor, state.phase], [2, 'M'], 'key 7: the lecture\'s seventh step, the first M-step');
      await page.keyboard.press('6');
      ({ state } = await settled(page));
      expect.deepEqual([state.cursor, state.phase], [1, 'E'], 'key 6: back to the E-step');
      await shot('lecture-present', { fullPage: false });
      await page.keyboard.press('Escape');
      await page.locator('.present-keys').waitFor({ state: 'hidden' });
      expect.equal(await page.evaluate(() => scrollY), scrolled, 'the notes where they were');
    },
  },
  {
    name: 'on a phone (390×844): the figure stays above the text, nothing scrolls sideways, the steps drive it',
    timeout: 90_000,
    contextOptions: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
    fn: async ({ page, goto, expect, shot }) => {
      await goto('lecture.html?lang=ko');
      await lectureReady(page);
      const { state } = await reach(page, 6);
      expect.deepEqual([state.cursor, state.phase], [2, 'M']);
      const plot = await page.locator('em-gmm canvas[data-ref="scatter"]').boundingBox();
      expect.ok(plot.y >= -1 && plot.y + plot.height <= 844 * 0.6, `the plot in view at the top: ${JSON.stringify(plot)}`);
      const sideways = await page.evaluate(sidewaysInPage);
      expect.ok(sideways.scrollWidth <= sideways.width, `scrolls sideways: ${JSON.stringify(sideways)}`);
      await shot('lecture-phone', { fullPage: false });
    },
  },
  {
    name: 'a faulty step is a console message naming it and the column; the others work',
    timeout: 90_000,
    fn: async ({ page, goto, expect, allow }) => {
      const messages = [];
      page.on('console', (m) => { if (m.type() === 'error') messages.push(m.text()); });
      allow('console', /emviz lecture: /);
      await goto('lecture-test.html');
      await lectureReady(page);
      const steps = 'section[data-emviz]';
      expect.deepEqual(await page.locator(`${steps}[data-emviz-invalid]`).evaluateAll((els) => els.map((e) => e.dataset.emviz)),
        ['it=3; iter=4', 'k=99; it=2']);
      expect.ok(messages.some((m) => m.includes('step 2') && m.includes('column 7') && m.includes('unknown key "iter"')), messages.join('\n'));
      expect.ok(messages.some((m) => m.includes('step 3') && m.includes('column 1') && m.includes('k="99"')), messages.join('\n'));
      expect.ok(messages.some((m) => m.includes('step 5') && m.includes('nosuchpanel')), messages.join('\n'));
      let { state } = await reach(page, 0, steps);
      expect.deepEqual([state.cursor, state.k], [2, 2], 'the first step works');
      // A faulty step does nothing: the figure stays where it was, and usable.
      await page.evaluate(() => { const el = document.querySelectorAll('section[data-emviz]')[1]; scrollTo(0, el.getBoundingClientRect().top + scrollY - innerHeight * 0.5); });
      await page.waitForTimeout(400);
      ({ state } = await settled(page));
      expect.equal(state.cursor, 2, 'a faulty step leaves the figure as it was');
      // A point the data does not have: a message, and the step's run is still shown.
      ({ state } = await reach(page, 3, steps));
      expect.equal(state.cursor, 4);
      expect.ok(messages.some((m) => m.includes('no point 100000')), messages.join('\n'));
      ({ state } = await reach(page, 5, steps));
      expect.deepEqual([state.settings.covarianceType, state.cursor, state.phase], ['diag', 5, 'E'], 'a step that changes the settings restarts the run');
      // (A click without scrolling: scrolling up to this figure, which sits above the notes, would
      // read the text above the first step and show the figure's own start.)
      await page.locator('em-gmm').getByRole('button', { name: 'Step', exact: true }).dispatchEvent('click');
      ({ state } = await settled(page));
      expect.equal(state.cursor, 6, 'the figure still steps by hand');
    },
  },
  {
    name: 'the one-file lecture (dist-single/lecture.html) works from file://, nothing fetched',
    timeout: 90_000,
    fn: async (t) => {
      const { page, expect } = t;
      const { url, requests } = await openFile(t, await singleFile('lecture.html'));
      await lectureReady(page);
      const { state } = await reach(page, 6);
      expect.deepEqual([state.cursor, state.phase], [2, 'M']);
      expect.equal(await page.locator('article:not([hidden]) .lecture-home a').getAttribute('href'), 'emviz.html');
      const others = requests.filter((u) => u !== url && !/^(blob|data):/.test(u));
      expect.deepEqual(others, [], 'nothing fetched');
    },
  },
  {
    name: 'an <em-gmm> driven by notes on another origin (the modules and wasm served with CORS)',
    timeout: 90_000,
    fn: async ({ page, expect, allow }) => {
      // Two real servers on 127.0.0.1 (a page Playwright fulfils itself has no address, and Chromium
      // then refuses its requests to a loopback address): emviz's dist/ with CORS, and the notes.
      const emviz = await serve({ root: DIST, headers: { 'Access-Control-Allow-Origin': '*' } });
      const notes = await serve({
        routes: {
          '/notes.html': async () => ({
            type: 'text/html; charset=utf-8',
            body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Notes</title><link rel="icon" href="data:,"></head>
              <body><h1>My notes</h1><em-gmm preset="old-faithful" k="2" init="book"></em-gmm>
              <section data-emviz="it=1; half=E; panels=elbo" style="min-height:90vh">The second E-step.</section>
              <section data-emviz="it=2" style="min-height:90vh">The second M-step.</section>
              <script type="module" src="${emviz.url}js/lecture.js"></script></body></html>`,
          }),
        },
      });
      try {
        for (const server of [emviz, notes]) {
          const { origin } = new URL(server.url);
          allow('request', new RegExp(`^${origin.replace(/[.]/g, '\\.')}/`));
          await page.route(`${origin}/**`, (route) => route.continue());
        }
        await page.goto(`${notes.url}notes.html`, { waitUntil: 'load' });
        await lectureReady(page);
        let { state } = await reach(page, 0, 'section[data-emviz]');
        expect.deepEqual([state.cursor, state.phase], [3, 'E']);
        ({ state } = await reach(page, 1, 'section[data-emviz]'));
        expect.deepEqual([state.cursor, state.phase], [4, 'M']);
        expect.ok(await page.locator('em-gmm canvas').first().isVisible(), 'the figure is drawn');
      } finally {
        await Promise.all([emviz.close(), notes.close()]);
      }
    },
  },
];

pageTests(import.meta, tests);
