// One emviz visualiser, mounted into any element: `await mount(root, options)`. It creates one
// wasm Session (which owns the data and the run), renders the markup, wires the controls and
// returns the instance API (load, step, iterate, play, pause, state, runToConvergence, on).
// No mathematics here: JS owns the DOM, events and the animation loop.
import { Player } from './player.js';
import { template } from './template.js';
import { renderTable, statusText, phaseText, readSettings, writeSettings, writeWeights, messageOf } from './ui.js';
import { wasmBindings } from './wasm.js';
import { features } from './features/index.js';
import { fillCovariance, modelPicture } from './models.js';
import { trackFocusPoint } from './pointpick.js';
import { t, setRich, translate, getLang, onLang } from './i18n.js';
import './strings.js';

let mounted = 0;

/** Data text above this size stays out of the Data box (only its start is shown): a textarea
 *  holding megabytes makes the browser's every frame slow (measured: 60 → 6 fps at 1e5 points). */
// Milliseconds of EM work per animation frame while playing; a longer half-step goes on next frame.
const STEP_BUDGET_MS = 6;
const LARGE_TEXT = 256 * 1024;
const PREVIEW_LINES = 500;

/** Every whole number of a range from Rust's rules. @param {import('emviz-wasm').Range} r */
const range = (r) => Array.from({ length: r.max - r.min + 1 }, (_, i) => r.min + i);

/**
 * Fills a <select> with `values` (Rust's, in Rust's order), each option worded by `words(value)`:
 * an i18n key, or a text every language writes the same (by default the value itself).
 * @param {HTMLSelectElement} select
 * @param {string[]} values
 * @param {(value: string) => { key?: string, text?: string }} [words]
 */
function fillOptions(select, values, words = (value) => ({ text: value })) {
  select.replaceChildren(...values.map((value) => {
    const { key, text } = words(value);
    const option = new Option(text ?? value, value);
    if (key) option.dataset.i18n = key;
    return option;
  }));
}

/** @typedef {import('emviz-wasm').Session} Session */
/** @typedef {typeof import('emviz-wasm').Session} SessionClass */
/** @typedef {import('emviz-wasm').State} State */
/** @typedef {import('emviz-wasm').StepReport} StepReport */
/** @typedef {import('emviz-wasm').RunCommand} RunCommand */
/** @typedef {{ preset?: string, data?: string, keyboard?: boolean }} MountOptions */

/**
 * @param {HTMLElement} root element to fill
 * @param {MountOptions} [options] { preset, data, keyboard (default true for the first instance) }
 */
export async function mount(root, options = {}) {
  const prefix = mounted++ === 0 ? '' : `emviz${mounted}-`;
  root.classList.add('emviz');
  root.innerHTML = template(prefix);
  translate(root);
  const refs = new Map([...root.querySelectorAll('[data-ref]')].map((e) => [/** @type {HTMLElement} */ (e).dataset.ref, e]));
  // The controls are elements of many kinds (inputs, selects, canvases); the values the Session
  // gives and takes are what the types check.
  /** @type {(name: string) => any} */
  const ref = (name) => refs.get(name);
  const { Session } = await wasmBindings();
  return new Instance(root, ref, new Session(), Session, prefix, options);
}

