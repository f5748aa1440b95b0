// §5.2 in each language: the model and the aim (GMM, θ, the data as vectors, Fig. 4-8, generating
// from p_θ*); §5.2.1 (observed and latent variables, marginalization for a point and for the data,
// the log of a sum and the sum of logs split per component, the product rule and Bayes' theorem
// for every k); §5.2.2 (eq. 5.4 for every k, eq. 5.5 line by line, q by hand with the sum fixed,
// q from an earlier iteration for the data). Every number against arithmetic written out here.
import { LANGS, tagsOf, openIn, openPanel, halfSteps, dataRows, params, pointTerms, close } from './chapter.mjs';
import { pageTests } from './browser.mjs';

const WORDS = {
  en: { latent: 'latent variable', observed: 'observed variable', product: 'product rule', bayes: "Bayes' theorem", marg: 'Marginalization', lower: 'lower' },
  ko: { latent: '잠재 변수', observed: '관측 변수', product: '확률 곱셈 정리', bayes: '베이즈 정리', marg: '주변화', lower: '더 작음' },
  ja: { latent: '潜在変数', observed: '観測変数', product: '確率の乗法定理', bayes: 'ベイズの定理', marg: '周辺化', lower: '' },
};

const num = (s) => Number(String(s).replace('−', '-'));

