// Large data beside the main thread: a pool of Web Workers that make EM's passes.
// (Not a module worker: the worker's program is a function below, started from a blob: URL, so
// the single-file page needs no second file; it imports wasm-bindgen's glue and instantiates the
// page's compiled WebAssembly.Module, posted to it — or, where a browser cannot post a Module
// (a DataCloneError, reported for Safari), compiles the wasm's bytes, posted instead.)
//
// For data sets whose passes the Session shards (Session.worker_plan(), from 2·10⁵ points), each
// worker holds a contiguous group of the shards (its rows, and their sample weights if the data
// have them, sent once as transferable buffers) in
// its own instance of the same wasm module (ShardPass). Per M-step the page's Session gives the
// new parameters (begin_worker_step); each worker returns its shards' statistics, posteriors and
// the points' colours blended from them (both buffers transferred both ways and reused); the
// Session takes them (put_worker_result), merges them in the fixed order and finishes the M-step
// (finish_worker_step); the next E-step shows the workers' colours, so the main thread only
// stamps them. No SharedArrayBuffer, so any static host (and file://) will do.
//
// Whenever the workers cannot help — not started yet, could not start (none asked for, none in
// this browser, forbidden by the site's Content-Security-Policy, a failure), a worker failed, or the
// run changed meanwhile — the half-step is taken on the main thread (Session.step_within), which
// makes the very same shards: the numbers are identical either way. `reason` says why, as a key of
// the status line's words (features/workers.js). No maths here.

const MAX_WORKERS = 4;
const START_TIMEOUT_MS = 15_000;

/** Why the workers are not used: `key` is one of 'asked' (?workers=0), 'missing' (no Worker),
 *  'blocked' (the Content-Security-Policy), 'timeout', 'failed'; `detail` the browser's words. */
class Unavailable extends Error {
  constructor(key, detail = '') {
    super(detail || key);
    this.key = key;
    this.detail = detail;
  }
}

/** An exception of a worker's start-up as a reason: a SecurityError is the policy's refusal. */
const unavailable = (err) => (err instanceof Unavailable ? err
  : new Unavailable(err && err.name === 'SecurityError' ? 'blocked' : 'failed', String((err && err.message) || err || '')));

/** The wasm's bytes, for workers that cannot be posted the compiled Module: the single-file
 *  page's own copy (scripts/inline.mjs), else fetched from beside the glue. */
async function wasmBytes() {
  if (typeof globalThis.emvizWasmBytes === 'function') return globalThis.emvizWasmBytes();
  const res = await fetch(new URL('../emviz-wasm_bg.wasm', import.meta.url));
  if (!res.ok) throw new Error(`HTTP ${res.status} for emviz-wasm_bg.wasm`);
  return res.arrayBuffer();
}

/** The worker's program (runs in the worker; stringified into a blob: URL so that the single-file
 *  page needs no second file). */
function workerMain() {
  let glue = null;
  let pass = null;
  const handle = async (m) => {
    if (m.type === 'init') {
      // The glue by its URL, or (single-file page) from its text: a worker from file:// cannot
      // import the page's blob: URLs, but it can import its own.
      glue = await import(m.glue || URL.createObjectURL(new Blob([m.glueSource], { type: 'text/javascript' })));
      await glue.default({ module_or_path: m.module }); // the compiled Module, or bytes to compile
      self.postMessage({ type: 'ready' });
    } else if (m.type === 'data') {
      if (pass) pass.free();
      pass = new glue.ShardPass(m.values, m.d, m.bounds, m.weights || undefined);
    } else if (m.type === 'pass') {
      const r = pass.run(m.args, m.out || undefined, m.outColours || undefined);
      /** @type {Worker} */ (/** @type {unknown} */ (self)).postMessage({ type: 'result', job: m.job, stats: r.stats, post: r.post, colours: r.colours },
        [r.post.buffer, r.colours.buffer]);
    }
  };
  let queue = Promise.resolve();
  self.onmessage = (ev) => {
    const m = ev.data;
    queue = queue.then(() => handle(m)).catch((err) => {
      self.postMessage({ type: 'error', job: m.job, message: String((err && err.message) || err) });
    });
  };
}

