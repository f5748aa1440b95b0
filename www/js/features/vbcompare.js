// EM and variational Bayes side by side (issue 22): "Compare EM and VB" puts a second canvas
// beside the main plot, showing the other method's run from the same start on the same data —
// variational Bayes (Dirichlet process) when the page runs EM, EM when it runs VB — in lockstep,
// half-step by half-step (play, step, the history, reset, new data, new K keep them together).
// Rust keeps it in step and draws it as the main view draws (Session.render_vb_compare,
// emviz_app::vb_compare); this file words the two captions and the teaching text, and "Show a
// case" loads Old Faithful in PRML Fig. 10.6's setting (Session.rules().vbCase).
import { register, t, translate, onLang } from '../i18n.js';
import { messageOf, fmt } from '../ui.js';

register({
  en: {
    'vbc.toggle': 'Compare EM and VB',
    'vbc.case': 'Show a case',
    'vbc.about': 'EM keeps all K components: it only maximizes the log-likelihood, so a surplus component stays in use, and one that settles on a few points can collapse onto them — the log-likelihood grows without bound as its covariance matrix shrinks. Variational Bayes puts priors on the parameters and finds their posterior q(θ): a component the data do not need loses its expected mixing weight E[π] and is switched off (here it fades out). Both plots start from the same parameters and move in lockstep, E-step by E-step and M-step by M-step.',
    'vbc.caseNote': 'Old Faithful with K = 6, as in PRML Fig. 10.6. Press Play and compare the components in use under the two plots.',
    'vbc.canvas': 'The other method\'s plot',
    'vbc.caption': '{method} · {where} · {components} · {measure}{end}',
    'vbc.allK': 'all {k} components',
    'vbc.bound': 'lower bound {bound}',
    'vbc.noBound': 'lower bound after the first E-step',
    'vbc.converged': ' · converged',
    'vbc.stopped': ' · stopped (max iterations)',
    'vbc.stuck': ' · stopped here: {error}',
  },
  ko: {
    'vbc.toggle': 'EM과 변분 베이즈 비교하기',
    'vbc.case': '예 보기',
    'vbc.about': 'EM 알고리즘은 K개의 성분을 모두 유지합니다. 로그 가능도를 최대화할 뿐이므로 남는 성분도 계속 쓰이고, 몇 개의 점에 몰린 성분은 그 점들로 붕괴할 수 있습니다 — 공분산 행렬이 줄어들수록 로그 가능도는 한없이 커집니다. 변분 베이즈는 파라미터에 사전 확률을 두고 그 사후 분포 q(θ)를 구하므로, 데이터가 필요로 하지 않는 성분은 혼합 가중치의 기댓값 E[π]를 잃고 꺼집니다(여기서는 흐려집니다). 두 그림은 같은 파라미터에서 출발해 E 단계와 M 단계를 하나씩 나란히 진행합니다.',
    'vbc.caseNote': 'K = 6인 Old Faithful 간헐천 데이터(PRML 그림 10.6). 재생을 누르고 두 그림 아래의 사용 중인 성분 수를 비교해 보세요.',
    'vbc.canvas': '다른 방법의 그림',
    'vbc.caption': '{method} · {where} · {components} · {measure}{end}',
    'vbc.allK': '성분 {k}개 모두 사용',
    'vbc.bound': '하한 {bound}',
    'vbc.noBound': '하한은 첫 E 단계 후에',
    'vbc.converged': ' · 수렴',
    'vbc.stopped': ' · 최대 반복 횟수에서 멈춤',
    'vbc.stuck': ' · 여기서 멈춤: {error}',
  },
  ja: {
    'vbc.toggle': 'EMと変分ベイズを比較',
    'vbc.case': '例を表示',
    'vbc.about': 'EMアルゴリズムはK個の成分をすべて使い続けます。対数尤度を最大化するだけなので、余分な成分も残り、少数の点に集まった成分はその点へ潰れることがあります — 共分散行列が小さくなるほど対数尤度は際限なく大きくなります。変分ベイズはパラメータに事前確率を置き、その事後分布 q(θ) を求めるので、データに必要とされない成分は混合係数の期待値 E[π] を失い、使われなくなります（ここでは薄れて消えます）。2つのグラフは同じパラメータから始まり、EステップとMステップを1つずつ歩調を合わせて進みます。',
    'vbc.caseNote': 'K = 6 の Old Faithful 間欠泉のデータ（PRML 図10.6）。再生を押して、2つのグラフの下にある使用中の成分の数を比べてください。',
    'vbc.canvas': 'もう一方の方法のグラフ',
    'vbc.caption': '{method} · {where} · {components} · {measure}{end}',
    'vbc.allK': '成分{k}個すべてを使用',
    'vbc.bound': '下界 {bound}',
    'vbc.noBound': '下界は最初のEステップの後に',
    'vbc.converged': ' · 収束',
    'vbc.stopped': ' · 最大反復回数で停止',
    'vbc.stuck': ' · ここで停止：{error}',
  },
});

/**
 * One run's caption: its method, the half-step shown (worded as the history scrubber words it),
 * its components in use (VB) or all K (EM), and VB's bound or EM's log-likelihood.
 * @param {import('emviz-wasm').CompareSide} s
 * @param {string | null} stuck
 */
