// Variational Bayes on the page (issue 22): the settings' Method switch, and the PRML-style run
// (Fig. 10.6): Old Faithful with K = 6 under a Dirichlet-process prior keeps two components with
// E[π] > 0.01, the other four fade out, and the status line says so — in every language. The
// numbers of the run itself are checked against the core in crates/emviz-app (vb_run, app).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT, state } from './helpers.mjs';
import { LANGS, openIn } from './chapter.mjs';
import { pageTests } from './browser.mjs';

const glossary = JSON.parse(await readFile(path.join(ROOT, 'crates', 'emviz-app', 'src', 'glossary.json'), 'utf8'));
const term = (id, lang) => glossary.concepts.find((c) => c.id === id)[lang];

/** Eq. 5.6 as each language cites it. */
const CITE_56 = { en: 'eq. 5.6', ko: '식 5.6', ja: '式(5.6)' };
/** What the status line says of two components in use out of six, in each language. */
const IN_USE = { en: '2 of 6 components in use', ko: '성분 6개 중 2개 사용 중', ja: '成分6個のうち2個を使用中' };

/** Sets the settings form as a learner would (every field, then one change). */
const setForm = (page, values) => page.evaluate((values) => {
  const root = document.querySelector('[data-ref="settings"]');
  for (const [name, value] of Object.entries(values)) root.querySelector(`[data-ref="${name}"]`).value = value;
  root.querySelector('[data-ref="method"]').dispatchEvent(new Event('change', { bubbles: true }));
}, values);

