// The parts of chapter 5 that were only in the book: §5.1.3 (maximum likelihood = minimum KL on
// data from a known mixture p*), §5.2.2 (any q(z) gives a lower bound), §5.2.1 (latent variables:
// the joint p(x, z) and p(x) = Σ_z p(x, z)) and a principal-components view for d > 2. Each in
// English and Korean; the numbers are checked against each other here and against independent
// computations in the Rust tests.
import { ready, state } from './helpers.mjs';

const L = (lang, en, ko) => (lang === 'ko' ? ko : en);

export const tests = [
  ...['en', 'ko'].map((lang) => ({
    name: `§5.1.3: D_KL(p* ‖ p_θ) falls as the likelihood rises on a known mixture; unknown origin explained (${lang})`,
    timeout: 90_000,
    fn: async (t) => {
      const { page, expect, shot } = t;
      await ready(t, `?lang=${lang}`);
      const panel = page.getByRole('region', { name: L(lang, 'Maximum likelihood = minimum KL (§5.1.3)', '최대 가능도 = 최소 KL (§5.1.3)') });
      await panel.waitFor();
      // Old Faithful: origin unknown, and the panel says why.
      const why = panel.getByTestId('truth-unknown');
      expect.ok(await why.isVisible());
      expect.match(await why.innerText(), L(lang, /origin of these data is unknown/, /출처를 알 수 없습니다/));
      expect.equal(await panel.getByRole('img').isVisible(), false);
      // The known mixture, from the panel's own button.
      await panel.getByRole('button', { name: L(lang, 'Load the known mixture', '알려진 혼합 분포 불러오기') }).click();
      expect.equal(await page.getByRole('combobox', { name: L(lang, 'Preset', '예제 데이터') }).inputValue(), 'known-mixture');
      expect.equal(await why.isVisible(), false);
      for (let i = 0; i < 8; i++) await page.evaluate(() => window.emviz.iterate());
      const r = await page.evaluate(() => window.emviz.instance.session.truth_report());
      const it = (await state(page)).iteration;
      expect.ok(r.known);
      expect.equal(r.n, 600);
      expect.ok(it >= 3, `${it} iterations`);
      expect.equal(r.points.length, it + 1);
      for (let i = 1; i < r.points.length; i++) {
        const [a, b] = [r.points[i - 1], r.points[i]];
        expect.ok(b.meanLogLikelihood >= a.meanLogLikelihood - 1e-12, 'ℓ never falls');
        expect.ok(Math.abs((a.klOnData - b.klOnData) - (b.meanLogLikelihood - a.meanLogLikelihood)) < 1e-9, 'the estimate falls exactly as ℓ rises');
      }
      for (const p of r.points) expect.ok(Math.abs(p.klOnData + p.meanLogLikelihood - r.meanLogPStar) < 1e-9, 'ℓ + estimate = H');
      expect.ok(r.klExact >= 0, `D_KL on new points ${r.klExact} ≥ 0`);
      expect.ok(Math.abs(r.klExact - r.klOnData) < 0.15, `the two estimates of D_KL agree roughly: ${r.klExact} vs ${r.klOnData}`);
      const s = await state(page);
      expect.ok(Math.abs(r.meanLogLikelihood - s.logLikelihood) < 1e-9, 'the panel\'s ℓ is the status line\'s');
      // The table shows the same numbers.
      const cell = async (id) => Number(await panel.getByTestId(id).getAttribute('data-value'));
      expect.equal(await cell('truth-ll'), r.meanLogLikelihood);
      expect.equal(await cell('truth-kl-data'), r.klOnData);
      expect.equal(await cell('truth-h'), r.meanLogPStar);
      expect.equal(await cell('truth-kl-exact'), r.klExact);
      expect.match(await panel.locator('caption').innerText(), L(lang, new RegExp(`At iteration ${it}$`), new RegExp(`^${it}번째 반복`)));
      // The chart's y labels are distinct.
      const axis = await page.evaluate(() => document.querySelector('.teach-truth canvas').yAxis);
      expect.equal(new Set(axis.labels).size, axis.labels.length);
      await panel.scrollIntoViewIfNeeded();
      await shot(`chapter5-truth-${lang}`);
      // Points from the Generate panel, used as the data: known origin again (p* = the model).
      await page.getByRole('button', { name: L(lang, 'Generate', '생성'), exact: true }).click();
      await page.getByRole('button', { name: L(lang, 'Use as the data', '데이터로 사용'), exact: true }).click();
      const s2 = await state(page);
      expect.equal(s2.n, 500);
      expect.equal(s2.iteration, 0);
      expect.equal(await page.getByRole('combobox', { name: L(lang, 'Preset', '예제 데이터') }).inputValue(), 'custom');
      await page.evaluate(() => window.emviz.iterate());
      const r2 = await page.evaluate(() => window.emviz.instance.session.truth_report());
      expect.ok(r2.known);
      expect.equal(r2.kStar, 3, 'p* is the three-component model the points were drawn from');
      // A point added by hand: the origin is unknown again.
      const plot = page.getByRole('img', { name: L(lang, 'Scatter plot', '산점도') });
      await plot.scrollIntoViewIfNeeded();
      const box = await plot.boundingBox();
      await page.mouse.click(box.x + 62, box.y + 18); // the plot area's top-left corner: no point, no mean
      await page.waitForFunction((n) => window.emviz.instance.session.state().n === n + 1, s2.n).catch(async (e) => {
        t.log(`n after the click: ${(await state(page)).n}; inspector ${await page.getByRole('dialog').count()}`);
        throw e;
      });
      expect.ok(await why.isVisible());
    },
  })),
  ...['en', 'ko'].map((lang) => ({
    name: `§5.2.2: q(z) by hand for a point and q from an earlier iteration for the data: log p = ELBO + KL (${lang})`,
    timeout: 90_000,
    fn: async (t) => {
      const { page, expect, shot } = t;
      await ready(t, `?lang=${lang}`);
      for (let i = 0; i < 8; i++) await page.evaluate(() => window.emviz.step()); // after the M-step of iteration 4
      const panel = page.getByRole('region', { name: L(lang, 'Any q(z) gives a lower bound (§5.2.2)', '어떤 q(z)든 하한을 준다 (§5.2.2)') });
      await panel.scrollIntoViewIfNeeded();
      // Choose point 40 by number (the keyboard's way); the inspector opens on it.
      await panel.getByLabel(L(lang, 'Point', '점 번호'), { exact: true }).fill('40');
      await panel.getByRole('button', { name: L(lang, 'Inspect', '살펴보기'), exact: true }).click();
      expect.equal(await page.getByRole('dialog').getAttribute('data-index'), '39');
      const values = async (id) => panel.getByTestId(id).locator('td').evaluateAll((tds) => Object.fromEntries(tds.map((td) => [td.dataset.v, Number(td.dataset.value)])));
      const q1 = panel.getByLabel('q(z = 1)', { exact: true });
      const q2 = panel.getByLabel('q(z = 2)', { exact: true });
      const seen = [];
      for (const [a, b] of [['0.5', '0.5'], ['0.9', '0.1'], ['0.05', '0.95'], ['1', '0']]) {
        await q1.fill(a);
        await q2.fill(b);
        const v = await values('bound-point');
        expect.ok(Math.abs(v.sum - v.logP) < 1e-9 * Math.max(1, Math.abs(v.logP)), `ELBO + KL = log p: ${JSON.stringify(v)}`);
        expect.ok(v.kl >= 0 && v.elbo <= v.logP + 1e-12, `a lower bound: ${JSON.stringify(v)}`);
        seen.push(v);
      }
      for (const v of seen) expect.equal(v.logP, seen[0].logP, 'log p(x) does not move with q');
      expect.ok(new Set(seen.map((v) => v.elbo)).size === seen.length, 'the ELBO moves with q');
      // The inspector's ln p(x) is the same number.
      const ins = await page.evaluate(() => window.emviz.instance.session.inspect(39));
      expect.ok(Math.abs(ins.logLikelihood - seen[0].logP) < 1e-9);
      // q = p(z | x): KL = 0 and the ELBO is the highest.
      await panel.getByRole('button', { name: L(lang, 'q = p(z | x; θ) (the E-step)', 'q = p(z | x; θ) (E 단계)'), exact: true }).click();
      const best = await values('bound-point');
      expect.ok(Math.abs(best.kl) < 1e-6, `KL at the posterior ${best.kl}`);
      for (const v of seen) expect.ok(best.elbo >= v.elbo - 1e-9, 'the posterior gives the highest ELBO');
      const shown = await panel.locator('output').first().getAttribute('data-value');
      expect.ok(Math.abs(Number(shown) - ins.components[0].responsibility) < 1e-3, 'the sliders show p(z | x)');
      // The whole data set: q from iteration 4's E-step is the ELBO panel's q after the M-step.
      const from = panel.getByLabel(L(lang, 'q from the E-step of iteration', 'q를 가져올 E 단계의 반복'), { exact: true });
      await from.fill('4');
      const d4 = await values('bound-data');
      const elboCell = Number(await page.getByTestId('elbo-elbo').getAttribute('data-value'));
      const klCell = Number(await page.getByTestId('elbo-kl').getAttribute('data-value'));
      expect.ok(Math.abs(d4.elbo - elboCell) < 1e-6 * Math.abs(elboCell), `${d4.elbo} vs the ELBO panel's ${elboCell}`);
      expect.ok(Math.abs(d4.kl - klCell) < 1e-6, `${d4.kl} vs ${klCell}`);
      await from.fill('1');
      const d1 = await values('bound-data');
      expect.ok(d1.kl > d4.kl, 'q from iteration 1 is a looser bound');
      expect.equal(d1.logP, d4.logP, 'log p(x) of the data does not move with q');
      expect.ok(Math.abs(d1.sum - d1.logP) < 1e-9 * Math.abs(d1.logP));
      expect.match(await panel.locator('[data-out="data-note"]').innerText(), L(lang, /q from iteration 1/, /1번째 반복의 q/));
      await panel.getByRole('button', { name: L(lang, 'q = current posterior', 'q = 현재 사후 분포'), exact: true }).click();
      const now = await values('bound-data');
      expect.ok(Math.abs(now.kl) < 1e-6 && Math.abs(now.elbo - now.logP) < 1e-6 * Math.abs(now.logP));
      await from.fill('2');
      await q1.fill('0.8');
      await page.waitForTimeout(200);
      await shot(`chapter5-bound-${lang}`);
    },
  })),
  ...['en', 'ko'].map((lang) => ({
    name: `§5.2.1: density contours of p(x) and each p(x, z) in 2-D, the 1-D curves labelled, eq. 5.8 named (${lang})`,
    fn: async (t) => {
      const { page, expect, shot } = t;
      await ready(t, `?lang=${lang}`);
      for (let i = 0; i < 6; i++) await page.evaluate(() => window.emviz.step());
      const choice = page.getByLabel(L(lang, 'Density contours', '밀도 등고선'), { exact: true });
      const legend = page.getByTestId('latent-legend');
      expect.equal(await legend.isVisible(), false, 'no legend while the contours are off');
      const plot = page.getByRole('img', { name: L(lang, 'Scatter plot', '산점도') });
      const pixels = () => plot.evaluate((c) => {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let h = 0;
        for (let i = 0; i < d.length; i += 97) h = (h * 31 + d[i]) % 1000000007;
        return h;
      });
      const before = await pixels();
      const segments = {};
      for (const mode of ['mixture', 'components', 'both']) {
        await choice.selectOption(mode);
        await page.waitForFunction((m) => document.querySelector('.teach-latent').dataset.segments > 0 && document.querySelector('.teach-latent select').value === m, mode);
        await page.waitForTimeout(100);
        segments[mode] = Number(await page.locator('.teach-latent').getAttribute('data-segments'));
      }
      expect.ok(segments.mixture > 50 && segments.components > 50, JSON.stringify(segments));
      expect.ok(Math.abs(segments.both - segments.mixture - segments.components) <= 0, `both = mixture + components: ${JSON.stringify(segments)}`);
      expect.notEqual(await pixels(), before, 'the contours are drawn on the plot');
      const text = await legend.innerText();
      expect.match(text, /p\(x, z = k\) = φₖ 𝒩\(x; μₖ, Σₖ\)/);
      expect.match(text, /p\(x\) = Σ_z p\(x, z\)/);
      expect.match(text, L(lang, /joint of x and the hidden component z/, /결합 분포/));
      await plot.scrollIntoViewIfNeeded();
      await shot(`chapter5-contours-${lang}`);
      // The M-step formulas are eq. 5.8.
      await page.getByText(L(lang, 'M-step: new parameters (eq. 5.8)', 'M 단계: 매개변수 갱신 (식 5.8)'), { exact: true }).waitFor();
      // 1-D: no contour choice, the curves' equations are shown.
      await page.getByRole('combobox', { name: L(lang, 'Preset', '예제 데이터') }).selectOption('one-d');
      expect.equal(await choice.isVisible(), false);
      const text1 = await legend.innerText();
      expect.match(text1, /p\(x, z = k\) = φₖ 𝒩\(x; μₖ, σₖ²\)/);
      expect.match(text1, L(lang, /black curve: p\(x\) = Σ_z p\(x, z\)/, /검은 곡선: p\(x\) = Σ_z p\(x, z\)/));
    },
  })),
  ...['en', 'ko'].map((lang) => ({
    name: `principal components for d > 2: the data on PC1/PC2 with every ellipse projected (${lang})`,
    fn: async (t) => {
      const { page, expect, shot } = t;
      await ready(t, `?lang=${lang}`);
      const panel = page.locator('.teach-pca');
      expect.equal(await panel.isVisible(), false, 'hidden for two columns');
      // Four columns, three groups (deterministic).
      const rows = ['a b c d'];
      for (let i = 0; i < 150; i++) {
        const g = (i % 3) * 4;
        rows.push([g + Math.sin(i * 0.37), g * 0.5 + Math.cos(i * 0.71), Math.sin(i * 1.3) * 0.2, g + Math.cos(i * 0.11)].map((v) => v.toFixed(4)).join(' '));
      }
      const text = rows.join('\n');
      await page.evaluate((txt) => window.emviz.load(txt), text);
      await page.getByLabel(L(lang, 'K', 'K (성분 수)'), { exact: true }).selectOption('3');
      for (let i = 0; i < 3; i++) await page.evaluate(() => window.emviz.iterate());
      await panel.getByRole('heading', { name: L(lang, 'Principal components (all 4 columns)', '주성분 (열 4개 전체)') }).waitFor();
      const info = await panel.locator('canvas').evaluate((c) => c.info);
      expect.equal(info.components.length, 3);
      // Independently: the variance of the data along the first axis over the total variance.
      const data = rows.slice(1).map((r) => r.split(' ').map(Number));
      const n = data.length;
      const mean = [0, 1, 2, 3].map((c) => data.reduce((s, r) => s + r[c], 0) / n);
      const total = [0, 1, 2, 3].reduce((s, c) => s + data.reduce((a, r) => a + (r[c] - mean[c]) ** 2, 0) / n, 0);
      const along = (axis) => data.reduce((a, r) => a + r.reduce((p, v, c) => p + (v - mean[c]) * axis[c], 0) ** 2, 0) / n;
      expect.ok(Math.abs(along(info.axes[0]) / total - info.explained[0]) < 1e-9, `${along(info.axes[0]) / total} vs ${info.explained[0]}`);
      expect.ok(Math.abs(along(info.axes[1]) / total - info.explained[1]) < 1e-9);
      expect.ok(info.explained[0] >= info.explained[1]);
      const dot = info.axes[0].reduce((s, v, i) => s + v * info.axes[1][i], 0);
      expect.ok(Math.abs(dot) < 1e-9, 'orthogonal axes');
      // Each component's projected mean is Wᵀ(μ − m).
      const s = await state(page);
      s.means.forEach((mu, j) => {
        for (const a of [0, 1]) {
          const want = mu.reduce((p, v, c) => p + (v - mean[c]) * info.axes[a][c], 0);
          expect.ok(Math.abs(info.components[j].mean[a] - want) < 1e-6, `component ${j} PC${a + 1}`);
        }
      });
      expect.match(await panel.getByTestId('pca-loadings').innerText(), /^PC1 = .*·a .*; PC2 = /);
      await panel.scrollIntoViewIfNeeded();
      await shot(`chapter5-pca-${lang}`);
    },
  })),
  ...['en', 'ko'].map((lang) => ({
    name: `the guided tour visits the new parts (${lang})`,
    fn: async (t) => {
      const { page, expect } = t;
      await ready(t, `?lang=${lang}`);
      await page.getByRole('button', { name: L(lang, 'Tour', '둘러보기'), exact: true }).click();
      const next = page.locator('div.tour').getByRole('button', { name: L(lang, 'Next', '다음') });
      for (let i = 0; i < 4; i++) await next.click();
      const cards = [
        [L(lang, 'Any q gives a lower bound (§5.2.2)', '어떤 q든 하한을 준다 (§5.2.2)'), '.teach-bound'],
        [L(lang, 'The hidden variable z (§5.2.1)', '숨은 변수 z (§5.2.1)'), '.canvas-wrap'],
        [L(lang, 'Maximum likelihood = minimum KL (§5.1.3)', '최대 가능도 = 최소 KL (§5.1.3)'), '.teach-truth'],
        [L(lang, 'More than two columns', '열이 셋 이상일 때'), '[data-panel="settings"]'],
      ];
      for (const [title, target] of cards) {
        await page.getByRole('dialog', { name: title }).waitFor();
        expect.ok(await page.locator(target).evaluate((e) => e.classList.contains('tour-target')), `${title} highlights ${target}`);
        if (target === '.teach-bound') {
          expect.equal(await page.getByRole('dialog').first().getAttribute('data-index'), '39', 'the tour opened point 40');
          expect.equal(await page.locator('.teach-bound').getAttribute('data-point'), '39');
        }
        if (target === '.canvas-wrap') expect.equal(await page.locator('.teach-latent select').inputValue(), 'both', 'the contours are on');
        await next.click();
      }
      await page.getByRole('dialog', { name: L(lang, 'Your turn', '이제 직접 해 보세요') }).waitFor();
    },
  })),
];
