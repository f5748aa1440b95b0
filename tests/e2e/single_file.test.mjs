// The single-file build (scripts/build-single.sh → dist-single/emviz.html) opened straight from disk
// (file://): everything (CSS, ES modules, wasm) is inside the one file, nothing is fetched, and the
// book's run reaches the book's answer. If the file is missing or older than the served dist/, it is
// made from that dist/ with scripts/inline.mjs first.
import { stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { singleFile } from './helpers.mjs';
import { pageTests } from './browser.mjs';

export const tests = [
  {
    name: 'dist-single/emviz.html runs the book\'s EM from file:// with nothing fetched',
    timeout: 90_000,
    fn: async ({ page, shot, expect, allow }) => {
      const file = await singleFile();
      const size = (await stat(file)).size;
      expect.ok(size < 5 * 1024 * 1024, `single file is ${size} bytes`);
      // The harness aborts every request not to its server; this page's own file is the exception
      // (a page route takes precedence over the harness's context route).
      allow('request', /^file:/);
      await page.route((u) => u.protocol === 'file:' && u.pathname === pathToFileURL(file).pathname, (route) => route.continue());
      const requests = [];
      page.on('request', (r) => requests.push(r.url()));
      const url = pathToFileURL(file).href;
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForFunction(() => window.emviz && window.emviz.ready);
      await page.evaluate(() => window.emviz.ready);
      const s = await page.evaluate(() => window.emviz.runToConvergence());
      expect.ok(s.converged, 'converged');
      expect.ok(Math.abs(s.weights[0] - 0.356) < 1e-3 && Math.abs(s.weights[1] - 0.644) < 1e-3, `weights ${s.weights}`);
      expect.ok(Math.abs(s.means[1][1] - 79.97) < 0.01, `means ${s.means}`);
      await page.getByRole('table', { name: 'Components' }).getByText('0.644').waitFor();
      // Only the page itself, blob: modules and data: URLs: no other file, nothing off the machine.
      const others = requests.filter((u) => u !== url && !/^(blob|data):/.test(u));
      expect.deepEqual(others, []);
      await shot('single-file');
    },
  },
];

pageTests(import.meta, tests);
