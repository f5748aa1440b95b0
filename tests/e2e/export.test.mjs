// Export and import: the model JSON and responsibilities CSV download (from blob: URLs, nothing off
// the origin), scikit-learn agrees with them (scripts/sklearn_check.py), the JSON imports back to
// the same state and EM continues from it; PNG and GIF downloads are valid images; print hides the
// controls.
import { mkdtemp, readFile, writeFile, access } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { ROOT, ready, state } from './helpers.mjs';
import { pageTests } from './browser.mjs';

const run = promisify(execFile);

/** Clicks a button and saves the download it starts; returns [path, bytes, url]. */
async function downloadVia(page, name, dir, timeout = 30_000) {
  const [dl] = await Promise.all([
    page.waitForEvent('download', { timeout }),
    page.getByRole('button', { name, exact: true }).click(),
  ]);
  const file = path.join(dir, dl.suggestedFilename());
  await dl.saveAs(file);
  return [file, await readFile(file), dl.url()];
}

/** The Python venv with scikit-learn (bench/setup_venv.sh creates it if missing). */
async function python() {
  const py = path.join(ROOT, '.venv', 'bin', 'python');
  const ok = await access(py).then(() => run(py, ['-c', 'import sklearn']).then(() => true)).catch(() => false);
  if (!ok) await run('bash', [path.join(ROOT, 'bench', 'setup_venv.sh')], { timeout: 600_000 });
  return py;
}

/** Frames of a GIF, by walking its blocks (magic, screen descriptor, extensions, images). */
function gifFrames(b) {
  let p = 13;
  if (b[10] & 0x80) p += 3 << ((b[10] & 7) + 1);
  let frames = 0;
  const skipBlocks = () => { while (b[p] !== 0) p += b[p] + 1; p += 1; };
  while (p < b.length) {
    const tag = b[p];
    if (tag === 0x3b) return { frames, complete: true };
    if (tag === 0x21) { p += 2; skipBlocks(); continue; }
    if (tag !== 0x2c) return { frames, complete: false };
    const packed = b[p + 9];
    p += 10;
    if (packed & 0x80) p += 3 << ((packed & 7) + 1);
    p += 1; // LZW minimum code size
    skipBlocks();
    frames += 1;
  }
  return { frames, complete: false };
}

const close = (a, b, what, expect) => expect.deepEqual(a, b, what);

