// Smoke tests: the page loads, wasm initialises with the default data, the main controls exist, and
// nothing errors (the harness fails a test on any console error, page error, failed or off-origin request).
import { pathToFileURL } from 'node:url';
import { singleFile } from './helpers.mjs';
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
  {
    name: 'a browser without WebAssembly (Safari\'s Lockdown Mode) is told so and shown the still picture, in en, ko and ja, the single file too',
    fn: async ({ page, goto, expect, allow, shot }) => {
      await page.addInitScript(() => { delete globalThis.WebAssembly; });
      // Trunk's loader in index.html fails on its own ("WebAssembly is not defined", its fetch of
      // the wasm left unread); the page's words are what this is about. (The single file has its
      // own loader, which does not fail.)
      allow('pageerror', /^uncaught page error: ReferenceError: WebAssembly is not defined/);
      allow('request', /^request failed: GET \S+\/emviz-wasm_bg\.wasm \(net::ERR_ABORTED\)$/);
      const words = {
        en: /emviz could not start: this browser runs no WebAssembly, which emviz needs\. .*Safari’s Lockdown Mode/,
        ko: /emviz를 시작하지 못했습니다: 이 브라우저는 emviz에 필요한 WebAssembly를 실행하지 않습니다\. .*Safari의 차단 모드/,
        ja: /emvizを起動できませんでした: このブラウザは emviz に必要な WebAssembly を実行しません。.*Safari のロックダウンモード/,
      };
      const check = async (lang) => {
        const alert = page.getByRole('alert');
        await alert.waitFor();
        expect.match(await alert.innerText(), words[lang]);
        // The book's run as a picture and in words instead of controls that cannot work.
        expect.ok(await page.getByRole('img', { name: /Old Faithful eruptions/ }).evaluate((img) => img.complete && img.naturalWidth > 0), 'the still picture shows');
        await page.getByText('mixing weights 0.356 and 0.644').waitFor();
        expect.equal(await page.getByRole('button', { name: 'Play' }).count(), 0, 'no dead controls');
      };
      for (const lang of ['en', 'ko', 'ja']) {
        await goto(`?lang=${lang}`);
        await check(lang);
        await shot(`no-wasm-${lang}`);
      }
      const file = pathToFileURL(await singleFile());
      allow('request', /^file:/);
      await page.route((u) => u.protocol === 'file:' && u.pathname === file.pathname, (route) => route.continue());
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${file.href}?lang=ko`, { waitUntil: 'load' });
      await check('ko');
      expect.deepEqual(errors, [], 'the single file starts without an error');
    },
  },
];

pageTests(import.meta, tests);
