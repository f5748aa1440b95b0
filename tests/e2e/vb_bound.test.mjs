// Variational Bayes's full lower bound on the page (issue 22, part a): on Old Faithful with K = 6
// and the Dirichlet-process prior, every half-step (E and M) gives a finite L(q(z), q(θ)) that
// never falls, on the state, in the step's report (whose KL is null: ln p(x) has no closed form
// under VB) and in the ELBO panel, whose chart draws that bound alone with the VB caption — in
// every language, with no "NaN" anywhere on the page. The numbers themselves are checked against
// the core in crates/emviz-core/tests/vb_full_bound.rs and crates/emviz-app (vb_run).
import { state } from './helpers.mjs';
import { LANGS, openIn } from './chapter.mjs';
import { pageTests } from './browser.mjs';

/** The panel's heading and a piece of its caption under VB, in each language. */
const WORDS = {
  en: { title: 'The variational lower bound L(q(z), q(θ))', caption: 'log p(x) cannot be computed' },
  ko: { title: '변분 베이즈의 하한 L(q(z), q(θ))', caption: 'log p(x)를 계산할 수 없어' },
  ja: { title: '変分ベイズの下界 L(q(z), q(θ))', caption: 'log p(x) は計算できず' },
};

/** Text and attribute values on the page that say NaN. */
const nans = (page) => page.evaluate(() => {
  const found = document.body.innerText.includes('NaN') ? ['text'] : [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) if (a.value.includes('NaN')) found.push(`${el.tagName}[${a.name}="${a.value}"]`);
  }
  return found;
});

/** Sets the settings form as a learner would (every field, then one change). */
const setForm = (page, values) => page.evaluate((values) => {
  const root = document.querySelector('[data-ref="settings"]');
  for (const [name, value] of Object.entries(values)) root.querySelector(`[data-ref="${name}"]`).value = value;
  root.querySelector('[data-ref="method"]').dispatchEvent(new Event('change', { bubbles: true }));
}, values);

const HALF_STEPS = 40;

const rises = (lang) => ({
  name: `the full VB bound per half-step never falls and the ELBO chart shows it alone (${lang})`,
  timeout: 90_000,
  fn: async (t) => {
    const { page, shot, expect } = t;
    await openIn(t, lang);
    const panel = page.locator('.teach-elbo');
    const caption = panel.getByTestId('elbo-vb-caption');
    const emTitle = await panel.locator('h2').innerText();
    expect.ok(await caption.isHidden(), 'no VB caption under EM');

    await setForm(page, { init: 'kmeans++', regCovar: '1e-6', k: '6', method: 'dirichlet_process' });
    const start = await state(page);
    expect.equal(start.vbBound, null, 'no q(z) at the start, so no bound');
    expect.ok(await caption.isVisible(), 'the VB caption shows');
    expect.ok((await caption.innerText()).includes(WORDS[lang].caption), await caption.innerText());
    expect.equal(await panel.locator('h2').innerText(), WORDS[lang].title);
    expect.ok(await panel.getByTestId('elbo-bar').isHidden(), 'no log p = ELBO + KL bar under VB');
    expect.ok(await panel.getByTestId('elbo-logp').isHidden() && await panel.getByTestId('elbo-kl').isHidden());

    let last = -Infinity;
    const seen = { E: 0, M: 0 };
    for (let i = 0; i < HALF_STEPS; i++) {
      const report = await page.evaluate(() => window.emviz.step());
      const s = await state(page);
      if (!report) break; // converged
      seen[report.half] += 1;
      expect.equal(report.kl, null, 'no KL under VB');
      expect.ok(Number.isFinite(report.elbo) && report.elbo === s.vbBound, `report ${report.elbo} vs state ${s.vbBound}`);
      expect.ok(s.vbBound >= last - 1e-9 * Math.abs(last), `${report.half}${s.iteration}: the bound fell ${last} → ${s.vbBound}`);
      last = s.vbBound;
      expect.equal(Number(await panel.getByTestId('elbo-elbo').getAttribute('data-value')), s.vbBound);
      if (i === 0 || i === 1 || i === 7) expect.deepEqual(await nans(page), [], 'no NaN on the page');
    }
    expect.ok(seen.E >= 10 && seen.M >= 10, `half-steps checked: ${JSON.stringify(seen)}`);
    expect.deepEqual(await nans(page), [], 'no NaN on the page');
    // The chart drew (a y-axis laid out over the bound's range).
    const yAxis = await page.evaluate(() => document.querySelector('.teach-elbo canvas').yAxis);
    expect.ok(yAxis, 'the chart drew');
    await panel.scrollIntoViewIfNeeded();
    await shot(`vb-bound-chart-${lang}`, { of: panel });

    // Back to EM: the panel is EM's again.
    await setForm(page, { init: 'book', regCovar: '0', k: '2', method: 'em' });
    expect.equal(await panel.locator('h2').innerText(), emTitle);
    expect.ok(await caption.isHidden() && await panel.getByTestId('elbo-bar').isVisible());
    const book = await page.evaluate(() => window.emviz.runToConvergence());
    expect.equal(book.iteration, 9);
    expect.deepEqual(book.weights, [0.35595101391670264, 0.6440489860832974]);
  },
});

export const tests = LANGS.map(rises);

pageTests(import.meta, tests);
