// The single-file build (scripts/build-single.sh → dist-single/emviz.html) opened straight from disk
// (file://): everything (CSS, ES modules, wasm) is inside the one file, nothing is fetched, and the
// book's run reaches the book's answer. If the file is missing or older than the served dist/, it is
// made from that dist/ with scripts/inline.mjs first.
import { stat } from 'node:fs/promises';
import { singleFile, openFile } from './helpers.mjs';
import { pageTests } from './browser.mjs';

export const tests = [
  {
    name: 'dist-single/emviz.html runs the book\'s EM from file:// with nothing fetched',
    timeout: 90_000,
    fn: async (t) => {
      const { page, shot, expect } = t;
      const file = await singleFile();
      const size = (await stat(file)).size;
      expect.ok(size < 5 * 1024 * 1024, `single file is ${size} bytes`);
      const { url, requests } = await openFile(t, file);
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
