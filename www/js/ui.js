// DOM helpers: the component table, the status line, and reading/writing the settings controls.
// Formatting only; the numbers come from Session.state(); the words from i18n (strings.js).
import { t, setRich, tRich } from './i18n.js';



export function fmt(v, digits = 4) {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  const s = a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(2) : v.toFixed(a >= 100 ? 2 : digits - (a >= 10 ? 1 : 0));
  return s.replaceAll('-', '−');
}

/** `v` with exactly `digits` decimals and a true minus sign (−). */
export function fixed(v, digits) {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return v.toFixed(digits).replaceAll('-', '−');
}

/**
 * The component table; `palette` is the components' CSS colours (Session.rules().palette).
 * @param {(name: string) => any} ref
 * @param {import('emviz-wasm').State} state
 * @param {string[]} palette
 */
export function renderTable(ref, state, palette) {
  // In 1-D a component's covariance is one variance, σ² (the blog's notation).
  const head = ref('components').querySelector('[data-i18n="core.covariance"], [data-i18n="core.variance"]');
  const key = state.d === 1 ? 'core.variance' : 'core.covariance';
  if (head && head.dataset.i18n !== key) { head.dataset.i18n = key; setRich(head, tRich(key)); }
  const body = ref('components').tBodies[0];
  const rows = state.weights.map((w, j) => {
    const mean = state.means[j].map((v) => fmt(v, 3)).join(', ');
    const cov = state.covariances[j].map((row) => row.map((v) => fmt(v, 3).padStart(8)).join(' ')).join('\n');
    const c = palette[j % palette.length];
    return `<tr style="--c:${c}">
      <th scope="row"><span class="swatch" style="background:${c}"></span>${j + 1}</th>
      <td>${fmt(w, 3)}</td><td>(${mean})</td><td class="matrix">${cov}</td></tr>`;
  });
  body.innerHTML = rows.join('');
}

export function statusText(state, extra) {
  // Under variational Bayes the status also says how many components keep E[π] above 0.01.
  const inUse = state.componentsInUse == null ? '' : ' · ' + t('vb.inUse', { used: state.componentsInUse, k: state.k });
  // A weighted run says so, with Σw (the n of its mean log-likelihood).
  const total = state.sampleWeights?.total ?? 0;
  const weighted = state.sampleWeights ? ' · ' + t('status.weighted', { total: Number.isInteger(total) ? String(total) : fmt(total, 6) }) : '';
  const ll = t('status.ll', { value: fmt(state.logLikelihood, 5) }) + inUse + weighted;
  const n = state.iteration;
  if (state.done && state.converged) return t('status.converged', { n, ll });
  if (state.done) return t('status.stopped', { n, ll });
  const phase = t(`status.phase.${state.phase}`);
  return t('status.running', { n, phase, ll }) + (extra ? ' · ' + extra : '');
}

/** The line under the status: what the half-step shown did (rich text: show it with setRich). */
export function phaseText(state) {
  if (state.componentsInUse != null) {
    // Variational Bayes: q(z) from E[ln π] and E[ln |Λ|], q(θ) from the same sums, its bound.
    if (state.phase === 'E') return tRich('vb.phase.E', { seed: state.seed });
    if (state.phase === 'M') return tRich('vb.phase.M', { bound: fmt(state.vbBound ?? NaN, 6), seed: state.seed });
    return tRich('vb.phase.start', { seed: state.seed });
  }
  if (state.phase === 'E') return tRich('phase.E', { seed: state.seed });
  if (state.phase === 'M') return tRich('phase.M', { kl: fmt(state.kl, 4), seed: state.seed });
  return tRich('phase.start', { seed: state.seed });
}

/**
 * Reads the settings controls as typed: each field's text (Rust reads and checks every field, in
 * the page's language).
 * @param {(name: string) => any} ref
 * @returns {import('emviz-wasm').SettingsForm}
 */
export function readSettings(ref) {
  const text = (/** @type {string} */ name) => String(ref(name).value);
  return {
    k: text('k'),
    covarianceType: text('covariance'),
    init: text('init'),
    seed: text('seed'),
    tol: text('tol'),
    maxIter: text('maxIter'),
    regCovar: text('regCovar'),
    method: text('method'),
  };
}

/**
 * Shows the run's settings in the controls.
 * @param {(name: string) => any} ref
 * @param {import('emviz-wasm').State} state
 */
export function writeSettings(ref, state) {
  const s = state.settings;
  ref('k').value = String(s.k);
  ref('covariance').value = s.model ?? s.covarianceType;
  ref('init').value = s.init;
  ref('seed').value = String(s.seed);
  ref('tol').value = String(s.tol);
  ref('maxIter').value = String(s.maxIter);
  ref('regCovar').value = String(s.regCovar);
  ref('method').value = s.method;
  ref('init').querySelector('option[value="book"]').disabled = !state.bookStartApplies;
  for (const name of ['seed', 'tol', 'maxIter', 'regCovar']) ref(name).removeAttribute('aria-invalid');
  const many = state.d > 2;
  ref('xColField').hidden = !many;
  ref('yColField').hidden = !many;
  for (const [name, col] of /** @type {[string, number][]} */ ([['xCol', state.viewColumns[0]], ['yCol', state.viewColumns[1]]])) {
    const sel = ref(name);
    sel.innerHTML = state.names.map((n, i) => `<option value="${i}">${escapeHtml(n)}</option>`).join('');
    sel.value = String(col);
  }
  writeWeights(ref, state);
}

/**
 * Shows which pasted column weights the points (the choices: every pasted column of data with two
 * or more), and the plot's caption saying the points' areas show the weights.
 * @param {(name: string) => any} ref
 * @param {import('emviz-wasm').State} state
 */
export function writeWeights(ref, state) {
  const w = state.sampleWeights;
  ref('weightsColField').hidden = state.tableNames.length < 2;
  const none = `<option value="">${escapeHtml(t('core.weightsNone'))}</option>`;
  ref('weightsCol').innerHTML = none + state.tableNames.map((n, i) => `<option value="${i}">${escapeHtml(n)}</option>`).join('');
  ref('weightsCol').value = w ? String(w.column) : '';
  ref('weightsCaption').hidden = !w;
  ref('weightsCaption').textContent = w ? t('core.weightsCaption', { name: w.name }) : '';
}

export function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** The message of anything thrown by wasm (JsError) or JS. */
export function messageOf(err) {
  return err instanceof Error ? err.message : String(err);
}