const prml = (lang) => ({
  name: `PRML Fig. 10.6 in ${lang}: Old Faithful, K = 6, Dirichlet process: two components left, four faded`,
  timeout: 60_000,
  fn: async (t) => {
    const { page, shot, expect } = t;
    await openIn(t, lang);
    const method = page.locator('[data-ref="method"]');
    const about = page.locator('.vb-about');
    // EM is the page's first method, and nothing of VB shows under it.
    expect.equal(await method.inputValue(), 'em');
    const em = await state(page);
    expect.equal(em.componentsInUse, null);
    expect.equal(em.settings.method, 'em');
    expect.ok(await about.isHidden(), 'no VB text under EM');
    // The switch offers EM and VB by weight prior, worded in the glossary's terms.
    const options = await method.locator('option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
    expect.deepEqual(options.map(([v]) => v), ['em', 'dirichlet_process', 'dirichlet_distribution']);
    expect.ok(options[0][1].includes(term('em', lang)), options[0][1]);
    expect.ok(options[1][1].includes(term('variational-bayes', lang)), options[1][1]);
    expect.ok(options[1][1].includes(term('dirichlet-process', lang)), options[1][1]);

    await setForm(page, { init: 'kmeans++', regCovar: '1e-6', k: '6', method: 'dirichlet_process' });
    const start = await state(page);
    expect.equal(start.settings.method, 'dirichlet_process');
    expect.equal(start.k, 6);
    expect.equal(start.iteration, 0);
    expect.ok(start.componentsInUse > 2, `the start uses ${start.componentsInUse}`);
    expect.ok(await about.isVisible(), 'the VB text shows');
    expect.ok((await about.textContent()).includes(term('variational-bayes', lang)));

    // One E-step and one M-step: q(z), then q(θ) and its bound.
    await page.evaluate(() => { window.emviz.step(); window.emviz.step(); });
    const one = await state(page);
    expect.equal(one.iteration, 1);
    expect.ok(Number.isFinite(one.vbBound), 'the bound after an M-step');
    // EM's ELBO and KL (eq. 5.6, q over z alone) have no value under VB: the panel shows none.
    expect.equal(one.elbo, null);
    expect.equal(one.kl, null);

    const end = await page.evaluate(() => window.emviz.runToConvergence());
    expect.ok(end.done && end.converged, 'VB converged');
    expect.ok(end.vbBound >= one.vbBound, `the bound rose: ${one.vbBound} → ${end.vbBound}`);
    // The log-likelihood chart follows the expected mixture: one value a completed iteration.
    expect.equal(end.trace.length, end.iteration + 1);
    expect.equal(end.trace[end.trace.length - 1], end.logLikelihood);
    expect.equal(end.componentsInUse, 2);
    expect.equal(end.weights.filter((w) => w > 0.01).length, 2, `${end.weights}`);
    expect.equal(end.weights.filter((w) => w < 0.01).length, 4, `${end.weights}`);
    expect.ok(Math.abs(end.weights.reduce((a, b) => a + b, 0) - 1) < 1e-12);
    // The two left are Old Faithful's two clusters: short eruptions with short waits, long with long.
    const kept = end.means.filter((_, j) => end.weights[j] > 0.01).sort((a, b) => a[0] - b[0]);
    expect.ok(kept[0][0] < 2.5 && kept[0][1] < 65, `short: ${kept[0]}`);
    expect.ok(kept[1][0] > 3.5 && kept[1][1] > 75, `long: ${kept[1]}`);
    const status = await page.locator('[data-ref="status"]').first().textContent();
    expect.ok(status.includes(IN_USE[lang]), status);
    expect.ok(status.includes(String(end.iteration)), status);
    const phase = await page.locator('[data-ref="phase"]').first().textContent();
    expect.ok(!phase.includes('KL'), `no EM gap under VB: ${phase}`);
    expect.ok(phase.includes(end.vbBound.toFixed(2).replace('-', '−').slice(0, 6)), `the bound in the phase line: ${phase}`);

    // The picture, to look at: the four faded components' ellipses drawn at E[πₖ]·K opacity.
    await page.locator('[data-ref="scatter"]').first().scrollIntoViewIfNeeded();
    await shot(`vb-prml-${lang}`);

    // Where VB stands: eq. 5.6 (cited in the page's language), the same bound over z and θ, the
    // VAE in the glossary's words; the chapter says its panels follow EM.
    const place = page.locator('.vb-place');
    expect.ok(await place.isVisible(), 'the placing text shows under VB');
    await place.locator('summary').click();
    const placed = await place.innerText();
    expect.ok(placed.includes(CITE_56[lang]), `eq. 5.6 cited: ${placed.slice(0, 200)}`);
    for (const id of ['elbo', 'variational-bayes', 'vae']) {
      const word = term(id, lang).replace(/[（(].*$/, '');
      expect.ok(placed.includes(word), `${id}: ${word}`);
    }
    expect.ok(await page.locator('.vb-chapter-note').isVisible(), 'the chapter says it follows EM');
    await place.scrollIntoViewIfNeeded();
    await shot(`vb-place-${lang}`);
    // The inspector reads the VB run: its q column is the point's colour, q(z) of the VB run.
    await page.evaluate(() => window.emviz.instance.inspectPoint(40));
    const pop = page.locator('[data-testid="inspect"]');
    expect.ok(await pop.locator('.vb-note').isVisible(), 'the inspector says VB');
    const values = (sel) => pop.locator(sel).evaluateAll((tds) => tds.map((td) => Number(td.dataset.value)));
    const [qs, resp] = [await values('td.q'), await values('td.resp')];
    expect.equal(qs.length, 6);
    expect.ok(Math.abs(qs.reduce((a, b) => a + b, 0) - 1) < 1e-9, `q sums to 1: ${qs}`);
    // q(z) comes from E[ln π] and E[ln 𝒩], the other column from the expected values: they differ.
    expect.ok(qs.some((v, j) => Math.abs(v - resp[j]) > 1e-9), `${qs} vs ${resp}`);
    await page.evaluate(() => window.emviz.instance.closeInspector());

    // Back to EM: the book's run, to the bit.
    await setForm(page, { init: 'book', regCovar: '0', k: '2', method: 'em' });
    const book = await page.evaluate(() => window.emviz.runToConvergence());
    expect.equal(book.componentsInUse, null);
    expect.equal(book.vbBound, null);
    expect.equal(book.iteration, 9);
    expect.deepEqual(book.weights, [0.35595101391670264, 0.6440489860832974]);
    expect.ok(await about.isHidden());
  },
});

export const tests = [
  ...LANGS.map(prml),
  {
    name: 'a link carries the method: the VB run opens again at the same half-step',
    timeout: 60_000,
    fn: async (t) => {
      const { page, expect } = t;
      await openIn(t, 'en');
      await setForm(page, { init: 'kmeans++', regCovar: '1e-6', k: '6', method: 'dirichlet_process' });
      await page.evaluate(() => { for (let i = 0; i < 7; i++) window.emviz.step(); });
      const before = await state(page);
      const params = await page.evaluate(() => window.emviz.instance.session.share_link({}).params);
      expect.match(params, /(^|&)method=dirichlet_process(&|$)/);
      await openIn(t, 'en', `&${params}`);
      const after = await state(page);
      expect.equal(await page.locator('[data-ref="method"]').inputValue(), 'dirichlet_process');
      for (const key of ['iteration', 'phase', 'weights', 'means', 'covariances', 'componentsInUse', 'vbBound', 'logLikelihood']) {
        expect.deepEqual(after[key], before[key], key);
      }
      // EM's link has no method at all.
      await setForm(page, { init: 'book', regCovar: '0', k: '2', method: 'em' });
      const em = await page.evaluate(() => window.emviz.instance.session.share_link({}).params);
      expect.ok(!em.includes('method='), em);
    },
  },
];

pageTests(import.meta, tests);
