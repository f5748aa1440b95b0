// emviz page bootstrap: waits for the wasm module that Trunk loads, creates one Session (which
// owns the data and the run), wires the controls, and exposes window.emviz for automation and
// for authors. No mathematics here: JS owns the DOM, events and the animation loop.
import { Player } from './player.js';
import { $, renderTable, statusText, phaseText, readSettings, writeSettings, messageOf } from './ui.js';

let readyResolve;
const ready = new Promise((resolve) => { readyResolve = resolve; });
window.emviz = {
  ready,
  load: async (text) => { await ready; return api.load(text); },
  step: async () => { await ready; return api.step(); },
  iterate: async () => { await ready; return api.iterate(); },
  play: async () => { await ready; api.play(); },
  pause: async () => { await ready; api.pause(); },
  state: async () => { await ready; return api.state(); },
  runToConvergence: async () => { await ready; return api.runToConvergence(); },
  // For benchmarks: draw the current frame now (what a tween frame costs).
  _redraw: () => api && api.redraw(),
  _timeIterations: (count) => api && api.timeIterations(count),
};
let api;

function bindings() {
  if (window.wasmBindings) return Promise.resolve(window.wasmBindings);
  return new Promise((resolve) => addEventListener('TrunkApplicationStarted', () => resolve(window.wasmBindings), { once: true }));
}

bindings().then(start).catch((err) => {
  const fatal = $('fatal');
  fatal.textContent = `emviz could not start: ${messageOf(err)}`;
  fatal.hidden = false;
});

