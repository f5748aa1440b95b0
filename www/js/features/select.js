// "Choose K" (slot 'wide'): fits K = 1…10 for the chosen covariance types in the background — a
// Rust SelectionJob does one start of one (K, type) fit per `select_advance`, called for a few
// milliseconds per animation frame so the page never freezes — then charts the chosen criterion (BIC, AIC or ICL: the
// switch) against K beside BIC (drawn in Rust), lists all three in a table, marks the best K by the chosen criterion and
// offers "Use K = N". Every number comes from the Session;
// the settings are the CLI's `emviz select --k-max K --n-init N --seed S` (k-means++ starts); the
// largest K, the starts' range and the covariance types are Rust's rules (Session.rules()).
import { register, t, translate, onLang, tRich, setRich } from '../i18n.js';
import { messageOf } from '../ui.js';

/** Milliseconds of fitting per animation frame before the page gets the main thread back (at
 *  least one start is done per frame; one start takes a few ms natively). */
const SLICE_MS = 6;
/** Redraw the chart at most this often while the job runs (drawing it costs a few ms too). */
const CHART_MS = 250;
/** The criteria the fits can be ranked by (Rust's `Criterion` names; lower is better). */
const CRITERIA = /** @type {const} */ (['bic', 'aic', 'icl']);

