#!/usr/bin/env node
// Page benchmark: frames per second while EM plays, and milliseconds per EM iteration in wasm,
// at N = 1e5 and 1e6 points (d = 2, K = 5, full covariance), in headless Debian Chromium.
//
//   node bench/page_bench.mjs [N ...]        (needs dist/ from `trunk build --release`)
//
// Prints one JSON line per N and a table. Figures, not pass/fail: see bench/README.md.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const NS = sizes.length ? sizes : [100_000, 1_000_000];

const server = createServer(async (req, res) => {
  const p = path.join(DIST, decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/\/$/, '/index.html'));
  try {
    const body = await readFile(p);
    res.writeHead(200, { 'Content-Type': MIME[path.extname(p)] || 'application/octet-stream' }).end(body);
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
await page.goto(url);
await page.evaluate(() => window.emviz.ready);
const startupMs = Date.now() - t0;
const wasmBytes = (await page.evaluate(() => performance.getEntriesByType('resource')
  .filter((e) => e.name.endsWith('.wasm')).map((e) => e.encodedBodySize || e.transferSize)))[0];

const results = [];
for (const n of NS) {
  // Five well-separated 2-D blobs, generated in the page (deterministic LCG + Box-Muller).
  const loaded = await page.evaluate((n) => {
    // A 32-bit LCG in integer arithmetic (a float product would lose bits and cycle early).
    let s = 42;
    const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
    const lines = new Array(n);
    for (let i = 0; i < n; i++) {
      const c = i % 5;
      const r = Math.sqrt(-2 * Math.log(rnd())), a = 2 * Math.PI * rnd();
      lines[i] = `${(c * 4 + r * Math.cos(a)).toFixed(4)} ${((c % 2) * 5 + r * Math.sin(a)).toFixed(4)}`;
    }
    return window.emviz.load(lines.join('\n'));
  }, n);
  if (!loaded.ok) throw new Error(loaded.error);
  await page.getByLabel('K', { exact: true }).selectOption('5');
  await page.getByLabel('Initialisation').selectOption('random');
  // tol = 0 and many iterations: the run keeps stepping for the whole measurement.
  await page.getByLabel('Max iterations').fill('10000');
  await page.getByLabel('Tolerance').fill('0');
  await page.getByLabel('Tolerance').dispatchEvent('change');
  // ms per EM iteration in wasm (E-step + M-step with the ELBO/KL bookkeeping the page shows),
  // timed inside wasm; and the whole Step as the page does it (iteration + table + chart + redraw).
  const iterMs = await page.evaluate(() => window.emviz._timeIterations(5));
  const pageStepMs = await page.evaluate(async () => {
    const t = performance.now();
    for (let i = 0; i < 3; i++) { await window.emviz.iterate(); window.emviz._redraw(); }
    return (performance.now() - t) / 3;
  });
  // Frames per second while playing at full speed (each frame may take a half-step), and the
  // longest frame (how long input can be blocked).
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByLabel('Speed').fill('10');
  
  const play = await page.evaluate(async () => {
    const stamps = [];
    // Main-thread tasks over 50 ms (the browser reports only those): how long input could wait.
    const longTasks = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push(e.duration);
    });
    observer.observe({ type: 'longtask' });
    window.emviz.play();
    await new Promise((resolve) => {
      const end = performance.now() + 4000;
      const tick = (t) => { stamps.push(t); if (t < end) requestAnimationFrame(tick); else resolve(); };
      requestAnimationFrame(tick);
    });
    window.emviz.pause();
    const halfSteps = (await window.emviz.state()).historyLen - 1;
    let longest = 0;
    for (let i = 1; i < stamps.length; i++) longest = Math.max(longest, stamps[i] - stamps[i - 1]);
    const seconds = (stamps[stamps.length - 1] - stamps[0]) / 1000;
    observer.disconnect();
    return {
      fps: (stamps.length - 1) / seconds, longestFrameMs: longest, halfStepsPerSecond: halfSteps / seconds,
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
  const r = { n, ms_per_iter: +iterMs.toFixed(2), page_step_ms: +pageStepMs.toFixed(1), play_fps: +play.fps.toFixed(1), half_steps_per_s: +play.halfStepsPerSecond.toFixed(1), longest_frame_ms: +play.longestFrameMs.toFixed(1), long_tasks: play.longTasks, longest_task_ms: +play.longestTaskMs.toFixed(1), draw_fps: +draw.toFixed(1) };
  results.push(r);
  console.log(JSON.stringify(r));
}
console.log(JSON.stringify({ startup_ms: startupMs, wasm_bytes: wasmBytes }));
console.log('\n     N   ms/iteration (wasm)   ms/Step (page)   fps playing   half-steps/s   longest frame   tasks > 50 ms (longest)   fps drawing');
for (const r of results) {
  console.log(`${String(r.n).padStart(8)}   ${String(r.ms_per_iter).padStart(19)}   ${String(r.page_step_ms).padStart(14)}   ${String(r.play_fps).padStart(11)}   ${String(r.half_steps_per_s).padStart(12)}   ${String(r.longest_frame_ms).padStart(10)} ms   ${String(r.long_tasks).padStart(13)} (${r.longest_task_ms} ms)   ${String(r.draw_fps).padStart(11)}`);
}
console.log(`startup to ready: ${startupMs} ms; wasm: ${(wasmBytes / 1024).toFixed(0)} KiB`);
await browser.close();
server.close();
