// The main page: mounts one visualiser into #app and exposes its API as window.emviz
// (every method may be awaited; `ready` resolves once wasm and the default data are loaded).
import { mount } from './emviz.js';
import { messageOf } from './ui.js';
import { t } from './i18n.js';
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
  });