export const tests = LANGS.flatMap((lang) => [
  {
    name: `§5.2: the GMM and θ, the data as vectors, Fig. 4-8's two Gaussians, the aim and new data from p_θ (${lang})`,
    covers: ['intro-problem', 'intro-em', '5.2-gmm', '5.2-theta', '5.2-vectors', 'fig4-8', '5.2-aim', '5.2-generate'],
    fn: async (t) => {
      const { page, expect, shot } = t;
      await openIn(t, lang);
      await halfSteps(page, 2);
      const panel = await openPanel(t, lang, 'gmm');
      const p = await params(page);
      const theta = await panel.locator('[data-live="theta"]').innerText();
      for (const w of p.weights) expect.ok(theta.includes(w.toFixed(3)), `φ ${w} in ${theta}`);
      for (const m of p.means) expect.ok(theta.includes(m[0].toFixed(3)) || theta.includes(m[0].toFixed(2)), `μ ${m} in ${theta}`);
      expect.match(await panel.locator('[data-live="vector"]').innerText(), /eruptions, waiting[\s\S]*2/);
      await shot(`chapter-gmm-${lang}`);
      // Generate new data from p_θ: the Generate panel draws 500 points.
      await panel.locator('[data-act="generate"]').click();
      await page.locator('.teach-sample .sample-status').filter({ hasText: /500/ }).waitFor();
      // Fig. 4-8: two Gaussian distributions and their mixture, the 1-D preset.
      await panel.locator('[data-act="fig"]').click();
      const s = await page.evaluate(() => window.emviz.state());
      expect.equal(s.d, 1);
      expect.equal(s.k, 2);
    },
  },
  {
    name: `§5.2.1: observed and latent variables, marginalization, log-sum vs sum-log, the product rule and Bayes for every k (${lang})`,
    covers: ['5.2.1-em-latent', '5.2.1-observed-latent', '5.2.1-marginalization', '5.2.1-data-loglik', '5.2.1-log-sum', '5.2.1-sum-log-split',
      '5.2.1-product-rule', '5.2.1-bayes'],
    fn: async (t) => {
      const { page, expect, shot } = t;
      await openIn(t, lang);
      await halfSteps(page, 5); // after the E-step of iteration 3
      const panel = await openPanel(t, lang, 'marginal');
      const text = await panel.innerText();
      for (const word of [WORDS[lang].latent, WORDS[lang].observed, WORDS[lang].product, WORDS[lang].bayes, WORDS[lang].marg]) {
        expect.ok(text.includes(word), `${lang}: "${word}"`);
      }
      const rows = await dataRows(page);
      for (const [i, phase] of [[39, 'E'], [0, 'E'], [120, 'M']]) {
        if (phase === 'M') await halfSteps(page, 1);
        await panel.locator('.point-pick input').fill(String(i + 1));
        await panel.locator('.point-pick button').click();
        await page.waitForFunction((n) => document.querySelector('.teach-marginal').dataset.point === String(n), i);
        const p = await params(page);
        const { lj, lp, lpost } = pointTerms(rows[i], p);
        const b = JSON.parse(await panel.getAttribute('data-bound'));
        // Marginalization: p(x) = Σ_z p(x, z).
        close(expect, b.logP, lp, `point ${i + 1}: log p_θ(x) = log Σ_z p_θ(x, z)`);
        close(expect, b.p, lj.reduce((s, l) => s + Math.exp(l), 0), 'p_θ(x)');
        // The sum of logs with q the point's q of the last E-step (its colour).
        const ins = await page.evaluate((n) => window.emviz.instance.session.point(n, null).inspection, i);
        const q = ins.components.map((c) => c.q);
        const sumLog = q.reduce((s, qk, k) => (qk > 0 ? s + qk * (lj[k] - Math.log(qk)) : s), 0);
        close(expect, b.elbo, sumLog, 'Σₖ q(k) log (φₖ𝒩 / q(k))');
        if (phase === 'E') close(expect, b.elbo, lp, 'after an E-step the two are equal');
        else expect.ok(b.elbo < lp - 1e-12, 'after an M-step the sum of logs is lower');
        b.terms.forEach((term, k) => {
          // The split, one component's parameters per term.
          close(expect, term.qLogWeight, q[k] * Math.log(p.weights[k]), 'q log φ');
          close(expect, term.qLogDensity, q[k] * (lj[k] - Math.log(p.weights[k])), 'q log 𝒩');
          // The product rule: log p(x, z = k) − log p(z = k | x) = log p(x) for every k.
          close(expect, term.logJoint, lj[k], 'log p_θ(x, z = k)');
          close(expect, term.logPosterior, lpost[k], 'log p_θ(z = k | x)');
          close(expect, term.logPByProductRule, lp, 'the product rule');
          // Bayes: p(z = k | x) = p(x, z = k) / Σ_z p(x, z).
          close(expect, term.posterior, Math.exp(lj[k]) / lj.reduce((s, l) => s + Math.exp(l), 0), 'Bayes');
        });
        // The tables show them.
        const cells = await panel.getByTestId('marginal-product').locator('tbody tr').first().locator('td').evaluateAll((tds) => tds.map((td) => Number(td.dataset.value)));
        close(expect, cells[2], lp, 'the product-rule table');
        // Over the data: log p_θ(D) = Σₙ log Σ_z p_θ(x⁽ⁿ⁾, z⁽ⁿ⁾).
        const total = rows.reduce((s, x) => s + pointTerms(x, p).lp, 0);
        const s4 = await panel.locator('[data-live="s4"]').innerText();
        expect.ok(num(s4.match(/[-−]\d+\.\d+/)[0]).toFixed(2) === total.toFixed(2), `log p_θ(D) ${total} in ${s4}`);
      }
      await panel.scrollIntoViewIfNeeded();
      await shot(`chapter-marginal-${lang}`);
    },
  },
  {
    name: `§5.2.2: eq. 5.4 for every k, eq. 5.5 line by line, q by hand (Fig. 5-7), q from an earlier iteration (${lang})`,
    timeout: 90_000,
    covers: ['5.2.2-any-q', 'eq5.4', '5.2.2-second-term', 'eq5.5', '5.2.2-hand-q', 'fig5-7', '5.2.2-data-q'],
    fn: async (t) => {
      const { page, expect, shot } = t;
      await openIn(t, lang);
      await halfSteps(page, 8); // after the M-step of iteration 4
      const panel = await openPanel(t, lang, 'bound');
      await page.evaluate(() => window.emviz.instance.choosePoint(39));
      await page.waitForFunction(() => document.querySelector('.teach-bound').dataset.point === '39');
      const rows = await dataRows(page);
      const p = await params(page);
      const { lj, lp, lpost } = pointTerms(rows[39], p);
      const tags = (await tagsOf(panel));
      expect.deepEqual(tags, [{ en: '[eq. 5.4]', ko: '[식 5.4]', ja: '[式(5.4)]' }[lang], { en: '[eq. 5.5]', ko: '[식 5.5]', ja: '[式(5.5)]' }[lang]]);
      const sliders = panel.locator('.bound-slider input');
      const seen = [];
      for (const [a, b] of [['0.5', '0.5'], ['0.9', '0.1'], ['0.05', '0.95'], ['0.3', '0.7']]) {
        await sliders.nth(0).fill(a);
        await sliders.nth(1).fill(b);
        const q = [Number(a) / (Number(a) + Number(b)), Number(b) / (Number(a) + Number(b))];
        // Eq. 5.4 per k: log (p(x, z)/q(z)) + log (q(z)/p(z | x)) = log p(x).
        const eq54 = await panel.getByTestId('bound-eq54').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.dataset.value))));
        eq54.forEach(([first, second, sum], k) => {
          close(expect, first, lj[k] - Math.log(q[k]), `eq. 5.4 first term, k = ${k + 1}`);
          close(expect, second, Math.log(q[k]) - lpost[k], `eq. 5.4 second term, k = ${k + 1}`);
          close(expect, sum, lp, `eq. 5.4 sum, k = ${k + 1}`);
        });
        // Eq. 5.5: Σ q log (p/q) + D_KL(q ‖ p(z | x)) = log p(x).
        const v = await panel.getByTestId('bound-point').locator('td').evaluateAll((tds) => Object.fromEntries(tds.map((td) => [td.dataset.v, Number(td.dataset.value)])));
        const elbo = q.reduce((s, qk, k) => s + qk * (lj[k] - Math.log(qk)), 0);
        const kl = q.reduce((s, qk, k) => s + qk * (Math.log(qk) - lpost[k]), 0);
        close(expect, v.elbo, elbo, 'ELBO(x; q, θ)');
        close(expect, v.kl, kl, 'D_KL(q(z) ‖ p_θ(z | x))');
        close(expect, v.logP, lp, 'log p_θ(x)');
        close(expect, v.sum, lp, 'ELBO + D_KL: constant (Fig. 5-7)');
        seen.push(v);
      }
      expect.equal(new Set(seen.map((v) => v.elbo)).size, seen.length, 'the ELBO moves with q');
      await panel.locator('[data-act="posterior"]').click();
      const best = await panel.getByTestId('bound-point').locator('td').evaluateAll((tds) => Object.fromEntries(tds.map((td) => [td.dataset.v, Number(td.dataset.value)])));
      expect.ok(Math.abs(best.kl) < 1e-6, `D_KL at the posterior: ${best.kl}`);
      for (const v of seen) expect.ok(best.elbo >= v.elbo - 1e-9);
      // The data set with q from iteration 1: a looser bound; the sum stays log p_θ(x).
      const from = panel.locator('.bound-from input');
      await from.fill('1');
      const d1 = await panel.getByTestId('bound-data').locator('td').evaluateAll((tds) => Object.fromEntries(tds.map((td) => [td.dataset.v, Number(td.dataset.value)])));
      const total = rows.reduce((s, x) => s + pointTerms(x, p).lp, 0);
      close(expect, d1.logP, total, 'Σₙ log p_θ(x⁽ⁿ⁾)');
      close(expect, d1.elbo + d1.kl, total, 'Σ ELBO + Σ D_KL');
      expect.ok(d1.kl > 0);
      await panel.scrollIntoViewIfNeeded();
      await shot(`chapter-bound-${lang}`);
    },
  },
]);

pageTests(import.meta, tests);