export class Instance {
  /**
   * @param {HTMLElement} root
   * @param {(name: string) => any} ref
   * @param {Session} session
   * @param {SessionClass} Session
   * @param {string} prefix
   * @param {MountOptions} options
   */
  constructor(root, ref, session, Session, prefix, options) {
    this.root = root;
    this.ref = ref;
    this.session = session;
    this.Session = Session;
    this.prefix = prefix;
    this.listeners = new Map();
    const canvas = ref('scatter');
    const chart = ref('chart');
    this.canvas = canvas;
    session.set_view({ lang: getLang() });
    onLang((lang) => this.relanguage(lang));

    // Every rule of the controls is Rust's (emviz_app::rules): the K range, the covariance types
    // and starts in their order, the seed's range, the components' colours.
    this.rules = Session.rules();
    fillOptions(ref('k'), range(this.rules.k).map(String));
    fillCovariance(ref('covariance'), this.rules);
    this.drawModelPicture = modelPicture(ref('covariance'), ref('modelPicture'), session, this.rules, (err) => { ref('settingsError').textContent = messageOf(err); });
    fillOptions(ref('init'), this.rules.inits, (init) => ({ key: `core.init.${init}` }));
    fillOptions(ref('method'), this.rules.methods, (m) => ({ key: `vb.method.${m}` }));
    ref('seed').min = String(this.rules.seed.min);
    ref('seed').max = String(this.rules.seed.max);
    ref('maxIter').min = String(this.rules.maxIter.min);
    ref('maxIter').max = String(this.rules.maxIter.max);
    translate(ref('settings'));

    this.player = new Player({
      step: () => {
        const progress = session.step_within(STEP_BUDGET_MS);
        return progress.pending ? { pending: true } : progress.report;
      },
      draw: (t) => {
        // Recolouring a very large data set may take a few frames: draw again until complete.
        try { if (!session.render(canvas, t, true)) this.player.invalidate(); } catch (err) { this.showRunError(err); }
        this.emit('draw', t);
      },
      onStep: (report) => {
        // While playing fast, the panels and charts follow at most ~8 times a second (the plot
        // and the status line follow every half-step); everything is exact again when it stops.
        const state = this.refresh({ throttle: this.player.playing && this.player.interval() < 120 });
        if (report.half === 'M' && !this.pendingPanels) this.drawChart();
        this.emit('step', report, state);
        if (state.done) this.emit('converged', state);
      },
      onStop: () => { this.refresh(); },
      onError: (err) => { this.refresh(); this.showRunError(err); },
    });

    const resize = () => {
      const ratio = window.devicePixelRatio || 1;
      session.set_view({ pixelRatio: ratio });
      for (const c of root.querySelectorAll('canvas[data-resize], canvas[data-ref="scatter"], canvas[data-ref="chart"]')) {
        const w = Math.max(50, Math.round(c.clientWidth * ratio));
        const h = Math.max(50, Math.round(c.clientHeight * ratio));
        if (c.width !== w || c.height !== h) { c.width = w; c.height = h; }
      }
      this.drawChart();
      this.player.invalidate();
      this.emit('resize');
    };
    this.resizeObserver = new ResizeObserver(resize);
    this.resizeObserver.observe(canvas);
    this.resizeObserver.observe(chart);
    this.resize = resize;

    ref('play').addEventListener('click', () => this.togglePlay());
    ref('step').addEventListener('click', () => this.stepOnce());
    ref('reset').addEventListener('click', () => { session.run({ kind: 'reset' }); this.restarted(); });
    // A fresh seed, drawn in Rust, which also says what a new start leaves behind (the book's
    // start, a zero reg_covar).
    ref('newStart').addEventListener('click', () => this.restartWith({ kind: 'newStart' }));
    ref('speed').addEventListener('input', () => { this.player.speed = Number(ref('speed').value); });
    this.player.speed = Number(ref('speed').value);

    ref('settings').addEventListener('change', (ev) => {
      if (ev.target === ref('xCol') || ev.target === ref('yCol')) {
        try {
          session.set_view({ columns: [Number(ref('xCol').value), Number(ref('yCol').value)] });
          this.player.invalidate();
          this.emit('view');
        } catch (err) { ref('settingsError').textContent = messageOf(err); }
        return;
      }
      this.applySettings({}, ev.target);
    });
    ref('settings').addEventListener('submit', (ev) => ev.preventDefault());

    const area = ref('data');
    // Fit keeps the weights column chosen; choosing another loads the text again with it.
    ref('fit').addEventListener('click', () => this.load(this.dataText(), { weightsColumn: this.weightsColumn() }));
    ref('weightsCol').addEventListener('change', () => this.load(this.dataText(), { weightsColumn: this.weightsColumn() }));
    ref('showAll').addEventListener('click', () => this.showAllText());
    ref('preset').addEventListener('change', () => this.loadPreset(ref('preset').value));
    ref('file').addEventListener('change', async () => {
      const file = ref('file').files[0];
      if (!file) return;
      this.setDataText(await file.text());
      this.load(this.dataText());
    });
    area.addEventListener('dragover', (ev) => { ev.preventDefault(); area.classList.add('dragging'); });
    area.addEventListener('dragleave', () => area.classList.remove('dragging'));
    area.addEventListener('drop', async (ev) => {
      ev.preventDefault();
      area.classList.remove('dragging');
      const file = ev.dataTransfer.files[0];
      if (!file) return;
      this.setDataText(await file.text());
      this.load(this.dataText());
    });

    canvas.addEventListener('click', (ev) => {
      if (this.emit('canvas-click', ev) === false) return;
      const [x, y] = this.canvasPoint(ev);
      try {
        const row = session.add_point_at(canvas, x, y);
        if (row) {
          this.appendDataRows(row + '\n');
          this.refresh();
          this.player.invalidate();
          this.emit('data');
        }
      } catch (err) { this.showRunError(err); }
    });

    if (options.keyboard ?? prefix === '') {
      document.addEventListener('keydown', (ev) => {
        const t = ev.target;
        if (ev.altKey || ev.ctrlKey || ev.metaKey || ev.defaultPrevented) return;
        if (t instanceof HTMLElement && t.closest('input, textarea, select, button, [contenteditable]')) return;
        if (this.emit('key', ev) === false) return;
        if (ev.key === ' ' || ev.code === 'Space') { ev.preventDefault(); this.togglePlay(); }
        else if (ev.key === 'ArrowRight') { ev.preventDefault(); this.stepOnce(); }
      });
    }

    this.options = options;
    // What the features add to the instance (each undefined until its feature is installed).
    /** @type {number} the data row the per-point panels follow (pointpick.js) */
    this.focusPoint = undefined;
    /** @type {(i: number) => boolean} chooses that row (pointpick.js) */
    this.choosePoint = undefined;
    /** @type {(i: number) => void} opens the point inspector on a row (inspect.js) */
    this.inspectPoint = undefined;
    /** @type {() => number | null} the row inspected (inspect.js) */
    this.inspectedPoint = undefined;
    /** @type {() => void} closes the point inspector (inspect.js) */
    this.closeInspector = undefined;
    /** @type {{ count: number, current: number, go(i: number): boolean, stop(): void } | undefined}
     *  the lecture driving this figure, if any (lecture.js): its steps, the one shown, go to one */
    this.lecture = undefined;
    /** @type {boolean} whether the point inspected was opened by a lecture step (lecture.js) */
    this.lecturePoint = false;
    /** @type {(id: string) => HTMLElement} the chapter's section a panel appends itself to (contents.js) */
    this.chapter = undefined;
    /** @type {() => string} the section shown (contents.js) */
    this.chapterSection = undefined;
    /** @type {(el: HTMLElement) => void} shows the section holding `el` (contents.js) */
    this.reveal = undefined;
    /** @type {(id: string) => void} */
    this.selectSection = undefined;
    /** @type {() => void} after a panel choice, shows the tabs with a panel shown (contents.js) */
    this.chapterView = undefined;
    /** @type {() => { qPoint: number, q: number[] }} §5.2.2's q(z) set by hand, and its point (bound.js) */
    this.handQ = undefined;
    /** @type {import('./workers.js').WorkerPool} the Web Workers of large data (features/workers.js) */
    this.workers = undefined;
    /** @type {{ enter: () => void, leave: () => void, presenting: () => boolean }} presenter mode (features/present.js) */
    this.presenter = undefined;
    // Points added (by clicking, or generated): the data is no longer the preset.
    this.on('data', () => { this.ref('preset').value = 'custom'; });
    trackFocusPoint(this);
    for (const feature of features) feature.install(this);

    if (options.data) this.load(options.data, { replaceText: true });
    else this.loadPreset(options.preset || 'old-faithful', { seed: 0 });
    resize();
  }

