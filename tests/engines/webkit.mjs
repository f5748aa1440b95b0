// WebKit (Safari's engine: Debian's webkit2gtk-driver, WebKitGTK's MiniBrowser) through plain W3C
// WebDriver over HTTP, with node's fetch. WebKitGTK needs an X display: launch() starts Xvfb (it
// picks a free display number itself, -displayfd) and WebKitWebDriver on a free port of 127.0.0.1
// on that display. Each newPage() is a new WebDriver session (a fresh MiniBrowser in automation
// mode) started with --proxy pointing every http(s) request not to 127.0.0.1 at a closed port.
//
// launch() → { name, version, newPage(), close() }; a page is
// { open(url), evaluate(fn or script, ...args), screenshot(path), problems(), log(), close() }.
// Classic WebDriver reports no page errors, so problems() reads back tests/engines/guard.js's
// record (window.onerror, unhandled rejections, console.error; the test server puts the hook first
// in every page it serves, open() adds it after the load where it could not: file://), and checks
// the Resource Timing entries for anything fetched from an origin not allowed.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { pageScript, decode } from './script.mjs';

const GUARD = readFileSync(new URL('./guard.js', import.meta.url), 'utf8');
const DRIVER = process.env.WEBKIT_WEBDRIVER || 'WebKitWebDriver';
const COMMAND_TIMEOUT_MS = 180_000;
const XVFB_HEIGHT = 6000; // room for a whole-page screenshot

const freePort = () => new Promise((resolve, reject) => {
  const srv = createServer();
  srv.once('error', reject);
  srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts Xvfb on a display it chooses; resolves to { proc, display }. */
function startXvfb() {
  return new Promise((resolve, reject) => {
    const proc = spawn('Xvfb', ['-displayfd', '1', '-nolisten', 'tcp', '-screen', '0', `1400x${XVFB_HEIGHT}x24`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => { proc.kill(); reject(new Error(`Xvfb did not start in 15 s: ${err}`)); }, 15_000);
    proc.once('error', (e) => { clearTimeout(timer); reject(new Error(`could not run Xvfb (apt-get install xvfb): ${e.message}`)); });
    proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`Xvfb exited (${code}): ${err}`)); });
    proc.stderr.on('data', (d) => { err += d; });
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /^(\d+)\n/.exec(out);
      if (m) { clearTimeout(timer); proc.removeAllListeners('exit'); resolve({ proc, display: `:${m[1]}` }); }
    });
  });
}

