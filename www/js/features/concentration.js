// The concentration panel (issue 22; first in slot 'stage', shown under variational Bayes): scikit-learn's
// example "Concentration Prior Type Analysis of Variation Bayesian Gaussian Mixture", live. A
// log-scale slider of the weight concentration prior (its stops, the default 1/K and every number
// are Rust's: emviz_app::concentration); letting go of it refits the page's VB run from the same
// start (Session.concentration({kind: 'set'})), and this panel runs it to its end a few
// milliseconds per frame, so the main figure's components fade in or out. Beside it Rust draws
// the components in use against the prior for both weight priors (a whole VB fit per value, a
// few fits per frame, on a subset of large data) and the run's expected weights as bars.
import { register, t, translate, onLang } from '../i18n.js';
import { messageOf } from '../ui.js';

register({
  en: {
    'vb.conc.title': 'Concentration prior',
    'vb.conc.about': 'The weight concentration prior (γ_{0} for the Dirichlet process, α_{0} for the Dirichlet distribution) says how many components the mixing weights are expected to use before the data are seen. A small value leaves only a few components any weight — the Dirichlet process switches the surplus off more sharply — while a large one spreads the weights over all K.',
    'vb.conc.slider': 'Concentration prior',
    'vb.conc.value': '{value} (default 1/K = {default})',
    'vb.conc.valueSet': '{value}',
    'vb.conc.default': 'Default 1/K',
    'vb.conc.defaultTitle': "Back to scikit-learn's default, 1/K",
    'vb.conc.mark': '1/K',
    'vb.conc.chart': 'Chart: the number of components in use against the concentration prior for both weight priors, and the expected mixing weights of this run as bars',
    'vb.conc.x': 'concentration prior (log scale)',
    'vb.conc.y': 'components in use',
    'vb.conc.weights': 'expected mixing weights E[π] of this run',
    'vb.conc.component': 'component',
    'vb.conc.sweep': 'Each point of the chart is a whole variational Bayes fit from this start ({fits} fits); the vertical line is the prior in use, the dashed one the default 1/K.',
    'vb.conc.fitting': 'Fitting the chart: {fitted} of {total} variational Bayes fits from this start…',
    'vb.conc.subset': 'The fits of the chart used an evenly spaced subset of {rows} of the {n} points, so that the page never freezes.',
  },
  ko: {
    'vb.conc.title': '집중도 사전 분포',
    'vb.conc.about': '가중치 집중도 사전 분포(디리클레 과정의 γ_{0}, 디리클레 분포의 α_{0})는 데이터를 보기 전에 혼합 가중치가 성분을 몇 개나 쓸지를 정합니다. 값이 작으면 소수의 성분만 가중치를 받고(디리클레 과정이 남는 성분을 더 뚜렷하게 끕니다), 값이 크면 가중치가 K개 성분 모두에 퍼집니다.',
    'vb.conc.slider': '집중도 사전 분포',
    'vb.conc.value': '{value} (기본값 1/K = {default})',
    'vb.conc.valueSet': '{value}',
    'vb.conc.default': '기본값 1/K',
    'vb.conc.defaultTitle': 'scikit-learn의 기본값 1/K로 돌아갑니다',
    'vb.conc.mark': '1/K',
    'vb.conc.chart': '차트: 두 가중치 사전 분포에 대해 집중도 사전 분포에 따른 사용 중인 성분의 수, 그리고 이 실행의 혼합 가중치 기댓값 막대',
    'vb.conc.x': '집중도 사전 분포(로그 척도)',
    'vb.conc.y': '사용 중인 성분 수',
    'vb.conc.weights': '이 실행의 혼합 가중치 기댓값 E[π]',
    'vb.conc.component': '성분',
    'vb.conc.sweep': '차트의 각 점은 이 시작점에서 변분 베이즈를 끝까지 맞춘 결과입니다(맞춤 {fits}번). 세로 실선은 지금 쓰는 값, 점선은 기본값 1/K입니다.',
    'vb.conc.fitting': '차트를 맞추는 중: 이 시작점에서 변분 베이즈 맞춤 {total}번 중 {fitted}번…',
    'vb.conc.subset': '페이지가 멈추지 않도록 차트의 맞춤에는 점 {n}개 중 고르게 뽑은 {rows}개만 썼습니다.',
  },
  ja: {
    'vb.conc.title': '集中度の事前分布',
    'vb.conc.about': '重みの集中度の事前分布（ディリクレ過程では γ_{0}、ディリクレ分布では α_{0}）は、データを見る前に混合係数がいくつの成分を使うと見込むかを決めます。小さい値ではごく少数の成分だけが重みを持ち（ディリクレ過程のほうが余った成分をはっきり切ります）、大きい値では重みがK個すべての成分に広がります。',
    'vb.conc.slider': '集中度の事前分布',
    'vb.conc.value': '{value}（既定値 1/K = {default}）',
    'vb.conc.valueSet': '{value}',
    'vb.conc.default': '既定値 1/K',
    'vb.conc.defaultTitle': 'scikit-learnの既定値 1/K に戻します',
    'vb.conc.mark': '1/K',
    'vb.conc.chart': 'グラフ：二つの重みの事前分布について、集中度の事前分布に対する使用中の成分の数と、この実行の混合係数の期待値の棒グラフ',
    'vb.conc.x': '集中度の事前分布（対数目盛）',
    'vb.conc.y': '使用中の成分の数',
    'vb.conc.weights': 'この実行の混合係数の期待値 E[π]',
    'vb.conc.component': '成分',
    'vb.conc.sweep': 'グラフの各点は、この初期値から変分ベイズを最後まで当てはめた結果です（{fits}回）。縦の実線は使用中の値、破線は既定値 1/K です。',
    'vb.conc.fitting': 'グラフを計算中：この初期値からの変分ベイズの当てはめ{total}回のうち{fitted}回…',
    'vb.conc.subset': 'ページが止まらないよう、グラフの当てはめには{n}個の点から等間隔に選んだ{rows}個だけを使いました。',
  },
});

