// EM vs k-means as the slides compare them, and the blog post, in each language: the
// similarities and differences named, k-means in lockstep with its objective (the sum of squared
// Euclidean distances) and its stopping rule beside EM's; soft clustering, the true labels of
// generated data and each colour's estimate, the chicken and the egg; the blog's bᵢ, Bayes' rule
// with the 1-D density, the weighted mean and variance and P(b) — against arithmetic written out
// here.
import { LANGS, pixelHash, openIn, openPanel, halfSteps, dataRows, params, pointTerms, close } from './chapter.mjs';
import { pageTests } from './browser.mjs';

const WORDS = {
  en: { assign: 'assignment step', update: 'update step', nonprob: 'non-probabilistic', sse: 'sum of squared Euclidean distances', hard: 'hard clustering', soft: 'soft clustering', chicken: 'chicken-and-egg' },
  ko: { assign: '할당 단계', update: '업데이트 단계', nonprob: '비확률적', sse: '유클리드 거리 제곱합', hard: '하드 클러스터링', soft: '소프트 클러스터링', chicken: '닭이 먼저냐 달걀이 먼저냐' },
  ja: { assign: '割り当てステップ', update: '更新ステップ', nonprob: '非確率的', sse: 'ユークリッド距離の二乗和', hard: 'ハードクラスタリング', soft: 'ソフトクラスタリング', chicken: '鶏が先か卵が先か' },
};

