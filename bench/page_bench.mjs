#!/usr/bin/env node
// Page benchmark: milliseconds per EM iteration in wasm, frames per second while EM plays, and
// the longest main-thread tasks, at N = 1e5 and 1e6 points (d = 2, K = 5, full covariance), in
// headless Debian Chromium; and scikit-learn's time per iteration on the same data, when the
// project's Python venv exists (`bash bench/setup_venv.sh`).
//
//   node bench/page_bench.mjs [N ...] [--workers=W] [--runs=R]   (needs dist/ from `trunk build --release`)
//
// Every N is measured R times (default 3: the data loaded afresh each time); each figure is
// printed per run and as the median [min–max] over the runs. The wasm timings within a run are
// the median of five measurements after a warm-up one.
//
// From 2·10⁵ points the page makes its M-steps' passes in Web Workers (www/js/workers.js; one per
// core, 2–4); --workers=W opens the page with ?workers=W (0: every pass on the main thread, the
// same shards, a slice per frame). The figures say how many workers played.
//
// The data are the files `emviz bench` and bench/sklearn_em_bench.py share
// (target/bench-data/blobs_<N>.txt, five 2-D blobs; written by the CLI when missing), served to
// the page by this script's own server on 127.0.0.1. Prints one JSON line per N and tables.
// Figures, not pass/fail: see bench/README.md.
import { createServer } from 'node:http';
import { readFile, access } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const TARGET = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');
const DATA = path.join(TARGET, 'bench-data');
const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const workersArg = process.argv.slice(2).find((a) => a.startsWith('--workers='));
const QUERY = workersArg ? `?workers=${Number(workersArg.split('=')[1])}` : '';
const runsArg = process.argv.slice(2).find((a) => a.startsWith('--runs='));
const RUNS = runsArg ? Math.max(1, Number(runsArg.split('=')[1])) : 3;
const sizes = process.argv.slice(2).filter((a) => !a.startsWith('--')).map(Number).filter((n) => n > 0);
const NS = sizes.length ? sizes : [100_000, 1_000_000];
const exists = (p) => access(p).then(() => true, () => false);

// The shared data files: written by `emviz bench` (one quick iteration) when missing.
const missing = [];
for (const n of NS) if (!(await exists(path.join(DATA, `blobs_${n}.txt`)))) missing.push(n);
if (missing.length) {
  execFileSync('cargo', ['build', '--release', '--quiet', '-p', 'emviz-cli', '--bin', 'emviz'], { cwd: ROOT, stdio: 'inherit' });
  execFileSync(path.join(TARGET, 'release', 'emviz'),
    ['bench', '--n', missing.join(','), '--iters', '1', '--repeats', '1', '--data-dir', DATA], { cwd: ROOT, stdio: 'ignore' });
}

