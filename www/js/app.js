// The main page: mounts one visualiser into #app and exposes its API as window.emviz
// (every method may be awaited; `ready` resolves once wasm and the default data are loaded).
// A browser that cannot run emviz (no WebAssembly, or none with SIMD) is told why, and shown the
// page's still picture of the book's run (its <noscript> content) instead of the controls.
import { mount } from './emviz.js';
import { messageOf } from './ui.js';
import { t, translate } from './i18n.js';
import { Unsupported } from './wasm.js';
import { startFromUrl } from './features/share.js';

let resolveReady;
const ready = new Promise((resolve) => { resolveReady = resolve; });
let api;
const call = (name) => async (...args) => { await ready; return api[name](...args); };
window.emviz = { ready };
for (const name of ['load', 'step', 'iterate', 'play', 'pause', 'state', 'runToConvergence', 'on', '_redraw', '_timeIterations', '_timeEmIterations']) {
  window.emviz[name] = call(name);
}

const root = document.getElementById('app');
mount(root)
  .then((instance) => {
    api = instance.api();
    window.emviz.instance = instance;
    startFromUrl(instance); // a shared link's state, embed mode and panels
    resolveReady(true);
  })
  .catch((err) => {
    const fatal = document.getElementById('fatal');
    fatal.textContent = t('page.failed', { message: messageOf(err) });
    fatal.hidden = false;
    if (err instanceof Unsupported) showStill(fatal);
  });

/** The <noscript> content (the book's run as a picture, in words too) in place of the controls,
 *  under the message; the header in the page's language. */
function showStill(fatal) {
  const header = document.querySelector('header.top');
  if (header) translate(header);
  document.title = t('page.title');
  const noscript = document.querySelector('noscript');
  if (!noscript) return;
  const still = document.createElement('template');
  still.innerHTML = noscript.textContent;
  fatal.classList.add('still');
  root.replaceChildren(fatal, still.content);
}