  /** The text of the data set: the Data box, or — when it is too large to keep in the box
   *  without slowing every frame — the full text kept aside while the box shows its start. */
  dataText() {
    return this.fullText ?? this.ref('data').value;
  }

  /** Puts data text in the Data box (a preview of its first lines if it is very large). */
  setDataText(text) {
    const area = this.ref('data');
    if (text.length <= LARGE_TEXT) {
      this.fullText = null;
      area.value = text;
      area.readOnly = false;
      this.ref('showAll').hidden = true;
      return;
    }
    this.fullText = text;
    const lines = text.split('\n', PREVIEW_LINES + 1).slice(0, PREVIEW_LINES);
    const rest = text.split('\n').length - PREVIEW_LINES;
    area.value = `${lines.join('\n')}\n${t('core.data.preview', { rows: rest.toLocaleString(), chars: text.length.toLocaleString() })}\n`;
    area.readOnly = true;
    this.ref('showAll').hidden = false;
  }

  /** Appends rows (text ending in a newline) to the data text. */
  appendDataRows(rows) {
    const text = this.dataText();
    this.setDataText(text + (text.endsWith('\n') || text === '' ? '' : '\n') + rows);
  }

  /** Puts the whole of a large text into the box for editing (slower page while it is there). */
  showAllText() {
    if (this.fullText === null || this.fullText === undefined) return;
    const area = this.ref('data');
    area.value = this.fullText;
    area.readOnly = false;
    this.fullText = null;
    this.ref('showAll').hidden = true;
  }

