// The page on a phone's screen (390 px wide in English, 360 in Korean) in the engine: held in a
// frame of that size (/__engines/frame.html: WebKit's window cannot be so narrow), with the point
// inspector open and every tab of the chapter opened in turn after six half-steps, the document is
// no wider than the screen. tests/e2e/phone.test.mjs checks the same in Chromium emulating a phone.
import { sidewaysInPage } from '../e2e/helpers.mjs';
import { poll, settle } from './helpers.mjs';
import { engineTests } from './engines.mjs';

/** `fn` run on the framed page's document (fn(doc, ...args)). */
const inFrame = (page, fn, ...args) => page.evaluate(`
  const frame = document.querySelector('iframe');
  return (${fn})(frame.contentDocument, ...${JSON.stringify(args)});`);

export const tests = [[390, 'en'], [360, 'ko']].map(([width, lang]) => ({
  name: `nothing scrolls sideways on a phone's screen ${width} px wide, every tab of the chapter opened (${lang})`,
  timeout: 120_000,
  fn: async ({ page, baseUrl, expect, log, shot }) => {
    await page.open(`${baseUrl}__engines/frame.html?width=${width}&height=844&src=${encodeURIComponent(`/?lang=${lang}`)}`);
    await poll(page, (w) => {
      const doc = document.querySelector('iframe').contentDocument;
      return doc && doc.documentElement.clientWidth === w && doc.defaultView.emviz && doc.defaultView.emviz.ready ? true : null;
    }, [width], 'the framed page', 45_000);
    await inFrame(page, async (doc) => {
      const { emviz } = doc.defaultView;
      await emviz.ready;
      for (let i = 0; i < 6; i++) await emviz.step();
      emviz.instance.choosePoint(39);
    });
    const wide = [];
    const check = async (what) => {
      // After the layout has settled (panels fill on the section's event).
      const s = await settle(page, `return (${sidewaysInPage})(document.querySelector('iframe').contentDocument);`, [], (v) => v.scrollWidth <= v.width, 2_000);
      log(what, JSON.stringify(s));
      expect.equal(s.width, width, 'the screen');
      if (s.scrollWidth > s.width) wide.push(`${what}: document ${s.scrollWidth} px wide on a ${s.width} px screen; ${s.over.join('; ') || '?'}`);
    };
    await check('the page, the inspector open');
    const sections = await inFrame(page, (doc) => [...doc.querySelectorAll('[role="tab"][data-section]')].map((t) => t.dataset.section));
    expect.ok(sections.length >= 7, `tabs: ${sections}`);
    for (const section of sections) {
      await inFrame(page, (doc, sec) => doc.querySelector(`[role="tab"][data-section="${sec}"]`).click(), section);
      await check(`section ${section}`);
    }
    // The framed page's own guard (WebKit's adapter reads the top page's only).
    expect.deepEqual(await inFrame(page, (doc) => doc.defaultView.__enginesGuard || []), []);
    await inFrame(page, (doc) => doc.querySelector('.teach-contents').scrollIntoView());
    await shot(`phone-${width}-${lang}`);
    expect.deepEqual(wide, []);
  },
}));

engineTests(import.meta, tests);