function caption(s, stuck) {
  const where = s.phase === 'start' ? t('teach.history.start')
    : t(`teach.history.${s.phase}`, { it: s.phase === 'E' ? s.iteration + 1 : s.iteration });
  const vb = s.componentsInUse != null;
  const components = vb ? t('vb.inUse', { used: s.componentsInUse, k: s.k }) : t('vbc.allK', { k: s.k });
  const measure = !vb ? t('status.ll', { value: fmt(s.logLikelihood, 5) })
    : s.bound == null ? t('vbc.noBound') : t('vbc.bound', { bound: fmt(s.bound, 6) });
  const end = stuck ? t('vbc.stuck', { error: stuck })
    : s.done ? t(s.converged ? 'vbc.converged' : 'vbc.stopped') : '';
  return t('vbc.caption', { method: t(`vb.method.${s.method}`), where, components, measure, end });
}

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const id = (n) => instance.id(`vbc-${n}`);
  const stage = instance.ref('stage');
  const box = document.createElement('div');
  box.className = 'vb-compare';
  box.innerHTML = `
    <div class="compare-controls">
      <span class="compare-toggle"><input id="${id('toggle')}" type="checkbox"> <label for="${id('toggle')}" data-i18n="vbc.toggle"></label></span>
      <button id="${id('case')}" type="button" data-i18n="vbc.case"></button>
    </div>
    <p class="hint vb-compare-about" data-i18n="vbc.about" hidden></p>
    <p class="hint vb-compare-case" data-i18n="vbc.caseNote" hidden></p>
    <p class="error" role="alert" data-out="error"></p>`;
  const mainCaption = document.createElement('p');
  mainCaption.className = 'vb-compare-caption';
  mainCaption.dataset.side = 'main';
  mainCaption.hidden = true;
  const figure = document.createElement('figure');
  figure.className = 'vb-compare-figure';
  figure.hidden = true;
  figure.innerHTML = `
    <div class="vb-compare-wrap"><canvas id="${id('canvas')}" role="img" data-i18n-attr="aria-label:vbc.canvas"></canvas></div>
    <figcaption class="vb-compare-caption" data-side="other" aria-live="polite"></figcaption>`;
  const plot = stage.querySelector('.canvas-wrap');
  plot.after(mainCaption, figure);
  // First in the stage's slot, under the status line (a panel a link may hide: `vb-compare`).
  instance.slot('stage').prepend(box);
  translate(box);
  translate(figure);

  const toggle = /** @type {HTMLInputElement} */ (box.querySelector('input[type="checkbox"]'));
  const about = box.querySelector('.vb-compare-about');
  const caseNote = box.querySelector('.vb-compare-case');
  const error = box.querySelector('[data-out="error"]');
  const canvas = figure.querySelector('canvas');
  const otherCaption = figure.querySelector('figcaption');

  const size = () => {
    const ratio = window.devicePixelRatio || 1;
    const w = Math.max(50, Math.round(canvas.clientWidth * ratio));
    const h = Math.max(50, Math.round(canvas.clientHeight * ratio));
    if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  };

  /** Writes a caption and keeps its numbers on the element for tests and styles. */
  const write = (el, s, stuck) => {
    el.textContent = caption(s, stuck);
    Object.assign(el.dataset, { method: s.method, halfSteps: String(s.halfSteps), iteration: String(s.iteration), phase: s.phase, inUse: String(s.componentsInUse ?? s.k) });
  };

  /** Brings the other run to the half-step shown (in Rust), draws it and words both captions. */
  const update = () => {
    if (!toggle.checked) return;
    try {
      size();
      const view = instance.session.render_vb_compare(canvas);
      write(mainCaption, view.main, null);
      write(otherCaption, view.other, view.stuck);
      error.textContent = '';
    } catch (err) {
      error.textContent = messageOf(err);
    }
  };

  const show = (on) => {
    toggle.checked = on;
    for (const el of [about, mainCaption, figure]) el.hidden = !on;
    if (!on) caseNote.hidden = true;
    stage.classList.toggle('vb-compare-on', on);
    // The main plot is now half as wide (or whole again): its canvas is sized anew by the
    // instance's ResizeObserver, which redraws it and emits 'resize' (then this one follows).
    update();
  };
  toggle.addEventListener('change', () => show(toggle.checked));
  box.querySelector(`#${CSS.escape(id('case'))}`).addEventListener('click', () => {
    const c = instance.rules.vbCase;
    if (!instance.loadPreset('old-faithful', { seed: c.seed }).ok) return;
    // The page's method stays: the other one is drawn beside it.
    instance.applySettings({
      k: String(c.k), covarianceType: c.covarianceType, init: c.init, seed: String(c.seed),
      tol: String(c.tol), maxIter: String(c.maxIter), regCovar: String(c.regCovar),
    });
    show(true);
    caseNote.hidden = false;
  });

  for (const ev of ['step', 'refresh', 'restart', 'view', 'resize', 'data']) instance.on(ev, update);
  new ResizeObserver(() => update()).observe(canvas);
  onLang(update);
}
