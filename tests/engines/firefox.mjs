// Firefox ESR (Debian's firefox-esr) through puppeteer-core over WebDriver BiDi. puppeteer-core
// downloads no browser; it starts the one at $FIREFOX (default /usr/bin/firefox-esr) headless, with
// a fresh profile, its HTTP(S) proxy pointed at a closed port on 127.0.0.1 (so nothing but the test
// servers on 127.0.0.1 can be reached; Firefox never proxies localhost).
//
// launch() → { name, version, newPage(), close() }; a page (one fresh browser context each) is
// { open(url), evaluate(fn or script, ...args), screenshot(path), problems(), log(), close() }.
// problems() returns (and clears) what the guards saw since the last call: BiDi's log entries of
// uncaught errors and console.error, failed requests, HTTP statuses >= 400, requests to any origin
// not allowed.
import puppeteer from 'puppeteer-core';
import { pageScript, decode } from './script.mjs';

const NAVIGATION_TIMEOUT_MS = 60_000;

export async function launch({ allowed }) {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX || '/usr/bin/firefox-esr',
    headless: !process.env.EMVIZ_ENGINES_HEADED,
    defaultViewport: { width: 1280, height: 800 },
    timeout: 60_000,
    protocolTimeout: 180_000,
    extraPrefsFirefox: {
      // Off the network: every http(s) request not to localhost goes to a closed port.
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': 9,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': 9,
      'network.proxy.share_proxy_settings': true,
      'network.proxy.no_proxies_on': '127.0.0.1, localhost',
      'network.dns.disablePrefetch': true,
      'network.prefetch-next': false,
      'browser.safebrowsing.update.enabled': false,
      'intl.accept_languages': 'en-GB, en',
    },
  });
  const version = await browser.version();

  return {
    name: 'firefox',
    version,
    async newPage() {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      page.setDefaultTimeout(NAVIGATION_TIMEOUT_MS);
      const problems = [];
      const log = [];
      page.on('console', (m) => {
        // The first frame that is not the guard's console.error wrapper (./guard.js).
        const loc = m.stackTrace().find((f) => f.url && !f.url.endsWith('/__engines/guard.js')) || m.location();
        const where = loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : '';
        log.push(`[${m.type()}] ${m.text()}${where}`);
        if (m.type() === 'error') problems.push(`console error: ${m.text()}${where}`);
      });
      page.on('pageerror', (err) => {
        const text = err && err.stack ? `${err.message}\n${err.stack}` : String(err);
        log.push(`[pageerror] ${text}`);
        problems.push(`uncaught page error: ${text}`);
      });
      page.on('request', (req) => {
        if (!allowed(req.url())) problems.push(`request off the test servers: ${req.method()} ${req.url()}`);
      });
      page.on('requestfailed', (req) => {
        problems.push(`request failed: ${req.method()} ${req.url()} (${req.failure()?.errorText ?? 'unknown'})`);
      });
      page.on('response', (res) => {
        if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.request().method()} ${res.url()}`);
      });
      return {
        async open(url) {
          await page.goto(url, { waitUntil: 'load', timeout: NAVIGATION_TIMEOUT_MS });
        },
        async evaluate(fn, ...args) {
          return decode(await page.evaluate(pageScript(fn, args)));
        },
        async screenshot(path) {
          await page.screenshot({ path, fullPage: true });
          return path;
        },
        async problems() {
          return problems.splice(0);
        },
        log: () => log.slice(),
        async close() {
          await context.close();
        },
      };
    },
    async close() {
      await browser.close();
    },
  };
}
