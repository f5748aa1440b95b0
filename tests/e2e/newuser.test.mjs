// What a new user tripped on: chart ticks (distinct, readable, never under the axis title, at device
// pixel ratios 1 and 2), the units of every log-likelihood shown (mean per point vs sum over N
// points), the keyboard's way to move a starting mean, and the inspector and mean dragging in the
// 1-D view. Each in English and Korean.
import { ready, state } from './helpers.mjs';
import { pageTests } from './browser.mjs';


/** Sets the device pixel ratio of the page (Chrome DevTools protocol) and redraws. */
async function setRatio(context, page, ratio) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 800, deviceScaleFactor: ratio, mobile: false });
  await page.waitForFunction((r) => window.devicePixelRatio === r, ratio);
  await page.evaluate(() => window.emviz.instance.resize());
}

/** Draws a chart again and reads its y axis: the layout Rust used, and which pixel columns of the
 *  label area hold ink (the title on the left, the labels on the right, a gap between). */
const readAxis = (page, which) => page.evaluate((which) => {
  const inst = window.emviz.instance;
  const canvas = which === 'll' ? inst.ref('chart') : inst.root.querySelector('.teach-elbo canvas');
  // The page draws the chart again (with its titles in the page's language) and keeps the layout.
  if (which === 'll') inst.drawChart(); else inst.refresh();
  const layout = which === 'll' ? inst.chartAxis : canvas.yAxis;
  const ctx = canvas.getContext('2d');
  const margin = Math.round(8 * layout.ratio);
  // From the canvas's left edge (its margin) to the end of the label area.
  const w = margin + layout.area;
  const { data } = ctx.getImageData(0, 0, w, canvas.height - Math.round(44 * layout.ratio));
  const h = canvas.height - Math.round(44 * layout.ratio);
  const ink = [];
  for (let x = 0; x < w; x++) {
    let dark = false;
    for (let y = 0; y < h && !dark; y++) {
      const i = (y * w + x) * 4;
      if (data[i] + data[i + 1] + data[i + 2] < 3 * 160) dark = true;
    }
    ink.push(dark);
  }
  // Runs of inked columns.
  const runs = [];
  ink.forEach((d, x) => { if (d && (x === 0 || !ink[x - 1])) runs.push([x, x]); if (d) runs[runs.length - 1][1] = x; });
  return { layout, runs, width: w, canvasWidth: canvas.width };
}, which);

function checkAxis(expect, axis, what) {
  const { layout, runs } = axis;
  const labels = layout.labels;
  expect.ok(labels.length >= 3, `${what}: at least three y labels (${labels})`);
  expect.equal(new Set(labels).size, labels.length, `${what}: distinct y labels ${labels}`);
  for (const l of labels) expect.match(l, /^−?\d+(\.\d+)?$/, `${what}: label ${l} (a real minus sign)`);
  expect.ok(layout.area >= layout.widest + layout.font, `${what}: label area ${layout.area} holds the widest label ${layout.widest} and the title (${layout.font})`);
  // On the canvas: the rotated title's ink, then a gap of blank columns, then the labels' ink.
  expect.ok(runs.length >= 2, `${what}: title and labels are separate (${JSON.stringify(runs)})`);
  const gap = runs[1][0] - runs[0][1] - 1;
  expect.ok(gap >= 2 * layout.ratio, `${what}: ${gap} blank columns between the axis title and the labels (${JSON.stringify(runs)})`);
  expect.ok(runs[0][0] > 0, `${what}: the title is not cut at the canvas's left edge`);
}

