// Smoke tests: the page loads, wasm initialises with the default data, the main controls exist, and
// nothing errors (the harness fails a test on any console error, page error, failed or off-origin request).
import { pageTests } from './browser.mjs';

export const tests = [
  {
    name: 'page loads and becomes ready with the default data',
    fn: async ({ page, goto, shot, expect }) => {
      const res = await goto();
      expect.equal(res.status(), 200);

      // window.emviz.ready resolves once wasm is initialised and Old Faithful (K = 2) is loaded.
      await page.waitForFunction(() => typeof window.emviz === 'object' && window.emviz !== null);
      await page.evaluate(() => window.emviz.ready);

      const state = await page.evaluate(() => window.emviz.state());
      expect.equal(state.k, 2, 'default K');
      expect.equal(state.d, 2, 'Old Faithful is two-dimensional');
      expect.equal(state.n, 272, 'Old Faithful has 272 eruptions');

      const status = page.getByRole('status');
      await status.first().waitFor();
      const statusText = (await status.first().innerText()).trim();
      expect.ok(statusText.length > 0, 'the status element shows text');

      await page.getByRole('button', { name: 'Play' }).waitFor();
      await page.getByRole('img', { name: 'Scatter plot' }).or(page.getByLabel('Scatter plot')).first().waitFor();

      await shot('01-default');
    },
  },
  {
    name: 'main controls are present and labelled',
    fn: async ({ page, goto, expect }) => {
      await goto();
      await page.waitForFunction(() => window.emviz && window.emviz.ready);
      await page.evaluate(() => window.emviz.ready);

      for (const name of ['Play', 'Step', 'Reset', 'New start', 'Fit']) {
        await page.getByRole('button', { name, exact: true }).waitFor();
      }
      for (const label of ['Data', 'K', 'Covariance', 'Initialisation', 'Seed', 'Tolerance', 'Max iterations', 'reg_covar', 'Speed']) {
        const n = await page.getByLabel(label, { exact: true }).count();
        expect.ok(n >= 1, `a control labelled "${label}"`);
      }
      await page.getByRole('table', { name: 'Components' }).waitFor();
    },
  },
  {
    name: 'a browser without WebAssembly SIMD gets a clear message instead of a blank page',
    fn: async ({ page, goto, expect }) => {
      // Pretend the SIMD probe fails (this Chromium has SIMD, so the rest of the page is real).
      await page.addInitScript(() => {
        const validate = WebAssembly.validate;
        WebAssembly.validate = (bytes) => (bytes.length < 64 ? false : validate(bytes));
      });
      await goto();
      const alert = page.locator('#fatal');
      await alert.waitFor();
      expect.match(await alert.innerText(), /WebAssembly SIMD.*Safari 16\.4/);
    },
  },
];

pageTests(import.meta, tests);
