// §5.3 and §5.4 in each language: the ELBO (eq. 5.6) as a lower bound for a point and the data,
// the NOTE on its name; eq. 5.7 and the E-step's argument, the ELBO chart per half-step; §5.4's
// summary, the flow θ_old → q → ELBO → θ* lit by half-step, the marginal, the E-step, eq. 5.8 as
// the M-step's objective with J(θ_old) and J(θ_new), ∂J/∂μₖ = 0 at the new θ and the updates as
// its maximiser; the book's code and its −16.54 at the start. Every number against arithmetic
// written out here (J and its derivative recomputed from the two states' parameters).
import { LANGS, tagsOf, openIn, openPanel, halfSteps, dataRows, params, pointTerms, logGauss, close } from './chapter.mjs';
import { pageTests } from './browser.mjs';

const WORDS = {
  en: { evidence: 'evidence', objective: 'objective', maximiser: 'maximiser', note: '1e-8' },
  ko: { evidence: '증거', objective: '목표 함수', maximiser: '최대화', note: '1e-8' },
  ja: { evidence: 'エビデンス', objective: '目的関数', maximiser: '最大', note: '1e-8' },
};
const EQ = { en: (n) => `[eq. ${n}]`, ko: (n) => `[식 ${n}]`, ja: (n) => `[式(${n})]` };

/** J(θ) = Σₙ Σₖ q log (p_θ(x, z = k) / q), q the posterior under `old`; and ∂J/∂μₖ (2-D). */
function objective(rows, old, theta) {
  let j = 0;
  const grad = theta.means.map(() => [0, 0]);
  for (const x of rows) {
    const o = pointTerms(x, old);
    const lt = theta.weights.map((w, k) => Math.log(w) + logGauss(x, theta.means[k], theta.covariances[k]));
    o.lpost.forEach((lq, k) => {
      const q = Math.exp(lq);
      if (q > 0) j += q * (lt[k] - lq);
      const [[a, b], [c, d]] = theta.covariances[k];
      const det = a * d - b * c;
      const [dx, dy] = [x[0] - theta.means[k][0], x[1] - theta.means[k][1]];
      grad[k][0] += q * (d * dx - b * dy) / det;
      grad[k][1] += q * (-c * dx + a * dy) / det;
    });
  }
  return { j, grad: grad.map((g) => Math.hypot(g[0], g[1])) };
}

