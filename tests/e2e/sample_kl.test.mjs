// Sampling from the fitted model (Generate draws 500 points over the data; Add to data appends
// them; 1-D data works too). The KL divergence's coins are chapter_kl.test.mjs's.

import { ready, state } from './helpers.mjs';
import { pageTests } from './browser.mjs';

/** Near-black pixels on the main canvas (the samples' crosses are the only ones so dark). */
const darkPixels = (page) => page.evaluate(() => {
  const c = window.emviz.instance.canvas;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i] < 70 && d[i + 1] < 70 && d[i + 2] < 70) n++;
  return n;
});

export const tests = [
  {
    name: 'Generate draws 500 points from the fitted model over the data, and Add to data appends them',
    fn: async (t) => {
      const { page, shot, expect } = t;
      await ready(t);
      await page.evaluate(() => window.emviz.runToConvergence());
      const panel = page.locator('section.teach-sample');
      expect.equal(await panel.getByLabel('Samples').inputValue(), '500');
      expect.ok(await panel.getByRole('button', { name: 'Add to data' }).isDisabled());
      const before = await darkPixels(page);
      await panel.getByRole('button', { name: 'Generate' }).click();
      expect.equal(await panel.getAttribute('data-sample-count'), '500');
      expect.match(await panel.getByRole('status').innerText(), /500 points drawn from the current model \(seed 0\)/);
      await page.waitForTimeout(300);
      const after = await darkPixels(page);
      expect.ok(after > before + 500, `dark pixels ${before} → ${after}`);
      await shot('sample-overlay');

      const lines = async () => (await page.getByLabel('Data', { exact: true }).inputValue()).trim().split('\n').length;
      const linesBefore = await lines();
      const n = (await state(page)).n;
      await panel.getByRole('button', { name: 'Add to data' }).click();
      const s = await state(page);
      expect.equal(s.n, n + 500);
      expect.equal(await lines(), linesBefore + 500);
      expect.match(await panel.getByRole('status').innerText(), /500 generated points added/);
      expect.equal(await panel.getAttribute('data-sample-count'), '0');

      // Generate, then Clear samples removes them.
      await panel.getByLabel('Samples').fill('50');
      await panel.getByRole('button', { name: 'Generate' }).click();
      expect.equal(await panel.getAttribute('data-sample-count'), '50');
      await panel.getByRole('button', { name: 'Clear samples' }).click();
      expect.equal(await panel.getAttribute('data-sample-count'), '0');
      // A bad count is refused with a message.
      await panel.getByLabel('Samples').fill('0');
      await panel.getByRole('button', { name: 'Generate' }).click();
      expect.match(await panel.getByRole('alert').innerText(), /Samples: "0" must be a whole number from 1 to 100000/);
    },
  },
  {
    name: 'Generate works on 1-D data (ticks under the histogram)',
    fn: async (t) => {
      const { page, expect } = t;
      await ready(t);
      await page.getByLabel('Preset').selectOption('one-d');
      await page.evaluate(() => window.emviz.runToConvergence());
      const panel = page.locator('section.teach-sample');
      const before = await darkPixels(page);
      await panel.getByRole('button', { name: 'Generate' }).click();
      expect.equal(await panel.getAttribute('data-sample-count'), '500');
      expect.match(await panel.getByRole('status').innerText(), /dark ticks under the axis/);
      await page.waitForTimeout(300);
      expect.ok((await darkPixels(page)) > before, 'ticks drawn');
      const n = (await state(page)).n;
      await panel.getByRole('button', { name: 'Add to data' }).click();
      const s = await state(page);
      expect.equal(s.d, 1);
      expect.equal(s.n, n + 500);
    },
  },
];

pageTests(import.meta, tests);
