// <em-gmm> on another site: a page of the second test origin loads
// http://127.0.0.1:<dist port>/js/element.js as a module and holds <em-gmm preset="old-faithful">;
// the element becomes ready (its wasm from the first origin) and its book's run gives the same bits.
import { poll, checkBookRun } from './helpers.mjs';
import { engineTests } from './engines.mjs';

export const tests = [
  {
    name: '<em-gmm> in a cross-origin page becomes ready and runs the book\'s EM',
    fn: async ({ page, baseUrl, otherUrl, expect, shot }) => {
      await page.open(new URL('element.html', otherUrl).href);
      expect.notEqual(new URL(otherUrl).origin, new URL(baseUrl).origin);
      await poll(page, () => {
        const el = document.querySelector('em-gmm');
        return el && customElements.get('em-gmm') && el.ready ? true : null;
      }, [], 'the <em-gmm> element to be defined');
      const info = await page.evaluate(async () => {
        const el = document.querySelector('em-gmm');
        await el.ready;
        const s = el.state();
        return { n: s.n, k: s.k, origin: location.origin, text: el.textContent.length };
      });
      expect.equal(info.n, 272);
      expect.ok(info.text > 0, 'the element shows something');
      await checkBookRun(page, expect, "document.querySelector('em-gmm')");
      await shot('element');
    },
  },
];

engineTests(import.meta, tests);
