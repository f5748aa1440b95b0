// DOM helpers: the component table, the status line, and reading/writing the settings controls.
// Formatting only; the numbers come from Session.state().

const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#d55e00', '#56b4e9', '#f0e442', '#882255', '#999933', '#332288'];


export function fmt(v, digits = 4) {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  const s = a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(2) : v.toFixed(a >= 100 ? 2 : digits - (a >= 10 ? 1 : 0));
  return s.replace('-', '−');
}

export function renderTable(ref, state) {
  const body = ref('components').tBodies[0];
  const rows = state.weights.map((w, j) => {
    const mean = state.means[j].map((v) => fmt(v, 3)).join(', ');
    const cov = state.covariances[j].map((row) => row.map((v) => fmt(v, 3).padStart(8)).join(' ')).join('\n');
    return `<tr style="--c:${PALETTE[j % 10]}">
      <th scope="row"><span class="swatch" style="background:${PALETTE[j % 10]}"></span>${j + 1}</th>
      <td>${fmt(w, 3)}</td><td>(${mean})</td><td class="matrix">${cov}</td></tr>`;
  });
  body.innerHTML = rows.join('');
}

export function statusText(state, extra) {
  const ll = `log-likelihood ${fmt(state.logLikelihood, 5)}`;
  if (state.done && state.converged) return `Converged after ${state.iteration} iterations · ${ll}`;
  if (state.done) return `Stopped after ${state.iteration} iterations (max iterations) without converging · ${ll}`;
  const phase = { start: 'at the start', E: 'after the E-step', M: 'after the M-step' }[state.phase];
  return `Iteration ${state.iteration} · ${phase} · ${ll}${extra ? ' · ' + extra : ''}`;
}

export function phaseText(state) {
  if (state.phase === 'E') return `E-step: each point's colour is now its responsibilities q(z) = p(z | x; θ) — ELBO = log p(x), KL = 0 (seed ${state.seed}).`;
  if (state.phase === 'M') return `M-step: weights, means and covariances re-estimated from the responsibilities — ELBO rose, KL gap ${fmt(state.kl, 4)} (seed ${state.seed}).`;
  return `Start: points are grey until the first E-step assigns them (seed ${state.seed}).`;
}

/** Reads the settings controls into the object Session.apply_settings expects. */
export function readSettings(ref) {
  const num = (name) => {
    const input = ref(name);
    const raw = input.value.trim();
    const v = Number(raw);
    if (raw === '' || !Number.isFinite(v)) throw new Error(`${input.labels[0].textContent.trim()}: "${raw}" is not a number`);
    return v;
  };
  const seed = num('seed');
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`Seed: "${ref('seed').value}" must be a whole number ≥ 0`);
  const maxIter = num('maxIter');
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new Error(`Max iterations: "${ref('maxIter').value}" must be a whole number ≥ 1`);
  return {
    k: Number(ref('k').value),
    covarianceType: ref('covariance').value,
    init: ref('init').value,
    seed,
    tol: num('tol'),
    maxIter,
    regCovar: num('regCovar'),
  };
}

/** Shows the run's settings in the controls. */
export function writeSettings(ref, state) {
  const s = state.settings;
  ref('k').value = String(s.k);
  ref('covariance').value = s.covarianceType;
  ref('init').value = s.init;
  ref('seed').value = String(s.seed);
  ref('tol').value = String(s.tol);
  ref('maxIter').value = String(s.maxIter);
  ref('regCovar').value = String(s.regCovar);
  ref('init').querySelector('option[value="book"]').disabled = !(s.k === 2 && state.d === 2);
  for (const name of ['seed', 'tol', 'maxIter', 'regCovar']) ref(name).removeAttribute('aria-invalid');
  const many = state.d > 2;
  ref('xColField').hidden = !many;
  ref('yColField').hidden = !many;
  for (const [name, col] of [['xCol', state.viewColumns[0]], ['yCol', state.viewColumns[1]]]) {
    const sel = ref(name);
    sel.innerHTML = state.names.map((n, i) => `<option value="${i}">${escapeHtml(n)}</option>`).join('');
    sel.value = String(col);
  }
}

export function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** The message of anything thrown by wasm (JsError) or JS. */
export function messageOf(err) {
  return err instanceof Error ? err.message : String(err);
}