const LOAD_BEFORE = (await readFile('/proc/loadavg', 'utf8').catch(() => '?')).split(' ').slice(0, 3).join(' ');
const server = createServer(async (req, res) => {
  const url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const p = url.startsWith('/bench-data/')
    ? path.join(DATA, path.basename(url))
    : path.join(DIST, url.replace(/\/$/, '/index.html'));
  try {
    const body = await readFile(p);
    res.writeHead(200, { 'Content-Type': MIME[path.extname(p)] || 'text/plain' }).end(body);
  } catch { res.writeHead(404).end(); }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const t0 = Date.now();
await page.goto(url + QUERY);
await page.evaluate(() => window.emviz.ready);
const startupMs = Date.now() - t0;
const wasmBytes = (await page.evaluate(() => performance.getEntriesByType('resource')
  .filter((e) => e.name.endsWith('.wasm')).map((e) => e.encodedBodySize || e.transferSize)))[0];

const results = [];
for (const n of NS) for (let run = 1; run <= RUNS; run++) {
  const loaded = await page.evaluate(async (n) => {
    const text = await (await fetch(`/bench-data/blobs_${n}.txt`)).text();
    return window.emviz.load(text);
  }, n);
  if (!loaded.ok) throw new Error(loaded.error);
  await page.getByLabel('K', { exact: true }).selectOption('5');
  await page.getByLabel('Initialisation').selectOption('random');
  // tol = 0 and many iterations: the run keeps stepping for the whole measurement.
  await page.getByLabel('Max iterations').fill('10000');
  await page.getByLabel('Tolerance').fill('0');
  await page.getByLabel('Tolerance').dispatchEvent('change');
  // ms per iteration, timed inside wasm: plain EM iterations (E-step + M-step and the
  // log-likelihood, what `emviz bench` and scikit-learn's loop time), and iterations as the page
  // plays them (with the ELBO/KL bookkeeping and the responsibilities kept for drawing). The
  // engine compiles hot code in the background, so each is run once before it is timed; the
  // median of five measurements is kept.
  const timings = await page.evaluate(async () => {
    const median = async (f) => {
      await f();
      const v = [];
      for (let i = 0; i < 5; i++) v.push(await f());
      return v.sort((a, b) => a - b)[2];
    };
    return {
      em: await median(() => window.emviz._timeEmIterations(10)),
      played: await median(() => window.emviz._timeIterations(5)),
    };
  });
  const pageStepMs = await page.evaluate(async () => {
    const t = performance.now();
    for (let i = 0; i < 3; i++) { await window.emviz.iterate(); window.emviz._redraw(); }
    return (performance.now() - t) / 3;
  });
  // Frames per second while playing at full speed (each frame may take a half-step), and the
  // longest frame (how long input can be blocked).
  await page.getByLabel('Speed').fill('10');
  await page.getByLabel('Speed').dispatchEvent('input');
  // Large data: a second of play first, so that the Web Workers have started and hold their
  // shards before the measurement (a one-time cost: module instantiation and the data's copy).
  await page.evaluate(async () => {
    window.emviz.play();
    await new Promise((r) => setTimeout(r, 1500));
    window.emviz.pause();
  });
  await page.getByRole('button', { name: 'Reset' }).click();

  const play = await page.evaluate(async () => {
    const stamps = [];
    // Main-thread tasks over 50 ms (the browser reports only those): how long input could wait.
    const longTasks = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push(e.duration);
    });
    observer.observe({ type: 'longtask' });
    const pool = window.emviz.instance.workers;
    const jobs0 = pool.jobs;
    window.emviz.play();
    await new Promise((resolve) => {
      const end = performance.now() + 4000;
      const tick = (t) => { stamps.push(t); if (t < end) requestAnimationFrame(tick); else resolve(); };
      requestAnimationFrame(tick);
    });
    window.emviz.pause();
    const after = await window.emviz.state();
    const halfSteps = after.historyLen - 1;
    let longest = 0;
    for (let i = 1; i < stamps.length; i++) longest = Math.max(longest, stamps[i] - stamps[i - 1]);
    const seconds = (stamps[stamps.length - 1] - stamps[0]) / 1000;
    observer.disconnect();
    return {
      fps: (stamps.length - 1) / seconds, longestFrameMs: longest, halfStepsPerSecond: halfSteps / seconds,
      iterationsPerSecond: after.iteration / seconds,
      workers: pool.state === 'ready' ? pool.workers.length : 0, workerSteps: pool.jobs - jobs0,
      longTasks: longTasks.length, longestTaskMs: Math.max(0, ...longTasks),
    };
  });
  // Frames per second of drawing alone (the tween of an M-step redraws every frame).
  const draw = await page.evaluate(async () => {
    const stamps = [];
    await new Promise((resolve) => {
      const end = performance.now() + 2000;
      const tick = (t) => { stamps.push(t); window.emviz._redraw(); if (t < end) requestAnimationFrame(tick); else resolve(); };
      requestAnimationFrame(tick);
    });
    return (stamps.length - 1) / ((stamps[stamps.length - 1] - stamps[0]) / 1000);
  });
  const r = { n, run, em_ms_per_iter: +timings.em.toFixed(2), played_ms_per_iter: +timings.played.toFixed(2), page_step_ms: +pageStepMs.toFixed(1), play_fps: +play.fps.toFixed(1), half_steps_per_s: +play.halfStepsPerSecond.toFixed(1), iterations_per_s: +play.iterationsPerSecond.toFixed(1), workers: play.workers, worker_m_steps: play.workerSteps, longest_frame_ms: +play.longestFrameMs.toFixed(1), long_tasks: play.longTasks, longest_task_ms: +play.longestTaskMs.toFixed(1), draw_fps: +draw.toFixed(1) };
  results.push(r);
  console.log(JSON.stringify(r));
}
console.log(JSON.stringify({ startup_ms: startupMs, wasm_bytes: wasmBytes }));
console.log(`load average before: ${LOAD_BEFORE}`);
console.log('\n     N   run   ms/EM iteration   ms/iteration played   ms/Step (page)   workers   fps playing   half-steps/s   iterations/s   longest frame   tasks > 50 ms (longest)   fps drawing');
for (const r of results) {
  console.log(`${String(r.n).padStart(8)}   ${String(r.run).padStart(3)}   ${String(r.em_ms_per_iter).padStart(15)}   ${String(r.played_ms_per_iter).padStart(19)}   ${String(r.page_step_ms).padStart(14)}   ${String(r.workers).padStart(7)}   ${String(r.play_fps).padStart(11)}   ${String(r.half_steps_per_s).padStart(12)}   ${String(r.iterations_per_s).padStart(12)}   ${String(r.longest_frame_ms).padStart(10)} ms   ${String(r.long_tasks).padStart(13)} (${r.longest_task_ms} ms)   ${String(r.draw_fps).padStart(11)}`);
}
console.log(`startup to ready: ${startupMs} ms; wasm: ${(wasmBytes / 1024).toFixed(0)} KiB`);
// Each figure over the runs of an N: median [min–max].
const spread = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return s.length === 1 ? `${+m.toFixed(2)}` : `${+m.toFixed(2)} [${s[0]}–${s[s.length - 1]}]`;
};
const FIELDS = ['em_ms_per_iter', 'played_ms_per_iter', 'page_step_ms', 'play_fps', 'half_steps_per_s',
  'iterations_per_s', 'longest_frame_ms', 'long_tasks', 'longest_task_ms', 'draw_fps'];
