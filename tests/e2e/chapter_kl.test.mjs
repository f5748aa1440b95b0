// §5.1 in each language: the notation key (Fig. 5-1), the KL divergence's definitions and
// properties, the coins written out term by term and Fig. 5-2's three cases, the integral form for
// two Gaussians; §5.1.3 argued as the slides argue it, with L(θ) = log Π = Σ log on the data, the
// θ-free term, and the known-mixture chart. Every number against arithmetic written out here.
import { LANGS, tagsOf, openIn, openPanel, halfSteps, dataRows, params, pointTerms, close } from './chapter.mjs';
import { pageTests } from './browser.mjs';

const WORDS = {
  en: { gibbs: "Gibbs' inequality", continuous: 'continuous random variable', discrete: 'discrete random variable', unknown: 'cannot be computed', known: 'known GMM' },
  ko: { gibbs: '깁스 부등식', continuous: '연속 확률 변수', discrete: '이산 확률 변수', unknown: '계산할 수 없고', known: '알려진 GMM' },
  ja: { gibbs: 'ギブスの不等式', continuous: '連続確率変数', discrete: '離散確率変数', unknown: '計算できません', known: 'GMM' },
};

const kl = (p, q) => p.reduce((s, pi, i) => s + pi * Math.log(pi / q[i]), 0);

