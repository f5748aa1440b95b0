// Embedding: #embed=1 shows only the plot, Play/Step/Reset and the status (hide=/show= choose
// panels); two iframes in embed mode on one page run independently; two <em-gmm> custom elements
// on one page mount independently and fire their events. The harness fails any off-origin request.

import { whenReady, state } from './helpers.mjs';
import { pageTests } from './browser.mjs';

export const tests = [
  {
    name: 'show= brings chapter panels one by one, with just their tabs',
    fn: async (t) => {
      const { page, goto, expect } = t;
      await goto('#embed=1&show=bound,lowerbound');
      await page.waitForFunction(() => window.emviz && window.emviz.ready);
      await page.evaluate(() => window.emviz.ready);
      const tabs = await page.locator('[role="tab"]:visible').evaluateAll((ts) => ts.map((b) => b.dataset.section));
      expect.deepEqual(tabs, ['derivation1', 'derivation2']);
      expect.equal(await page.locator('.teach-contents').isVisible(), true);
      expect.equal(await page.locator('.teach-bound').isVisible(), true, 'the first shown section is open');
      for (const other of ['gmm', 'marginal', 'kl', 'formulas']) expect.equal(await page.locator(`.teach-${other}`).isVisible(), false, other);
      await page.locator('[role="tab"][data-section="derivation2"]').click();
      expect.equal(await page.locator('.teach-lowerbound').isVisible(), true);
      expect.equal(await page.locator('.teach-toem').isVisible(), false);
    },
  },
  {
    name: 'embed mode hides the chrome; show= and hide= choose panels',
    fn: async ({ page, goto, expect }) => {
      await goto('#embed=1');
      await whenReady(page);
      for (const name of ['Play', 'Step', 'Reset']) {
        expect.ok(await page.getByRole('button', { name, exact: true }).isVisible(), name);
      }
      expect.ok(await page.locator('#status').isVisible(), 'status');
      expect.ok(await page.getByRole('img', { name: 'Scatter plot' }).isVisible(), 'plot');
      expect.equal(await page.locator('header.top').isVisible(), false, 'page header hidden');
      for (const label of ['Data', 'K', 'Speed']) {
        expect.equal(await page.getByLabel(label, { exact: true }).isVisible(), false, label);
      }
      for (const name of ['New start', 'Copy link', 'Play']) {
        const visible = await page.getByRole('button', { name, exact: true }).isVisible();
        expect.equal(visible, name === 'Play', name);
      }
      expect.equal(await page.getByRole('table', { name: 'Components' }).isVisible(), false);
      expect.equal(await page.getByRole('img', { name: 'Log-likelihood chart' }).isVisible(), false);
      // The plot fills the frame's height.
      const box = await page.getByRole('img', { name: 'Scatter plot' }).boundingBox();
      expect.ok(box.height > 600, `plot height ${box.height}`);
      // show= brings panels back; outside embed mode hide= removes them.
      await goto('about:blank').catch(() => {});
      await goto('#embed=1&show=chart,components');
      await whenReady(page);
      expect.ok(await page.getByRole('img', { name: 'Log-likelihood chart' }).isVisible());
      expect.ok(await page.getByRole('table', { name: 'Components' }).isVisible());
      expect.equal(await page.getByLabel('K', { exact: true }).isVisible(), false);
      await goto('about:blank').catch(() => {});
      await goto('#hide=chart,data');
      await whenReady(page);
      expect.equal(await page.getByRole('img', { name: 'Log-likelihood chart' }).isVisible(), false);
      expect.equal(await page.getByLabel('Data', { exact: true }).isVisible(), false);
      expect.ok(await page.getByLabel('K', { exact: true }).isVisible());
      expect.ok(await page.locator('header.top').isVisible());
    },
  },
  {
    name: 'autoplay=1 starts the run',
    fn: async ({ page, goto }) => {
      await goto('#embed=1&autoplay=1&speed=10');
      await whenReady(page);
      await page.waitForFunction(() => window.emviz.instance.session.state().iteration >= 2);
    },
  },
  {
    name: 'Copy embed code gives an iframe snippet that opens the same view in embed mode',
    fn: async ({ page, context, goto, expect }) => {
      await goto();
      await whenReady(page);
      for (let i = 0; i < 4; i++) await page.evaluate(() => window.emviz.step());
      await page.getByRole('button', { name: 'Copy embed code' }).click();
      const code = await page.getByLabel('Embed code').inputValue();
      expect.match(code, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/#k=2&amp;.*it=2&amp;.*embed=1&amp;preset=old-faithful" width="640" height="560" title="emviz" loading="lazy" style="border:0"><\/iframe>$/);
      const src = code.match(/src="([^"]+)"/)[1].replace(/&amp;/g, '&');
      const other = await context.newPage();
      await other.goto(src);
      await whenReady(other);
      expect.deepEqual(await state(other), await state(page));
      expect.equal(await other.getByLabel('Data', { exact: true }).isVisible(), false);
    },
  },
  {
    name: 'two iframes in embed mode run independently',
    fn: async ({ page, goto, shot, expect }) => {
      await goto('embed-test.html');
      const frames = {};
      for (const id of ['faithful', 'blobs']) {
        const handle = await page.locator(`#${id}`).elementHandle();
        frames[id] = await handle.contentFrame();
        await whenReady(frames[id]);
      }
      const [a, b] = [await state(frames.faithful), await state(frames.blobs)];
      expect.equal(a.k, 2);
      expect.equal(b.k, 3);
      expect.equal(b.settings.seed, 3);
      expect.equal(a.n, 272);
      await page.frameLocator('#faithful').getByRole('button', { name: 'Step', exact: true }).click();
      await frames.faithful.waitForFunction(() => window.emviz.instance.session.state().iteration === 1);
      expect.equal((await state(frames.blobs)).iteration, 0, 'the other frame did not move');
      // The second frame shows its chart (show=chart); the first shows none.
      expect.ok(await page.frameLocator('#blobs').getByRole('img', { name: 'Log-likelihood chart' }).isVisible());
      expect.equal(await page.frameLocator('#faithful').getByRole('img', { name: 'Log-likelihood chart' }).isVisible(), false);
      await page.waitForTimeout(400);
      await shot('embed-two-iframes');
    },
  },
  {
    name: 'two <em-gmm> elements mount independently and fire their events',
    timeout: 90_000,
    fn: async ({ page, goto, shot, expect }) => {
      await goto('element-test.html');
      await page.evaluate(async () => {
        await customElements.whenDefined('em-gmm');
        window.seen = { first: [], second: [] };
        for (const id of ['first', 'second']) {
          const el = document.getElementById(id);
          for (const ev of ['emviz:step', 'emviz:converged']) el.addEventListener(ev, (e) => window.seen[id].push(ev + ':' + e.detail?.iteration));
        }
        await Promise.all([...document.querySelectorAll('em-gmm')].map((el) => el.ready));
      });
      const info = await page.evaluate(() => ['first', 'second'].map((id) => {
        const s = document.getElementById(id).state();
        return { k: s.k, n: s.n, d: s.d, cov: s.settings.covarianceType, init: s.settings.init, seed: s.settings.seed, iteration: s.iteration };
      }));
      expect.deepEqual(info[0], { k: 2, n: 272, d: 2, cov: 'full', init: 'book', seed: 0, iteration: 0 });
      expect.deepEqual(info[1], { k: 3, n: 15, d: 2, cov: 'diag', init: 'kmeans++', seed: 5, iteration: 0 });
      // By default an element shows the plot, the transport, the status and the chart only; the
      // second opts in to settings, data and the ELBO panel (panels=) and hides New start (hide=).
      const first = page.locator('#first');
      const second = page.locator('#second');
      const visible = (loc) => loc.isVisible();
      for (const name of ['Settings', 'Your data', 'log pθ(x) = ELBO + DKL (eq. 5.7)', 'Runs', 'Export', 'Share']) {
        expect.equal(await visible(first.getByRole('heading', { name, exact: true })), false, `first: ${name} hidden`);
      }
      expect.equal(await visible(first.getByRole('table', { name: 'Components' })), false, 'first: no table');
      for (const name of ['Play', 'Step', 'Reset', 'New start']) expect.ok(await visible(first.getByRole('button', { name, exact: true })), `first: ${name}`);
      expect.ok(await visible(first.getByRole('img', { name: 'Log-likelihood chart' })), 'first: chart');
      expect.ok(await visible(first.getByRole('status').first()), 'first: status');
      expect.ok(await visible(second.getByRole('heading', { name: 'Settings' })));
      expect.ok(await visible(second.getByRole('heading', { name: 'log pθ(x) = ELBO + DKL (eq. 5.7)' })));
      expect.ok(await visible(second.getByLabel('Data', { exact: true })));
      expect.equal(await visible(second.getByRole('button', { name: 'New start', exact: true })), false);
      expect.equal(await visible(second.getByRole('heading', { name: 'Runs', exact: true })), false);
      // Its data is the author's, not a preset: the Preset box says so.
      const preset = second.getByRole('combobox', { name: 'Preset' });
      expect.equal(await preset.inputValue(), 'custom');
      expect.equal(await preset.evaluate((s) => s.selectedOptions[0].textContent), 'your data (not a preset)');
      // Step the second by its own button: only it moves, and only it fires.
      await second.getByRole('button', { name: 'Step', exact: true }).click();
      await page.waitForFunction(() => document.getElementById('second').state().iteration === 1);
      expect.equal(await page.evaluate(() => document.getElementById('first').state().iteration), 0);
      let seen = await page.evaluate(() => window.seen);
      expect.deepEqual(seen.first, []);
      expect.deepEqual(seen.second.slice(0, 2), ['emviz:step:0', 'emviz:step:1']);
      const secondEvents = seen.second.length;
      // The element's methods: play the first to convergence; its converged event fires.
      await page.evaluate(() => { const el = document.getElementById('first'); el.querySelector('input[type="range"]').value = '10'; el.instance.player.speed = 10; el.play(); });
      await page.waitForFunction(() => window.seen.first.some((e) => e.startsWith('emviz:converged')), null, { timeout: 60_000 });
      const s = await page.evaluate(() => document.getElementById('first').state());
      expect.ok(s.converged);
      expect.ok(Math.abs(s.weights[0] - 0.356) < 1e-3, `weights ${s.weights}`);
      seen = await page.evaluate(() => window.seen);
      expect.equal(seen.second.length, secondEvents, 'the second did not move');
      // Unique ids: every label points at one control.
      const dupes = await page.evaluate(() => {
        const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
        return ids.filter((id, i) => ids.indexOf(id) !== i);
      });
      expect.deepEqual(dupes, []);
      await page.waitForTimeout(300);
      await shot('element-two');
    },
  },
  {
    name: '<em-gmm> in Korean: the default panels and "your data" in the Preset box',
    fn: async ({ page, goto, expect }) => {
      await goto('element-test.html?lang=ko');
      await page.evaluate(async () => {
        await customElements.whenDefined('em-gmm');
        await Promise.all([...document.querySelectorAll('em-gmm')].map((el) => el.ready));
      });
      const first = page.locator('#first');
      const second = page.locator('#second');
      expect.equal(await first.getByRole('heading', { name: '설정', exact: true }).isVisible(), false);
      expect.equal(await first.getByRole('heading', { name: '내 데이터', exact: true }).isVisible(), false);
      expect.ok(await first.getByRole('button', { name: '재생', exact: true }).isVisible());
      expect.ok(await first.getByRole('img', { name: '로그 가능도 그래프' }).isVisible());
      expect.ok(await second.getByRole('heading', { name: '설정', exact: true }).isVisible());
      const preset = second.getByRole('combobox', { name: '예제 데이터' });
      expect.equal(await preset.evaluate((s) => s.selectedOptions[0].textContent), '직접 넣은 데이터 (예제 아님)');
      // The first shows a preset: its (hidden) box names it.
      expect.equal(await first.locator('select[data-ref="preset"]').inputValue(), 'old-faithful');
    },
  },
];

pageTests(import.meta, tests);