/** Milliseconds of the refitted run's half-steps per animation frame. */
const FRAME_MS = 12;

/** A prior as the panel writes it: up to three significant digits, as Rust rounded the stops. */
const show = (/** @type {number} */ v) => String(Number(v.toPrecision(3)));

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const { session } = instance;
  const id = (n) => instance.id(`conc-${n}`);
  const panel = document.createElement('section');
  panel.className = 'panel vb-concentration';
  panel.dataset.panel = 'concentration';
  panel.setAttribute('aria-labelledby', id('title'));
  panel.hidden = true;
  panel.innerHTML = `
    <h2 id="${id('title')}" data-i18n="vb.conc.title"></h2>
    <p class="hint" data-i18n="vb.conc.about"></p>
    <div class="conc-controls">
      <label for="${id('slider')}" data-i18n="vb.conc.slider"></label>
      <div class="conc-track">
        <input id="${id('slider')}" type="range" min="0" step="1" aria-describedby="${id('value')}">
        <span class="conc-default-mark" aria-hidden="true" data-i18n="vb.conc.mark"></span>
      </div>
      <output id="${id('value')}" class="conc-value" for="${id('slider')}"></output>
      <button type="button" data-act="default" data-i18n="vb.conc.default" data-i18n-attr="title:vb.conc.defaultTitle"></button>
    </div>
    <p class="error" role="alert"></p>
    <canvas data-resize class="conc-chart" role="img" data-i18n-attr="aria-label:vb.conc.chart"></canvas>
    <p class="conc-sweep"></p>
    <p class="conc-subset" hidden></p>`;
  // Just under the figure and its status line, so the components fading in or out stay in view.
  instance.slot('stage').prepend(panel);
  translate(panel);
  const q = (sel) => panel.querySelector(sel);
  const slider = /** @type {HTMLInputElement} */ (q('input'));
  const [output, mark, error, canvas, sweepLine, subsetLine] = [q('output'), q('.conc-default-mark'), q('.error'), q('canvas'), q('.conc-sweep'), q('.conc-subset')];

  /** @type {import('emviz-wasm').ConcentrationView | null} */
  let view = null;

  const words = () => ({
    x: t('vb.conc.x'),
    y: t('vb.conc.y'),
    weights: t('vb.conc.weights'),
    component: t('vb.conc.component'),
    // The weight priors in Rust's order (the methods after EM), as the sweep's lines come.
    priors: instance.rules.methods.filter((m) => m !== 'em').map((m) => t(`vb.method.${m}`)),
    default: t('vb.conc.mark'),
  });

  const readout = (/** @type {number} */ stop) => {
    if (!view) return;
    const value = view.stops[stop];
    output.textContent = view.value == null && stop === view.stop
      ? t('vb.conc.value', { value: show(view.inUse), default: show(view.default) })
      : t('vb.conc.valueSet', { value: show(value) });
  };

  /** A frame already asked for to go on with the sweep. */
  let more = 0;

  /** Asks Rust for the panel — a few more fits of its sweep each time, until all are made (the
   *  sweep is kept while the data, settings and start stay) — and draws its chart. */
  const refresh = () => {
    if (panel.hidden) return;
    try {
      view = session.concentration({ kind: 'show', words: words() }, canvas) ?? null;
      error.textContent = '';
    } catch (err) { error.textContent = messageOf(err); return; }
    if (!view) return;
    slider.max = String(view.stops.length - 1);
    slider.value = String(view.stop);
    slider.setAttribute('aria-valuetext', show(view.inUse));
    mark.style.left = `${(100 * view.defaultPosition) / (view.stops.length - 1)}%`;
    readout(view.stop);
    panel.dataset.value = view.value == null ? '' : String(view.value);
    const finished = view.fitted >= view.total;
    panel.setAttribute('aria-busy', finished ? 'false' : 'true');
    sweepLine.textContent = finished
      ? t('vb.conc.sweep', { fits: view.total })
      : t('vb.conc.fitting', { fitted: view.fitted, total: view.total });
    subsetLine.hidden = view.rows >= view.n;
    subsetLine.textContent = subsetLine.hidden ? '' : t('vb.conc.subset', { rows: view.rows, n: view.n });
    if (!finished && !more) more = requestAnimationFrame(() => { more = 0; refresh(); });
  };

  /** The run being taken to its end after a change of the prior (a newer change stops it). */
  let runToken = 0;

  /** Sets the prior (null: the default) and runs the VB run again from the same start to its
   *  end, a few milliseconds of half-steps per animation frame, the figure following. */
  const set = (/** @type {number | null} */ value) => {
    try {
      session.concentration({ kind: 'set', value }, undefined);
      error.textContent = '';
    } catch (err) { error.textContent = messageOf(err); return; }
    instance.restarted();
    const token = ++runToken;
    panel.dataset.running = 'true';
    const frame = () => {
      if (token !== runToken) return;
      const begun = performance.now();
      let over = false;
      try {
        while (!over && performance.now() - begun < FRAME_MS) {
          const progress = session.step_within(FRAME_MS);
          over = !progress.pending && !progress.report;
        }
      } catch (err) { error.textContent = messageOf(err); over = true; }
      instance.player.invalidate();
      if (over) {
        delete panel.dataset.running;
        instance.refresh();
        instance.drawChart();
      } else {
        instance.refresh({ throttle: true });
        requestAnimationFrame(frame);
      }
    };
    requestAnimationFrame(frame);
  };

  slider.addEventListener('input', () => readout(Number(slider.value)));
  slider.addEventListener('change', () => { if (view) set(view.stops[Number(slider.value)]); });
  q('[data-act="default"]').addEventListener('click', () => set(null));

  instance.on('refresh', (/** @type {import('emviz-wasm').State} */ state) => {
    const shown = state.componentsInUse != null;
    if (panel.hidden === shown) {
      panel.hidden = !shown;
      if (shown) instance.resize();
    }
    refresh();
  });
  instance.on('resize', refresh);
  onLang(refresh);
}
