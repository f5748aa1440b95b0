// Page-side error hook for the engine tests (tests/engines/). The test server puts
// <script src="/__engines/guard.js"></script> first in <head> of every HTML page it serves, so that
// it runs before the page's own scripts; on pages it cannot serve (file://) the adapters install it
// after the load. It records uncaught errors, failed resource loads, unhandled promise rejections
// and console.error calls in window.__enginesGuard, which the WebKit adapter reads back (WebDriver
// classic has no log events; Firefox's adapter has BiDi's log events instead).
(() => {
  if (window.__enginesGuard) return;
  const seen = [];
  Object.defineProperty(window, '__enginesGuard', { value: seen, enumerable: false });
  const text = (v) => {
    try {
      if (v instanceof Error) return v.stack ? `${v}\n${v.stack}` : String(v);
      return typeof v === 'string' ? v : JSON.stringify(v);
    } catch {
      return String(v);
    }
  };
  addEventListener('error', (e) => {
    const el = e.target;
    if (el && el !== window && el.tagName) {
      seen.push(`resource failed to load: <${el.tagName.toLowerCase()}> ${el.src || el.href || ''}`);
    } else {
      const where = e.filename ? ` (${e.filename}:${e.lineno}:${e.colno})` : '';
      seen.push(`uncaught page error: ${e.message}${where}${e.error && e.error.stack ? `\n${e.error.stack}` : ''}`);
    }
  }, true);
  addEventListener('unhandledrejection', (e) => seen.push(`unhandled promise rejection: ${text(e.reason)}`));
  const original = console.error;
  console.error = function error(...args) {
    seen.push(`console error: ${args.map(text).join(' ')}`);
    return original.apply(this, args);
  };
})();
