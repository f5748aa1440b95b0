// The page in the engine: it starts (wasm, the data, window.emviz.ready) without an error, and the
// book's run gives the very bits it gives in Chromium and natively.
import { openReady, checkBookRun, poll } from './helpers.mjs';
import { engineTests } from './engines.mjs';

export const tests = [
  {
    name: 'the page loads and becomes ready',
    fn: async ({ page, baseUrl, expect, log }) => {
      await openReady(page, baseUrl);
      const s = await page.evaluate(async () => {
        const st = await window.emviz.state();
        const canvas = document.querySelector('canvas[data-ref="scatter"]');
        return {
          n: st.n, k: st.k, iteration: st.iteration, lang: document.documentElement.lang,
          canvas: canvas ? [canvas.width, canvas.height] : null,
          status: document.querySelector('[data-ref="status"]').textContent,
          ua: navigator.userAgent, cores: navigator.hardwareConcurrency,
        };
      });
      log(JSON.stringify(s));
      expect.equal(s.n, 272, 'Old Faithful has 272 points');
      expect.equal(s.k, 2);
      expect.equal(s.iteration, 0);
      expect.ok(s.canvas && s.canvas[0] > 0 && s.canvas[1] > 0, `scatter canvas ${s.canvas}`);
      expect.ok(s.status.trim().length > 0, 'the status line says something');
    },
  },
  {
    name: 'the book\'s run gives the same bits (iteration 9, weights exactly)',
    fn: async ({ page, baseUrl, expect, shot }) => {
      await openReady(page, baseUrl);
      await checkBookRun(page, expect);
      // The components table shows the answer too.
      await poll(page, () => /0\.644/.test(document.querySelector('table[data-ref="components"]')?.textContent ?? ''), [],
        'the components table to show the weight 0.644');
      await shot('book');
    },
  },
];

engineTests(import.meta, tests);