console.log(`\nMedian [min–max] over ${RUNS} run(s); load average after: ${(await readFile('/proc/loadavg', 'utf8').catch(() => '?')).split(' ').slice(0, 3).join(' ')}`);
console.log(`| N | workers | ${FIELDS.join(' | ')} |`);
console.log(`|---:|---:|${FIELDS.map(() => '---:').join('|')}|`);
for (const n of NS) {
  const rs = results.filter((r) => r.n === n);
  console.log(`| ${n} | ${[...new Set(rs.map((r) => r.workers))].join('/')} | ${FIELDS.map((f) => spread(rs.map((r) => r[f]))).join(' | ')} |`);
  console.log(JSON.stringify({ n, runs: rs.length, ...Object.fromEntries(FIELDS.map((f) => [f, spread(rs.map((r) => r[f]))])) }));
}
await browser.close();
server.close();

// scikit-learn on the same files, in the same run (one thread; see bench/sklearn_em_bench.py).
const python = path.join(ROOT, '.venv', 'bin', 'python');
if (await exists(python)) {
  const out = execFileSync(python, [path.join(ROOT, 'bench', 'sklearn_em_bench.py'), '--n', ...NS.map(String),
    '--k', '5', '--iters', '20', '--repeats', '3', '--data-dir', DATA], { cwd: ROOT, encoding: 'utf8' });
  const sk = Object.fromEntries(out.split('\n').filter((l) => l.trim()).map(JSON.parse).map((r) => [r.n, r]));
  console.log('\n     N   scikit-learn ms/iter   / wasm EM iteration   / wasm iteration played');
  // The ratios of the medians: scikit-learn's median of 3 repeats over the page's median over its runs.
  const median = (v) => { const s = [...v].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
  for (const n of NS) {
    const s = sk[n] && sk[n].sklearn_ms_per_iter;
    if (!s) continue;
    const rs = results.filter((r) => r.n === n);
    const em = median(rs.map((r) => r.em_ms_per_iter));
    const played = median(rs.map((r) => r.played_ms_per_iter));
    console.log(`${String(n).padStart(8)}   ${s.toFixed(2).padStart(20)}   ${(s / em).toFixed(1).padStart(18)}x   ${(s / played).toFixed(1).padStart(22)}x`);
    console.log(JSON.stringify({ n, sklearn_ms_per_iter: s, sklearn_ms_per_iter_min: sk[n].sklearn_ms_per_iter_min, sklearn_ms_per_iter_max: sk[n].sklearn_ms_per_iter_max, ratio_em: s / em, ratio_played: s / played }));
  }
} else {
  console.log('\n(no .venv: run `bash bench/setup_venv.sh` to time scikit-learn on the same data in this run)');
}
