// What ships: dist/ holds the product only (the page and its lecture) (the test pages live in tests/e2e/fixtures/ and the test
// server serves them beside it), and loading the page draws no console warning about a preload or
// an `integrity` attribute (the runner's guard fails any test that sees one; here it is checked
// explicitly on a fresh load, in English and in Korean).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST } from './helpers.mjs';
import { pageTests } from './browser.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export const tests = [
  {
    name: 'dist/ holds no test page; the fixtures are served to the tests from tests/e2e/fixtures',
    fn: async ({ page, goto, expect }) => {
      const files = await readdir(DIST, { recursive: true });
      const html = files.filter((f) => f.endsWith('.html'));
      // The page and the lecture that ships with it (lecture.html, linked from the page's header).
      expect.deepEqual(html.sort(), ['index.html', 'lecture.html'], `HTML files in dist/: ${html.join(', ')}`);
      const fixtures = (await readdir(path.join(HERE, 'fixtures'))).sort();
      expect.deepEqual(fixtures, ['element-test.html', 'embed-test.html', 'lecture-test.html']);
      const res = await goto('embed-test.html');
      expect.equal(res.status(), 200);
      expect.match(await page.title(), /two embedded views/);
    },
  },
  ...['en', 'ko'].map((lang) => ({
    name: `no console warning about integrity or a preload on load (${lang})`,
    fn: async ({ page, goto, expect }) => {
      const warnings = [];
      page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
      await goto(`?lang=${lang}`);
      await page.evaluate(() => window.emviz.ready);
      await page.waitForTimeout(3500); // Chromium warns about an unused preload after ~3 s
      expect.deepEqual(warnings.filter((w) => /integrity|preload/i.test(w)), []);
      const links = await page.evaluate(() => [...document.querySelectorAll('link[rel="preload"], link[rel="modulepreload"]')].map((l) => l.outerHTML));
      expect.ok(links.length >= 1, 'the wasm is still preloaded');
      for (const l of links) expect.doesNotMatch(l, /integrity=/);
    },
  })),
];

pageTests(import.meta, tests);
