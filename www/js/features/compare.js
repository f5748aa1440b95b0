// EM beside k-means (slot 'stage'): a checkbox "Compare with k-means" shows a second canvas, the
// "k-means plot", where k-means runs from the same starting means on the same data, in lockstep
// with EM (E-step ↔ assignment step, M-step ↔ update step). Rust keeps the k-means run in step and
// draws it (Voronoi cells, hard clusters, centres); this module only shows the panel, sizes the
// canvas and asks for a redraw whenever the run changes (step, restart, seek, new data, view).
// Each method's objective is shown beside it: EM's mean log-likelihood, k-means' inertia.
import { register, t, translate, onLang } from '../i18n.js';
import { messageOf } from '../ui.js';

register({
  en: {
    'teach.preset.elongated': 'Elongated strips (k-means and EM disagree)',
    'teach.compare.title': 'EM and k-means',
    'teach.compare.toggle': 'Compare with k-means',
    'teach.compare.disagree': 'Show a case where they disagree',
    'teach.compare.hint': 'k-means starts from the same means as EM and moves in lockstep: each E-step ↔ an assignment step (hard responsibilities: every point wholly to its nearest centre), each M-step ↔ an update step (every centre moves to the mean of its points). Tinted cells: where each centre is nearest.',
    'teach.compare.canvas': 'k-means plot',
    'teach.compare.em': 'EM: mean log-likelihood {ll} (higher is better)',
    'teach.compare.km': 'k-means: inertia {inertia} = Σ squared distance to the assigned centre (lower is better)',
    'teach.compare.steps': 'k-means has taken {a} assignment steps and {u} update steps.',
    'teach.compare.differ': 'Points the two methods put in different clusters: {n} of {total}.',
    'teach.compare.noDiffer': 'The partitions are compared after the first E-step.',
  },
  ko: {
    'teach.preset.elongated': '길쭉한 띠 두 개 (k-평균법과 EM의 결과가 다름)',
    'teach.compare.title': 'EM 알고리즘과 k-평균법',
    'teach.compare.toggle': 'k-평균법과 비교하기',
    'teach.compare.disagree': '둘의 결과가 다른 예 보기',
    'teach.compare.hint': 'k-평균법은 EM과 같은 평균에서 출발해 한 단계씩 나란히 진행합니다. E 단계 ↔ 할당 단계(책임을 0과 1로만 나눔: 각 점을 가장 가까운 중심에 통째로 배정), M 단계 ↔ 갱신 단계(각 중심을 배정된 점들의 평균으로 옮김). 옅게 칠한 영역은 각 중심이 가장 가까운 곳입니다.',
    'teach.compare.canvas': 'k-평균법 그림',
    'teach.compare.em': 'EM: 평균 로그 가능도 {ll} (클수록 좋음)',
    'teach.compare.km': 'k-평균법: 관성(inertia) {inertia} = 배정된 중심까지 거리 제곱의 합 (작을수록 좋음)',
    'teach.compare.steps': 'k-평균법 진행: 할당 단계 {a}번, 갱신 단계 {u}번',
    'teach.compare.differ': '두 방법이 서로 다른 군집에 넣은 점: 전체 {total}개 중 {n}개',
    'teach.compare.noDiffer': '첫 E 단계가 끝나면 두 방법의 분할을 비교합니다.',
  },
});

export function install(instance) {
  const id = (n) => instance.id(`compare-${n}`);
  const panel = document.createElement('section');
  panel.className = 'panel teach-compare';
  panel.setAttribute('aria-labelledby', id('title'));
  panel.innerHTML = `
    <h2 id="${id('title')}" data-i18n="teach.compare.title"></h2>
    <div class="compare-controls">
      <span class="compare-toggle"><input id="${id('toggle')}" type="checkbox"> <label for="${id('toggle')}" data-i18n="teach.compare.toggle"></label></span>
      <button id="${id('disagree')}" type="button" data-i18n="teach.compare.disagree"></button>
    </div>
    <div class="compare-body" hidden>
      <p class="hint" data-i18n="teach.compare.hint"></p>
      <ul class="compare-objectives" aria-live="polite">
        <li data-out="em"></li>
        <li data-out="km"></li>
        <li data-out="steps"></li>
        <li data-out="differ"></li>
      </ul>
      <div class="compare-canvas-wrap"><canvas id="${id('canvas')}" role="img" data-i18n-attr="aria-label:teach.compare.canvas"></canvas></div>
      <p class="error" role="alert" data-out="error"></p>
    </div>`;
  instance.slot('stage').append(panel);
  translate(panel);

  const toggle = panel.querySelector('input[type="checkbox"]');
  const body = panel.querySelector('.compare-body');
  const canvas = panel.querySelector('canvas');
  const out = (name) => panel.querySelector(`[data-out="${name}"]`);
  let last = null;

  const size = () => {
    const ratio = window.devicePixelRatio || 1;
    const w = Math.max(50, Math.round(canvas.clientWidth * ratio));
    const h = Math.max(50, Math.round(canvas.clientHeight * ratio));
    if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  };

  /** Redraws the k-means view and its numbers (all computed in wasm) for EM state `s`. */
  const update = (s) => {
    last = s;
    if (!toggle.checked) return;
    try {
      const km = instance.session.kmeans_state();
      out('em').textContent = t('teach.compare.em', { ll: s.logLikelihood.toFixed(4) });
      out('km').textContent = t('teach.compare.km', { inertia: km.inertia.toFixed(3) });
      out('steps').textContent = t('teach.compare.steps', { a: km.assignments, u: km.updates });
      out('differ').textContent = km.disagreements == null
        ? t('teach.compare.noDiffer')
        : t('teach.compare.differ', { n: km.disagreements, total: s.n });
      size();
      instance.session.render_kmeans(canvas);
      out('error').textContent = '';
    } catch (err) {
      out('error').textContent = messageOf(err);
    }
  };
  const redraw = () => update(last || instance.session.state());

  const show = (on) => {
    toggle.checked = on;
    body.hidden = !on;
    if (on) redraw();
  };
  toggle.addEventListener('change', () => show(toggle.checked));
  panel.querySelector(`#${CSS.escape(id('disagree'))}`).addEventListener('click', () => {
    instance.loadPreset('elongated', { seed: instance.Session.disagree_seed() });
    show(true);
  });

  instance.on('refresh', update);
  for (const ev of ['view', 'resize', 'data']) instance.on(ev, redraw);
  new ResizeObserver(() => { if (toggle.checked) redraw(); }).observe(canvas);
  onLang(() => { if (last) update(last); });
}