/** Workers to start: `?workers=N` in the page's address (0: none), else one per core, 2–4. */
function workerCount() {
  const asked = new URLSearchParams(location.search).get('workers');
  if (asked !== null && /^\d+$/.test(asked)) return Math.min(MAX_WORKERS, Number(asked));
  const cores = navigator.hardwareConcurrency || 2;
  return Math.max(2, Math.min(MAX_WORKERS, cores));
}

export class WorkerPool {
  /**
   * @param {object} session the page's wasm Session
   * @param {object} glue wasm-bindgen's glue module, already initialised on this page
   */
  constructor(session, glue) {
    this.session = session;
    this.glue = glue;
    this.state = 'idle'; // idle → starting → ready | failed
    this.reason = ''; // when failed: why (see Unavailable)
    this.detail = ''; // the browser's words for it, if any
    this.workers = [];
    this.job = null;
    this.jobs = 0;
    this.dataVersion = -1;
    this.groups = []; // per worker: [first shard, end shard)
    this.spare = []; // per worker: {post, colours} buffers handed back for reuse
    this.onchange = () => {};
  }

  /** Starts the workers (once); false if they cannot be. */
  start() {
    if (this.state !== 'idle') return this.state !== 'failed';
    const count = workerCount();
    try {
      if (count < 1) throw new Unavailable('asked');
      if (typeof Worker !== 'function') throw new Unavailable('missing');
      const module = this.glue.ShardPass.wasm_module();
      if (!(module instanceof WebAssembly.Module)) throw new Error('the compiled wasm module is not at hand');
      const glueSource = globalThis.emvizGlueSource;
      const glueUrl = glueSource ? null : new URL('../emviz-wasm.js', import.meta.url).href;
      const source = `(${workerMain.toString()})();`;
      const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      this.watchPolicy();
      this.state = 'starting';
      let waiting = count;
      for (let i = 0; i < count; i++) {
        // A classic worker (a module worker from a blob: URL does not start on file:// pages);
        // it imports the glue dynamically.
        const w = new Worker(url, { name: `emviz-em-${i}` });
        w.onmessage = (ev) => {
          const m = ev.data;
          if (m.type === 'ready') {
            if (--waiting === 0 && this.state === 'starting') { this.state = 'ready'; this.onchange(); }
          } else if (m.type === 'result') this.result(i, m);
          else if (m.type === 'error') this.error(i, m);
        };
        w.onerror = (ev) => { ev.preventDefault(); this.fail(new Unavailable('failed', ev.message || '')); };
        this.workers.push(w);
      }
      this.sendWasm({ type: 'init', glue: glueUrl, glueSource, module }).catch((err) => this.fail(err));
      // A worker that never answers (its script blocked) leaves the main thread to do the work.
      setTimeout(() => { if (this.state === 'starting') this.fail(new Unavailable('timeout')); }, START_TIMEOUT_MS);
      return true;
    } catch (err) {
      this.fail(err);
      return false;
    }
  }

  /** Posts `init` to every worker with the page's compiled Module; where the browser cannot post
   *  a Module (DataCloneError), with the wasm's bytes instead, which the workers compile. */
  async sendWasm(init) {
    let wasm = init.module;
    for (const w of this.workers) {
      try {
        w.postMessage({ ...init, module: wasm });
      } catch (err) {
        if (!(err && err.name === 'DataCloneError') || wasm !== init.module) throw err;
        wasm = await wasmBytes();
        if (this.state !== 'starting' || !this.workers.includes(w)) return; // stopped meanwhile
        w.postMessage({ ...init, module: wasm });
      }
    }
  }

  /** A site's Content-Security-Policy may forbid workers from blob: URLs: the browser reports the
   *  violation (Chromium: then an error without a message on the worker), which names the reason. */
  watchPolicy() {
    if (this.policyWatched) return;
    this.policyWatched = true;
    document.addEventListener('securitypolicyviolation', (ev) => {
      if (!/^blob/.test(ev.blockedURI) || !/^(worker|child|script)-src/.test(ev.effectiveDirective)) return;
      if (this.state === 'starting' || (this.state === 'failed' && this.reason === 'failed')) this.fail(new Unavailable('blocked'));
    });
  }

  /** Ends the workers for good; `err` (an Unavailable, or an exception) says why. A refusal by the
   *  policy, known late, still replaces a failure's words. */
  fail(err) {
    const why = unavailable(err);
    for (const w of this.workers) w.terminate();
    this.workers = [];
    this.job = null;
    if (this.state !== 'failed' || (why.key === 'blocked' && this.reason === 'failed')) {
      this.state = 'failed';
      this.reason = why.key;
      this.detail = why.detail;
      this.onchange();
    }
  }