export const tests = LANGS.flatMap((lang) => [
  {
    name: `§5.1.1–§5.1.2: the notation key, the definitions, Gibbs' inequality, the coins term by term, Fig. 5-2, the integral form (${lang})`,
    covers: ['5.1', '5.1.1-expectation', '5.1.1-ptheta', '5.1.2-definition', '5.1.2-continuous', '5.1.2-discrete', '5.1.2-properties',
      '5.1.2-gibbs', '5.1.2-asymmetry', 'fig5-2', '5.1.2-case1', '5.1.2-case2', '5.1.2-case3', '5.1.2-densities'],
    fn: async (t) => {
      const { page, expect, shot } = t;
      await openIn(t, lang);
      const panel = await openPanel(t, lang, 'kl');
      const w = WORDS[lang];
      // Fig. 5-1: before → after.
      const key = panel.locator('.notation-key');
      const cells = await key.locator('td').evaluateAll((tds) => tds.map((td) => td.textContent.replace(/\s+/g, '')));
      expect.deepEqual(cells.slice(0, 2), ['𝔼[f(x)]', '𝔼p(x)[f(x)]']);
      expect.deepEqual(cells.slice(3, 5), ['p(x;θ)', 'pθ(x)']);
      const text = await panel.innerText();
      for (const word of [w.continuous, w.discrete, w.gibbs]) expect.ok(text.includes(word), `${lang}: "${word}" shown`);
      expect.match(text, /∫/);
      expect.match(text, /∑/);
      // The coins: p = 0.7/0.3 against the three q of the slides.
      const [p1, q1] = [panel.locator('input[type="range"]').nth(0), panel.locator('input[type="range"]').nth(1)];
      const cases = panel.locator('.kl-cases button');
      const want = [[0.5, 0.082], [0.2, 0.58], [0.7, 0]];
      for (let c = 0; c < 3; c++) {
        await cases.nth(c).click();
        const q = want[c][0];
        const pq = Number(await panel.locator('output').nth(0).getAttribute('data-value'));
        const qp = Number(await panel.locator('output').nth(1).getAttribute('data-value'));
        close(expect, pq, kl([0.7, 0.3], [q, 1 - q]), `D_KL(p ‖ q) for q(H) = ${q}`);
        close(expect, qp, kl([q, 1 - q], [0.7, 0.3]), `D_KL(q ‖ p) for q(H) = ${q}`);
        expect.ok(pq >= 0 && qp >= 0, "Gibbs' inequality");
        expect.equal(pq.toFixed(c === 0 ? 3 : 2), want[c][1].toFixed(c === 0 ? 3 : 2), 'the slides\' value');
        // The terms written out: 0.7 log (0.7/0.5) + 0.3 log (0.3/0.5).
        const terms = JSON.parse(await panel.getByTestId('kl-terms-pq').getAttribute('data-terms'));
        close(expect, terms[0], 0.7 * Math.log(0.7 / q), 'p(H) log (p(H)/q(H))');
        close(expect, terms[1], 0.3 * Math.log(0.3 / (1 - q)), 'p(T) log (p(T)/q(T))');
        const line = await panel.getByTestId('kl-terms-pq').innerText();
        expect.match(line, new RegExp(`0\\.70 log \\(0\\.70/${q.toFixed(2)}\\) \\+ 0\\.30 log \\(0\\.30/${(1 - q).toFixed(2)}\\)`));
        if (c === 0) expect.ok(Math.abs(pq - qp) > 1e-3, 'not symmetric');
      }
      expect.equal(Number(await p1.inputValue()), 0.7);
      // Fig. 5-2: the table of the three cases.
      const rows = panel.getByTestId('kl-cases').locator('tbody tr');
      expect.equal(await rows.count(), 3);
      for (let c = 0; c < 3; c++) {
        const v = Number(await rows.nth(c).locator('td').nth(2).getAttribute('data-value'));
        close(expect, v, kl([0.7, 0.3], [want[c][0], 1 - want[c][0]]), `Fig. 5-2 row ${c + 1}`);
      }
      await q1.fill('0.35');
      close(expect, Number(await panel.locator('output').nth(0).getAttribute('data-value')), kl([0.7, 0.3], [0.35, 0.65]), 'a slider q');
      // The integral form for two Gaussians: the sum on the grid and the closed form.
      const g = panel.locator('.kl-gauss input');
      for (const [i, v] of [[0, '-1'], [1, '0.8'], [2, '1.5'], [3, '2']]) await g.nth(i).fill(v);
      const line = panel.getByTestId('kl-integral');
      const integral = Number(await line.getAttribute('data-integral'));
      const closed = Math.log(2 / 0.8) + (0.8 ** 2 + (-1 - 1.5) ** 2) / (2 * 2 ** 2) - 0.5;
      close(expect, integral, closed, '∫ p log (p/q) dx');
      close(expect, Number(await line.getAttribute('data-closed')), closed, 'the closed form');
      await panel.scrollIntoViewIfNeeded();
      await shot(`chapter-kl-${lang}`);
    },
  },
  {
    name: `§5.1.3: samples of an unknown p*, L(θ) = log Π = Σ log, eq. 5.1–5.3, the θ-free term, the conclusion, the known-mixture chart (${lang})`,
    timeout: 90_000,
    covers: ['5.1.3-population', '5.1.3-model', '5.1.3-loglik', 'eq5.1', 'eq5.2', '5.1.3-problems', 'eq5.3', '5.1.3-theta-free',
      '5.1.3-argmin', '5.1.3-conclusion', '5.1.3-unknown-origin', '5.1.3-known-curve'],
    fn: async (t) => {
      const { page, expect, shot } = t;
      await openIn(t, lang);
      await halfSteps(page, 4);
      const panel = await openPanel(t, lang, 'truth');
      // The equations carry the slides' numbers, in the page's language.
      const tags = await tagsOf(panel);
      const eq = { en: (n) => `[eq. ${n}]`, ko: (n) => `[식 ${n}]`, ja: (n) => `[式(${n})]` }[lang];
      expect.deepEqual(tags, ['5.1', '5.2', '5.3'].map(eq));
      // L(θ) by hand on Old Faithful: the log of the product is the sum of the logs; the product
      // itself underflows.
      const rows = await dataRows(page);
      const p = await params(page);
      const logs = rows.map((x) => pointTerms(x, p).lp);
      const L = logs.reduce((a, b) => a + b, 0);
      const s2 = panel.locator('[data-live="s2"]');
      close(expect, Number(await s2.getAttribute('data-sum')), L, 'L(θ) = Σ log p_θ(x⁽ⁿ⁾)');
      expect.equal(Number(await s2.getAttribute('data-product')), 0, 'Π p_θ(x⁽ⁿ⁾) underflows to 0');
      expect.equal(logs.reduce((a, l) => a * Math.exp(l), 1), 0, 'by hand too');
      expect.match(await s2.innerText(), new RegExp(`10\\s*${Math.floor(L / Math.LN10)}`.replace('-', '[-−]')));
      // Unknown origin: the θ-free term cannot be computed; the argument still holds.
      const s6 = await panel.locator('[data-live="s6"]').innerText();
      expect.ok(s6.includes(WORDS[lang].unknown), s6);
      expect.ok(s6.replace('−', '-').includes((-L / rows.length).toFixed(6)), `−(1/N) Σ log p_θ in ${s6}`);
      expect.equal(await panel.getByTestId('truth-unknown').isVisible(), true);
      await panel.scrollIntoViewIfNeeded();
      await shot(`chapter-truth-unknown-${lang}`);
      // The known mixture: the θ-free term computed, and the estimate falls as ℓ rises.
      await panel.locator('[data-act="load"]').click();
      for (let i = 0; i < 6; i++) await page.evaluate(() => window.emviz.iterate());
      const r = await page.evaluate(() => window.emviz.instance.session.chapter({ truth: true }).truth);
      expect.ok(r.known);
      for (let i = 1; i < r.points.length; i++) {
        const [a, b] = [r.points[i - 1], r.points[i]];
        expect.ok(b.meanLogLikelihood >= a.meanLogLikelihood - 1e-12, 'ℓ never falls');
        close(expect, a.klOnData - b.klOnData, b.meanLogLikelihood - a.meanLogLikelihood, 'the estimate falls as ℓ rises');
      }
      // eq. 5.3 on the data by hand: (1/N) Σ (log p*(x⁽ⁿ⁾) − log p_θ(x⁽ⁿ⁾)) with p* the preset's mixture.
      const known = await dataRows(page);
      const pStar = { weights: [0.5, 0.3, 0.2], means: [[0, 0], [3, 2], [-2, 3]], covariances: [[[1, 0.4], [0.4, 0.8]], [[0.6, -0.2], [-0.2, 0.5]], [[0.5, 0], [0, 1.2]]] };
      const now = await params(page);
      const h = known.reduce((s, x) => s + pointTerms(x, pStar).lp, 0) / known.length;
      const ll = known.reduce((s, x) => s + pointTerms(x, now).lp, 0) / known.length;
      close(expect, r.meanLogPStar, h, '(1/N) Σ log p*(x⁽ⁿ⁾), the θ-free term');
      close(expect, r.klOnData, h - ll, 'eq. 5.3 on the data');
      expect.ok((await panel.locator('[data-live="s1"]').innerText()).includes(WORDS[lang].known));
      expect.equal(await panel.locator('canvas').isVisible(), true);
      await panel.scrollIntoViewIfNeeded();
      await shot(`chapter-truth-known-${lang}`);
    },
  },
]);

pageTests(import.meta, tests);