  /** Whether `el` is on screen (not in a hidden chapter section or a panel switched off):
   *  panels skip their work while hidden and catch up on the 'section' event. */
  isShown(el) {
    return el.checkVisibility ? el.checkVisibility() : el.offsetParent !== null;
  }

  /** The data-slot container called `name` (stage, side-top, side, data, wide). */
  slot(name) {
    return this.root.querySelector(`[data-slot="${name}"]`);
  }

  /** An id unique to this instance. */
  id(name) {
    return `${this.prefix}${name}`;
  }

  /** Canvas device-pixel coordinates of a mouse event. */
  canvasPoint(ev) {
    const rect = this.canvas.getBoundingClientRect();
    return [(ev.clientX - rect.left) * (this.canvas.width / rect.width), (ev.clientY - rect.top) * (this.canvas.height / rect.height)];
  }

  on(event, fn) {
    if (!this.listeners.has(event)) this.listeners.set(event, []);
    this.listeners.get(event).push(fn);
    return () => this.listeners.set(event, this.listeners.get(event).filter((f) => f !== fn));
  }

  /** Calls listeners; returns false if one of them returned false (to cancel a default). Also
   *  dispatches `emviz:<event>` on the root element for authors. */
  emit(event, ...args) {
    let result;
    for (const fn of this.listeners.get(event) || []) if (fn(...args) === false) result = false;
    if (['step', 'converged', 'restart', 'load'].includes(event)) {
      this.root.dispatchEvent(new CustomEvent(`emviz:${event}`, { detail: args[args.length - 1], bubbles: true }));
    }
    return result;
  }

  refresh({ throttle = false } = {}) {
    const { ref } = this;
    const state = this.session.state();
    ref('status').textContent = statusText(state);
    ref('status').classList.toggle('done', state.done);
    setRich(ref('phase'), phaseText(state));
    ref('warnings').textContent = state.warnings.join(' ');
    ref('play').textContent = t(this.player.playing ? 'core.pause' : 'core.play');
    if (throttle && !state.done) {
      if (!this.pendingPanels) {
        this.pendingPanels = setTimeout(() => {
          this.pendingPanels = null;
          this.refresh();
          this.drawChart();
        }, 120);
      }
      return state;
    }
    if (this.pendingPanels) {
      clearTimeout(this.pendingPanels);
      this.pendingPanels = null;
      this.drawChart();
    }
    renderTable(ref, state, this.rules.palette);
    this.emit('refresh', state);
    return state;
  }

  /** After a language change: Rust's messages and chart titles, then every dynamic text. */
  relanguage(lang) {
    this.session.set_view({ lang });
    this.refresh();
    writeWeights(this.ref, this.session.state()); // the weights' choices and caption, reworded
    this.drawChart();
    this.player.invalidate();
  }

  drawChart() {
    // The y axis's layout (labels, label area) is kept for tests.
    try { this.chartAxis = this.session.render_chart(this.ref('chart'), { kind: 'logLikelihood' }); } catch (err) { this.showRunError(err); }
  }

  showRunError(err) {
    this.ref('warnings').textContent = messageOf(err);
    this.ref('play').textContent = t('core.play');
  }

  restarted() {
    this.player.pause();
    this.player.cancelTween();
    const state = this.refresh();
    writeSettings(this.ref, state);
    this.drawModelPicture();
    this.drawChart();
    this.emit('restart', state);
    return state;
  }

  setDataError(msg) {
    this.ref('dataError').textContent = msg;
    this.ref('data').setAttribute('aria-invalid', msg ? 'true' : 'false');
  }

  /** The pasted column chosen as the points' sample weights (from 0), or null for none. */
  weightsColumn() {
    const v = this.ref('weightsCol').value;
    return v === '' ? null : Number(v);
  }

