// Drives a real JupyterLab in Debian's Chromium (playwright-core, as tests/e2e/browser.mjs does):
// opens the notebook that builds emviz.Widget on Old Faithful, runs it, checks the widget's
// canvas shows blended colours, presses Play, waits for the book's answer, then runs the cell
// that prints widget.model_ in the kernel and checks it agrees; then the other widgets (a second
// one, emviz.show, a restored state, a VEV model's run). Screenshots go to SHOTS.
//
//   node drive.mjs <notebook's URL with token> <screenshot dir> <screenshot name prefix>
// Prints one JSON line {"ok": true, ...} on success; exits 1 with the reason otherwise.

import { createRequire } from 'node:module';
import path from 'node:path';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';

const [, , URL_, SHOTS, PREFIX] = process.argv;
const ROOT = process.env.EMVIZ_ROOT;
const require = createRequire(path.join(ROOT, 'package.json'));
const { chromium } = require('playwright-core');

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage', '--disable-default-apps', '--disable-extensions',
];

const log = (...a) => console.error('[drive]', ...a);
mkdirSync(SHOTS, { recursive: true });

const userDir = mkdtempSync(path.join(os.tmpdir(), 'emviz-nb-chromium-'));
const context = await chromium.launchPersistentContext(userDir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: CHROMIUM_ARGS,
  viewport: { width: 1400, height: 1000 },
});
const origin = new URL(URL_).origin;
const errors = [];
// Nothing but the local JupyterLab: any other request is aborted and counted as a failure.
await context.route('**/*', (route) => {
  const u = route.request().url();
  if (u.startsWith(origin) || u.startsWith('data:') || u.startsWith('blob:') || u.startsWith('about:')) return route.continue();
  errors.push(`request to ${u}`);
  return route.abort();
});
const page = context.pages()[0] || (await context.newPage());
page.on('pageerror', (e) => {
  log('pageerror:', e.stack);
  // Notebook 7.6's own start-up throws one settings error here (in its notebook_core bundle,
  // before any cell runs); anything else — the widget, the page in its iframe — fails the test.
  if (/\/static\/notebook\/notebook_core\./.test(e.stack || '') && /reading 'schema'/.test(e.message)) return;
  errors.push(`pageerror: ${e.message}`);
});
page.on('console', (m) => { if (m.type() === 'error') log('console error:', m.text()); });

const fail = async (why) => {
  await page.screenshot({ path: path.join(SHOTS, `${PREFIX}-FAILED.png`) }).catch(() => {});
  console.log(JSON.stringify({ ok: false, why, errors }));
  await context.close();
  process.exit(1);
};