function start(wasm) {
  const { Session } = wasm;
  const session = new Session();
  const canvas = $('scatter');
  const chart = $('ll-chart');
  let ratio = 1;

  for (let k = 1; k <= 10; k++) $('k').add(new Option(String(k), String(k)));

  const refresh = () => {
    const state = session.state();
    renderTable(state);
    $('status').textContent = statusText(state);
    $('status').classList.toggle('done', state.done);
    $('phase').textContent = phaseText(state);
    $('warnings').textContent = state.warnings.join(' ');
    $('play').textContent = player.playing ? 'Pause' : 'Play';
    return state;
  };
  const drawChart = () => {
    try { session.render_chart(chart); } catch (err) { showRunError(err); }
  };
  const showRunError = (err) => {
    $('warnings').textContent = messageOf(err);
    $('play').textContent = 'Play';
  };

  const player = new Player({
    step: () => session.step(),
    draw: (t) => {
      try { session.render(canvas, t); } catch (err) { showRunError(err); }
    },
    onStep: (report) => {
      refresh();
      if (report.half === 'M') drawChart();
    },
    onStop: () => { refresh(); },
    onError: (err) => { refresh(); showRunError(err); },
  });

  const resize = () => {
    ratio = window.devicePixelRatio || 1;
    session.set_pixel_ratio(ratio);
    for (const c of [canvas, chart]) {
      const w = Math.max(50, Math.round(c.clientWidth * ratio));
      const h = Math.max(50, Math.round(c.clientHeight * ratio));
      if (c.width !== w || c.height !== h) { c.width = w; c.height = h; }
    }
    drawChart();
    player.invalidate();
  };
  new ResizeObserver(resize).observe(canvas);
  new ResizeObserver(resize).observe(chart);

  const restarted = () => {
    player.pause();
    player.cancelTween();
    const state = refresh();
    writeSettings(state);
    drawChart();
    return state;
  };

  const setDataError = (msg) => {
    $('data-error').textContent = msg;
    $('data').setAttribute('aria-invalid', msg ? 'true' : 'false');
  };

  const load = (text) => {
    try {
      const loaded = session.load_text(text);
      setDataError('');
      $('settings-error').textContent = '';
      restarted();
      return { ok: true, ...loaded };
    } catch (err) {
      setDataError(messageOf(err));
      return { ok: false, error: messageOf(err) };
    }
  };

  const loadPreset = (id) => {
    try {
      const seed = Number($('seed').value) || Session.random_seed();
      $('data').value = session.load_preset(id, seed);
      setDataError('');
      $('settings-error').textContent = '';
      restarted();
    } catch (err) {
      setDataError(messageOf(err));
    }
  };

  const applySettings = (changes = {}) => {
    try {
      const settings = { ...readSettings(), ...changes };
      session.apply_settings(settings);
      $('settings-error').textContent = '';
      restarted();
      return true;
    } catch (err) {
      $('settings-error').textContent = messageOf(err);
      const field = document.activeElement;
      if (field && field.closest && field.closest('#settings')) field.setAttribute('aria-invalid', 'true');
      return false;
    }
  };

  const togglePlay = () => {
    if (player.playing) player.pause();
    else {
      if (session.done()) { $('status').textContent = statusText(session.state()); return; }
      player.play();
    }
    $('play').textContent = player.playing ? 'Pause' : 'Play';
  };
  const stepOnce = () => {
    player.pause();
    const state = session.state();
    if (state.done) return;
    // One iteration = E then M; if an E-step was just taken, only the M-step remains.
    player.stepIteration(state.phase === 'E' ? 1 : 2);
    $('play').textContent = 'Play';
  };

  $('play').addEventListener('click', togglePlay);
  $('step').addEventListener('click', stepOnce);
  $('reset').addEventListener('click', () => { session.reset(); restarted(); });
  $('new-start').addEventListener('click', () => {
    const seed = Session.random_seed();
    const init = $('init').value === 'book' ? 'kmeans++' : $('init').value;
    const regCovar = init !== 'book' && Number($('reg-covar').value) === 0 ? 1e-6 : undefined;
    applySettings({ seed, init, ...(regCovar === undefined ? {} : { regCovar }) });
  });
  $('speed').addEventListener('input', () => { player.speed = Number($('speed').value); });
  player.speed = Number($('speed').value);

  $('settings').addEventListener('change', (ev) => {
    if (ev.target.id === 'x-col' || ev.target.id === 'y-col') {
      try {
        session.set_view_columns(Number($('x-col').value), Number($('y-col').value));
        player.invalidate();
      } catch (err) { $('settings-error').textContent = messageOf(err); }
      return;
    }
    applySettings();
  });
  $('settings').addEventListener('submit', (ev) => ev.preventDefault());

  $('fit').addEventListener('click', () => load($('data').value));
  $('preset').addEventListener('change', () => loadPreset($('preset').value));
  $('file').addEventListener('change', async () => {
    const file = $('file').files[0];
    if (!file) return;
    $('data').value = await file.text();
    load($('data').value);
  });
  const area = $('data');
  area.addEventListener('dragover', (ev) => { ev.preventDefault(); area.classList.add('dragging'); });
  area.addEventListener('dragleave', () => area.classList.remove('dragging'));
  area.addEventListener('drop', async (ev) => {
    ev.preventDefault();
    area.classList.remove('dragging');
    const file = ev.dataTransfer.files[0];
    if (!file) return;
    area.value = await file.text();
    load(area.value);
  });

  canvas.addEventListener('click', (ev) => {
    const rect = canvas.getBoundingClientRect();
    const x = (ev.clientX - rect.left) * (canvas.width / rect.width);
    const y = (ev.clientY - rect.top) * (canvas.height / rect.height);
    try {
      const row = session.add_point_at(canvas, x, y);
      if (row) {
        const text = area.value;
        area.value = text + (text.endsWith('\n') || text === '' ? '' : '\n') + row + '\n';
        refresh();
        player.invalidate();
      }
    } catch (err) { showRunError(err); }
  });

  document.addEventListener('keydown', (ev) => {
    const t = ev.target;
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    if (t instanceof HTMLElement && t.closest('input, textarea, select, button, [contenteditable]')) return;
    if (ev.key === ' ' || ev.code === 'Space') { ev.preventDefault(); togglePlay(); }
    else if (ev.key === 'ArrowRight') { ev.preventDefault(); stepOnce(); }
  });

  api = {
    load,
    step: () => { player.pause(); const r = session.step(); refresh(); player.cancelTween(); if (r && r.half === 'M') drawChart(); return r; },
    iterate: () => { player.pause(); const r = session.iterate(); refresh(); player.cancelTween(); drawChart(); return r; },
    play: () => { if (!player.playing) togglePlay(); },
    pause: () => { if (player.playing) togglePlay(); },
    state: () => session.state(),
    runToConvergence: () => { player.pause(); session.run_to_end(); refresh(); player.cancelTween(); drawChart(); return session.state(); },
    redraw: () => { player.invalidate(); session.render(canvas, 1); },
    timeIterations: (count) => session.time_iterations(count),
  };

  $('data').value = session.load_preset('old-faithful', 0);
  restarted();
  resize();
  readyResolve(true);
}