export async function launch({ allowed }) {
  const xvfb = await startXvfb();
  const port = await freePort();
  const driverLog = [];
  const driver = spawn(DRIVER, [`--port=${port}`, '--host=127.0.0.1'], {
    env: { ...process.env, DISPLAY: xvfb.display },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (d) => { driverLog.push(String(d)); if (driverLog.length > 200) driverLog.shift(); };
  driver.stdout.on('data', keep);
  driver.stderr.on('data', keep);
  let driverError = null;
  driver.once('error', (e) => { driverError = e; });
  const base = `http://127.0.0.1:${port}`;
  const stop = () => { driver.kill(); xvfb.proc.kill(); };
  process.once('exit', stop); // even when the runner ends abruptly

  // Waits for the driver to answer /status.
  const until = Date.now() + 15_000;
  for (;;) {
    if (driverError) { stop(); throw new Error(`could not run ${DRIVER} (apt-get install webkit2gtk-driver): ${driverError.message}`); }
    try {
      const r = await fetch(`${base}/status`, { signal: AbortSignal.timeout(2_000) });
      if ((await r.json()).value?.ready !== undefined) break;
    } catch { /* not listening yet */ }
    if (Date.now() > until) { stop(); throw new Error(`${DRIVER} did not answer on ${base}:\n${driverLog.join('')}`); }
    await sleep(100);
  }

  /** One WebDriver command; returns `value` or throws the driver's error. */
  const command = async (method, path, body, timeout = COMMAND_TIMEOUT_MS) => {
    const started = Date.now();
    const res = await fetch(base + path, {
      method,
      headers: body ? { 'Content-Type': 'application/json; charset=utf-8' } : {},
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(timeout),
    }).catch((err) => {
      throw new Error(`WebDriver ${method} ${path}: no answer after ${Date.now() - started} ms (${err.message})`);
    });
    const json = await res.json().catch(() => ({}));
    if (!res.ok || (json.value && json.value.error)) {
      const v = json.value || {};
      throw new Error(`WebDriver ${method} ${path}: ${v.error || res.status} ${v.message || ''}`.trim());
    }
    return json.value;
  };

  let version = 'WebKitGTK';
  const SESSION = {
    capabilities: {
      alwaysMatch: {
        // MiniBrowser's own proxy options (WebDriver's `proxy` capability made session starts
        // hang now and then here): every host but 127.0.0.1 goes to a closed port.
        'webkitgtk:browserOptions': { args: ['--automation', '--proxy=http://127.0.0.1:9', '--ignore-host=127.0.0.1'] },
        pageLoadStrategy: 'normal',
        timeouts: { script: COMMAND_TIMEOUT_MS, pageLoad: 60_000, implicit: 0 },
      },
    },
  };
  const newPage = async () => {
    // A new session (a new MiniBrowser) normally takes about a second; now and then (about one in
    // thirty here) one never answers: it is given up after 15 s and asked for once more.
    let created;
    for (let attempt = 1; !created; attempt++) {
      try {
        created = await command('POST', '/session', SESSION, 15_000);
      } catch (err) {
        if (attempt >= 2) throw new Error(`${err.message} (twice)\n${driverLog.join('').slice(-2000)}`);
        const said = driverLog.join('').trim().split('\n').slice(-5).join(' | ');
        console.log(`# webkit: ${err.message}; asking for a new session once more${said ? ` (driver: ${said})` : ''}`);
      }
    }
    const { sessionId, capabilities } = created;
    version = `${capabilities.browserName} ${capabilities.browserVersion}`;
    const s = `/session/${sessionId}`;
    await command('POST', `${s}/window/rect`, { width: 1280, height: 800 }).catch(() => {});
    const problems = [];
    const log = [];
    const seenResources = new Set();

    const run = async (fn, args) => {
      const script = `const done = arguments[arguments.length - 1];
${pageScript(fn, args)}.then(done, (e) => done(JSON.stringify({ ok: false, error: String(e) })));`;
      return decode(await command('POST', `${s}/execute/async`, { script, args: [] }));
    };

    /** Moves what the page's guard recorded, and off-origin resources, into `problems`. */
    const collect = async () => {
      let found;
      try {
        found = await run(() => ({
          errors: (window.__enginesGuard || []).splice(0),
          resources: performance.getEntriesByType('resource').map((e) => e.name),
          location: location.href,
        }), []);
      } catch (err) {
        log.push(`[guard] could not read the page's record: ${err.message}`);
        return;
      }
      for (const e of found.errors) { problems.push(e); log.push(`[guard] ${e}`); }
      for (const url of [found.location, ...found.resources]) {
        if (seenResources.has(url)) continue;
        seenResources.add(url);
        if (!allowed(url)) problems.push(`request off the test servers: ${url}`);
      }
    };

    return {
      async open(url) {
        await collect();
        await command('POST', `${s}/url`, { url });
        seenResources.clear();
        // Pages the test server did not serve (file://) get the hook now.
        await command('POST', `${s}/execute/sync`, { script: `if (!window.__enginesGuard) { ${GUARD} }`, args: [] });
      },
      evaluate: (fn, ...args) => run(fn, args),
      async screenshot(path) {
        // WebDriver's screenshot is of the window: for the whole page, the window is made as tall
        // as the document for the moment (the Xvfb screen is tall enough), then put back.
        const [height, chrome] = await run(() => [document.documentElement.scrollHeight, outerHeight - innerHeight], []);
        const tall = Math.min(height + chrome, XVFB_HEIGHT);
        if (tall > 800) await command('POST', `${s}/window/rect`, { width: 1280, height: tall });
        try {
          await run(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))), []);
          const png = await command('GET', `${s}/screenshot`);
          await writeFile(path, Buffer.from(png, 'base64'));
        } finally {
          if (tall > 800) await command('POST', `${s}/window/rect`, { width: 1280, height: 800 });
        }
        return path;
      },
      async problems() {
        await collect();
        return problems.splice(0);
      },
      log: () => log.slice(),
      async close() {
        await command('DELETE', s, undefined, 30_000);
      },
    };
  };

  // One session up front: the browser's version for the header, and a failure to start shows here.
  const first = await newPage().catch((err) => { stop(); throw new Error(`${err.message}\n${driverLog.join('')}`); });
  await first.close().catch(() => {});

  return {
    name: 'webkit',
    get version() { return version; },
    newPage,
    async close() {
      stop();
    },
  };
}
