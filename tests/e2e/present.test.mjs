// Presenter mode (features/present.js, emviz_app::present): `?present` and the Present button fill
// a 1280×720 window with the plot and the status; the type is large (status ≥ 28 px; the axis
// labels ≥ 18 CSS px, measured from the fonts Rust's drawing really used); the keyboard drives it
// (→ ← half-steps, digits, `.` blanks, Escape leaves); the inspected point is drawn as a laser
// pointer; leaving restores the page exactly (classes, canvas sizes, scroll, focus, the plot's
// pixels); axe-core finds no WCAG 2.1 AA violation while presenting; a lecture's steps take the
// digits; Korean words; a bad `present=` value is a message; an <em-gmm> element presents alone.

import { readFileSync } from 'node:fs';
import { whenReady, state, until } from './helpers.mjs';
import { pageTests } from './browser.mjs';

const AXE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

const PROJECTOR = { viewport: { width: 1280, height: 720 } };

/** The fonts (CSS px) of every word Rust writes on the plot during one full redraw. */
const plotFonts = (page) => page.evaluate(() => {
  const canvas = window.emviz.instance.canvas;
  const proto = CanvasRenderingContext2D.prototype;
  const fill = proto.fillText;
  const seen = [];
  proto.fillText = function (text, ...rest) {
    if (this.canvas === canvas) seen.push({ text: String(text), px: parseFloat(/(\d+(?:\.\d+)?)px/.exec(this.font)[1]) / window.devicePixelRatio });
    return fill.call(this, text, ...rest);
  };
  try { window.emviz.instance.session.render(canvas, 1, false); } finally { proto.fillText = fill; }
  return seen;
});

/** Everything leaving presenter mode must give back, and the plot's pixels. */
const snapshot = (page) => page.evaluate(async () => {
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const inst = window.emviz.instance;
  inst.session.render(inst.canvas, 1, false);
  const canvases = [...document.querySelectorAll('canvas')].filter((c) => c.width > 0).map((c) => `${c.dataset.ref || c.className}:${c.width}×${c.height}`);
  const classes = [document.documentElement, document.body, ...document.querySelectorAll('#app, #app *')].map((e) => e.getAttribute('class') || '').join('|');
  const hidden = [...document.querySelectorAll('#app *')].filter((e) => !e.checkVisibility()).length;
  return { canvases, classes, hidden, scroll: [window.scrollX, window.scrollY], focus: document.activeElement?.outerHTML.slice(0, 80), pixels: inst.canvas.toDataURL(), font: getComputedStyle(inst.ref('status')).fontSize };
});

const presenting = (page) => page.evaluate(() => window.emviz.instance.presenter.presenting());

