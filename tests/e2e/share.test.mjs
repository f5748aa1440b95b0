// Shareable links: a link copied from one page reproduces the identical state in a fresh page (a
// preset, and pasted data carried compressed in the link); data too large for a link gets a clear
// message and a Download data button; a garbled link gets a message and the default page works.

import { whenReady, state } from './helpers.mjs';
import { pageTests } from './browser.mjs';

/** Clicks Copy link and returns the link shown in the read-only field. */
const copyLink = async (page) => {
  await page.getByRole('button', { name: 'Copy link' }).click();
  const field = page.getByLabel('Link to this view');
  await field.waitFor();
  return field.inputValue();
};

/** Opens `url` in a fresh page of the same (guarded) context and returns it, ready. */
const fresh = async (context, url) => {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await whenReady(page);
  return page;
};

export const tests = [
  {
    name: 'a preset link reproduces the identical state in a fresh page',
    fn: async ({ page, context, goto, shot, expect }) => {
      await goto();
      await whenReady(page);
      await page.getByLabel('Preset').selectOption('anisotropic');
      await page.getByLabel('Tolerance').fill('1e-9');
      await page.getByLabel('Tolerance').dispatchEvent('change');
      await page.getByLabel('Seed').fill('11');
      await page.getByLabel('Seed').dispatchEvent('change');
      await page.getByLabel('Speed').fill('8');
      for (let i = 0; i < 7; i++) await page.evaluate(() => window.emviz.step());
      const before = await state(page);
      expect.equal(before.iteration, 3);
      expect.equal(before.phase, 'E');
      const link = await copyLink(page);
      expect.match(link, /#.*preset=anisotropic/);
      expect.match(link, /k=2&cov=full&init=kmeanspp&seed=11&tol=1e-9&.*it=3&half=E&speed=8/);
      const other = await fresh(context, link);
      const after = await state(other);
      expect.deepEqual(after, before);
      expect.equal(await other.getByLabel('Preset').inputValue(), 'anisotropic');
      expect.equal(await other.getByLabel('Seed').inputValue(), '11');
      expect.equal(await other.getByLabel('Speed').inputValue(), '8');
      expect.match(await other.getByRole('status').first().innerText(), /Iteration 3/);
      await other.bringToFront();
      await other.waitForTimeout(300);
      await other.screenshot({ path: (await shot('share-original')).replace('share-original', 'share-restored'), fullPage: true });
    },
  },
  {
    name: 'pasted data travels compressed in the link and comes back identical',
    fn: async ({ page, context, goto, expect }) => {
      await goto();
      await whenReady(page);
      const rows = ['"size, mm",mass'];
      for (let i = 0; i < 80; i++) {
        const c = i % 2 ? 3 : -3;
        rows.push(`${(c + Math.sin(i * 12.9898) * 0.9).toFixed(4)},${(c / 2 - Math.cos(i * 78.233) * 0.7).toFixed(4)}`);
      }
      await page.getByLabel('Data', { exact: true }).fill(rows.join('\n'));
      await page.getByRole('button', { name: 'Fit', exact: true }).click();
      await page.getByLabel('Initialisation', { exact: true }).selectOption('kmeans++');
      await page.getByLabel('K', { exact: true }).selectOption('3');
      await page.getByLabel('Covariance', { exact: true }).selectOption('diag');
      for (let i = 0; i < 8; i++) await page.evaluate(() => window.emviz.step());
      const before = await state(page);
      expect.equal(before.k, 3);
      expect.equal(before.n, 80);
      const link = await copyLink(page);
      expect.match(link, /&data=[A-Za-z0-9_-]+$/);
      expect.ok(link.length < rows.join('\n').length, `the link (${link.length} chars) is shorter than the data`);
      const other = await fresh(context, link);
      const after = await state(other);
      expect.deepEqual(after, before);
      expect.deepEqual(after.names, ['size, mm', 'mass']);
      expect.match(await other.getByLabel('Data', { exact: true }).inputValue(), /^"size, mm","mass"\n-3,-2\.2\n3\.3698,2\.1673\n/);
    },
  },
  {
    name: 'data too large for a link gets a clear message and a Download data button',
    fn: async ({ page, goto, expect }) => {
      await goto();
      await whenReady(page);
      const rows = [];
      for (let i = 0; i < 3000; i++) rows.push(`${(i * 0.37).toFixed(2)} ${((i % 17) * 1.3).toFixed(1)}`);
      await page.evaluate((text) => window.emviz.load(text), rows.join('\n'));
      expect.equal((await state(page)).n, 3000);
      await page.getByRole('button', { name: 'Copy link' }).click();
      const message = page.locator('.share-message');
      await expect.doesNotReject(message.filter({ hasText: 'too many for a link' }).waitFor());
      expect.match(await message.innerText(), /6000 numbers.*at most 5000.*Download/);
      expect.equal(await page.getByLabel('Link to this view').isVisible(), false);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download data' }).click(),
      ]);
      expect.equal(download.suggestedFilename(), 'emviz-data.csv');
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(await download.path(), 'utf8');
      const lines = text.trim().split('\n');
      expect.equal(lines.length, 3001);
      expect.equal(lines[0], '"x1","x2"');
      expect.equal(lines[2], '0.37,1.3');
    },
  },
  {
    name: 'a garbled link shows a message and the default page still works',
    fn: async ({ page, goto, expect }) => {
      for (const hash of ['#preset=blobs&k=abc', '#data=!!!not-base64', '#preset=nope&embed=1']) {
        await goto(`about:blank`).catch(() => {});
        await goto(hash);
        await whenReady(page);
        const alert = page.getByText('This link could not be opened');
        await alert.waitFor();
        const s = await state(page);
        expect.equal(s.n, 272, hash);
        expect.equal(s.k, 2, hash);
        expect.equal(s.iteration, 0, hash);
        // Not in embed mode: the settings are there.
        expect.ok(await page.getByRole('heading', { name: 'Settings' }).isVisible(), hash);
        await page.getByRole('button', { name: 'Step', exact: true }).click();
        await page.waitForFunction(() => window.emviz.instance.session.state().iteration === 1);
      }
      expect.match(await page.getByText('This link could not be opened').innerText(), /no preset called "nope"/);
    },
  },
  {
    name: 'a garbled link is explained in Korean on a Korean page',
    fn: async ({ page, goto, expect }) => {
      await goto('?lang=ko#preset=nope&k=2');
      await whenReady(page);
      const alert = page.getByText('링크가 올바르지 않습니다');
      await alert.waitFor();
      expect.match(await alert.innerText(), /"nope"\(이\)라는 예제 데이터는 없습니다/);
      expect.ok(!/invalid link|no preset/.test(await alert.innerText()));
    },
  },
  {
    name: 'changing the hash applies the new link in place',
    fn: async ({ page, goto, expect }) => {
      await goto();
      await whenReady(page);
      await page.evaluate(() => { location.hash = 'preset=old-faithful&it=5'; });
      await page.waitForFunction(() => window.emviz.instance.session.state().iteration === 5);
      const s = await state(page);
      expect.equal(s.phase, 'M');
      expect.equal(s.historyLen, 11);
    },
  },
  {
    name: 'a start dragged by hand travels in the link and the run is reproduced',
    fn: async ({ page, context, goto, expect }) => {
      await goto();
      await whenReady(page);
      // Drag the second mean with real mouse events to (4.5, 85) in data units.
      const canvas = page.getByRole('img', { name: 'Scatter plot' });
      await canvas.scrollIntoViewIfNeeded();
      const box = await canvas.boundingBox();
      const toCss = (p) => page.evaluate(([x, y]) => {
        const c = window.emviz.instance.canvas;
        const r = c.getBoundingClientRect();
        return [r.left + (x * r.width) / c.width, r.top + (y * r.height) / c.height];
      }, p);
      const from = await toCss(await page.evaluate(() => window.emviz.instance.session.position_of(window.emviz.instance.canvas, { kind: 'mean', k: 1 })));
      expect.ok(from[0] >= box.x && from[1] >= box.y, 'the mean is on the plot');
      await page.mouse.move(from[0], from[1]);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.75, box.y + box.height * 0.3, { steps: 5 });
      await page.mouse.up();
      const dragged = (await state(page)).means[1];
      expect.notDeepEqual(dragged, [0, 100]);
      for (let i = 0; i < 5; i++) await page.evaluate(() => window.emviz.step());
      const before = await state(page);
      const link = await copyLink(page);
      expect.match(link, /start=/);
      const other = await fresh(context, link);
      expect.deepEqual(await state(other), before);
    },
  },
];

pageTests(import.meta, tests);
