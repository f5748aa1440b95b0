// Lecture notes that drive a figure, in the engine (see ../e2e/lecture.test.mjs for the whole of
// it in Chromium): lecture.html's steps, reached by scrolling, move its <em-gmm> to their states —
// forward by animating the half-steps, back at once through the history — in Firefox and WebKit.
import { poll } from './helpers.mjs';
import { engineTests } from './engines.mjs';

/** Scrolls lecture step i (0-based) to the reading line; waits until it is shown and settled. */
const reach = async (page, i) => {
  await page.evaluate((i) => {
    const el = document.querySelectorAll('article:not([hidden]) [data-emviz]')[i];
    scrollTo(0, el.getBoundingClientRect().top + scrollY - innerHeight * 0.5);
  }, i);
  return poll(page, (i) => {
    const f = document.querySelector('em-gmm');
    const p = f.instance.player;
    if (f.dataset.lectureStep !== String(i) || p.queued || p.pending) return null;
    const s = f.instance.session.state();
    return { cursor: s.cursor, phase: s.phase, lit: [...document.querySelectorAll('em-gmm .lecture-lit')].map((e) => e.dataset.phase) };
  }, [i], `lecture step ${i + 1}`);
};

export const tests = [
  {
    name: 'lecture.html: scrolling moves the figure to each step, and back',
    timeout: 90_000,
    fn: async ({ page, baseUrl, expect, shot }) => {
      await page.open(new URL('lecture.html', baseUrl).href);
      await poll(page, () => document.querySelector('em-gmm')?.instance?.lecture?.count === 10 || null, [], 'the lecture');
      expect.deepEqual(await reach(page, 5), { cursor: 1, phase: 'E', lit: ['E'] }, 'step 6: the first E-step');
      expect.deepEqual(await reach(page, 6), { cursor: 2, phase: 'M', lit: ['M'] }, 'step 7: the first M-step');
      expect.deepEqual(await reach(page, 7), { cursor: 3, phase: 'E', lit: [] }, 'step 8: the next E-step');
      await shot('lecture');
      expect.deepEqual(await reach(page, 5), { cursor: 1, phase: 'E', lit: ['E'] }, 'back to step 6');
    },
  },
];

engineTests(import.meta, tests);