export const tests = [
  ...['en', 'ko'].map((lang) => ({
    name: `chart y labels are distinct and never under the axis title, DPR 1 and 2 (${lang})`,
    timeout: 120_000,
    fn: async (t) => {
      const { page, context, expect, shot } = t;
      await ready(t, `?lang=${lang}`);
      for (const ratio of [1, 2]) {
        await setRatio(context, page, ratio);
        // The 1-D preset run to convergence: the log-likelihood barely moves at the end.
        await page.getByRole('combobox', { name: lang === 'ko' ? '예제 데이터' : 'Preset' }).selectOption('one-d');
        await page.evaluate(() => window.emviz.runToConvergence());
        const ll = await readAxis(page, 'll');
        expect.equal(ll.layout.ratio, ratio);
        checkAxis(expect, ll, `log-likelihood chart, 1-D preset, DPR ${ratio}`);
        // The ELBO chart: sums over all points (four- and five-digit labels) after a few half-steps.
        await page.getByRole('combobox', { name: lang === 'ko' ? '예제 데이터' : 'Preset' }).selectOption('old-faithful');
        for (let i = 0; i < 5; i++) await page.evaluate(() => window.emviz.step());
        const elbo = await readAxis(page, 'elbo');
        checkAxis(expect, elbo, `ELBO chart, DPR ${ratio}`);
        const ll2 = await readAxis(page, 'll');
        checkAxis(expect, ll2, `log-likelihood chart, Old Faithful, DPR ${ratio}`);
        await shot(`newuser-charts-${lang}-dpr${ratio}`);
      }
    },
  })),
  ...['en', 'ko'].map((lang) => ({
    name: `units: the status line says mean per point, the ELBO panel sum over N points (${lang})`,
    fn: async (t) => {
      const { page, expect } = t;
      await ready(t, `?lang=${lang}`);
      for (let i = 0; i < 3; i++) await page.evaluate(() => window.emviz.step());
      const s = await state(page);
      const status = await page.locator('#status').innerText();
      expect.match(status, lang === 'ko' ? /로그 가능도 −?[\d.]+ \(점당 평균\)/ : /log-likelihood −?[\d.]+ \(mean per point\)/);
      const unit = await page.getByTestId('elbo-unit').innerText();
      const mean = s.logLikelihood.toFixed(3).replace('-', '−');
      if (lang === 'ko') expect.match(unit, /모든 점 N = 272개에 대한 합/);
      else expect.match(unit, /Sums over all N = 272 points/);
      expect.ok(unit.includes(mean.slice(0, 6)), `${unit} shows the mean ${mean}`);
      // The ELBO panel's log p(x) is the sum: N times the status line's mean.
      const logp = Number(await page.getByTestId('elbo-logp').getAttribute('data-value'));
      expect.ok(Math.abs(logp - 272 * s.logLikelihood) < 1e-9 * Math.abs(logp), `${logp} = 272 × ${s.logLikelihood}`);
      const heading = await page.locator('#ll-title').innerText();
      expect.equal(heading, lang === 'ko' ? '로그 가능도 (점당 평균)' : 'Log-likelihood (mean per point)');
    },
  })),
  ...['en', 'ko'].map((lang) => ({
    name: `the keyboard moves a starting mean, in 2-D and in 1-D (${lang})`,
    fn: async (t) => {
      const { page, expect } = t;
      await ready(t, `?lang=${lang}`);
      const canvas = page.getByRole('img', { name: lang === 'ko' ? '산점도' : 'Scatter plot' });
      const before = await page.evaluate(() => window.emviz.instance.session.state().startMeans);
      await canvas.focus();
      await page.keyboard.press('2');
      expect.match(await page.getByTestId('drag-live').innerText(), lang === 'ko' ? /2번 평균을 골랐습니다/ : /Mean 2 picked/);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Shift+ArrowUp');
      const after = await page.evaluate(() => window.emviz.instance.session.state().startMeans);
      const s = await state(page);
      expect.equal(s.iteration, 0, 'the arrow did not step EM: the run restarted from the moved start');
      expect.deepEqual(after[0], before[0], 'mean 1 did not move');
      expect.ok(after[1][0] > before[1][0], `x grew: ${before[1]} → ${after[1]}`);
      expect.ok(after[1][1] > before[1][1], `y grew (up): ${before[1]} → ${after[1]}`);
      expect.deepEqual(s.means[1], after[1], 'the run starts from the moved mean');
      expect.match(await page.getByTestId('drag-live').innerText(), lang === 'ko' ? /2번 평균의 시작점을/ : /Start of mean 2 moved to/);
      await page.keyboard.press('Escape');
      await page.keyboard.press('ArrowRight'); // now a Step again
      await page.waitForFunction(() => window.emviz.instance.session.state().iteration === 1);
      // 1-D.
      await page.getByRole('combobox', { name: lang === 'ko' ? '예제 데이터' : 'Preset' }).selectOption('one-d');
      const b1 = await page.evaluate(() => window.emviz.instance.session.state().startMeans);
      await canvas.focus();
      await page.keyboard.press('1');
      await page.keyboard.press('Shift+ArrowLeft');
      const a1 = await page.evaluate(() => window.emviz.instance.session.state().startMeans);
      expect.ok(a1[0][0] < b1[0][0], `1-D mean 1 moved left: ${b1[0]} → ${a1[0]}`);
      expect.deepEqual(a1[1], b1[1]);
    },
  })),
  ...['en', 'ko'].map((lang) => ({
    name: `1-D view: clicking the rug inspects a point, and a mean can be dragged (${lang})`,
    fn: async (t) => {
      const { page, expect, shot } = t;
      await ready(t, `?lang=${lang}`);
      await page.getByRole('combobox', { name: lang === 'ko' ? '예제 데이터' : 'Preset' }).selectOption('one-d');
      for (let i = 0; i < 3; i++) await page.evaluate(() => window.emviz.step());
      const canvas = page.getByRole('img', { name: lang === 'ko' ? '산점도' : 'Scatter plot' });
      const box = await canvas.boundingBox();
      // Point 5 in the rug: where Rust draws it, in CSS pixels.
      const p = await page.evaluate(() => {
        const inst = window.emviz.instance;
        const [x, y] = inst.session.position_of(inst.canvas, { kind: 'point', index: 5 });
        const s = inst.canvas.clientWidth / inst.canvas.width;
        return [x * s, y * s];
      });
      const n = (await state(page)).n;
      await page.mouse.click(box.x + p[0], box.y + p[1]);
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      const idx = Number(await dialog.getAttribute('data-index'));
      expect.ok(idx >= 0 && idx < n, `a point was inspected (${idx})`);
      expect.match(await dialog.innerText(), lang === 'ko' ? /번 점/ : /Point \d+/);
      expect.equal((await state(page)).n, n, 'the click did not add a point');
      // Its responsibilities sum to one.
      const resp = await dialog.locator('td.resp').evaluateAll((tds) => tds.map((td) => Number(td.dataset.value)));
      expect.ok(Math.abs(resp.reduce((a, b) => a + b, 0) - 1) < 1e-9, `${resp}`);
      await shot(`newuser-1d-inspect-${lang}`);
      await page.keyboard.press('Escape');
      // Drag mean 2 (drawn at its curve's peak) to the left.
      const m = await page.evaluate(() => {
        const inst = window.emviz.instance;
        const [x, y] = inst.session.position_of(inst.canvas, { kind: 'mean', k: 1 });
        const s = inst.canvas.clientWidth / inst.canvas.width;
        return [x * s, y * s];
      });
      const before = await page.evaluate(() => window.emviz.instance.session.state().startMeans);
      await page.mouse.move(box.x + m[0], box.y + m[1]);
      await page.mouse.down();
      await page.mouse.move(box.x + m[0] - 60, box.y + m[1], { steps: 6 });
      await page.mouse.up();
      await page.waitForFunction(() => window.emviz.instance.session.state().iteration === 0);
      const after = await page.evaluate(() => window.emviz.instance.session.state().startMeans);
      expect.ok(after[1][0] < before[1][0] - 0.01, `mean 2's start moved left: ${before[1]} → ${after[1]}`);
      expect.equal((await state(page)).n, n, 'the drag did not add a point');
    },
  })),
];

pageTests(import.meta, tests);