export const tests = [
  {
    name: 'model JSON and responsibilities CSV agree with scikit-learn, and the JSON imports back to the same state',
    timeout: 600_000,
    fn: async (t) => {
      const { page, shot, expect, log } = t;
      await ready(t);
      const done = await page.evaluate(() => window.emviz.runToConvergence());
      expect.ok(done.converged);
      const dir = await mkdtemp(path.join(os.tmpdir(), 'emviz-export-'));
      const [modelFile, modelBytes, modelUrl] = await downloadVia(page, 'Model JSON', dir);
      const [respFile, respBytes] = await downloadVia(page, 'Responsibilities CSV', dir);
      expect.match(modelUrl, /^blob:/);
      expect.equal(path.basename(modelFile), 'emviz-model.json');
      const model = JSON.parse(modelBytes.toString('utf8'));
      expect.equal(model.covariance_type, 'full');
      expect.deepEqual(model.feature_names, ['eruptions', 'waiting']);
      expect.deepEqual([model.weights, model.means, model.covariances], [done.weights, done.means, done.covariances]);
      expect.equal(model.converged, true);
      expect.equal(model.n_iter, done.iteration);
      expect.equal(model.lower_bound, done.logLikelihood);
      const csv = respBytes.toString('utf8').trim().split('\n');
      expect.equal(csv[0], 'eruptions,waiting,q1,q2');
      expect.equal(csv.length, 273);

      const dataFile = path.join(dir, 'data.txt');
      await writeFile(dataFile, await page.getByLabel('Data', { exact: true }).inputValue());
      const py = await python();
      const out = await run(py, [path.join(ROOT, 'scripts', 'sklearn_check.py'), modelFile, respFile, dataFile])
        .catch((err) => { log(err.stdout, err.stderr); throw err; });
      log(out.stdout);
      expect.match(out.stdout, /max \|predict_proba - emviz\| = /);

      // Back to the start, then import: the exported state returns, ready to continue.
      await page.getByRole('button', { name: 'Reset' }).click();
      expect.notDeepEqual((await state(page)).weights, done.weights);
      const before = await state(page);
      await page.getByLabel('Import model JSON').setInputFiles(modelFile);
      // The file is read asynchronously: wait until the import has replaced the start.
      let back = await state(page);
      for (let i = 0; i < 200 && JSON.stringify(back.weights) === JSON.stringify(before.weights); i++) {
        await page.waitForTimeout(50);
        back = await state(page);
      }
      close([back.weights, back.means, back.covariances], [done.weights, done.means, done.covariances], 'imported parameters', expect);
      expect.equal(back.phase, 'start');
      expect.equal(back.iteration, 0);
      await page.getByText(/Imported a model with K = 2/).waitFor();
      await shot('export-panel');
      const again = await page.evaluate(() => window.emviz.runToConvergence());
      expect.ok(again.converged && again.iteration <= 2, `continued: ${again.iteration} iterations`);
    },
  },
  {
    name: 'a model of the wrong dimension is refused with a message and changes nothing',
    fn: async (t) => {
      const { page, expect } = t;
      await ready(t);
      const before = await state(page);
      await page.getByLabel('Import model JSON').setInputFiles({
        name: 'three-d.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify({ covariance_type: 'spherical', weights: [1], means: [[0, 0, 0]], covariances: [1] })),
      });
      const alert = page.locator('[data-panel="export"] [role="alert"]');
      await expect.doesNotReject(alert.filter({ hasText: /3 dimensions.*2 columns/ }).waitFor());
      expect.deepEqual(await state(page), before);
    },
  },
  {
    name: 'PNG and animated GIF downloads are valid images, and the run is left where it was',
    timeout: 120_000,
    fn: async (t) => {
      const { page, expect } = t;
      await ready(t);
      const dir = await mkdtemp(path.join(os.tmpdir(), 'emviz-export-'));
      const [, png] = await downloadVia(page, 'PNG image', dir);
      expect.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      const canvasWidth = await page.evaluate(() => document.querySelector('canvas[data-ref="scatter"]').width);
      expect.equal(png.readUInt32BE(16), canvasWidth);

      // From the start the GIF runs EM to the end first, then replays it.
      const [, gif] = await downloadVia(page, 'Animated GIF', dir, 90_000);
      const after = await state(page);
      expect.ok(after.done && after.cursor === after.historyLen - 1, 'the run is shown at its end');
      expect.equal(gif.subarray(0, 6).toString('latin1'), 'GIF89a');
      const width = gif.readUInt16LE(6);
      expect.ok(width > 0 && width <= 640, `width ${width}`);
      const { frames, complete } = gifFrames(gif);
      expect.ok(complete, 'the GIF ends with its trailer');
      expect.equal(frames, Math.min(after.historyLen, 60));
      expect.ok(frames > 1);
      // Chromium decodes it: same size, same number of frames.
      const decoded = await page.evaluate(async (bytes) => {
        const data = new Uint8Array(bytes);
        const img = new Image();
        img.src = URL.createObjectURL(new Blob([data], { type: 'image/gif' }));
        await img.decode();
        let count = null;
        if ('ImageDecoder' in window) {
          const dec = new ImageDecoder({ data, type: 'image/gif' });
          await dec.tracks.ready;
          count = dec.tracks.selectedTrack.frameCount;
        }
        return { w: img.naturalWidth, h: img.naturalHeight, count };
      }, [...gif]);
      expect.equal(decoded.w, width);
      expect.equal(decoded.h, gif.readUInt16LE(8));
      if (decoded.count !== null) expect.equal(decoded.count, frames);
    },
  },
  {
    name: 'print shows the picture and the component table without any controls',
    fn: async (t) => {
      const { page, shot, expect } = t;
      await ready(t);
      await page.evaluate(() => window.emviz.runToConvergence());
      await page.emulateMedia({ media: 'print' });
      const visibleButtons = await page.evaluate(() => [...document.querySelectorAll('button, input, select, textarea')]
        .filter((e) => e.checkVisibility()).map((e) => e.outerHTML.slice(0, 80)));
      expect.deepEqual(visibleButtons, []);
      expect.ok(await page.getByRole('table', { name: 'Components' }).isVisible());
      expect.ok(await page.getByRole('img', { name: 'Scatter plot' }).isVisible());
      await shot('export-print');
    },
  },
];

pageTests(import.meta, tests);
