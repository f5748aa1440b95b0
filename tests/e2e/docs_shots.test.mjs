// The README's pictures of the chapter-5 panels, taken from the built page: with
// EMVIZ_DOCS_SHOTS=1 they are written to docs/ (docs/ch5-*.png); otherwise to the screenshots
// directory like any other test's. Each picture's panel must be visible and filled.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ready } from './helpers.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DOCS = path.resolve(HERE, '..', '..', 'docs');
const OUT = process.env.EMVIZ_DOCS_SHOTS === '1' ? DOCS : path.resolve(process.env.EMVIZ_E2E_SCREENSHOTS || path.join(HERE, 'screenshots'));


export const tests = [
  {
    name: 'pictures of the chapter-5 panels for the README',
    timeout: 90_000,
    fn: async (t) => {
      const { page, expect } = t;
      await page.setViewportSize({ width: 1280, height: 900 });
      await ready(t);
      // §5.2.1 and §5.2.2 on the book's run: contours on, point 40's q set by hand.
      for (let i = 0; i < 8; i++) await page.evaluate(() => window.emviz.step());
      await page.getByLabel('Density contours', { exact: true }).selectOption('both');
      const bound = page.locator('.teach-bound');
      await bound.getByLabel('Point', { exact: true }).fill('40');
      await bound.getByRole('button', { name: 'Inspect', exact: true }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
      await bound.getByLabel('q(z = 1)', { exact: true }).fill('0.8');
      await bound.getByLabel('q(z = 2)', { exact: true }).fill('0.2');
      await bound.getByLabel('q from the E-step of iteration', { exact: true }).fill('2');
      await page.waitForTimeout(300);
      await page.locator('.stage').screenshot({ path: path.join(OUT, 'ch5-latent-bound.png') });
      // §5.1.3 on the known mixture, from a far start.
      await page.getByRole('combobox', { name: 'Preset' }).selectOption('known-mixture');
      await page.getByLabel('Seed', { exact: true }).fill('4');
      await page.getByLabel('Seed', { exact: true }).dispatchEvent('change');
      for (let i = 0; i < 12; i++) await page.evaluate(() => window.emviz.iterate());
      const truth = page.locator('.teach-truth');
      expect.equal(await truth.getAttribute('data-known'), 'true');
      await page.waitForTimeout(300);
      await truth.screenshot({ path: path.join(OUT, 'ch5-truth.png') });
      // Principal components of four columns.
      const rows = ['a b c d'];
      for (let i = 0; i < 240; i++) {
        const g = i % 3;
        rows.push([g * 3 + Math.sin(i * 0.37) * 1.2, g * 1.5 + Math.cos(i * 0.71), Math.sin(i * 1.3) * 0.8 - g, g * 2 + Math.cos(i * 0.11) * 1.5].map((v) => v.toFixed(4)).join(' '));
      }
      await page.evaluate((txt) => window.emviz.load(txt), rows.join('\n'));
      await page.getByLabel('K', { exact: true }).selectOption('3');
      await page.evaluate(() => window.emviz.runToConvergence());
      const pca = page.locator('.teach-pca');
      await pca.waitFor();
      await page.waitForTimeout(300);
      await pca.screenshot({ path: path.join(OUT, 'ch5-pca.png') });
    },
  },
];