try {
  await page.goto(URL_, { waitUntil: 'load', timeout: 120_000 });
  await page.waitForFunction(() => window.jupyterapp && window.jupyterapp.shell && window.jupyterapp.shell.currentWidget
    && window.jupyterapp.shell.currentWidget.sessionContext
    && window.jupyterapp.shell.currentWidget.sessionContext.session
    && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel, null, { timeout: 120_000 });
  await page.waitForFunction(() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle', null, { timeout: 120_000 });
  log('kernel idle; running the widget cell');
  // JupyterLab: fold the file browser away, so the widget has the width for its charts.
  await page.evaluate(() => { try { window.jupyterapp.shell.collapseLeft(); } catch (e) { /* Notebook 7 */ } });
  // Cells: 0 builds the widget (and shows it); 1 reads widget.model_ back.
  await page.evaluate(async () => {
    const nb = window.jupyterapp.shell.currentWidget;
    nb.content.activeCellIndex = 0;
    await window.jupyterapp.commands.execute('notebook:run-cell');
  });
  const frameEl = await page.waitForSelector('iframe.emviz-widget', { timeout: 120_000 });
  const frame = await frameEl.contentFrame();
  await frame.waitForFunction(() => window.emviz && window.emviz.instance, null, { timeout: 60_000 });
  await page.waitForSelector('iframe.emviz-widget[data-ready="1"]', { timeout: 60_000 });
  await frame.evaluate(() => window.emviz.instance.api().iterate());
  await frame.evaluate(() => window.emviz.instance.api().iterate());
  await page.waitForTimeout(500);
  // Blended colours: many distinct saturated colours on the scatter canvas (a point half in
  // each of two components gets a mixed colour, so a converged or running fit shows a range).
  const colours = await frame.evaluate(() => {
    const c = document.querySelector('canvas[data-ref="scatter"]');
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    const seen = new Set();
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
      const max = Math.max(r, g, b), min = Math.min(r, g, b);
      if (max - min > 40) seen.add((r >> 3) << 10 | (g >> 3) << 5 | (b >> 3));
    }
    return seen.size;
  });
  log('distinct saturated colours on the canvas:', colours);
  if (colours < 20) await fail(`the canvas shows only ${colours} saturated colours`);
  await frameEl.screenshot({ path: path.join(SHOTS, `${PREFIX}-widget-start.png`) });

  // Play, then wait for the run to finish.
  await frame.click('[data-ref="play"]');
  await frame.waitForFunction(() => window.emviz.instance.session.state().done, null, { timeout: 120_000 });
  await page.waitForTimeout(1500);
  const st = await frame.evaluate(() => window.emviz.instance.session.state());
  log('converged:', st.converged, 'iteration', st.iteration, 'weights', st.weights, 'means', st.means);
  const near = (a, b, tol) => Math.abs(a - b) <= tol;
  const order = st.means[0][0] < st.means[1][0] ? [0, 1] : [1, 0];
  const w = order.map((j) => st.weights[j]);
  const m = order.map((j) => st.means[j]);
  if (!st.converged || !near(w[0], 0.356, 2e-3) || !near(w[1], 0.644, 2e-3)
      || !near(m[0][0], 2.04, 1e-2) || !near(m[0][1], 54.48, 1e-2) || !near(m[1][0], 4.29, 1e-2) || !near(m[1][1], 79.97, 1e-2)) {
    await fail(`not the book's answer: ${JSON.stringify({ w, m, converged: st.converged })}`);
  }
  await frameEl.screenshot({ path: path.join(SHOTS, `${PREFIX}-widget-converged.png`) });
  await page.screenshot({ path: path.join(SHOTS, `${PREFIX}-page.png`) });

  // Read the model back in the kernel.
  const out = await page.evaluate(async () => {
    const nb = window.jupyterapp.shell.currentWidget;
    nb.content.activeCellIndex = 1;
    await window.jupyterapp.commands.execute('notebook:run-cell');
    const cell = nb.content.widgets[1];
    for (let i = 0; i < 200; i++) {
      const text = cell.node.querySelector('.jp-OutputArea-output')?.textContent || '';
      if (text.includes('MODEL')) return text;
      await new Promise((r) => setTimeout(r, 100));
    }
    return cell.node.textContent;
  });
  const line = out.split('\n').find((l) => l.startsWith('MODEL'));
  if (!line) await fail(`the kernel printed no model: ${out}`);
  const back = JSON.parse(line.slice(5));
  log('kernel sees:', back);
  const same = back.iteration === st.iteration
    && back.means.every((row, j) => row.every((v, a) => Math.abs(v - st.means[j][a]) < 1e-9))
    && back.weights.every((v, j) => Math.abs(v - st.weights[j]) < 1e-9)
    && Math.abs(back.log_likelihood - st.logLikelihood) < 1e-9;
  if (!same) await fail(`widget.model_ in the kernel differs from the page: ${line}`);

  // A second widget in the same notebook runs on its own; setting n_components restarts the first.
  const runCell = (i) => page.evaluate(async (index) => {
    const nb = window.jupyterapp.shell.currentWidget;
    nb.content.activeCellIndex = index;
    await window.jupyterapp.commands.execute('notebook:run-cell');
  }, i);
  await runCell(2);
  await page.waitForFunction(() => document.querySelectorAll('iframe.emviz-widget[data-ready="1"]').length === 2, null, { timeout: 60_000 });
  const frames = await Promise.all((await page.$$('iframe.emviz-widget')).map((e) => e.contentFrame()));
  const second = await frames[1].evaluate(() => window.emviz.instance.session.state());
  const first = await frames[0].evaluate(() => window.emviz.instance.session.state());
  log('second widget: k', second.k, second.settings.covarianceType, '; first still at iteration', first.iteration);
  if (second.k !== 3 || first.k !== 2 || first.iteration !== st.iteration) await fail('the two widgets are not independent');
  await runCell(3);
  await frames[0].waitForFunction(() => window.emviz.instance.session.state().k === 3, null, { timeout: 30_000 });
  let after = null;
  for (let attempt = 0; attempt < 10 && !after; attempt++) {
    await runCell(4);
    const text = await page.evaluate(async () => {
      const cell = window.jupyterapp.shell.currentWidget.content.widgets[4];
      for (let i = 0; i < 100; i++) {
        const t = cell.node.querySelector('.jp-OutputArea-output')?.textContent || '';
        if (t.includes('AFTER')) return t;
        await new Promise((r) => setTimeout(r, 100));
      }
      return '';
    });
    const l = text.split('\n').find((x) => x.startsWith('AFTER'));
    const v = l ? JSON.parse(l.slice(5)) : null;
    if (v && v.k === 3) after = v;
    else await page.waitForTimeout(500);
  }
  log('after n_components = 3:', after);
  if (!after || after.iteration !== 0 || after.k2 !== 3 || after.cov2 !== 'diag') await fail(`restart not seen in the kernel: ${JSON.stringify(after)}`);
  await page.screenshot({ path: path.join(SHOTS, `${PREFIX}-two-widgets.png`) });

  // emviz.show(fitted model, X): the run from the model's start (means_init, weights_init).
  await runCell(5);
  await page.waitForFunction(() => document.querySelectorAll('iframe.emviz-widget[data-ready="1"]').length === 3, null, { timeout: 60_000 });
  const third = await (await (await page.$$('iframe.emviz-widget'))[2].contentFrame())
    .evaluate(() => window.emviz.instance.session.state());
  log('show(): iteration', third.iteration, 'weights', third.weights, 'means', third.means);
  const startOk = third.iteration === 0 && near(third.weights[0], 0.3, 1e-12) && near(third.weights[1], 0.7, 1e-12)
    && [[2, 60], [4.5, 70]].every((row, j) => row.every((v, a) => near(third.means[j][a], v, 1e-12)));
  if (!startOk) await fail(`emviz.show did not start from the model's start: ${JSON.stringify(third)}`);

  // A widget whose state is at iteration 5 before it is shown (a saved notebook) shows iteration 5.
  await runCell(6);
  await page.waitForFunction(() => document.querySelectorAll('iframe.emviz-widget[data-ready="1"]').length === 4, null, { timeout: 60_000 });
  const fourth = await (await (await page.$$('iframe.emviz-widget'))[3].contentFrame())
    .evaluate(() => window.emviz.instance.session.state());
  log('restored view: iteration', fourth.iteration, 'log-likelihood', fourth.logLikelihood);
  if (fourth.iteration !== 5 || Math.abs(fourth.logLikelihood - st.trace[5]) > 1e-12) await fail(`a saved state did not replay: ${JSON.stringify(fourth.iteration)}`);

  // emviz.show(a fitted VEV model, X): the page runs mclust's VEV from the model's start through
  // the estimator's iterates, and widget.model_ in the kernel is that VEV model.
  await runCell(7);
  await page.waitForFunction(() => document.querySelectorAll('iframe.emviz-widget[data-ready="1"]').length === 5, null, { timeout: 60_000 });
  const fifthFrame = await (await page.$$('iframe.emviz-widget'))[4].contentFrame();
  const vevStart = await fifthFrame.evaluate(() => window.emviz.instance.session.state());
  if (vevStart.settings.model !== 'VEV' || vevStart.iteration !== 0) await fail(`show() of a VEV model did not start a VEV run: ${JSON.stringify(vevStart.settings)}`);
  await fifthFrame.click('[data-ref="play"]');
  await fifthFrame.waitForFunction(() => window.emviz.instance.session.state().done, null, { timeout: 120_000 });
  await page.waitForTimeout(1000);
  const vev = await fifthFrame.evaluate(() => window.emviz.instance.session.state());
  let vevBack = null;
  for (let attempt = 0; attempt < 10 && !vevBack; attempt++) {
    await runCell(8);
    const text = await page.evaluate(async () => {
      const cell = window.jupyterapp.shell.currentWidget.content.widgets[8];
      for (let i = 0; i < 100; i++) {
        const t = cell.node.querySelector('.jp-OutputArea-output')?.textContent || '';
        if (t.includes('VEV{')) return t;
        await new Promise((r) => setTimeout(r, 100));
      }
      return '';
    });
    const l = text.split('\n').find((x) => x.startsWith('VEV{'));
    const v = l ? JSON.parse(l.slice(3)) : null;
    if (v && v.iteration === vev.iteration) vevBack = v;
    else await page.waitForTimeout(500);
  }
  log('VEV run: iteration', vev.iteration, 'weights', vev.weights, '; kernel:', vevBack);
  const sameAs = (a, b, tol) => a.every((row, j) => (Array.isArray(row)
    ? row.every((v, i) => Math.abs(v - b[j][i]) <= tol) : Math.abs(row - b[j]) <= tol));
  if (!vevBack || vevBack.cov !== 'VEV' || !sameAs(vevBack.weights, vev.weights, 1e-12) || !sameAs(vevBack.means, vev.means, 1e-12)) {
    await fail(`widget.model_ of the VEV run differs from the page: ${JSON.stringify(vevBack)}`);
  }
  // The page's iterates are the estimator's (its fit for as many iterations); the page stops by
  // its own rule, at most as late as the estimator's loop.
  const sameCov = vevBack.fit_covariances.every((c, j) => sameAs(c, vevBack.covariances[j], 1e-9));
  if (!vev.converged || vev.iteration < 2 || vev.iteration > vevBack.fit_iter || !sameAs(vev.weights, vevBack.fit_weights, 1e-9)
      || !sameAs(vev.means, vevBack.fit_means, 1e-9) || !sameCov) {
    await fail(`the page's VEV run is not the estimator's fit: ${JSON.stringify({ page: [vev.iteration, vev.weights, vev.means], kernel: vevBack })}`);
  }
  await page.screenshot({ path: path.join(SHOTS, `${PREFIX}-vev.png`) });
  if (errors.length) await fail(`guard: ${errors.join('; ')}`);
  console.log(JSON.stringify({ ok: true, colours, iteration: st.iteration, weights: st.weights, means: st.means, kernel: back }));
  await context.close();
} catch (err) {
  await fail(String(err && err.stack ? err.stack : err));
}