  /**
   * Parses text and starts a run on it, pasted column `weightsColumn` (from 0) as the points'
   * sample weights if given; on error shows it and keeps everything (the choice shown included).
   * @param {string} text
   * @param {{ replaceText?: boolean, weightsColumn?: number | null }} [options]
   */
  load(text, { replaceText = false, weightsColumn = null } = {}) {
    try {
      const { n, d, names } = this.session.load({ kind: 'text', text, weightsColumn });
      const loaded = { n, d, names };
      if (replaceText) this.setDataText(text);
      this.ref('preset').value = 'custom'; // the Preset box says: your data
      this.setDataError('');
      this.ref('settingsError').textContent = '';
      this.restarted();
      this.emit('load', loaded);
      return { ok: true, ...loaded };
    } catch (err) {
      if (replaceText && !this.dataText()) this.setDataText(text);
      const w = this.session.state().sampleWeights;
      this.ref('weightsCol').value = w ? String(w.column) : '';
      this.setDataError(messageOf(err));
      return { ok: false, error: messageOf(err) };
    }
  }

  /**
   * Loads a built-in data set; its random choices from `seed`, else from the Seed box's (a fresh
   * seed, drawn in Rust, for 0 or none).
   * @param {string} id
   * @param {{ seed?: number }} [options]
   */
  loadPreset(id, { seed } = {}) {
    try {
      const s = seed ?? (Number(this.ref('seed').value) || null);
      this.setDataText(this.session.load({ kind: 'preset', id, seed: s }).text);
      this.ref('preset').value = id;
      this.setDataError('');
      this.ref('settingsError').textContent = '';
      this.restarted();
      this.emit('load', { preset: id });
      return { ok: true };
    } catch (err) {
      this.setDataError(messageOf(err));
      return { ok: false, error: messageOf(err) };
    }
  }

  /**
   * Starts again with the form's settings, `changes` over them; on error shows it under the form.
   * @param {Partial<import('emviz-wasm').SettingsForm>} [changes]
   * @param {any} [field] the control that changed
   */
  applySettings(changes = {}, field = null) {
    try {
      this.session.apply_settings({ ...readSettings(this.ref), ...changes });
      this.ref('settingsError').textContent = '';
      this.restarted();
      return true;
    } catch (err) {
      this.ref('settingsError').textContent = messageOf(err);
      if (field && field.closest && field.closest('form')) field.setAttribute('aria-invalid', 'true');
      return false;
    }
  }

  /**
   * Runs a command that restarts the run (a new start, Choose K's best K); on error shows it
   * under the form.
   * @param {RunCommand} command
   */
  restartWith(command) {
    try {
      this.session.run(command);
      this.ref('settingsError').textContent = '';
      this.restarted();
      return true;
    } catch (err) {
      this.ref('settingsError').textContent = messageOf(err);
      return false;
    }
  }

  togglePlay() {
    if (this.player.playing) this.player.pause();
    else if (this.session.state().done) this.refresh();
    else this.player.play();
    this.ref('play').textContent = t(this.player.playing ? 'core.pause' : 'core.play');
  }

  stepOnce() {
    this.player.pause();
    const state = this.session.state();
    if (state.done) return;
    // One iteration = E then M; if an E-step was just taken, only the M-step remains.
    this.player.stepIteration(state.phase === 'E' ? 1 : 2);
    this.ref('play').textContent = t('core.play');
  }

  /** The programmatic API (window.emviz on the main page, and the custom element's methods). */
  api() {
    /** @type {(r: StepReport | null, chart: boolean) => [StepReport | null, State]} */
    const after = (r, chart) => { this.player.pause(); const s = this.refresh(); this.player.cancelTween(); if (chart) this.drawChart(); return [r, s]; };
    /** A command's report, or null when it took no half-step (the run was over). */
    const run = (/** @type {RunCommand} */ command) => this.session.run(command) ?? null;
    return {
      load: (text, { weightsColumn = null } = {}) => this.load(text, { replaceText: true, weightsColumn }),
      step: () => {
        const [r, s] = after(run({ kind: 'step' }), false);
        if (r && r.half === 'M') this.drawChart();
        if (r) this.emit('step', r, s);
        return r;
      },
      iterate: () => { const [r, s] = after(run({ kind: 'iterate' }), true); if (r) this.emit('step', r, s); return r; },
      play: () => { if (!this.player.playing) this.togglePlay(); },
      pause: () => { if (this.player.playing) this.togglePlay(); },
      state: () => this.session.state(),
      runToConvergence: () => { run({ kind: 'toEnd' }); after(null, true); return this.session.state(); },
      on: (event, fn) => this.on(event, fn),
      _redraw: () => { this.player.invalidate(); this.session.render(this.canvas, 1, false); },
      _timeIterations: (count) => this.session.time_iterations(count, 'page'),
      _timeEmIterations: (count) => this.session.time_iterations(count, 'em'),
    };
  }
}