export const tests = [
  {
    name: '?present fills a 1280×720 window in large type; the keyboard drives it',
    contextOptions: PROJECTOR,
    timeout: 90_000,
    fn: async ({ page, goto, expect, log }) => {
      await goto('?present');
      await whenReady(page);
      expect.equal(await presenting(page), true);
      const canvas = page.getByRole('img', { name: 'Scatter plot' });
      const box = await canvas.boundingBox();
      log(`plot ${box.width}×${box.height}`);
      expect.ok(box.width > 1200 && box.height > 500, `the plot fills the window: ${box.width}×${box.height}`);
      for (const name of ['Play', 'Step', 'Copy link']) expect.equal(await page.getByRole('button', { name, exact: true }).isVisible(), false, name);
      const status = page.locator('#status');
      expect.ok(await status.isVisible());
      expect.equal(await status.getAttribute('aria-live'), 'polite');
      const statusPx = parseFloat(await status.evaluate((el) => getComputedStyle(el).fontSize));
      expect.ok(statusPx >= 28, `status ${statusPx}px`);
      const fonts = await plotFonts(page);
      const smallest = Math.min(...fonts.map((f) => f.px));
      log(`plot words ${fonts.length}, smallest ${smallest}px`);
      expect.ok(fonts.length >= 6 && smallest >= 18, `axis labels ${smallest}px`);
      expect.ok(fonts.some((f) => f.text === 'eruptions'), 'the axis title is among them');
      // The key help, and the way out.
      expect.match(await page.locator('.present-keys').textContent(), /1–9 end of iteration n/);
      expect.ok(await page.getByRole('button', { name: 'Leave presenter mode (Esc)' }).isVisible());

      // → twice: the E-step, then the M-step (animated, one half-step each); ← one back.
      expect.equal((await state(page)).phase, 'start');
      await page.keyboard.press('ArrowRight');
      await until(page, (s) => s.phase === 'E' && s.iteration === 0 && s.historyLen === 2, 'the first E-step');
      await page.keyboard.press('ArrowRight');
      let s = await until(page, (s) => s.phase === 'M' && s.iteration === 1, 'the first M-step');
      expect.equal(s.cursor, 2);
      await page.keyboard.press('ArrowLeft');
      s = await until(page, (s) => s.cursor === 1, 'one half-step back');
      expect.deepEqual([s.phase, s.historyLen], ['E', 3]);
      // → while back in the history moves forward in it (no new step).
      await page.keyboard.press('ArrowRight');
      s = await until(page, (s) => s.cursor === 2, 'forward in the history');
      expect.equal(s.historyLen, 3);
      // 3: the end of iteration 3; then 2 goes back to the end of iteration 2.
      await page.keyboard.press('3');
      s = await until(page, (s) => s.iteration === 3 && s.phase === 'M', 'iteration 3');
      expect.equal(s.cursor, 6);
      await page.keyboard.press('2');
      s = await until(page, (s) => s.cursor === 4, 'back to iteration 2');
      expect.deepEqual([s.iteration, s.phase], [2, 'M']);
      expect.match(await status.textContent(), /Iteration 2/);

      // `.` blanks the screen black, and shows it again.
      await page.keyboard.press('.');
      expect.equal(await page.locator('#scatter').evaluate((c) => getComputedStyle(c).visibility), 'hidden');
      expect.equal(await page.locator('.stage').evaluate((e) => getComputedStyle(e).backgroundColor), 'rgb(0, 0, 0)');
      expect.equal(await status.evaluate((e) => getComputedStyle(e).visibility), 'hidden');
      await page.keyboard.press('.');
      expect.equal(await canvas.evaluate((c) => getComputedStyle(c).visibility), 'visible');

      // The inspected point is a laser pointer: Rust paints it red on the plot (↓ moves it on).
      await page.evaluate(() => window.emviz.instance.inspectPoint(40));
      const red = () => page.evaluate(async () => {
        const inst = window.emviz.instance;
        inst.session.render(inst.canvas, 1, false);
        const i = inst.inspectedPoint();
        const [x, y] = inst.session.position_of(inst.canvas, { kind: 'point', index: i });
        return { i, rgb: [...inst.canvas.getContext('2d').getImageData(Math.round(x), Math.round(y), 1, 1).data].slice(0, 3) };
      });
      expect.deepEqual(await red(), { i: 40, rgb: [0xe6, 0x00, 0x1e] });
      await page.keyboard.press('ArrowDown');
      expect.deepEqual(await red(), { i: 41, rgb: [0xe6, 0x00, 0x1e] });
      // What presenter mode shows passes axe-core's WCAG 2.1 AA rules.
      await page.addScriptTag({ content: AXE });
      const found = await page.evaluate(async () => (await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] }))
        .violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(', ')}`));
      expect.deepEqual(found, []);

      // Escape leaves: the page's own type and plot again.
      await page.keyboard.press('Escape');
      expect.equal(await presenting(page), false);
      expect.ok(await page.getByRole('button', { name: 'Step', exact: true }).isVisible());
      const after = await plotFonts(page);
      expect.equal(Math.min(...after.map((f) => f.px)), 12, 'the page\'s tick labels');
    },
  },
  {
    name: 'the Present button enters; leaving restores the page exactly',
    contextOptions: PROJECTOR,
    timeout: 90_000,
    fn: async ({ page, goto, expect }) => {
      await goto('');
      await whenReady(page);
      await page.evaluate(() => window.emviz.iterate());
      const present = page.getByRole('button', { name: 'Present', exact: true });
      await present.scrollIntoViewIfNeeded();
      await page.evaluate(() => window.scrollBy(0, 37));
      await present.focus();
      const before = await snapshot(page);
      expect.ok(before.scroll[1] > 0, `scrolled ${before.scroll}`);
      await present.click();
      expect.equal(await presenting(page), true);
      const during = await snapshot(page);
      expect.notEqual(during.pixels, before.pixels, 'presenter mode draws the plot its own way');
      expect.notDeepEqual(during.canvases, before.canvases);
      expect.equal(await page.evaluate(() => document.activeElement.className), 'present-exit');
      await page.keyboard.press('.');
      await page.keyboard.press('.');
      await page.getByRole('button', { name: 'Leave presenter mode (Esc)' }).click();
      const after = await snapshot(page);
      expect.deepEqual(after, before);
      // Again, by Escape.
      await present.click();
      await page.keyboard.press('Escape');
      expect.deepEqual(await snapshot(page), before);
    },
  },
  {
    name: 'in Korean; a lecture takes the digits; a bad present= value is a message',
    contextOptions: PROJECTOR,
    fn: async ({ page, goto, expect }) => {
      await goto('?present&lang=ko');
      await whenReady(page);
      expect.equal(await presenting(page), true);
      expect.match(await page.locator('.present-keys').textContent(), /반 단계 앞으로 .* n번째 반복의 끝/);
      expect.ok(await page.getByRole('button', { name: '발표 모드 나가기 (Escape)' }).isVisible());
      expect.ok(parseFloat(await page.locator('#status').evaluate((el) => getComputedStyle(el).fontSize)) >= 28);
      // A figure driven by a lecture (lecture.js sets instance.lecture): the digits are its steps.
      await page.evaluate(() => {
        const inst = window.emviz.instance;
        window.wentTo = [];
        inst.lecture = { count: 4, current: 0, go: (i) => window.wentTo.push(i) };
        inst.presenter.leave();
        inst.presenter.enter();
      });
      expect.match(await page.locator('.present-keys').textContent(), /강의의 n번째 단계/);
      await page.keyboard.press('3');
      await page.keyboard.press('1');
      expect.deepEqual(await page.evaluate(() => window.wentTo), [2, 0]);
      expect.equal((await state(page)).iteration, 0, 'the digits did not run EM');
      await page.keyboard.press('Escape');

      await goto('about:blank');
      await goto('#present=maybe');
      await whenReady(page);
      expect.equal(await presenting(page), false);
      expect.match(await page.locator('.link-error').textContent(), /present/);
    },
  },
  {
    name: 'an <em-gmm> element presents itself, and only itself',
    contextOptions: PROJECTOR,
    fn: async ({ page, goto, expect }) => {
      await goto('element-test.html');
      await page.evaluate(async () => {
        await customElements.whenDefined('em-gmm');
        await Promise.all([...document.querySelectorAll('em-gmm')].map((el) => el.ready));
      });
      const second = page.locator('#second');
      const present = second.getByRole('button', { name: 'Present', exact: true });
      await present.scrollIntoViewIfNeeded();
      const before = await second.evaluate((el) => ({ classes: el.className, canvas: [el.instance.canvas.width, el.instance.canvas.height], scroll: window.scrollY }));
      await present.click();
      const box = await second.getByRole('img', { name: 'Scatter plot' }).boundingBox();
      expect.ok(box.width > 1200 && box.height > 450, `the element's plot fills the window: ${box.width}×${box.height}`);
      expect.equal(await page.locator('#first').getByRole('img', { name: 'Scatter plot' }).isVisible(), false, 'the other element is out of sight');
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => document.getElementById('second').state().phase === 'E');
      expect.equal(await page.evaluate(() => document.getElementById('first').state().phase), 'start', 'the other element did not move');
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('Escape');
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const after = await second.evaluate((el) => ({ classes: el.className, canvas: [el.instance.canvas.width, el.instance.canvas.height], scroll: window.scrollY }));
      expect.deepEqual(after, before);
      expect.equal(await page.evaluate(() => document.getElementById('second').state().cursor), 0);
    },
  },
];

pageTests(import.meta, tests);
