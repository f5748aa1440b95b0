// Presenter mode in the engine (see ../e2e/present.test.mjs for the whole of it in Chromium):
// presenter mode fills the engine's window (1280×800; Chromium's test is at 1280×720); the status is ≥ 28 px and every word Rust draws on the
// plot ≥ 18 CSS px; keys (sent as keydown events: the adapters have no keyboard) step half-steps,
// go back, blank the screen; Escape leaves and the page's classes, canvas sizes and plot are back.
import { openReady, poll } from './helpers.mjs';
import { engineTests } from './engines.mjs';

/** Sends one key to the page as the keyboard would. */
const press = (page, key) => page.evaluate((k) => {
  document.activeElement.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
}, key);

/** What leaving must give back. */
const snapshot = (page) => page.evaluate(async () => {
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const inst = window.emviz.instance;
  inst.session.render(inst.canvas, 1, false);
  return {
    classes: [document.documentElement, ...document.querySelectorAll('#app, #app *')].map((e) => e.getAttribute('class') || '').join('|'),
    canvas: [inst.canvas.width, inst.canvas.height],
    pixels: inst.canvas.toDataURL(),
  };
});

export const tests = [
  {
    name: 'presenter mode: large type, keys, and leaving restores the page',
    timeout: 90_000,
    fn: async ({ page, baseUrl, expect, log, shot }) => {
      await openReady(page, baseUrl);
      const before = await snapshot(page);
      await page.evaluate(() => window.emviz.instance.presenter.enter());
      const sizes = await poll(page, () => {
        const inst = window.emviz.instance;
        if (inst.canvas.clientHeight < 400) return null;
        const proto = CanvasRenderingContext2D.prototype;
        const fill = proto.fillText;
        const px = [];
        proto.fillText = function (...args) {
          if (this.canvas === inst.canvas) px.push(parseFloat(/(\d+(?:\.\d+)?)px/.exec(this.font)[1]) / window.devicePixelRatio);
          return fill.apply(this, args);
        };
        try { inst.session.render(inst.canvas, 1, false); } finally { proto.fillText = fill; }
        return { status: parseFloat(getComputedStyle(inst.ref('status')).fontSize), words: px.length, smallest: Math.min(...px), plot: [inst.canvas.clientWidth, inst.canvas.clientHeight] };
      }, [], 'the plot to fill the window');
      log(JSON.stringify(sizes));
      expect.ok(sizes.status >= 28, `status ${sizes.status}px`);
      expect.ok(sizes.words >= 6 && sizes.smallest >= 18, `axis labels ${sizes.smallest}px`);
      expect.ok(sizes.plot[0] > 1200, `plot ${sizes.plot}`);
      await shot('present');

      await press(page, 'ArrowRight');
      await poll(page, () => window.emviz.instance.session.state().phase === 'E', [], 'the E-step');
      await press(page, 'ArrowRight');
      await poll(page, () => window.emviz.instance.session.state().phase === 'M', [], 'the M-step');
      await press(page, 'ArrowLeft');
      const s = await page.evaluate(() => window.emviz.instance.session.state());
      expect.deepEqual([s.cursor, s.phase], [1, 'E']);
      await press(page, '.');
      expect.equal(await page.evaluate(() => getComputedStyle(window.emviz.instance.canvas).visibility), 'hidden');
      await press(page, '.');
      // Back to the start of the run, so that the plot can be compared with the one before.
      await press(page, 'ArrowLeft');
      await press(page, 'Escape');
      expect.equal(await page.evaluate(() => window.emviz.instance.presenter.presenting()), false);
      expect.deepEqual(await snapshot(page), before);
    },
  },
];

engineTests(import.meta, tests);