  /**
   * The player's half-step: workers for the M-steps of large data, `fallback` otherwise.
   * While `playing`, the M-step after an E-step is begun at once, so the workers' pass runs while
   * the E-step is shown.
   */
  step(fallback, playing = false) {
    if (this.job) return this.poll(fallback);
    const plan = this.session.worker_plan();
    if (!plan || this.state === 'failed') return fallback();
    this.start();
    if (this.state !== 'ready') return fallback();
    if (!this.launch(plan)) {
      // An E-step (instant) or the end of the run. The E-step waits for the picture of the last
      // one (a million points are recoloured over a few frames, and a newer E-step would start
      // that again), while the next M-step's pass already runs in the workers.
      if (this.session.painting()) return { pending: true };
      const report = fallback();
      if (playing && report && report.half === 'E') this.launch(plan);
      return report;
    }
    return { pending: true };
  }

  /** Begins the next M-step in the workers; false if an E-step comes next or the run is over. */
  launch(plan) {
    const args = this.session.begin_worker_step();
    if (!args) return false;
    if (plan.dataVersion !== this.dataVersion) this.sendData(plan);
    const id = ++this.jobs;
    this.job = { id, results: new Array(this.workers.length), received: 0, failed: false };
    this.workers.forEach((w, i) => {
      const { post: out = null, colours: outColours = null } = this.spare[i] || {};
      this.spare[i] = null;
      const transfer = [out, outColours].filter(Boolean).map((a) => a.buffer);
      w.postMessage({ type: 'pass', job: id, args, out, outColours }, transfer);
    });
    return true;
  }

  poll(fallback) {
    const job = this.job;
    if (job.failed) {
      // The M-step goes on on the main thread, with the same shards.
      this.job = null;
      return fallback();
    }
    if (job.received < this.workers.length) return { pending: true };
    this.job = null;
    try {
      return this.session.finish_worker_step(job.results.flat());
    } catch {
      // The run changed after the answers came in (a reset, new data, a step taken meanwhile):
      // they are stale and nothing was changed; go on from the run as it is now.
      return fallback();
    }
  }

  /** Ends the workers (the visualiser left the page); a later step starts them again. */
  stop() {
    for (const w of this.workers) w.terminate();
    this.workers = [];
    this.job = null;
    this.dataVersion = -1;
    this.spare = [];
    if (this.state !== 'failed') this.state = 'idle';
  }

  /** Forgets the M-step in flight (the run was restarted); its answers will be ignored. */
  cancel() {
    this.job = null;
  }

  sendData(plan) {
    const shards = plan.shards.length;
    const count = this.workers.length;
    this.groups = this.workers.map((_, i) => [Math.floor((i * shards) / count), Math.floor(((i + 1) * shards) / count)]);
    this.workers.forEach((w, i) => {
      const [a, b] = this.groups[i];
      if (a === b) return;
      const start = plan.shards[a][0];
      const end = plan.shards[b - 1][1];
      const values = this.session.shard_rows(start, end);
      // Weighted data: the rows' sample weights go with them (the workers' passes weigh them).
      const weights = plan.weighted ? this.session.shard_weights(start, end) : null;
      const bounds = [0, ...plan.shards.slice(a, b).map((r) => r[1] - start)];
      w.postMessage({ type: 'data', values, weights, d: plan.d, bounds }, weights ? [values.buffer, weights.buffer] : [values.buffer]);
    });
    this.spare = this.workers.map(() => null);
    this.dataVersion = plan.dataVersion;
  }

  result(i, m) {
    const job = this.job;
    const spare = { post: m.post, colours: m.colours };
    if (!job || m.job !== job.id) { this.spare[i] = spare; return; } // an old job's answer
    const [first] = this.groups[i];
    if (!this.session.put_worker_result(first, m.stats, m.post, m.colours)) job.failed = true;
    this.spare[i] = spare;
    job.results[i] = m.stats;
    job.received++;
  }

  error(i, m) {
    if (this.job && m.job === this.job.id) this.job.failed = true;
    else if (m.job === undefined) this.fail(new Unavailable('failed', m.message));
  }
}
