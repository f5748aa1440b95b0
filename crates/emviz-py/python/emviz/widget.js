// emviz.Widget's front end (anywidget). It shows the emviz page itself — the single-file build
// (scripts/build-single.sh: HTML, CSS, JS and the wasm inlined), shipped inside the wheel — in a
// same-origin <iframe srcdoc>, loads the notebook's data into it and drives it through the page's
// own API (window.emviz.instance: load, settings, play/step, state). No mathematics here: EM runs
// in the page's WebAssembly. Every half-step the state (iteration, log-likelihood, parameters)
// goes back to Python, so `widget.model_` is the model shown.

/** The link parameters (docs/EMBEDDING.md) for the widget's settings. */
function settingsParams(model) {
  const p = new URLSearchParams();
  p.set('k', String(model.get('n_components')));
  p.set('cov', model.get('covariance_type'));
  p.set('init', model.get('init'));
  p.set('seed', String(model.get('random_state')));
  p.set('tol', String(model.get('tol')));
  p.set('max', String(model.get('max_iter')));
  p.set('reg', String(model.get('reg_covar')));
  const start = model.get('_start');
  if (start) p.set('start', start);
  return p;
}

/** The page's view: embed mode with the teaching panels back (docs/EMBEDDING.md). */
const VIEW = 'embed=1&show=chart,elbo,history,components,settings,speed,phase';

function pageHtml(model) {
  // The page applies the address's hash at start-up: give the srcdoc document that hash first
  // (an absolute about:srcdoc URL: a relative one would resolve against the notebook's base URL).
  const hash = `${VIEW}&${settingsParams(model).toString()}`;
  // The page's "Open in emviz" link points next to the page's own address, which a notebook
  // does not have: hidden.
  const boot = `<script>try{history.replaceState(null,'','about:srcdoc#${hash}')}catch(e){}</script>`
    + '<style>.embed-open{display:none!important}</style>';
  const html = model.get('_page');
  return html.replace(/<head>/i, `<head>${boot}`);
}

async function whenReady(frame) {
  for (let i = 0; i < 600; i++) {
    const w = frame.contentWindow;
    if (w && w.emviz && w.emviz.instance) return w.emviz.instance;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the emviz page did not start');
}

function render({ model, el }) {
  const page = model.get('_page');
  if (!page) {
    el.textContent = 'emviz: this build of the package has no page (see emviz.Widget).';
    return;
  }
  const frame = document.createElement('iframe');
  frame.className = 'emviz-widget';
  frame.title = 'emviz';
  frame.style.width = '100%';
  frame.style.height = `${model.get('height')}px`;
  frame.style.border = '0';
  frame.srcdoc = pageHtml(model);
  el.appendChild(frame);

  let inst = null;
  let busy = false;
  const sync = () => {
    if (!inst || busy) return;
    const s = inst.session.state();
    model.set('iteration', s.iteration);
    model.set('log_likelihood', s.logLikelihood);
    model.set('_state', {
      iteration: s.iteration,
      phase: s.phase,
      logLikelihood: s.logLikelihood,
      weights: s.weights,
      means: s.means,
      covariances: s.covariances,
      converged: s.converged,
      done: s.done,
      trace: s.trace,
      names: s.names,
      n: s.n,
      k: s.k,
      d: s.d,
      settings: s.settings,
    });
    model.save_changes();
  };

  const restart = () => {
    // New settings (or a new start): the page's own link handler applies them to the data shown.
    // A bad combination keeps the run shown and reports why in `widget.error`.
    try {
      inst.session.apply_link(settingsParams(model).toString());
      model.set('error', '');
    } catch (err) {
      model.set('error', String(err && err.message ? err.message : err));
    }
    inst.restarted();
    inst.player.invalidate();
    sync();
  };

  const loadData = () => {
    const text = model.get('_data');
    if (!text) return;
    const r = inst.load(text, { replaceText: true });
    if (r && r.ok === false) model.set('error', r.error || 'the data could not be loaded');
  };

  (async () => {
    inst = await whenReady(frame);
    busy = true;
    loadData();
    // A saved notebook (widget state in the HTML export) shows its last state again: the run is
    // deterministic, so replaying to the same iteration (the link's `it=`) gives the same picture.
    const first = settingsParams(model);
    if (model.get('iteration') > 0) first.set('it', String(model.get('iteration')));
    inst.session.apply_link(first.toString());
    inst.restarted();
    busy = false;
    inst.refresh();
    inst.drawChart();
    inst.player.invalidate();
    inst.on('step', sync);
    inst.on('restart', sync);
    inst.on('load', sync);
    sync();
    frame.dataset.ready = '1';
    model.on('change:_data', () => { loadData(); restart(); });
    for (const name of ['n_components', 'covariance_type', 'init', 'random_state', 'tol', 'max_iter', 'reg_covar', '_start']) {
      model.on(`change:${name}`, restart);
    }
    model.on('change:height', () => { frame.style.height = `${model.get('height')}px`; });
    model.on('msg:custom', (msg) => {
      const api = inst.api();
      if (msg && msg.action && typeof api[msg.action] === 'function') {
        api[msg.action]();
        sync();
      }
    });
  })().catch((err) => {
    model.set('error', String(err && err.message ? err.message : err));
    model.save_changes();
  });

  return () => { frame.remove(); };
}

export default { render };
