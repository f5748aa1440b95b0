// The single-file page (scripts/build-single.sh → dist-single/emviz.html; made from dist/ with
// scripts/inline.mjs first if it is missing or older than dist/'s wasm) opened from file://: it
// becomes ready and the book's run gives the same bits.
import { pathToFileURL } from 'node:url';
import { singleFile } from '../e2e/helpers.mjs';
import { openReady, checkBookRun } from './helpers.mjs';
import { engineTests } from './engines.mjs';

export const tests = [
  {
    name: 'dist-single/emviz.html from file:// runs the book\'s EM to the same bits',
    fn: async ({ page, expect, shot }) => {
      const file = await singleFile();
      await openReady(page, pathToFileURL(file).href);
      expect.equal(await page.evaluate(() => location.protocol), 'file:');
      await checkBookRun(page, expect);
      await shot('single-file');
    },
  },
];

engineTests(import.meta, tests);
