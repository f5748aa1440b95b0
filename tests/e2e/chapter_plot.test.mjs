// On the plot, in each language: §5.2.1's density contours of each joint p_θ(x, z = k) and of
// p_θ(x) (the 1-D view's curves are the same functions), and data as vectors — more than two
// columns shown on their first two principal axes, each ellipse projected.
import { LANGS, openIn, halfSteps, pixelHash } from './chapter.mjs';
import { state } from './helpers.mjs';
import { pageTests } from './browser.mjs';

const JOINT = { en: /joint distribution of x and the latent variable z/, ko: /x와 잠재 변수 z의 결합 분포/, ja: /同時分布/ };

export const tests = LANGS.flatMap((lang) => [
  {
    name: `§5.2.1 on the plot: density contours of p_θ(x) and each p_θ(x, z = k) in 2-D, the 1-D curves labelled (${lang})`,
    covers: ['5.2.1-contours'],
    fn: async (t) => {
      const { page, expect, shot } = t;
      await openIn(t, lang);
      await halfSteps(page, 6);
      const choice = page.locator('.teach-latent select');
      const legend = page.getByTestId('latent-legend');
      expect.equal(await legend.isVisible(), false, 'no legend while the contours are off');
      const plot = page.locator('canvas[data-ref="scatter"]');
      const pixels = () => pixelHash(plot);
      const before = await pixels();
      const segments = {};
      for (const mode of ['mixture', 'components', 'both']) {
        await choice.selectOption(mode);
        await page.waitForFunction((m) => document.querySelector('.teach-latent').dataset.segments > 0 && document.querySelector('.teach-latent select').value === m, mode);
        await page.waitForTimeout(100);
        segments[mode] = Number(await page.locator('.teach-latent').getAttribute('data-segments'));
      }
      expect.ok(segments.mixture > 50 && segments.components > 50, JSON.stringify(segments));
      expect.equal(segments.both, segments.mixture + segments.components, `both = mixture + components: ${JSON.stringify(segments)}`);
      expect.notEqual(await pixels(), before, 'the contours are drawn on the plot');
      const text = await legend.innerText();
      expect.match(text, /pθ\(x, z = k\) = φₖ 𝒩\(x; μₖ, Σₖ\)/);
      expect.match(text, /pθ\(x\) = Σz pθ\(x, z\)/);
      expect.match(text, JOINT[lang]);
      await plot.scrollIntoViewIfNeeded();
      await shot(`chapter-contours-${lang}`);
      // 1-D: no contour choice, the curves' equations are shown.
      await page.evaluate(() => window.emviz.instance.loadPreset('one-d'));
      expect.equal(await choice.isVisible(), false);
      expect.match(await legend.innerText(), /pθ\(x, z = k\) = φₖ 𝒩\(x; μₖ, σₖ²\)/);
    },
  },
  {
    name: `data as vectors: more than two columns on their first two principal axes, every ellipse projected (${lang})`,
    covers: ['5.2-vectors'],
    fn: async (t) => {
      const { page, expect, shot } = t;
      await openIn(t, lang);
      const panel = page.locator('.teach-pca');
      expect.equal(await panel.isVisible(), false, 'hidden for two columns');
      const rows = ['a b c d'];
      for (let i = 0; i < 150; i++) {
        const g = (i % 3) * 4;
        rows.push([g + Math.sin(i * 0.37), g * 0.5 + Math.cos(i * 0.71), Math.sin(i * 1.3) * 0.2, g + Math.cos(i * 0.11)].map((v) => v.toFixed(4)).join(' '));
      }
      await page.evaluate((txt) => window.emviz.load(txt), rows.join('\n'));
      await page.locator('select[data-ref="k"]').selectOption('3');
      for (let i = 0; i < 3; i++) await page.evaluate(() => window.emviz.iterate());
      await panel.waitFor();
      const info = await panel.locator('canvas').evaluate((c) => c.info);
      expect.equal(info.components.length, 3);
      // Independently: the variance of the data along the first axis over the total variance.
      const data = rows.slice(1).map((r) => r.split(' ').map(Number));
      const n = data.length;
      const mean = [0, 1, 2, 3].map((c) => data.reduce((s, r) => s + r[c], 0) / n);
      const total = [0, 1, 2, 3].reduce((s, c) => s + data.reduce((a, r) => a + (r[c] - mean[c]) ** 2, 0) / n, 0);
      const along = (axis) => data.reduce((a, r) => a + r.reduce((p, v, c) => p + (v - mean[c]) * axis[c], 0) ** 2, 0) / n;
      expect.ok(Math.abs(along(info.axes[0]) / total - info.explained[0]) < 1e-9);
      expect.ok(Math.abs(along(info.axes[1]) / total - info.explained[1]) < 1e-9);
      const s = await state(page);
      s.means.forEach((mu, j) => {
        for (const a of [0, 1]) {
          const want = mu.reduce((p, v, c) => p + (v - mean[c]) * info.axes[a][c], 0);
          expect.ok(Math.abs(info.components[j].mean[a] - want) < 1e-6, `component ${j} PC${a + 1}`);
        }
      });
      // §5.2's "data are vectors": x⁽ⁿ⁾ has d = 4 numbers.
      await page.evaluate(() => window.emviz.instance.reveal(document.querySelector('.teach-gmm')));
      expect.match(await page.locator('.teach-gmm [data-live="vector"]').innerText(), /a, b, c, d[\s\S]*4/);
      await panel.scrollIntoViewIfNeeded();
      await shot(`chapter-pca-${lang}`);
    },
  },
]);

pageTests(import.meta, tests);
