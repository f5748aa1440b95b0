// The page on a phone: Chromium emulating one (isMobile, touch, 390×844, and 360 and 414 wide).
// A finger drags a starting mean (pointer events of type touch; the page does not scroll under
// it), and nothing scrolls sideways: with every tab of the chapter opened in turn, the document is
// no wider than the screen, and no numbered item clips its number. Screenshots phone-<width>-<lang>-page.png and, of the chapter with a
// section open, phone-<width>-<lang>-<section>.png, in CSS pixels. (WebKit at a phone's width:
// tests/engines/phone.test.mjs.)
import { ready, state, meanOnPage, sidewaysInPage } from './helpers.mjs';
import { pageTests } from './browser.mjs';

const phone = (width, height = 844) => ({ viewport: { width, height }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });

/** Drags with one finger from `from` to `to` (CSS pixels of the viewport) in a few moves. */
const touchDrag = async (page, from, to, steps = 6) => {
  const cdp = await page.context().newCDPSession(page);
  const at = (i) => [{ x: from[0] + ((to[0] - from[0]) * i) / steps, y: from[1] + ((to[1] - from[1]) * i) / steps }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
  for (let i = 1; i <= steps; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(i) });
    await page.waitForTimeout(30);
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
  await page.waitForTimeout(50);
};

export const tests = [
  {
    name: 'a finger drags a starting mean on a phone (390×844), the page does not scroll under it',
    contextOptions: phone(390),
    fn: async (t) => {
      const { page, expect, shot } = t;
      await ready(t);
      await page.evaluate(() => {
        window.pointerTypes = [];
        window.emviz.instance.canvas.addEventListener('pointerdown', (e) => window.pointerTypes.push(e.pointerType));
      });
      const canvas = page.locator('canvas[data-ref="scatter"]');
      await canvas.scrollIntoViewIfNeeded();
      const before = await state(page);
      const scrolled = await page.evaluate(() => [scrollX, scrollY]);
      const [x, y] = await meanOnPage(page, 0);
      const box = await canvas.boundingBox();
      const to = [Math.min(x + 80, box.x + box.width - 20), Math.max(y - 60, box.y + 20)];
      await touchDrag(page, [x, y], to);
      expect.deepEqual(await page.evaluate(() => window.pointerTypes), ['touch']);
      expect.deepEqual(await page.evaluate(() => [scrollX, scrollY]), scrolled, 'the page scrolled under the finger');
      const s = await state(page);
      expect.equal(s.n, before.n, 'the drag added no point');
      expect.equal(s.iteration, 0);
      const [nx, ny] = await meanOnPage(page, 0);
      expect.ok(Math.abs(nx - to[0]) < 1.5 && Math.abs(ny - to[1]) < 1.5, `mean drawn at ${nx}, ${ny}, lifted at ${to}`);
      await shot('phone-390-drag', { scale: 'css' });
    },
  },
  ...[[390, 'en'], [360, 'ko'], [414, 'ja']].map(([width, lang]) => ({
    name: `nothing scrolls sideways on a phone ${width} px wide, every tab of the chapter opened (${lang})`,
    contextOptions: phone(width),
    timeout: 90_000,
    fn: async (t) => {
      const { page, expect, shot, log } = t;
      await ready(t, `?lang=${lang}`);
      // A run under way, as a student sees it: the panels hold numbers.
      for (let i = 0; i < 6; i++) await page.evaluate(() => window.emviz.step());
      const wide = [];
      const check = async (what) => {
        const s = await page.evaluate(sidewaysInPage);
        log(what, JSON.stringify(s));
        if (s.scrollWidth > s.width) wide.push(`${what}: document ${s.scrollWidth} px wide on a ${s.width} px screen; ${s.over.join('; ') || '?'}`);
      };
      await check('the page');
      await shot(`phone-${width}-${lang}-page`, { scale: 'css' });
      // The point inspector over the plot (after an M-step: six columns, q(z) too) lies on the
      // screen, and shows all its columns or scrolls to them.
      await page.evaluate(() => window.emviz.instance.choosePoint(39));
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      const box = await dialog.evaluate((d) => ({ inside: d.scrollWidth, shown: d.clientWidth, right: d.getBoundingClientRect().right, scrolls: ['auto', 'scroll'].includes(getComputedStyle(d).overflowX) }));
      log('inspector', JSON.stringify(box));
      expect.ok(box.right <= width, `the inspector's right edge is at ${box.right}`);
      expect.ok(box.inside <= box.shown || box.scrolls, `the inspector is ${box.inside} px wide inside, ${box.shown} px shown, and does not scroll`);
      await shot(`phone-${width}-${lang}-inspector`, { of: page.locator('.canvas-wrap'), scale: 'css' });
      await dialog.getByRole('button').first().tap();
      const sections = await page.locator('[role="tab"][data-section]').evaluateAll((tabs) => tabs.map((b) => b.dataset.section));
      expect.ok(sections.length >= 7, `tabs: ${sections}`);
      for (const section of sections) {
        const tab = page.locator(`[role="tab"][data-section="${section}"]`);
        await tab.scrollIntoViewIfNeeded();
        await tab.tap();
        expect.equal(await tab.getAttribute('aria-selected'), 'true');
        await page.waitForTimeout(150);
        await check(`section ${section}`);
        // A numbered step keeps its number: its ::marker sits outside the item, so an item that
        // scrolled sideways (to hold a wide equation) would clip it; the list scrolls instead.
        const clipped = await page.evaluate(() => [...document.querySelectorAll('ol > li')]
          .filter((li) => li.checkVisibility() && getComputedStyle(li).listStylePosition === 'outside' && getComputedStyle(li).overflowX !== 'visible')
          .map((li) => li.textContent.trim().slice(0, 40)));
        if (clipped.length) wide.push(`section ${section}: numbered items that clip their number: ${clipped.join(' | ')}`);
        await shot(`phone-${width}-${lang}-${section}`, { of: page.locator('.teach-contents'), scale: 'css' });
      }
      expect.deepEqual(wide, []);
    },
  })),
];

pageTests(import.meta, tests);