export const tests = LANGS.flatMap((lang) => [
  {
    name: `EM vs k-means: similarities, differences, the objective and both stopping rules in lockstep, the conclusion (${lang})`,
    timeout: 90_000,
    covers: ['km-question', 'km-similar-assign', 'km-similar-update', 'km-diff-model', 'km-diff-objective', 'km-diff-stop', 'km-conclusion', 'km-lockstep'],
    fn: async (t) => {
      const { page, expect, shot } = t;
      await openIn(t, lang);
      const panel = await openPanel(t, lang, 'compare');
      const text = await panel.innerText();
      for (const w of ['assign', 'update', 'nonprob', 'sse', 'hard', 'soft']) expect.ok(text.includes(WORDS[lang][w]), `${lang}: "${WORDS[lang][w]}"`);
      await panel.locator('input[type="checkbox"]').check();
      const rows = await dataRows(page);
      let previous = null;
      for (let it = 1; it <= 9; it++) {
        await page.evaluate(() => window.emviz.iterate());
        const km = JSON.parse(await panel.getAttribute('data-kmeans'));
        // The objective: the sum of squared Euclidean distances from each point to the centre it
        // was assigned to — the nearest of the centres before the last update.
        const centres = km.centers;
        const before = previous || km.startCenters;
        const sse = rows.reduce((s, x) => {
          const d = before.map((c) => (x[0] - c[0]) ** 2 + (x[1] - c[1]) ** 2);
          const k = d.indexOf(Math.min(...d));
          return s + (x[0] - centres[k][0]) ** 2 + (x[1] - centres[k][1]) ** 2;
        }, 0);
        close(expect, km.inertia, sse, `iteration ${it}: the sum of squared Euclidean distances`);
        // Its stopping rule: the largest distance a centre moved in the last update step.
        const shift = Math.max(...centres.map((c, k) => Math.hypot(c[0] - before[k][0], c[1] - before[k][1])));
        close(expect, km.lastShift, shift, `iteration ${it}: the centres' last move`);
        // EM's: the change of the mean log-likelihood against tol.
        const s = await page.evaluate(() => window.emviz.state());
        close(expect, km.emChange, Math.abs(s.trace[s.trace.length - 1] - s.trace[s.trace.length - 2]), 'EM\'s last change');
        previous = centres;
      }
      const km = JSON.parse(await panel.getAttribute('data-kmeans'));
      expect.ok(km.converged, 'k-means has converged on the book\'s data');
      expect.equal(km.lastShift, 0);
      expect.match(await panel.locator('[data-out="stopKm"]').innerText(), /0/);
      await panel.scrollIntoViewIfNeeded();
      await shot(`chapter-kmeans-${lang}`);
    },
  },
  {
    name: `the blog: soft clustering, the true labels and each colour's estimate, the chicken and the egg, then EM from a random start (${lang})`,
    timeout: 90_000,
    covers: ['blog-soft', 'blog-hard-kmeans', 'blog-observation', 'blog-problem', 'blog-given', 'blog-chicken-egg', 'blog-random-start'],
    fn: async (t) => {
      const { page, expect, shot } = t;
      await openIn(t, lang);
      const panel = await openPanel(t, lang, 'observe');
      expect.equal(await panel.getAttribute('data-labels'), 'unknown', 'Old Faithful has no labels');
      expect.ok(await panel.locator('input[type="checkbox"]').isDisabled());
      for (const w of ['soft', 'hard', 'chicken']) expect.ok((await panel.innerText()).includes(WORDS[lang][w]), `${lang}: "${WORDS[lang][w]}"`);
      await panel.locator('[data-act="load"]').click();
      await page.waitForFunction(() => document.querySelector('.teach-observe').dataset.labels === 'known');
      // The points' colours change when the labels are shown.
      const pixels = () => pixelHash(page.locator('canvas[data-ref="scatter"]'));
      await page.evaluate(() => window.emviz._redraw());
      const before = await pixels();
      await panel.locator('input[type="checkbox"]').check();
      await page.evaluate(() => window.emviz._redraw());
      expect.notEqual(await pixels(), before, 'coloured by the true labels');
      expect.ok((await page.evaluate(() => window.emviz.state())).labelsShown);
      // Each colour's estimate: the mean and variance of its own points, near p*'s.
      const groups = await panel.getByTestId('observe-groups').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.dataset.value)));
      const rows = await dataRows(page);
      const counts = await panel.getByTestId('observe-groups').locator('tbody tr td:nth-child(2)').allInnerTexts();
      expect.equal(counts.map(Number).reduce((a, b) => a + b, 0), rows.length);
      const means = groups.map((g) => Number(g[2]));
      expect.ok(Math.abs(means[0] + 2) < 0.15 && Math.abs(means[1] - 3) < 0.2, `means ${means} near p*'s −2 and 3`);
      await panel.scrollIntoViewIfNeeded();
      await shot(`chapter-observe-${lang}`);
      // Hide the labels, then EM from a random start.
      await panel.locator('input[type="checkbox"]').uncheck();
      expect.ok(!(await page.evaluate(() => window.emviz.state())).labelsShown);
      await page.locator('input[data-ref="speed"]').fill('10');
      await panel.locator('[data-act="play"]').click();
      const s = await page.waitForFunction(() => window.emviz.instance.session.state().done).then(() => page.evaluate(() => window.emviz.state()));
      expect.equal(s.settings.init, 'random');
      // EM ran from the random start to convergence (a lucky start may need a single iteration:
      // the data are drawn afresh) and found p*'s two components, −2 and 3.
      const seen = JSON.stringify({ it: s.iteration, seed: s.settings.seed, trace: s.trace, means: s.means });
      expect.ok(s.converged && s.iteration >= 1 && s.trace.length === s.iteration + 1, seen);
      const found = s.means.map((m) => m[0]).sort((a, b) => a - b);
      expect.ok(Math.abs(found[0] + 2) < 0.3 && Math.abs(found[1] - 3) < 0.3, seen);
    },
  },
  {
    name: `the blog's notation in 1-D: bᵢ by Bayes' rule with the 1-D density, yᵢ = 1 − bᵢ, the weighted mean and variance, P(b), K (${lang})`,
    timeout: 90_000,
    covers: ['blog-names', 'blog-bayes', 'blog-density', 'blog-priors', 'blog-e-step', 'blog-m-step', 'blog-prior-update', 'blog-repeat', 'blog-k'],
    fn: async (t) => {
      const { page, expect, shot } = t;
      await openIn(t, lang);
      const panel = await openPanel(t, lang, 'blog');
      expect.equal(await panel.getAttribute('data-one-d'), 'false');
      await panel.locator('[data-act="load"]').click();
      await page.waitForFunction(() => document.querySelector('.teach-blog').dataset.oneD === 'true');
      await halfSteps(page, 3); // after the E-step of iteration 2
      const rows = (await dataRows(page)).map((r) => r[0]);
      const p = await params(page);
      await page.evaluate(() => window.emviz.instance.choosePoint(7));
      await page.waitForFunction(() => JSON.parse(document.querySelector('.teach-blog').dataset.blog || '{}').point?.index === 7);
      const b = JSON.parse(await panel.getAttribute('data-blog'));
      // Bayes with the 1-D density: P(x | b) = 1/√(2πσ²) exp(−(x − μ)²/(2σ²)).
      const x = rows[7];
      const dens = p.means.map((m, k) => Math.exp(-((x - m[0]) ** 2) / (2 * p.covariances[k][0][0])) / Math.sqrt(2 * Math.PI * p.covariances[k][0][0]));
      dens.forEach((d, k) => close(expect, b.point.likelihood[k], d, `P(x | ${k === 0 ? 'b' : 'y'})`));
      const num = dens.map((d, k) => d * p.weights[k]);
      close(expect, b.point.posterior[0], num[0] / (num[0] + num[1]), 'bᵢ = P(b | xᵢ)');
      close(expect, b.point.posterior[1], 1 - b.point.posterior[0], 'yᵢ = 1 − bᵢ');
      // The M-step's sums with every point's bᵢ (the q of the last E-step).
      const qs = await page.evaluate(() => Array.from({ length: window.emviz.instance.session.state().n }, (_, i) => window.emviz.instance.session.point(i, null).inspection.components.map((c) => c.q)));
      b.components.forEach((c, k) => {
        const sb = qs.reduce((s, q) => s + q[k], 0);
        const sbx = qs.reduce((s, q, i) => s + q[k] * rows[i], 0);
        const mu = sbx / sb;
        const sq = qs.reduce((s, q, i) => s + q[k] * (rows[i] - mu) ** 2, 0);
        close(expect, c.sumB, sb, 'Σ bᵢ');
        close(expect, c.sumBx, sbx, 'Σ bᵢxᵢ');
        close(expect, c.nextMean, mu, 'μ_b = Σ bᵢxᵢ / Σ bᵢ');
        close(expect, c.nextVariance, sq / sb, 'σ_b² = Σ bᵢ(xᵢ − μ_b)² / Σ bᵢ');
        close(expect, c.nextPrior, sb / rows.length, 'P(b) = Σ P(b | xᵢ) / n');
      });
      // The M-step makes them the parameters.
      await halfSteps(page, 1);
      const after = await params(page);
      close(expect, after.means[0][0], b.components[0].nextMean, 'the new μ_b');
      close(expect, after.weights[0], b.components[0].nextPrior, 'the new P(b)');
      expect.equal(await panel.locator('[data-out="m"] li').count(), 2);
      await panel.scrollIntoViewIfNeeded();
      await shot(`chapter-blog-${lang}`);
      await panel.locator('[data-act="choose"]').click();
    },
  },
]);

pageTests(import.meta, tests);