register({
  en: {
    'teach.select.title': 'Choose K',
    'teach.select.hint': 'Fits a mixture for every K from 1 to {max} (k-means++ starts from the seed in Settings, the best of several starts kept) and compares BIC, AIC and ICL: lower is better. BIC charges more for extra parameters, so it prefers fewer components; ICL adds to BIC twice the entropy of the classification, so it also charges components that overlap.',
    'teach.select.types': 'Covariance types',
    'teach.select.all': 'all four',
    'teach.select.nInit': 'Starts per K',
    'teach.select.kMax': 'Largest K',
    'teach.select.fit': 'Fit K = 1…{max}',
    'teach.select.cancel': 'Cancel',
    'teach.select.progress': 'Fitting K = {k} of {max} ({type})…',
    'teach.select.cancelled': 'Cancelled.',
    'teach.select.best': 'Lowest {criterion}: K = {k} with {type} covariances ({n} fits, {starts} starts each, seed {seed}).',
    'teach.select.criterion': 'Rank by',
    'teach.select.icl': 'ICL (lower is better)',
    'teach.select.use': 'Use K = {k}',
    'teach.select.useTitle': 'Restart the run with this K and covariance type (k-means++ start)',
    'teach.select.stale': 'The data changed since the fits: fit again.',
    'teach.select.chart': 'Chart of the chosen criterion against K beside BIC (or AIC), one line per covariance type; the ring marks the lowest value of the chosen criterion',
    'teach.select.x': 'number of components K',
    'teach.select.bic': 'BIC (lower is better)',
    'teach.select.aic': 'AIC (lower is better)',
    'teach.select.table': 'BIC, AIC and ICL',
    'teach.select.lowest': 'lowest',
    'teach.select.failed': 'failed',
    'teach.select.mclust': "mclust's 14 models",
    'teach.select.bestModel': 'Lowest {criterion}: model {model} with K = {k} ({n} fits, {starts} starts each, seed {seed}).',
    'teach.select.useModel': 'Use {model}, K = {k}',
    'teach.select.tableModels': '{criterion} per model (rows) and K (columns); † a component collapsed onto a point: shown, never chosen',
    'teach.select.model': 'model',
    'teach.select.degenerate': 'a component collapsed onto a point: never chosen',
  },
  ko: {
    'teach.select.title': 'K 정하기',
    'teach.select.hint': 'K = 1부터 {max}까지 각각 혼합 모델을 추정하고(설정의 시드로 k-means++ 초기화, 여러 번 시작해 가장 좋은 결과를 사용) BIC, AIC, ICL을 비교합니다. 값이 낮을수록 좋습니다. BIC는 파라미터가 늘어나는 것에 더 큰 벌점을 주므로 성분 수가 적은 모델을 고르는 편입니다. ICL은 BIC에 분류의 엔트로피의 두 배를 더하므로, 서로 겹치는 성분에도 벌점을 줍니다.',
    'teach.select.types': '공분산 유형',
    'teach.select.all': '네 가지 모두',
    'teach.select.nInit': 'K마다 시작 횟수',
    'teach.select.kMax': '가장 큰 K',
    'teach.select.fit': 'K = 1…{max} 추정하기',
    'teach.select.cancel': '취소',
    'teach.select.progress': 'K = {k} 추정 중 (전체 {max}개, {type})…',
    'teach.select.cancelled': '취소했습니다.',
    'teach.select.best': '{criterion} 최소 모델: K = {k}, 공분산 {type} (추정 {n}번, 각각 {starts}번 시작, 시드 {seed}).',
    'teach.select.criterion': '비교 기준',
    'teach.select.icl': 'ICL (낮을수록 좋음)',
    'teach.select.use': 'K = {k} 사용하기',
    'teach.select.useTitle': '이 K와 공분산 유형으로 EM을 다시 시작합니다 (k-means++ 초기화)',
    'teach.select.stale': '추정한 뒤에 데이터가 바뀌었습니다. 다시 추정해 주세요.',
    'teach.select.chart': 'K에 따른 선택한 기준과 BIC(또는 AIC) 차트. 공분산 유형마다 선이 하나이고, 고리는 선택한 기준이 가장 낮은 곳입니다',
    'teach.select.x': '성분 개수 K',
    'teach.select.bic': 'BIC (낮을수록 좋음)',
    'teach.select.aic': 'AIC (낮을수록 좋음)',
    'teach.select.table': 'BIC, AIC, ICL',
    'teach.select.lowest': '최소',
    'teach.select.failed': '실패',
    'teach.select.mclust': 'mclust의 모델 14가지',
    'teach.select.bestModel': '{criterion} 최소 모델: {model}, K = {k} (추정 {n}번, 각각 {starts}번 시작, 시드 {seed}).',
    'teach.select.useModel': '{model}, K = {k} 사용하기',
    'teach.select.tableModels': '모델(행)과 K(열)마다 {criterion}. † 한 점으로 무너진 성분이 있는 추정: 표시만 하고 고르지 않습니다',
    'teach.select.model': '모델',
    'teach.select.degenerate': '한 점으로 무너진 성분이 있습니다: 고르지 않습니다',
  },
  ja: {
    'teach.select.title': 'Kを選ぶ',
    'teach.select.hint': 'Kを1から{max}まで変えてそれぞれ混合モデルを推定し（設定のシードからk-means++で初期化し、複数の初期値のうち最良の結果を残します）、BIC・AIC・ICLを比較します。値が小さいほど良いモデルです。BICはパラメータが増えることにより大きなペナルティを課すので、成分数の少ないモデルを選びやすくなります。ICLはBICに分類のエントロピーの2倍を加えるので、重なり合う成分にもペナルティを課します。',
    'teach.select.types': '共分散の種類',
    'teach.select.all': '4種類すべて',
    'teach.select.nInit': 'Kごとの初期値の数',
    'teach.select.kMax': '最大のK',
    'teach.select.fit': 'K = 1…{max} を推定',
    'teach.select.cancel': 'キャンセル',
    'teach.select.progress': 'K = {k}/{max} を推定中（{type}）…',
    'teach.select.cancelled': 'キャンセルしました。',
    'teach.select.best': '{criterion}が最小のモデル：K = {k}、{type} 共分散（推定{n}回、それぞれ初期値{starts}個、シード {seed}）。',
    'teach.select.criterion': '比較の基準',
    'teach.select.icl': 'ICL（小さいほど良い）',
    'teach.select.use': 'K = {k} を使う',
    'teach.select.useTitle': 'このKと共分散の種類でEMをやり直します（k-means++で初期化）',
    'teach.select.stale': '推定の後でデータが変わりました。もう一度推定してください。',
    'teach.select.chart': 'Kに対する選んだ基準とBIC（またはAIC）のグラフ。共分散の種類ごとに線が1本あり、円は選んだ基準が最小の点を示します',
    'teach.select.x': '成分数 K',
    'teach.select.bic': 'BIC（小さいほど良い）',
    'teach.select.aic': 'AIC（小さいほど良い）',
    'teach.select.table': 'BIC・AIC・ICL',
    'teach.select.lowest': '最小',
    'teach.select.failed': '失敗',
    'teach.select.mclust': 'mclustの14モデル',
    'teach.select.bestModel': '{criterion}が最小のモデル：{model}、K = {k}（推定{n}回、それぞれ初期値{starts}個、シード {seed}）。',
    'teach.select.useModel': '{model}、K = {k} を使う',
    'teach.select.tableModels': 'モデル（行）とK（列）ごとの{criterion}。† 1点に潰れた成分がある推定：表示するだけで選びません',
    'teach.select.model': 'モデル',
    'teach.select.degenerate': '1点に潰れた成分があります：選びません',
  },
});

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const { session, rules } = instance;
  const kLimit = rules.selectK.max;
  const starts = rules.selectStarts;
  const id = (n) => instance.id(`select-${n}`);
  const panel = document.createElement('section');
  panel.className = 'panel teach-select';
  panel.setAttribute('aria-labelledby', id('title'));
  panel.innerHTML = `
    <h2 id="${id('title')}" data-i18n="teach.select.title"></h2>
    <p class="hint" data-out="hint"></p>
    <div class="select-controls">
      <div class="field"><label for="${id('types')}" data-i18n="teach.select.types"></label>
        <select id="${id('types')}">
          <option value="all" data-i18n="teach.select.all"></option>
          ${rules.covarianceTypes.map((type) => `<option value="${type}">${type}</option>`).join('')}
          <option value="mclust" data-i18n="teach.select.mclust"></option>
        </select>
      </div>
      <div class="field"><label for="${id('k-max')}" data-i18n="teach.select.kMax"></label>
        <select id="${id('k-max')}" data-out="k-max">
          ${Array.from({ length: kLimit - rules.selectK.min + 1 }, (_, i) => rules.selectK.min + i).map((k) => `<option value="${k}"${k === kLimit ? ' selected' : ''}>${k}</option>`).join('')}
        </select>
      </div>
      <div class="field"><label for="${id('n-init')}" data-i18n="teach.select.nInit"></label>
        <input id="${id('n-init')}" type="number" min="${starts.min}" max="${starts.max}" step="1" value="${rules.selectStartsDefault}" inputmode="numeric"></div>
      <div class="field"><label for="${id('criterion')}" data-i18n="teach.select.criterion"></label>
        <select id="${id('criterion')}" data-out="criterion">
          ${CRITERIA.map((c) => `<option value="${c}">${c.toUpperCase()}</option>`).join('')}
        </select>
      </div>
      <button type="button" class="primary" data-act="fit"></button>
      <button type="button" data-act="cancel" data-i18n="teach.select.cancel" hidden></button>
    </div>
    <progress max="${kLimit}" value="0" hidden aria-labelledby="${id('status')}"></progress>
    <p id="${id('status')}" class="select-status" role="status" aria-live="polite"></p>
    <p class="error" role="alert"></p>
    <p class="select-best"></p>
    <button type="button" data-act="use" data-i18n-attr="title:teach.select.useTitle" disabled hidden></button>
    <div class="select-body" hidden>
      <canvas data-resize class="select-chart" role="img" data-i18n-attr="aria-label:teach.select.chart"></canvas>
      <div class="select-table-wrap"><table class="select-table"><caption></caption><thead></thead><tbody></tbody></table></div>
    </div>`;
  instance.slot('wide').append(panel);
  translate(panel);

  const q = (sel) => panel.querySelector(sel);
  const [types, nInit, fitBtn, cancelBtn, useBtn] = [q('select'), q('input'), q('[data-act="fit"]'), q('[data-act="cancel"]'), q('[data-act="use"]')];
  const criterion = /** @type {HTMLSelectElement} */ (q('[data-out="criterion"]'));
  const kMaxSelect = /** @type {HTMLSelectElement} */ (q('[data-out="k-max"]'));
  /** The largest K chosen (Rust checks it). */
  const kMax = () => Number(kMaxSelect.value);
  const [progress, status, error, bestLine, canvas, table] = [q('progress'), q('.select-status'), q('.error'), q('.select-best'), q('canvas'), q('table')];
  const body = q('.select-body');
  /** Shows or hides the chart and table (the chart's canvas is sized once it is visible). */
  const showBody = (on) => {
    if (body.hidden === !on) return;
    body.hidden = !on;
    if (on) instance.resize();
  };
  let timer = null;
  let drawnAt = 0;
  let lastProgress = null;
  let result = null;

  const draw = () => {
    try { session.render_chart(canvas, { kind: 'selection', x: t('teach.select.x'), bic: t('teach.select.bic'), aic: t('teach.select.aic'), icl: t('teach.select.icl') }); } catch (err) { error.textContent = messageOf(err); }
  };

  const showProgress = (p) => {
    lastProgress = p;
    progress.max = p.startsTotal;
    progress.value = p.startsDone;
    status.textContent = p.finished ? '' : t('teach.select.progress', { k: p.nextK, max: p.kMax, type: p.nextType });
  };

  const running = (on) => {
    fitBtn.disabled = on;
    cancelBtn.hidden = !on;
    progress.hidden = !on;
    panel.setAttribute('aria-busy', on ? 'true' : 'false');
  };

  const showResult = (r) => {
    result = r;
    panel.dataset.bestK = r ? String(r.bestK) : '';
    panel.dataset.criterion = criterion.value;
    panel.dataset.bestModel = r ? r.bestModel : '';
    const words = { criterion: r?.criterion.toUpperCase(), k: r?.bestK, type: r?.bestType, model: r?.bestModel, n: r?.types.reduce((a, ts) => a + ts.rows.length, 0), starts: r?.nInit, seed: r?.seed };
    bestLine.textContent = r ? t(r.models ? 'teach.select.bestModel' : 'teach.select.best', words) : '';
    useBtn.hidden = !r;
    useBtn.disabled = !r;
    useBtn.textContent = r ? t(r.models ? 'teach.select.useModel' : 'teach.select.use', words) : '';
    table.hidden = !r;
    if (r?.models) renderModelTable(r); else renderTable(r);
  };

  const renderTable = (r) => {
    const thead = table.tHead;
    const tbody = table.tBodies[0];
    thead.replaceChildren();
    tbody.replaceChildren();
    table.caption.textContent = t('teach.select.table');
    table.classList.remove('by-model');
    if (!r) return;
    const top = thead.insertRow();
    const kHead = document.createElement('th');
    kHead.scope = 'col';
    kHead.rowSpan = 2;
    kHead.textContent = 'K';
    top.append(kHead);
    const sub = thead.insertRow();
    for (const ts of r.types) {
      const th = document.createElement('th');
      th.scope = 'colgroup';
      th.colSpan = CRITERIA.length;
      th.textContent = ts.covarianceType;
      top.append(th);
      for (const name of CRITERIA) {
        const h = document.createElement('th');
        h.scope = 'col';
        h.textContent = name.toUpperCase();
        h.classList.toggle('chosen', name === r.criterion);
        sub.append(h);
      }
    }
    const rows = Math.max(...r.types.map((ts) => ts.rows.length));
    for (let i = 0; i < rows; i++) {
      const tr = tbody.insertRow();
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = String(r.types[0].rows[i].k);
      tr.append(th);
      for (const ts of r.types) {
        const row = ts.rows[i];
        for (const [key, best] of /** @type {const} */ ([['bic', ts.bestBic], ['aic', ts.bestAic], ['icl', ts.bestIcl]])) {
          const td = tr.insertCell();
          const v = row[key];
          td.textContent = v === null || v === undefined ? t('teach.select.failed') : v.toFixed(2);
          td.dataset.type = ts.covarianceType;
          td.dataset.criterion = key;
          td.classList.toggle('chosen', key === r.criterion);
          if (row.k === best) {
            td.classList.add('best');
            const mark = document.createElement('span');
            mark.className = 'visually-hidden';
            mark.textContent = ` (${t('teach.select.lowest')})`;
            td.append(' *', mark);
          }
        }
      }
    }
  };

  /** Over mclust's models: a row per model, a column per K, the chosen criterion's values (as
   *  mclust prints its BIC table); the best cell marked, a degenerate fit's value daggered. */
  const renderModelTable = (r) => {
    const thead = table.tHead;
    const tbody = table.tBodies[0];
    thead.replaceChildren();
    tbody.replaceChildren();
    table.caption.textContent = t('teach.select.tableModels', { criterion: r.criterion.toUpperCase() });
    table.classList.add('by-model');
    const top = thead.insertRow();
    const corner = document.createElement('th');
    corner.scope = 'col';
    corner.textContent = `${t('teach.select.model')} \\ K`;
    top.append(corner);
    for (const row of r.types[0].rows) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = String(row.k);
      top.append(th);
    }
    for (const ts of r.types) {
      const tr = tbody.insertRow();
      tr.dataset.model = ts.model;
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = ts.covarianceType;
      tr.append(th);
      for (const row of ts.rows) {
        const td = tr.insertCell();
        const v = row[r.criterion];
        td.textContent = v === null || v === undefined ? t('teach.select.failed') : v.toFixed(1);
        td.dataset.model = ts.model;
        td.dataset.k = String(row.k);
        td.dataset.criterion = r.criterion;
        if (row.degenerate) {
          td.classList.add('degenerate');
          td.title = t('teach.select.degenerate');
          td.append(' \u2020');
        }
        if (ts.model === r.bestModel && row.k === r.bestK) {
          td.classList.add('best');
          const mark = document.createElement('span');
          mark.className = 'visually-hidden';
          mark.textContent = ` (${t('teach.select.lowest')})`;
          td.append(' *', mark);
        }
      }
    }
  };

  const stop = () => {
    if (timer !== null) cancelAnimationFrame(timer);
    timer = null;
    running(false);
  };

  const slice = () => {
    timer = null;
    const start = performance.now();
    let p;
    try {
      do { p = session.select({ kind: 'advance' }).progress; } while (!p.finished && performance.now() - start < SLICE_MS);
    } catch (err) {
      stop();
      error.textContent = messageOf(err);
      return;
    }
    showProgress(p);
    if (!p.finished) {
      // Chart the new rows in a frame of their own, now and then.
      if (performance.now() - drawnAt > CHART_MS) {
        drawnAt = performance.now();
        timer = requestAnimationFrame(() => { draw(); timer = requestAnimationFrame(slice); });
      } else {
        timer = requestAnimationFrame(slice);
      }
      return;
    }
    draw();
    stop();
    try { showResult(session.select({ kind: 'peek' }).result); } catch (err) { error.textContent = messageOf(err); }
  };

  fitBtn.addEventListener('click', () => {
    stop();
    error.textContent = '';
    showResult(null);
    try {
      showProgress(session.select({ kind: 'start', types: types.value, kMax: kMax(), nInit: nInit.value }).progress);
    } catch (err) {
      error.textContent = messageOf(err);
      nInit.setAttribute('aria-invalid', 'true');
      return;
    }
    nInit.setAttribute('aria-invalid', 'false');
    running(true);
    showBody(true);
    draw();
    timer = requestAnimationFrame(slice);
  });

  // The switch re-ranks the finished fits (or the ones to come): the best K, the chart's ring and
  // "Use K" follow it; Rust keeps the choice.
  criterion.addEventListener('change', () => {
    try {
      const view = session.select({ kind: 'criterion', criterion: /** @type {'bic' | 'aic' | 'icl'} */ (criterion.value) });
      if (result) showResult(view.result);
    } catch (err) { error.textContent = messageOf(err); }
    panel.dataset.criterion = criterion.value;
    draw();
  });

  cancelBtn.addEventListener('click', () => {
    stop();
    session.select({ kind: 'cancel' });
    showResult(null);
    showBody(false);
    lastProgress = null;
    setRich(status, tRich('teach.select.cancelled'));
  });

  // Rust restarts the run with the fits' settings: the best K and type, k-means++ from the run's
  // seed, and the reg_covar a new start takes.
  useBtn.addEventListener('click', () => {
    if (!result) return;
    try {
      session.select({ kind: 'use' });
      instance.ref('settingsError').textContent = '';
      instance.restarted();
    } catch (err) { error.textContent = messageOf(err); }
  });

  // New data makes the table stale: stop and say so.
  instance.on('load', () => {
    if (timer === null && !result) return;
    stop();
    session.select({ kind: 'cancel' });
    showResult(null);
    showBody(false);
    setRich(status, tRich('teach.select.stale'));
  });
  instance.on('resize', draw);
  const words = () => {
    table.caption.textContent = t('teach.select.table');
    q('[data-out="hint"]').textContent = t('teach.select.hint', { max: kMax() });
    fitBtn.textContent = t('teach.select.fit', { max: kMax() });
  };
  kMaxSelect.addEventListener('change', words);
  words();
  onLang(() => {
    words();
    if (lastProgress && timer !== null) showProgress(lastProgress);
    if (result) showResult(result);
    draw();
  });
  draw();
}