export const tests = LANGS.flatMap((lang) => [
  {
    name: `§5.3: the ELBO as a lower bound (eq. 5.6), its NOTE, eq. 5.7 and the E-step's argument, the ELBO chart (${lang})`,
    covers: ['5.3.1-bound', 'eq5.6', '5.3.1-properties', '5.3.1-note', '5.3.2-why-em', 'eq5.7', '5.3.2-e-step-argument', '5.3.2-elbo-chart'],
    fn: async (t) => {
      const { page, expect, shot } = t;
      await openIn(t, lang);
      await halfSteps(page, 6); // after the M-step of iteration 3
      const lower = await openPanel(t, lang, 'lowerbound');
      expect.deepEqual((await tagsOf(lower)), [EQ[lang]('5.5'), EQ[lang]('5.6')]);
      expect.ok((await lower.locator('.note-box').innerText()).includes(WORDS[lang].evidence));
      const rows = await dataRows(page);
      for (const i of [0, 150]) {
        await page.evaluate((n) => window.emviz.instance.choosePoint(n), i);
        await page.waitForFunction((n) => document.querySelector('.teach-lowerbound').dataset.point === String(n), i);
        const p = await params(page);
        const { lj, lp } = pointTerms(rows[i], p);
        const q = (await page.evaluate((n) => window.emviz.instance.session.point(n, null).inspection, i)).components.map((c) => c.q);
        const elbo = q.reduce((s, qk, k) => (qk > 0 ? s + qk * (lj[k] - Math.log(qk)) : s), 0);
        const v = JSON.parse(await lower.locator('[data-live="s2"]').getAttribute('data-values'));
        close(expect, v.elbo, elbo, `point ${i + 1}: ELBO (eq. 5.6)`);
        close(expect, v.logP, lp, 'log p_θ(x)');
        expect.ok(v.elbo <= v.logP + 1e-12 && v.kl >= 0, 'a lower bound');
      }
      await lower.scrollIntoViewIfNeeded();
      await shot(`chapter-lowerbound-${lang}`);
      const toem = await openPanel(t, lang, 'toem');
      expect.deepEqual((await tagsOf(toem)), [EQ[lang]('5.7')]);
      // The E-step makes D_KL 0 (the ELBO chart's numbers), the M-step leaves it positive.
      const kl = () => page.getByTestId('elbo-kl').getAttribute('data-value').then(Number);
      expect.ok(await kl() > 0, 'after an M-step D_KL > 0');
      await halfSteps(page, 1);
      expect.equal(await kl(), 0, 'after the E-step D_KL = 0');
      const elbo = Number(await page.getByTestId('elbo-elbo').getAttribute('data-value'));
      const p = await params(page);
      const sum = rows.reduce((s, x) => s + pointTerms(x, p).lp, 0);
      close(expect, elbo, sum, 'after the E-step, ELBO = log p_θ(x) (sum over N)');
      expect.match(await toem.locator('[data-live="s3"]').innerText(), /0/);
      // The chart beside the plot cites eq. 5.7.
      expect.ok((await page.locator('.teach-elbo h2').innerText()).includes(EQ[lang]('5.7').slice(1, -1)));
      await toem.scrollIntoViewIfNeeded();
      await shot(`chapter-toem-${lang}`);
    },
  },
  {
    name: `§5.4: the summary, the flow, the marginal and the E-step, eq. 5.8 as the M-step's objective, ∂J/∂μ = 0 and the updates (${lang})`,
    timeout: 90_000,
    covers: ['5.4-summary', '5.4-flow', '5.4-theta-old', '5.4-marginal', '5.4-e-step', 'eq5.8', '5.4-derivative', '5.4-updates'],
    fn: async (t) => {
      const { page, expect, shot } = t;
      await openIn(t, lang);
      await halfSteps(page, 2);
      const panel = await openPanel(t, lang, 'formulas');
      const rows = await dataRows(page);
      expect.ok((await panel.locator('figure[data-phase="M"] figcaption').innerText()).includes(EQ[lang]('5.8').slice(1, -1)), 'the objective is eq. 5.8');
      expect.ok((await panel.innerText()).includes(WORDS[lang].objective));
      for (let it = 0; it < 3; it++) {
        await halfSteps(page, 1); // E
        const old = await params(page);
        expect.equal(old.phase, 'E');
        expect.equal(await panel.locator('figure.formula.current').getAttribute('data-phase'), 'E');
        expect.equal(await panel.locator('.formula-flow li.current').count(), 3);
        const e = JSON.parse(await panel.getAttribute('data-objective'));
        const atOld = objective(rows, old, old);
        close(expect, e.atOld, atOld.j, 'J(θ_old)');
        close(expect, e.atOld, rows.reduce((s, x) => s + pointTerms(x, old).lp, 0), 'J(θ_old) = log p_θold(x)');
        expect.equal(e.atNew, null);
        await halfSteps(page, 1); // M
        const neu = await params(page);
        expect.equal(await panel.locator('figure.formula.current').getAttribute('data-phase'), 'M');
        const m = JSON.parse(await panel.getAttribute('data-objective'));
        const atNew = objective(rows, old, neu);
        close(expect, m.atOld, atOld.j, 'J(θ_old) after the M-step');
        close(expect, m.atNew, atNew.j, 'J(θ_new)');
        expect.ok(m.atNew >= m.atOld - 1e-9, 'the M-step raises J');
        close(expect, m.logPNew, rows.reduce((s, x) => s + pointTerms(x, neu).lp, 0), 'log p_θnew(x)');
        expect.ok(m.logPNew >= m.atNew - 1e-9, 'log p_θnew(x) ≥ J(θ_new)');
        // ∂J/∂μₖ: nonzero at θ_old, 0 at the new θ (its maximiser).
        const cells = await panel.getByTestId('m-gradient').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => Number(td.dataset.value))));
        cells.forEach(([oldNorm, newNorm], k) => {
          close(expect, oldNorm, objective(rows, old, old).grad[k], `‖∂J/∂μ${k + 1}‖ at θ_old`, 1e-7);
          expect.ok(newNorm < 1e-6 * Math.max(1, oldNorm), `‖∂J/∂μ${k + 1}‖ at θ_new = ${newNorm}`);
          expect.ok(atNew.grad[k] < 1e-6, `by hand: ${atNew.grad[k]}`);
        });
      }
      // The summary: (1/N) Σ log Σ φ𝒩, the status line's number.
      const p = await params(page);
      const mean = rows.reduce((s, x) => s + pointTerms(x, p).lp, 0) / rows.length;
      expect.ok((await panel.locator('[data-out="summary"]').innerText()).replace('−', '-').includes(mean.toFixed(5)));
      await panel.scrollIntoViewIfNeeded();
      await shot(`chapter-formulas-${lang}`);
    },
  },
  {
    name: `the book's code: its start, its stopping rule, its eps and the −16.54 printed at the start (${lang})`,
    covers: ['code-start', 'code-eps', 'code-stop', 'code-result'],
    fn: async (t) => {
      const { page, expect, shot } = t;
      await openIn(t, lang);
      const note = page.getByTestId('book-start-note');
      await note.waitFor();
      const text = await note.innerText();
      expect.ok(text.includes('−16.54') && text.includes('−137.49'), text);
      // By hand: (1/N) Σ log (p_θ(x) + 1e-8) at the book's start.
      const rows = await dataRows(page);
      const p = await params(page);
      const printed = rows.reduce((s, x) => s + Math.log(Math.exp(pointTerms(x, p).lp) + 1e-8), 0) / rows.length;
      expect.equal(printed.toFixed(2), '-16.54');
      const panel = await openPanel(t, lang, 'book');
      const v = JSON.parse(await panel.locator('[data-live="s2"]').getAttribute('data-values'));
      close(expect, v.printed, printed, "the book's printed value");
      expect.ok(v.booksRun);
      expect.ok((await panel.innerText()).includes('THRESHOLD = 1e-4'));
      await shot(`chapter-book-${lang}`);
      await page.evaluate(() => window.emviz.runToConvergence());
      expect.equal(await note.isVisible(), false, 'no note once the run has moved on');
      const s = await page.evaluate(() => window.emviz.state());
      expect.deepEqual(s.weights.map((w) => w.toFixed(3)), ['0.356', '0.644']);
      expect.equal(s.iteration, 9);
    },
  },
]);

pageTests(import.meta, tests);
